"""Vietnam's default time limits for petitions. Administrators edit them in the admin."""

from django.db import migrations

C05 = "Thông tư 05/2021/TT-TTCP (Circular 05/2021/TT-TTCP)"
LTC = "Luật Tố cáo 2018 (Law on Denunciations 2018)"
LKN = "Luật Khiếu nại 2011 (Law on Complaints 2011)"
COMPLEX = "complex,especially_complex"

# code, field, kinds, round, complexities, remote, multi, start, days, count, ext, ext_days,
# label_vi, label_en, legal basis
RULES = [
    ("process_petition", "processing_due", "complaint,recommendation,reflection", None, "",
     None, None, "receipt", 10, "working", 0, 0,
     "Xử lý đơn", "Process a received petition", C05),
    ("denunciation_register", "processing_due", "denunciation", None, "", None, None,
     "receipt", 7, "working", 0, 0,
     "Vào sổ, phân loại, kiểm tra điều kiện thụ lý tố cáo",
     "Register, classify and check the conditions of a denunciation", f"{LTC}, art. 24"),
    ("denunciation_register_multi", "processing_due", "denunciation", None, "", None, True,
     "receipt", 10, "working", 0, 0,
     "Vào sổ, phân loại tố cáo (nhiều địa điểm)",
     "Register and classify a denunciation (several locations)", f"{LTC}, art. 24"),
    ("denunciation_transfer", "transfer_due", "denunciation", None, "", None, None, "receipt",
     5, "working", 0, 0, "Chuyển tố cáo không thuộc thẩm quyền",
     "Transfer a denunciation outside competence", f"{LTC}, art. 24"),
    ("denunciation_notice", "notice_due", "denunciation", None, "", None, None, "acceptance",
     5, "working", 0, 0, "Thông báo thụ lý tố cáo cho người tố cáo",
     "Notify the denouncer of acceptance", f"{LTC}, art. 29"),
    ("complaint_acceptance_1", "acceptance_due", "complaint", 1, "", None, None, "receipt",
     10, "calendar", 0, 0, "Thụ lý khiếu nại lần đầu", "Accept a first complaint",
     f"{LKN}, art. 27"),
    ("complaint_acceptance_2", "acceptance_due", "complaint", 2, "", None, None, "receipt",
     10, "calendar", 0, 0, "Thụ lý khiếu nại lần hai", "Accept a second complaint",
     f"{LKN}, art. 36"),
    ("denunciation_settlement", "settlement_due", "denunciation", None, "normal", None, None,
     "acceptance", 30, "calendar", 0, 0, "Giải quyết tố cáo", "Settle a denunciation",
     f"{LTC}, art. 30"),
    ("denunciation_settlement_complex", "settlement_due", "denunciation", None, "complex",
     None, None, "acceptance", 30, "calendar", 1, 30,
     "Giải quyết tố cáo (phức tạp, gia hạn 1 lần)",
     "Settle a complex denunciation (one extension)", f"{LTC}, art. 30"),
    ("denunciation_settlement_especially", "settlement_due", "denunciation", None,
     "especially_complex", None, None, "acceptance", 30, "calendar", 2, 30,
     "Giải quyết tố cáo (đặc biệt phức tạp, gia hạn 2 lần)",
     "Settle an especially complex denunciation (two extensions)", f"{LTC}, art. 30"),
    ("complaint1_settlement", "settlement_due", "complaint", 1, "normal", False, None,
     "acceptance", 30, "calendar", 0, 0, "Giải quyết khiếu nại lần đầu",
     "Settle a first complaint", f"{LKN}, art. 28"),
    ("complaint1_settlement_complex", "settlement_due", "complaint", 1, COMPLEX, False, None,
     "acceptance", 45, "calendar", 0, 0, "Giải quyết khiếu nại lần đầu (phức tạp)",
     "Settle a complex first complaint", f"{LKN}, art. 28"),
    ("complaint1_settlement_remote", "settlement_due", "complaint", 1, "normal", True, None,
     "acceptance", 45, "calendar", 0, 0, "Giải quyết khiếu nại lần đầu (vùng sâu, vùng xa)",
     "Settle a first complaint (remote area)", f"{LKN}, art. 28"),
    ("complaint1_settlement_remote_complex", "settlement_due", "complaint", 1, COMPLEX, True,
     None, "acceptance", 60, "calendar", 0, 0,
     "Giải quyết khiếu nại lần đầu (vùng sâu, vùng xa, phức tạp)",
     "Settle a complex first complaint (remote area)", f"{LKN}, art. 28"),
    ("complaint2_settlement", "settlement_due", "complaint", 2, "normal", False, None,
     "acceptance", 45, "calendar", 0, 0, "Giải quyết khiếu nại lần hai",
     "Settle a second complaint", f"{LKN}, art. 37"),
    ("complaint2_settlement_complex", "settlement_due", "complaint", 2, COMPLEX, False, None,
     "acceptance", 60, "calendar", 0, 0, "Giải quyết khiếu nại lần hai (phức tạp)",
     "Settle a complex second complaint", f"{LKN}, art. 37"),
    ("complaint2_settlement_remote", "settlement_due", "complaint", 2, "normal", True, None,
     "acceptance", 60, "calendar", 0, 0, "Giải quyết khiếu nại lần hai (vùng sâu, vùng xa)",
     "Settle a second complaint (remote area)", f"{LKN}, art. 37"),
    ("complaint2_settlement_remote_complex", "settlement_due", "complaint", 2, COMPLEX, True,
     None, "acceptance", 70, "calendar", 0, 0,
     "Giải quyết khiếu nại lần hai (vùng sâu, vùng xa, phức tạp)",
     "Settle a complex second complaint (remote area)", f"{LKN}, art. 37"),
]


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("petitions", "DeadlineRule")
    for (code, field, kinds, rnd, complexities, remote, multi, start, days, count, ext,
         ext_days, label_vi, label_en, basis) in RULES:
        DeadlineRule.objects.update_or_create(code=code, defaults=dict(
            field=field, kinds=kinds, complaint_round=rnd, complexities=complexities,
            remote_area=remote, multi_location=multi, start=start, days=days, count=count,
            extensions_allowed=ext, extension_max_days=ext_days, label_vi=label_vi,
            label_en=label_en, legal_basis=basis,
        ))


def unload(apps, schema_editor):
    apps.get_model("petitions", "DeadlineRule").objects.filter(
        code__in=[r[0] for r in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

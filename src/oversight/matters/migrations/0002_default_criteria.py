"""The inclusion criteria of the Central Steering Committee's guidance 25-HD/BCĐTW (2022)."""

from django.db import migrations

CRITERIA = [
    ("several_bodies", "Liên quan nhiều cơ quan, nhiều địa phương",
     "Spans several bodies or provinces"),
    ("senior_officials", "Liên quan cán bộ thuộc diện cấp ủy quản lý",
     "Involves senior officials"),
    ("public_outrage", "Đảng viên vi phạm gây bức xúc dư luận",
     "A Party member's conduct causing serious public outrage"),
    ("proceedings_violations", "Có dấu hiệu vi phạm trong tố tụng hoặc bản án còn khiếu nại",
     "Signs of violations in the proceedings or a judgment still contested"),
    ("committee_decision", "Vụ việc nghiêm trọng khác do Ban Chỉ đạo quyết định",
     "Other serious case decided by the committee"),
]


def load(apps, schema_editor):
    Criterion = apps.get_model("matters", "MonitoringCriterion")
    for position, (code, vi, en) in enumerate(CRITERIA):
        Criterion.objects.update_or_create(
            code=code, defaults={"label_vi": vi, "label_en": en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("matters", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

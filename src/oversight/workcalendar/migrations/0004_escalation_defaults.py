"""The default escalation ladder (issue 14), for petitions, directions and inspection
recommendations: remind the assignee 3 working days before the deadline, tell the head of the
unit holding the record on the first working day after it, and tell the issuing or superior
body (the central commission for centrally monitored matters) when it is 5 working days
overdue.

Basis, as found: the laws set the deadlines themselves (Law on Complaints 2011, Law on
Denunciations 2018, the directions' and recommendations' own texts), not who is reminded when.
No legal text we read prescribes this ladder; it is a working rule (quy chế làm việc) that each
deployment adjusts on the admin page. The `basis` of each row says so, so that nobody takes it
for law.
"""

from django.db import migrations

RULE = ("Quy chế làm việc (mặc định của Oversight, issue 14; luật chỉ quy định thời hạn, "
        "không quy định việc nhắc và báo cáo)")
WHAT = {
    "petition": ("đơn", "petition"),
    "direction": ("chỉ đạo", "direction"),
    "recommendation": ("kiến nghị sau kiểm tra, giám sát", "inspection recommendation"),
}
LADDER = [
    (-3, "assignee", "remind-assignee-3",
     "Nhắc người được giao {vi} 3 ngày làm việc trước hạn",
     "Remind the assignee of the {en} 3 working days before the deadline"),
    (1, "unit_head", "head-1",
     "Báo lãnh đạo đơn vị ngày làm việc đầu tiên sau hạn",
     "Tell the unit's head on the first working day after the deadline"),
    (5, "superior", "superior-5",
     "Báo cơ quan ban hành, cấp trên (Ban Nội chính Trung ương với vụ việc Trung ương theo dõi) "
     "khi quá hạn 5 ngày làm việc",
     "Tell the issuing or superior body (the central commission for centrally monitored "
     "matters) when 5 working days overdue"),
]


def rows():
    for subject, (vi, en) in WHAT.items():
        for offset, recipient, code, label_vi, label_en in LADDER:
            yield dict(code=f"{subject}-{code}", subject=subject, offset=offset,
                       recipient=recipient, label_vi=label_vi.format(vi=vi),
                       label_en=label_en.format(en=en), basis=RULE, active=True)


def load(apps, schema_editor):
    Step = apps.get_model("workcalendar", "EscalationStep")
    for row in rows():
        Step.objects.update_or_create(code=row["code"], defaults=row)


def unload(apps, schema_editor):
    Step = apps.get_model("workcalendar", "EscalationStep")
    Step.objects.filter(code__in=[row["code"] for row in rows()], fired__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0003_escalation")]

    operations = [migrations.RunPython(load, unload)]

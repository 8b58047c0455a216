"""Data for the legal clocks (issue 14):

- denunciation settlements may be suspended (Law on Denunciations 2018, art. 31(1)–(2));
  complaint settlements may not, until an administrator records a legal basis (we found none
  in the Law on Complaints 2011 itself; see docs/legal-clocks.md);
- the 90-day filing window of a first complaint (Law on Complaints 2011, art. 9);
- the deadline history of existing petitions, reconstructed from what each record holds:
  every deadline as set at intake or acceptance, and the running deadline (`next_due`) from
  receipt, then from acceptance, until the petition was closed. Extensions granted before
  this migration are folded into the settlement deadline from acceptance (their dates were
  not kept apart), so for those few the history is approximate.
"""

from django.db import migrations

LTC31 = "Luật Tố cáo 2018 (Law on Denunciations 2018), art. 31"
SETTLEMENTS = ["denunciation_settlement", "denunciation_settlement_complex",
               "denunciation_settlement_especially"]
FILING = dict(
    code="complaint_filing_window", field="filing_due", kinds="complaint", complaint_round=1,
    complexities="", start="decision_known", days=90, count="calendar",
    label_vi="Thời hiệu khiếu nại lần đầu (90 ngày từ khi biết quyết định)",
    label_en="Filing window of a first complaint (90 days from learning of the decision)",
    legal_basis="Luật Khiếu nại 2011 (Law on Complaints 2011), art. 9",
)
RUNNING_BEFORE_ACCEPTANCE = ("processing_due", "acceptance_due")
CLOSED = {"not_accepted", "transferred", "guided", "filed", "settled"}
FROM_RECEIPT = ("processing_due", "transfer_due", "acceptance_due")
FROM_ACCEPTANCE = ("notice_due", "settlement_due")


def load_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("petitions", "DeadlineRule")
    DeadlineRule.objects.filter(code__in=SETTLEMENTS).update(suspension_allowed=True,
                                                             suspension_basis=LTC31)
    DeadlineRule.objects.update_or_create(code=FILING["code"], defaults=FILING)


def unload_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("petitions", "DeadlineRule")
    DeadlineRule.objects.filter(code=FILING["code"]).delete()
    DeadlineRule.objects.filter(code__in=SETTLEMENTS).update(suspension_allowed=False,
                                                             suspension_basis="")


def _rows(p, Change):
    rows = []
    for name in FROM_RECEIPT:
        if getattr(p, name):
            rows.append(Change(petition_id=p.pk, field=name, new=getattr(p, name),
                               on=p.received_on, cause="backfill"))
    for name in FROM_ACCEPTANCE:
        if getattr(p, name):
            rows.append(Change(petition_id=p.pk, field=name, new=getattr(p, name),
                               on=p.accepted_on or p.received_on, cause="backfill"))
    steps = []
    first = [d for d in (getattr(p, n) for n in RUNNING_BEFORE_ACCEPTANCE) if d]
    steps.append((p.received_on, min(first) if first else None))
    if p.accepted_on:
        steps.append((p.accepted_on, p.settlement_due))
    if p.status in CLOSED:
        closed_on = p.settled_on if p.status == "settled" else p.decided_on
        steps.append((closed_on or p.received_on, None))
    else:
        steps.append((steps[-1][0], p.next_due))
    current = None
    for on, due in steps:
        if due != current:
            rows.append(Change(petition_id=p.pk, field="next_due", old=current, new=due, on=on,
                               cause="backfill"))
            current = due
    return rows


def backfill(apps, schema_editor):
    Petition = apps.get_model("petitions", "Petition")
    Change = apps.get_model("petitions", "DeadlineChange")
    if Change.objects.exists():
        return
    batch = []
    for p in Petition.objects.order_by("pk").iterator(chunk_size=2000):
        batch.extend(_rows(p, Change))
        if len(batch) >= 5000:
            Change.objects.bulk_create(batch)
            batch = []
    Change.objects.bulk_create(batch)


def unbackfill(apps, schema_editor):
    apps.get_model("petitions", "DeadlineChange").objects.filter(cause="backfill").delete()


class Migration(migrations.Migration):
    dependencies = [("petitions", "0009_legal_clocks")]

    operations = [migrations.RunPython(load_rules, unload_rules),
                  migrations.RunPython(backfill, unbackfill)]

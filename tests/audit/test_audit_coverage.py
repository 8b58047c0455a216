"""An audit trail with no blind spots: bulk writes are recorded, and other writes fail.

Every test of the suite runs inside `oversight.audit.coverage.guard()` (tests/conftest.py):
a write to an audited table that records no entry fails the test that made it. These tests
check the audited querysets themselves, that every audited model's managers have one, and
that the guard does fail (the controls).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.db import connection, models

from oversight.audit.coverage import UnauditedWrite, guard
from oversight.audit.models import AuditEntry
from oversight.audit.querysets import is_audited
from oversight.audit.signals import tracked_models
from oversight.jobs.models import Job
from oversight.matters.models import Matter
from oversight.units.models import Unit

SRC = Path(__file__).resolve().parents[2] / "src" / "oversight"


def entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("id"))


def test_every_manager_of_every_audited_model_is_audited(db):
    missing = []
    models_seen = 0
    for model in tracked_models():
        models_seen += 1
        for manager in model._meta.managers:
            if not is_audited(manager.all()):
                missing.append(f"{model._meta.label}.{manager.name}")
    assert models_seen > 40 and not missing
    # Related managers are made from the default manager: they are audited too.
    unit = Unit.objects.get(code="nghe_an")
    assert is_audited(unit.responsible_matters.all()) if hasattr(
        unit, "responsible_matters") else True
    assert is_audited(Matter.objects.none())


def test_update_records_each_row_with_its_differences(make_matter, nghean):
    first = make_matter(by=nghean, title="Vụ A")
    second = make_matter(by=nghean, title="Vụ B")
    before = AuditEntry.objects.count()
    count = Matter.objects.filter(pk__in=[first.pk, second.pk]).update(title="Vụ C")
    assert count == 2
    written = entries(id__gt=AuditEntry.objects.order_by("id")[before - 1].id
                      if before else 0, action="update")
    assert {e.object_id for e in written} == {str(first.pk), str(second.pk)}
    assert {tuple(e.changes["title"]) for e in written} == {("Vụ A", "Vụ C"), ("Vụ B", "Vụ C")}
    assert all(e.detail == {"via": "update"} for e in written)


def test_update_of_a_status_is_a_status_entry_and_unchanged_rows_write_nothing(
        make_matter, nghean):
    matter = make_matter(by=nghean, title="Vụ A")
    last = AuditEntry.objects.order_by("-id").first().id
    Matter.objects.filter(pk=matter.pk).update(title="Vụ A")  # no difference
    assert not AuditEntry.objects.filter(id__gt=last).exists()
    Matter.objects.filter(pk=matter.pk).update(stage="investigation")
    (entry,) = entries(id__gt=last)
    assert entry.action == "status" and entry.changes["stage"][1] == "investigation"


def test_update_through_a_filter_on_the_changed_field_still_records(make_matter, nghean):
    """The rows are named before they change: `filter(title=A).update(title=B)`."""
    matter = make_matter(by=nghean, title="Vụ A")
    last = AuditEntry.objects.order_by("-id").first().id
    Matter.objects.filter(title="Vụ A").update(title="Vụ B")
    (entry,) = entries(id__gt=last)
    assert entry.object_id == str(matter.pk) and entry.changes["title"] == ["Vụ A", "Vụ B"]


def test_bulk_update_and_bulk_create_are_recorded(nghean, make_matter):
    matter = make_matter(by=nghean, title="Vụ A")
    last = AuditEntry.objects.order_by("-id").first().id
    matter.title = "Vụ D"
    Matter.objects.bulk_update([matter], ["title"])
    (entry,) = entries(id__gt=last)
    assert entry.changes["title"] == ["Vụ A", "Vụ D"] and entry.detail == {"via": "bulk_update"}
    last = entry.id
    jobs = Job.objects.bulk_create([Job(name="search_rebuild", created_by=nghean),
                                    Job(name="search_rebuild", created_by=nghean)])
    created = entries(id__gt=last)
    assert [e.action for e in created] == ["create", "create"]
    assert {e.object_id for e in created} == {str(j.pk) for j in jobs}
    assert created[0].changes["name"] == [None, "search_rebuild"]


def test_progress_ticks_are_quiet_but_the_end_is_recorded(nghean):
    job = Job.objects.create(name="search_rebuild", created_by=nghean)
    last = AuditEntry.objects.order_by("-id").first().id
    Job.objects.filter(pk=job.pk).update(done=models.F("done") + 10, message="10 of 20")
    assert not AuditEntry.objects.filter(id__gt=last).exists()
    Job.objects.filter(pk=job.pk).update(status="failed", message="boom")
    (entry,) = entries(id__gt=last)
    assert entry.action == "status" and entry.changes["message"] == ["10 of 20", "boom"]


def test_queryset_delete_records_every_row(make_matter, nghean):
    matter = make_matter(by=nghean)
    pk = matter.pk
    matter.events.all().delete()
    Matter.objects.filter(pk=pk).delete()
    assert entries(object_type="matters.matter", object_id=str(pk), action="delete")


def test_redacted_fields_stay_redacted_in_bulk_writes(make_petition):
    from oversight.petitions.models import Petition

    petition = make_petition(kind="denunciation")
    last = AuditEntry.objects.order_by("-id").first().id
    Petition.objects.filter(pk=petition.pk).update(petitioner_keys=["abc123deadbeef"])
    (entry,) = entries(id__gt=last)
    assert entry.changes["petitioner_keys"][1] == "[redacted]"
    assert "abc123deadbeef" not in str(entry.changes)


# --- the guard, and its controls ---------------------------------------------------------------

def test_control_raw_sql_on_an_audited_table_fails(make_matter, nghean):
    matter = make_matter(by=nghean)
    with pytest.raises(UnauditedWrite, match=r"matters\.matter was written without an audit"), \
            connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Matter._meta.db_table} SET title = %s WHERE id = %s",
                       ["Sửa lén", matter.pk])


def test_control_a_plain_queryset_and_private_update_fail(make_matter, nghean):
    matter = make_matter(by=nghean)
    with pytest.raises(UnauditedWrite, match="test_audit_coverage.py"):
        models.QuerySet(model=Matter).filter(pk=matter.pk).update(title="Sửa lén")
    with pytest.raises(UnauditedWrite):
        Matter.objects.filter(pk=matter.pk)._update(
            [(Matter._meta.get_field("title"), None, "Sửa lén")])


@pytest.mark.unaudited_writes
def test_control_the_guard_is_what_fails(make_matter, nghean):
    """Without the guard the same write passes, and no entry says it happened: the guard is
    what catches it."""
    matter = make_matter(by=nghean)
    last = AuditEntry.objects.order_by("-id").first().id
    models.QuerySet(model=Matter).filter(pk=matter.pk).update(title="Sửa lén")
    assert not AuditEntry.objects.filter(id__gt=last).exists()
    with guard(), pytest.raises(UnauditedWrite):
        models.QuerySet(model=Matter).filter(pk=matter.pk).update(title="Sửa lén lần hai")


def test_writes_through_the_model_and_the_queryset_pass_the_guard(make_matter, nghean):
    matter = make_matter(by=nghean, title="Vụ A")  # inside the suite's guard already
    matter.title = "Vụ B"
    matter.save()
    Matter.objects.filter(pk=matter.pk).update(monitored_from=dt.date(2024, 1, 2))
    assert entries(object_id=str(matter.pk), object_type="matters.matter")


def test_only_the_seed_command_suspends_the_trail():
    """`suspended()` writes audited tables with no entries (demo data): the guard lets it
    through, so its users are listed here."""
    uses = re.compile(r"(audit(\.context)?|base\.acting) import [^\n]*\bsuspended\b"
                      r"|(context|acting)\.suspended\(")
    users = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                   if uses.search(p.read_text(encoding="utf-8"))
                   and p.name not in ("context.py", "acting.py", "querysets.py", "coverage.py"))
    assert users == ["ops/management/commands/seed.py"]

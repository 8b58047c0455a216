"""A person's names, ID numbers, phones, addresses and birth date never enter the audit trail in
clear (issue 13: the trail, which administrators read and nobody can scrub, keeps only that they
changed), whichever way the person is written: save, queryset update, merge, delete, or added
to an appraisal's nominees. Blind-index digests never enter it either."""

from __future__ import annotations

import datetime as dt

from oversight.audit.models import AuditEntry
from oversight.identity.models import BlindIndex
from oversight.people import actions
from oversight.people.linking import registry
from oversight.people.models import Organisation, Person, Relation
from oversight.units.models import Unit

SECRETS = ("Phạm Thị Quyên", "PHAM THI QUYEN", "pham thi quyen", "038190004567", "187654321",
           "0987654321", "Thôn Đông, xã Quảng Xương", "1990-02-14", "Phạm Quyên")


def _trail(**filters) -> str:
    return " ".join(f"{e.object_repr} {e.changes} {e.detail}"
                    for e in AuditEntry.objects.filter(**filters))


def test_a_persons_identity_is_never_in_the_trail(db):
    nghe_an = Unit.objects.get(code="nghe_an")
    start = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    person = Person.objects.create(
        full_name=SECRETS[0], name_key=SECRETS[2], cccd=SECRETS[3], cmnd=SECRETS[4],
        phones=[SECRETS[5]], addresses=[{"as_written": SECRETS[6]}],
        birth_date=dt.date(1990, 2, 14), birth_year=1990, names=[SECRETS[8]], unit=nghe_an)
    person.full_name = SECRETS[1]
    person.phones = [SECRETS[5], "0900000001"]
    person.save()
    Person.objects.filter(pk=person.pk).update(cccd="038190004568", full_name=SECRETS[8])
    other = Person.objects.create(full_name=SECRETS[0], cccd=SECRETS[3], unit=nghe_an)
    Relation.objects.create(person=other, other=person, kind="spouse")
    actions.create_appraisal(
        by=None, unit=nghe_an, requesting_body="Ban Tổ chức Tỉnh ủy", purpose="appointment",
        received_on=dt.date(2025, 3, 1), due_on=dt.date(2025, 4, 1), nominees=[person])
    registry.merge_persons(person, other)
    Person.objects.get(pk=person.pk).delete()

    entries = AuditEntry.objects.filter(id__gt=start, object_type__startswith="people.")
    kinds = {(e.object_type, e.action) for e in entries}
    assert {("people.person", "create"), ("people.person", "update"),
            ("people.person", "merge"), ("people.person", "delete"),
            ("people.relation", "create"), ("people.appraisal", "update")} <= kinds
    trail = _trail(id__gt=start)
    for secret in (*SECRETS, "038190004568", "14/02/1990"):
        assert secret not in trail, secret
    # ...yet the trail says what changed
    created = entries.get(object_type="people.person", object_id=str(person.pk),
                          action="create")
    assert created.object_repr == f"Person #{person.pk}"
    assert created.changes["full_name"] == [None, "[redacted]"]
    assert created.changes["unit_id"] == [None, nghe_an.pk]
    bulk = [e for e in entries.filter(object_type="people.person", object_id=str(person.pk))
            if "cccd" in e.changes and e.action == "update"]
    assert bulk and bulk[-1].changes["cccd"] == ["[redacted]", "[redacted]"]


def test_control_an_organisation_is_recorded_in_clear(db):
    """The same writer keeps an unprotected record's text: the redaction above is the
    person's, not an empty trail."""
    company = Organisation.objects.create(name="Công ty TNHH Quyên Phát", tax_code="2909999999",
                                          unit=Unit.objects.get(code="nghe_an"))
    entry = AuditEntry.objects.get(object_type="people.organisation", object_id=str(company.pk))
    assert entry.object_repr == "Công ty TNHH Quyên Phát"
    assert entry.changes["tax_code"] == [None, "2909999999"]


def test_blind_index_digests_never_enter_the_trail(petition_by):
    petition = petition_by({"name": "Phạm Thị Quyên", "id_number": "038190004567"},
                           kind="denunciation")
    digests = list(BlindIndex.objects.filter(object_id=petition.pk).values_list("digest",
                                                                               flat=True))
    assert digests  # the petition has a blind index: the check below checks something
    trail = _trail()
    assert not [d for d in digests if d in trail or d[:8] in trail]

"""A read of a person's mention in a classified record (or one copying a protected identity) is an
audit entry, like a read of the record itself (issue 13: "every read of a protected or
classified record by anyone is an audit entry"), written by the same mechanism
(`restrict()` announces the rows, `audit.sensitive` records the protected ones) on the person
page and the API alike. Such views stay off the petition's timeline (issue 15)."""

from __future__ import annotations

import pytest

from oversight.audit.models import AuditEntry
from oversight.identity.actions import _grant, set_classification
from oversight.people.models import Mention, Person
from oversight.petitions.models import PetitionEvent
from oversight.units.models import Unit

SECRET = {"name": "Đỗ Văn Mật", "birth": "02/02/1970", "id_number": "040070009999"}


def _reads(start: int) -> set[tuple[str, str, str]]:
    return set(AuditEntry.objects.filter(id__gt=start, action="view_sensitive")
               .values_list("object_type", "object_id", "username"))


def _last() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def person_with(petition_by):
    def make(*petitions) -> Person:
        person = Person.objects.create(full_name=SECRET["name"],
                                       unit=Unit.objects.get(code="nghe_an"))
        Mention.objects.filter(petition__in=petitions).update(person=person)
        return person

    return make


@pytest.mark.parametrize("url", ["/people/{p}/", "/api/people/{p}/mentions/"])
def test_reading_a_classified_records_mention_is_recorded(url, petition_by, person_with,
                                                          nghean, web, api):
    plain = petition_by(SECRET, subject="Khiếu nại thường")
    secret = petition_by(SECRET, subject="Khiếu nại mật")
    set_classification(secret, "secret", by=None, check=False)
    _grant(secret, nghean, None)
    person = person_with(plain, secret)
    mention = Mention.objects.get(petition=secret, role="petitioner")
    events = PetitionEvent.objects.filter(petition=secret).count()
    start = _last()
    client = api(nghean) if url.startswith("/api/") else web(nghean)
    response = client.get(url.format(p=person.pk))
    assert response.status_code == 200
    assert "Khiếu nại mật" in response.content.decode() or \
        str(secret.pk) in response.content.decode()
    reads = _reads(start)
    assert ("people.mention", str(mention.pk), "nghean") in reads
    ordinary = Mention.objects.get(petition=plain, role="petitioner")
    assert ("people.mention", str(ordinary.pk), "nghean") not in reads
    # the page view is in the audit trail, not on the petition's timeline
    assert PetitionEvent.objects.filter(petition=secret).count() == events


def test_a_denunciations_mention_is_a_protected_read(petition_by, person_with, nghean, api):
    """A denunciation is a protected record (the denouncer's identity is a state secret; it
    never makes a mention): reading the denounced person's mention in it is recorded even
    though the petition is not classified."""
    denunciation = petition_by(SECRET, kind="denunciation", subject="Tố cáo",
                               respondents=[{"name": "Trần Văn Bị", "position": "Chủ tịch xã"}])
    assert not Mention.objects.filter(petition=denunciation, role="petitioner").exists()
    person = person_with(denunciation)
    start = _last()
    assert api(nghean).get(f"/api/people/{person.pk}/mentions/").status_code == 200
    shown = set(Mention.objects.filter(petition=denunciation).restrict(nghean)
                .values_list("pk", flat=True))
    recorded = {int(i) for t, i, _u in _reads(start) if t == "people.mention"}
    assert shown and recorded == shown


@pytest.mark.parametrize("url", ["/people/{p}/", "/api/people/{p}/mentions/"])
def test_control_unclassified_mentions_write_no_read(url, petition_by, person_with, nghean,
                                                     web, api):
    first = petition_by(SECRET, subject="Khiếu nại một")
    second = petition_by(SECRET, subject="Khiếu nại hai")
    person = person_with(first, second)
    start = _last()
    client = api(nghean) if url.startswith("/api/") else web(nghean)
    response = client.get(url.format(p=person.pk))
    assert response.status_code == 200
    assert "Khiếu nại hai" in response.content.decode() or \
        str(second.pk) in response.content.decode()
    assert _reads(start) == set()

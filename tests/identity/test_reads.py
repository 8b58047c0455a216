"""Every read of a protected or classified record is an audit entry, and every identity shown in
clear is a disclosure entry (issue 13) — wherever the record appears: lists, details, the API,
nested lists."""

from __future__ import annotations

import pytest

from oversight.audit.models import AuditEntry
from oversight.identity.actions import _grant, set_classification
from tests.identity.test_identity import denounce
from tests.petitions.conftest import HUNG


def _views(**filters):
    return list(AuditEntry.objects.filter(action="view_sensitive", **filters)
                .values_list("object_type", "object_id", "username"))


@pytest.fixture
def secret_matter(make_matter, make_direction, nghean):
    matter = make_matter("nghe_an", title="Vụ án mật")
    set_classification(matter, "secret", by=None, check=False)
    _grant(matter, nghean, None)
    direction = make_direction(matter=matter, text="Chỉ đạo về vụ án mật")
    return matter, direction


@pytest.mark.parametrize("url", ["/matters/", "/api/matters/", "/matters/{m}/",
                                 "/api/matters/{m}/", "/directions/", "/api/directions/",
                                 "/search/?q=mat", "/api/search/?q=mat"])
def test_reading_a_secret_record_anywhere_is_recorded(url, secret_matter, nghean, web, api):
    matter, direction = secret_matter
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    client = api(nghean) if url.startswith("/api/") else web(nghean)
    response = client.get(url.format(m=matter.pk))
    assert response.status_code == 200
    assert "Vụ án mật" in response.content.decode() or "Chỉ đạo về vụ án mật" in \
        response.content.decode() or "vu an mat" in response.content.decode().lower()
    read = _views(id__gt=before)
    assert read and {u for _t, _i, u in read} == {"nghean"}
    shown = {("matters.matter", str(matter.pk)), ("matters.direction", str(direction.pk))}
    assert {(t, i) for t, i, _u in read} <= shown
    assert len(read) == len(set(read))  # once per request, however often the page reads it


def test_reading_normal_records_writes_nothing(make_matter, make_direction, nghean, web, api):
    matter = make_matter("nghe_an", title="Vụ án thường")
    make_direction(matter=matter)
    for url in ("/matters/", f"/matters/{matter.pk}/", "/api/matters/", "/directions/"):
        assert (web(nghean) if not url.startswith("/api/") else api(nghean)).get(
            url).status_code == 200
    assert _views() == []


def test_a_nested_display_is_a_read(secret_matter, nghean, web, make_petition):
    """A protected petition shown inside another record's page (here: as a duplicate of a
    complaint) is read there too."""
    first = denounce()
    complaint = make_petition(kind="complaint", subject=first.subject, content=first.content)
    web(nghean).get(f"/petitions/{complaint.pk}/")
    assert ("petitions.petition", str(first.pk), "nghean") in _views()


def test_every_clear_identity_served_is_a_disclosure(custodian, nghean, login, web):
    p = denounce()
    keeper = login(custodian)
    assert HUNG["name"] in keeper.get(f"/petitions/{p.pk}/").content.decode()
    assert keeper.get("/api/petitions/").json()["results"][0]["petitioners"][0]["name"] == \
        HUNG["name"]
    assert keeper.get(f"/api/petitions/{p.pk}/").json()["petitioners"][0]["name"] == \
        HUNG["name"]
    disclosures = AuditEntry.objects.filter(action="disclosure", object_id=str(p.pk))
    assert disclosures.count() == 3
    assert {e.username for e in disclosures} == {custodian.username}
    trail = " ".join(str(e.content()) for e in disclosures)
    assert HUNG["name"] not in trail and HUNG["id_number"] not in trail
    # nothing in clear, nothing disclosed
    web(nghean).get(f"/petitions/{p.pk}/")
    assert not AuditEntry.objects.filter(action="disclosure", username="nghean").exists()

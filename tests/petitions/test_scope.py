"""Need-to-know: a Nghệ An user gets 404 for Hà Nội's petitions, receptions and hot spots."""

import datetime as dt

import pytest

from oversight.petitions import actions
from oversight.units.models import Unit


@pytest.fixture
def hanoi_records(make_petition, db):
    unit = Unit.objects.get(code="ha_noi")
    petition = make_petition("ha_noi")
    hotspot = actions.create_hotspot(by=None, unit=unit, name="Điểm nóng Hà Nội",
                                     started_on=dt.date(2024, 1, 1))
    reception = actions.create_reception(by=None, unit=unit, held_on=dt.date(2025, 3, 1),
                                         host="Bí thư Thành ủy", hotspot=hotspot)
    return {"petitions": petition, "receptions": reception, "hotspots": hotspot}


@pytest.mark.parametrize("name", ["petitions", "receptions", "hotspots"])
def test_api_lists_and_details_hide_other_units(api, nghean, hanoi, hanoi_records, name):
    obj = hanoi_records[name]
    c = api(nghean)
    assert c.get(f"/api/{name}/").json()["count"] == 0
    assert c.get(f"/api/{name}/{obj.pk}/").status_code == 404
    assert api(hanoi).get(f"/api/{name}/{obj.pk}/").status_code == 200


@pytest.mark.parametrize("path", ["events/", "duplicate-candidates/", "attachments/"])
def test_api_petition_subresources_hide_other_units(api, nghean, hanoi_records, path):
    pk = hanoi_records["petitions"].pk
    assert api(nghean).get(f"/api/petitions/{pk}/{path}").status_code == 404


@pytest.mark.parametrize("action", ["classify", "accept", "transfer", "extend", "settle",
                                    "link-duplicate", "file"])
def test_api_actions_on_other_units_answer_404(api, nghean, hanoi_records, action):
    pk = hanoi_records["petitions"].pk
    assert api(nghean).post(f"/api/petitions/{pk}/{action}/", {}, format="json"
                            ).status_code == 404


def test_link_duplicate_to_invisible_original_refused(api, nghean, hanoi_records, make_petition):
    own = make_petition()
    r = api(nghean).post(f"/api/petitions/{own.pk}/link-duplicate/",
                         {"original": hanoi_records["petitions"].pk}, format="json")
    assert r.status_code == 400 and "original" in r.json()


def test_analyst_reads_everything_but_changes_nothing(api, analyst, hanoi_records):
    c = api(analyst)
    pk = hanoi_records["petitions"].pk
    assert c.get(f"/api/petitions/{pk}/").status_code == 200
    assert c.post(f"/api/petitions/{pk}/classify/", {}, format="json").status_code == 403


@pytest.mark.parametrize("name,url", [
    ("petitions", "petition-detail"), ("receptions", "reception-detail"),
    ("hotspots", "hotspot-detail"),
])
def test_web_pages_hide_other_units(web, nghean, hanoi_records, name, url):
    from django.urls import reverse

    obj = hanoi_records[name]
    client = web(nghean)
    assert client.get(reverse(url, args=[obj.pk])).status_code == 404
    page = client.get(f"/{name}/")
    assert page.status_code == 200
    assert str(obj) not in page.content.decode() or name == "receptions"
    assert reverse(url, args=[obj.pk]) not in page.content.decode()


def test_web_action_on_other_unit_404(web, nghean, hanoi_records):
    pk = hanoi_records["petitions"].pk
    assert web(nghean).post(f"/petitions/{pk}/accept/", {}).status_code == 404


def test_attachment_served_only_in_scope(api, web, nghean, hanoi, make_petition, settings,
                                         tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    p = make_petition("ha_noi")
    a = actions.add_attachment(p, by=None, upload=SimpleUploadedFile("đơn.pdf", b"%PDF-1"))
    assert "đơn" not in a.file.name and a.file.name.endswith(".pdf")
    assert web(nghean).get(f"/petitions/attachments/{a.pk}/").status_code == 404
    r = web(hanoi).get(f"/petitions/attachments/{a.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1"

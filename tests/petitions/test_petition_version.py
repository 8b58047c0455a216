"""Optimistic locking on petitions: a stale version answers 409 (API) or a message (web) and
changes nothing."""

import datetime as dt

import pytest

from oversight.core.errors import ConflictError
from oversight.petitions import actions
from oversight.petitions.models import Petition
from tests.petitions.conftest import full_checklist


def test_every_change_makes_a_new_version(make_petition):
    p = make_petition()
    assert p.version == 1
    p = actions.classify(p, by=None, checklist=full_checklist("complaint"),
                         on=dt.date(2025, 3, 4))
    assert p.version > 1
    assert Petition.objects.get(pk=p.pk).version == p.version


def test_stale_version_is_refused(make_petition):
    p = make_petition()
    read = p.version
    actions.classify(p, by=None, checklist=full_checklist("complaint"), on=dt.date(2025, 3, 4),
                     expected_version=read)
    with pytest.raises(ConflictError):
        actions.accept(p, by=None, on=dt.date(2025, 3, 5), expected_version=read)
    assert Petition.objects.get(pk=p.pk).status == "classified"


def test_api_answers_409(make_petition, nghean, api):
    p = make_petition()
    client = api(nghean)
    version = client.get(f"/api/petitions/{p.pk}/").json()["version"]
    ok = client.post(f"/api/petitions/{p.pk}/classify/", {
        "checklist": full_checklist("complaint"), "on": "2025-03-04", "version": version},
        format="json")
    assert ok.status_code == 200, ok.json()
    assert ok.json()["version"] > version
    stale = client.post(f"/api/petitions/{p.pk}/accept/", {"on": "2025-03-05",
                                                           "version": version}, format="json")
    assert stale.status_code == 409
    assert "version" in stale.json()
    assert Petition.objects.get(pk=p.pk).status == "classified"
    fresh = client.post(f"/api/petitions/{p.pk}/accept/", {
        "on": "2025-03-05", "version": ok.json()["version"]}, format="json")
    assert fresh.status_code == 200 and fresh.json()["status"] == "accepted"


def test_web_form_carries_the_version(make_petition, nghean, web):
    p = make_petition()
    p = actions.classify(p, by=None, checklist=full_checklist("complaint"),
                         on=dt.date(2025, 3, 4))
    client = web(nghean)
    page = client.get(f"/petitions/{p.pk}/")
    assert f'name="version" value="{p.version}"'.encode() in page.content
    response = client.post(f"/petitions/{p.pk}/accept/",
                           {"on": "2025-03-05", "version": p.version - 1}, follow=True)
    assert Petition.objects.get(pk=p.pk).status == "classified"
    assert "Someone else changed" in response.content.decode() or \
        "người khác" in response.content.decode().lower()
    response = client.post(f"/petitions/{p.pk}/accept/",
                           {"on": "2025-03-05", "version": p.version})
    assert response.status_code == 302
    assert Petition.objects.get(pk=p.pk).status == "accepted"

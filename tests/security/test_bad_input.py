"""Bad input gets a clear error and changes nothing; under /api/ every error is JSON."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from oversight.matters.models import Matter


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def is_json(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return json.loads(response.content)


@pytest.mark.parametrize("levels", [1_000, 100_000])
def test_deeply_nested_json_is_a_400_even_unauthenticated(levels, db):
    client = Client(raise_request_exception=False)
    response = client.post("/api/auth/token/", deep(levels), content_type="application/json")
    assert response.status_code == 400
    assert "32" in is_json(response)["detail"]  # the limit, named (in Vietnamese by default)


def test_deeply_nested_json_in_a_record_changes_nothing(api, nghean):
    body = json.dumps({"kind": "incident", "title": "x", "responsible_unit": "nghe_an",
                       "monitored_from": "2024-02-01"})[:-1] + ', "summary": ' + deep(40) + "}"
    response = api(nghean).post("/api/matters/", body, content_type="application/json")
    assert response.status_code == 400 and "32" in response.json()["detail"]
    assert Matter.objects.count() == 0
    # Control: a few levels are fine (the limit is 32).
    ok = api(nghean).post("/api/matters/", {"kind": "incident", "title": "Vụ việc",
                                            "responsible_unit": "nghe_an",
                                            "monitored_from": "2024-02-01",
                                            "criteria": []}, format="json")
    assert ok.status_code == 201, ok.json()


def test_nul_in_the_url_is_a_json_400_under_api(api, nghean):
    response = api(nghean).get("/api/matters/%00/")
    assert response.status_code == 400 and "NUL" in is_json(response)["detail"]
    response = api(nghean).get("/api/matters/", {"search": "a\x00b"})
    assert response.status_code == 400 and is_json(response)
    # Pages keep their plain answer.
    assert Client().get("/matters/%00/").status_code == 400


def test_404_405_413_are_json_under_api(api, nghean, settings):
    client = api(nghean)
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404 and is_json(response)["detail"]
    response = client.delete("/api/matters/")
    assert response.status_code == 405 and is_json(response)["detail"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = client.post("/api/matters/", {"title": "x" * 5_000}, format="json")
    assert response.status_code == 413 and is_json(response)["detail"]
    assert Matter.objects.count() == 0
    # Outside the API a missing page is still a page.
    assert "html" in Client().get("/no-such-page/")["Content-Type"]


def test_lockout_429_is_json_under_api(api, nghean, settings):
    client = api()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/auth/token/", {"username": "nghean", "password": "wrong"},
                    format="json")
    response = client.post("/api/auth/token/", {"username": "nghean",
                                                "password": "pw-nghean"}, format="json")
    assert response.status_code == 429 and is_json(response)["detail"]


def test_500_is_json_under_api(nghean, monkeypatch):
    from oversight.matters.api import views

    def boom(*args, **kwargs):
        raise RuntimeError("planted failure")

    monkeypatch.setattr(views.MatterViewSet, "list", boom)
    client = Client(raise_request_exception=False)
    client.force_login(nghean)
    response = client.get("/api/matters/")
    assert response.status_code == 500
    body = is_json(response)
    assert "planted" not in json.dumps(body)  # no internals


def test_every_api_view_parses_json_with_the_depth_limit():
    """A view that sets its own parser_classes must keep the limited JSON parser."""
    from django.urls import get_resolver

    from oversight.core.parsers import JSONParser

    def views(patterns):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from views(p.url_patterns)
            else:
                cls = getattr(p.callback, "cls", None)
                if cls is not None:
                    yield cls

    checked, offenders = 0, []
    for cls in views(get_resolver().url_patterns):
        for parser in cls().get_parsers() if hasattr(cls, "get_parsers") else ():
            if "json" in parser.media_type:
                checked += 1
                if not isinstance(parser, JSONParser):
                    offenders.append(f"{cls.__module__}.{cls.__qualname__}")
    assert checked > 30
    assert offenders == []

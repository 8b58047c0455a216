"""Need-to-know across every URL: a Nghệ An user never sees a Hà Nội record.

The test walks the URL configuration. Every named URL must be listed in SCOPED (a record of
another unit answers 404, and lists leave it out) or in UNSCOPED (with the reason it holds
no unit's records). A new endpoint without an entry here fails the suite.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Named URLs that show no record of any unit, and why.
UNSCOPED = {
    "api:token": "login endpoint",
    "api:me": "the caller's own account",
    "api:schema": "API description",
    "api:docs": "API description",
    "api:api-root": "index of endpoints",
    "api:report-catalogue": "definitions of the indicators, no records",
    "api:report-indicators": "aggregates; places outside the user's unit answer 403 "
    "(tests/reports/test_indicators.py::test_api)",
    "api:unit-list": "reference data: units are public to every signed-in user",
    "api:unit-detail": "reference data",
    "login": "login page",
    "logout": "logout",
    "set_language": "language switch",
    "unit-list": "reference data: units are public to every signed-in user",
    "unit-detail": "reference data",
    "api:cluster-list": "reference data",
    "api:cluster-detail": "reference data",
    "matter-create": "form for a new record (unit choices limited to the user's scope)",
    "direction-create": "form for a new record (matter choices limited to the user's scope)",
    "dashboard": "aggregates of the user's own scope (tested in test_dashboard_scope)",
    "report-export": "aggregates; place checked by reports.access "
    "(tests/reports/test_documents.py::test_export_view)",
}


def _record(kind, make_matter, make_direction):
    if kind == "matter":
        matter = make_matter("ha_noi", title="Hồ sơ mật Hà Nội")
        return matter, {"pk": matter.pk}
    direction = make_direction(unit_code="ha_noi", text="Chỉ đạo mật Hà Nội")
    return direction, {"pk": direction.pk}


def _home_user(record):
    from oversight.accounts.models import User

    user, _ = User.objects.get_or_create(username="hanoi_officer",
                                         defaults={"unit": record.unit if hasattr(record, "unit")
                                                   else record.responsible_unit})
    return user


# url name -> (record kind, HTTP method, "list" or "detail")
SCOPED = {
    "api:matter-list": ("matter", "get", "list"),
    "api:matter-detail": ("matter", "get", "detail"),
    "api:matter-events": ("matter", "get", "detail"),
    "api:matter-move": ("matter", "post", "detail"),
    "api:matter-complete": ("matter", "post", "detail"),
    "api:matter-defendants": ("matter", "get", "detail"),
    "api:direction-list": ("direction", "get", "list"),
    "api:direction-detail": ("direction", "get", "detail"),
    "api:direction-urge": ("direction", "post", "detail"),
    "matter-list": ("matter", "get", "list"),
    "matter-detail": ("matter", "get", "detail"),
    "matter-move": ("matter", "post", "detail"),
    "matter-complete": ("matter", "post", "detail"),
    "matter-edit": ("matter", "get", "detail"),
    "defendant-create": ("matter", "get", "detail"),
    "direction-list": ("direction", "get", "list"),
    "direction-detail": ("direction", "get", "detail"),
    "direction-urge": ("direction", "post", "detail"),
    "direction-answer": ("direction", "post", "detail"),
}


def named_urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin: staff only, guarded by its own permissions
            inner = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_every_named_url_is_classified():
    names = set(named_urls())
    unclassified = names - set(SCOPED) - set(UNSCOPED)
    assert not unclassified, f"add these URLs to SCOPED or UNSCOPED: {sorted(unclassified)}"
    assert not (set(SCOPED) | set(UNSCOPED)) - names, "stale entries in the test"


@pytest.mark.parametrize("name", sorted(SCOPED))
def test_nghe_an_cannot_see_ha_noi(name, nghean, api, web, make_matter, make_direction):
    from django.urls import reverse

    kind, method, shape = SCOPED[name]
    record, kwargs = _record(kind, make_matter, make_direction)
    url = reverse(name, kwargs=kwargs if shape == "detail" else None)
    client = api(nghean) if url.startswith("/api/") else web(nghean)
    response = getattr(client, method)(url)
    if shape == "detail":
        assert response.status_code == 404, (url, response.status_code)
    else:
        assert response.status_code == 200
        label = record.title if kind == "matter" else record.text
        assert label not in response.content.decode()
        # The same list shows the record to a user of its own unit: the check can fail.
        login = api if url.startswith("/api/") else web
        assert label in login(_home_user(record)).get(url).content.decode()


@pytest.mark.parametrize("name", sorted(n for n, v in SCOPED.items() if v[2] == "detail"))
def test_own_unit_record_is_reachable(name, nghean, api, web, make_matter, make_direction):
    """The 404 above comes from scope, not from a broken URL: the same URL works at home."""
    from django.urls import reverse

    kind, method, _shape = SCOPED[name]
    record = (make_matter("nghe_an") if kind == "matter"
              else make_direction(unit_code="nghe_an"))
    url = reverse(name, kwargs={"pk": record.pk})
    client = api(nghean) if url.startswith("/api/") else web(nghean)
    response = getattr(client, method)(url)
    assert response.status_code != 404, url


def test_quang_tri_sees_old_quang_binh(quangtri, api, make_matter):
    old = make_matter("quang_binh", title="Vụ án ở Quảng Bình cũ")
    assert api(quangtri).get(f"/api/matters/{old.pk}/").status_code == 200


def test_central_analyst_reads_every_unit(analyst, api, make_matter):
    record = make_matter("ha_noi")
    assert api(analyst).get(f"/api/matters/{record.pk}/").status_code == 200
    assert api(analyst).get("/api/matters/").json()["count"] == 1


def test_user_without_unit_sees_nothing(make_user, api, make_matter):
    make_matter("ha_noi")
    loner = make_user("loner", None)
    assert api(loner).get("/api/matters/").json()["count"] == 0


def test_dashboard_scope(nghean, web, make_matter, make_direction):
    make_direction(unit_code="ha_noi", text="Chỉ đạo mật Hà Nội")
    make_matter("ha_noi", title="Hồ sơ mật Hà Nội")
    body = web(nghean).get("/").content.decode()
    assert "mật Hà Nội" not in body

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
    "notification-list": "the signed-in user's own notifications",
    "report-dashboard": "aggregates; places outside the user's unit answer 403 "
    "(tests/reports/test_dashboard.py)",
    "report-records": "the indicator's records restricted to the user's scope "
    "(tests/reports/test_dashboard.py)",
    "petition-create": "form for a new record (unit fixed to the user's)",
    "reception-create": "form for a new record",
    "hotspot-create": "form for a new record",
    "report-export": "aggregates; place checked by reports.access "
    "(tests/reports/test_documents.py::test_export_view)",
    "2fa-setup": "the signed-in user's own second factor",
    "2fa-verify": "the signed-in user's own second factor",
    "audit-log": "the whole audit trail: administrators only, 403 for everyone else "
    "(tests/security/test_permission_matrix.py)",
    "api:audit-list": "the whole audit trail: administrators only (tests/security/)",
    "api:audit-detail": "the whole audit trail: administrators only (tests/security/)",
}


LABEL = "mật Hà Nội"  # every Hà Nội record below carries it, so a leak is easy to spot


def _record(kind, make_matter, make_direction, tmp_path):
    """A Hà Nội record of the given kind, its URL kwargs, and the text that identifies it."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from oversight.petitions import actions as petition_actions
    from oversight.units.models import Unit

    ha_noi = Unit.objects.get(code="ha_noi")
    if kind == "matter":
        obj = make_matter("ha_noi", title=f"Hồ sơ {LABEL}")
        return obj, {"pk": obj.pk}, obj.title
    if kind == "direction":
        obj = make_direction(unit_code="ha_noi", text=f"Chỉ đạo {LABEL}")
        return obj, {"pk": obj.pk}, obj.text
    if kind == "filed_petition":  # filed over a year ago: on the destruction list
        from tests.petitions.conftest import full_checklist

        obj = petition_actions.create_petition(
            by=None, unit=ha_noi, kind="reflection", received_on=dt.date(2023, 1, 5),
            subject=f"Phản ánh {LABEL}", content="Phản ánh đã giải quyết", anonymous=True)
        obj = petition_actions.classify(obj, by=None, checklist=full_checklist("reflection"),
                                        on=dt.date(2023, 1, 9))
        obj = petition_actions.file(obj, by=None, reason="Lưu", on=dt.date(2023, 1, 10))
        return obj, {"pk": obj.pk}, obj.subject
    if kind in ("petition", "attachment"):
        obj = petition_actions.create_petition(
            by=None, unit=ha_noi, kind="complaint", received_on=dt.date(2025, 3, 3),
            subject=f"Khiếu nại {LABEL}", content=f"Nội dung khiếu nại {LABEL} về đất đai",
            petitioner={"name": "Lê Văn Tám", "id_number": "001085001234"})
        if kind == "attachment":
            attachment = petition_actions.add_attachment(
                obj, by=None, upload=SimpleUploadedFile("don.pdf", b"%PDF-1.4 test"))
            return attachment, {"pk": attachment.pk}, "%PDF-1.4 test"
        return obj, {"pk": obj.pk}, obj.subject
    if kind == "hotspot":
        obj = petition_actions.create_hotspot(by=None, unit=ha_noi, name=f"Điểm nóng {LABEL}",
                                              started_on=dt.date(2024, 1, 1))
        return obj, {"pk": obj.pk}, obj.name
    if kind == "reception":
        obj = petition_actions.create_reception(by=None, unit=ha_noi, held_on=dt.date(2025, 3, 1),
                                                host=f"Bí thư {LABEL}")
        return obj, {"pk": obj.pk}, obj.host
    raise AssertionError(kind)


def _home_user(record):
    from oversight.accounts.models import User
    from oversight.units.models import Unit

    user, _ = User.objects.get_or_create(username="hanoi_officer",
                                         defaults={"unit": Unit.objects.get(code="ha_noi")})
    return user


# url name -> (record kind, HTTP method, "list" or "detail", extra: query or POST data)
SCOPED = {
    "api:matter-list": ("matter", "get", "list", {}),
    "api:matter-detail": ("matter", "get", "detail", {}),
    "api:matter-events": ("matter", "get", "detail", {}),
    "api:matter-move": ("matter", "post", "detail", {}),
    "api:matter-complete": ("matter", "post", "detail", {}),
    "api:matter-defendants": ("matter", "get", "detail", {}),
    "api:direction-list": ("direction", "get", "list", {}),
    "api:direction-detail": ("direction", "get", "detail", {}),
    "api:direction-urge": ("direction", "post", "detail", {}),
    "matter-list": ("matter", "get", "list", {}),
    "matter-detail": ("matter", "get", "detail", {}),
    "matter-move": ("matter", "post", "detail", {}),
    "matter-complete": ("matter", "post", "detail", {}),
    "matter-edit": ("matter", "get", "detail", {}),
    "defendant-create": ("matter", "get", "detail", {}),
    "direction-list": ("direction", "get", "list", {}),
    "direction-detail": ("direction", "get", "detail", {}),
    "direction-urge": ("direction", "post", "detail", {}),
    "direction-answer": ("direction", "post", "detail", {}),
    "api:petition-list": ("petition", "get", "list", {}),
    "api:petition-detail": ("petition", "get", "detail", {}),
    "api:petition-events": ("petition", "get", "detail", {}),
    "api:petition-attachments": ("petition", "get", "detail", {}),
    "api:petition-duplicate-candidates": ("petition", "get", "detail", {}),
    "api:petition-due-for-destruction": ("filed_petition", "get", "list", {}),
    **{f"api:petition-{action}": ("petition", "post", "detail", {}) for action in (
        "accept", "begin-settlement", "urge", "classify", "extend", "file-petition", "guide",
        "link-duplicate", "not-accept", "settle", "transfer")},
    "api:petition-record-destruction": ("filed_petition", "post", "bulk",
                                        {"decision": "QĐ 12/2024"}),
    "api:reception-list": ("reception", "get", "list", {}),
    "api:reception-detail": ("reception", "get", "detail", {}),
    "api:hotspot-list": ("hotspot", "get", "list", {}),
    "api:hotspot-detail": ("hotspot", "get", "detail", {}),
    "api:search": ("petition", "get", "list", {"q": "khieu nai mat ha noi"}),
    "petition-list": ("petition", "get", "list", {}),
    "petition-detail": ("petition", "get", "detail", {}),
    "petition-action": ("petition", "post", "detail", {"name": "accept"}),
    "petition-attachment-upload": ("petition", "post", "detail", {}),
    "petition-attachment": ("attachment", "get", "detail", {}),
    "petition-destruction": ("filed_petition", "get", "list", {}),
    "petition-duplicates": ("petition", "post", "list",
                            {"content": f"Nội dung khiếu nại {LABEL} về đất đai",
                             "petitioner_name": "Lê Văn Tám"}),
    "reception-list": ("reception", "get", "list", {}),
    "reception-detail": ("reception", "get", "detail", {}),
    "hotspot-list": ("hotspot", "get", "list", {}),
    "hotspot-detail": ("hotspot", "get", "detail", {}),
    "hotspot-status": ("hotspot", "post", "detail", {}),
    "search": ("petition", "get", "list", {"q": "khieu nai mat ha noi"}),
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


def _request(name, user, record_kwargs, api, web):
    from django.urls import reverse

    kind, method, shape, extra = SCOPED[name]
    kwargs = dict(record_kwargs) if shape == "detail" else {}
    if "name" in extra:
        kwargs["name"] = extra["name"]
    url = reverse(name, kwargs=kwargs or None)
    data = {k: v for k, v in extra.items() if k != "name"}
    if shape == "bulk":  # a list-level action naming the records in its body
        data["petitions"] = [record_kwargs["pk"]]
    client = api(user) if url.startswith("/api/") else web(user)
    response = getattr(client, method)(url, data, **({"format": "json"} if url.startswith(
        "/api/") and method == "post" else {}))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode(errors="replace")


@pytest.mark.parametrize("name", sorted(SCOPED))
def test_nghe_an_cannot_see_ha_noi(name, nghean, api, web, make_matter, make_direction,
                                   settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    kind, _method, shape, _extra = SCOPED[name]
    _record_obj, kwargs, label = _record(kind, make_matter, make_direction, tmp_path)
    response, body = _request(name, nghean, kwargs, api, web)
    if shape == "detail":
        assert response.status_code == 404, (name, response.status_code)
    elif shape == "bulk":
        assert response.status_code == 400, (name, response.status_code)
        assert type(_record_obj).objects.get(pk=_record_obj.pk).destroyed_on is None
        response, body = _request(name, _home_user(None), kwargs, api, web)
        assert response.status_code == 200, body
    else:
        assert response.status_code == 200, (name, response.status_code)
        assert label not in body
        # The same list shows the record to a user of its own unit: the check can fail.
        response, body = _request(name, _home_user(None), kwargs, api, web)
        assert label in body, name


@pytest.mark.parametrize("name", sorted(n for n, v in SCOPED.items() if v[2] == "detail"))
def test_own_unit_record_is_reachable(name, api, web, make_matter, make_direction, settings,
                                      tmp_path):
    """The 404 above comes from scope, not from a broken URL: the same URL works at home."""
    settings.MEDIA_ROOT = tmp_path
    kind = SCOPED[name][0]
    _record_obj, kwargs, _label = _record(kind, make_matter, make_direction, tmp_path)
    response, _body = _request(name, _home_user(None), kwargs, api, web)
    assert response.status_code != 404, name


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

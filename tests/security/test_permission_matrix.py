"""The permission matrix: every named URL × every role × own unit / other unit → expected status.

The URL list comes from the URL configuration (as in tests/test_scope.py), so a new endpoint
without an entry in POLICY fails `test_every_url_has_a_policy`. Records are made in Hà Nội; a
user of the "own" unit works in Hà Nội, a user of the "other" unit in Nghệ An (the central
analyst of the "other" unit sits at the Central Commission).

Outcomes:
  OK         reachable: any status but 401/403/404 and no server error
  LOGIN      anonymous: web pages redirect to the login page, the API answers 401
  FORBIDDEN  403
  NOT_FOUND  404 (records outside the user's scope do not exist for them)
  REFUSED    400, and nothing changed (list-level actions naming a record out of scope)
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from oversight.accounts.roles import Role
from tests.test_scope import LABEL, SCOPED, _record, named_urls

ROLES = [Role.OFFICER, Role.HEAD, Role.CENTRAL_ANALYST, Role.CUSTODIAN, Role.ADMINISTRATOR,
         None]  # None: anonymous
OK, LOGIN, FORBIDDEN, NOT_FOUND, REFUSED = "OK", "LOGIN", "FORBIDDEN", "NOT_FOUND", "REFUSED"

# Policies of URLs that hold no unit's records: (method, url kwargs, policy)
PUBLIC = "public"            # anyone, signed in or not
SIGNED_IN = "signed_in"      # any signed-in user
ADMIN_ONLY = "admin_only"    # administrators; 403 for every other role
UNSCOPED_POLICY = {
    "login": ("get", {}, PUBLIC),
    "logout": ("post", {}, PUBLIC),
    "set_language": ("post", {}, PUBLIC),
    "api:token": ("post", {}, PUBLIC),
    "api:schema": ("get", {}, PUBLIC),
    "api:docs": ("get", {}, PUBLIC),
    "api:me": ("get", {}, SIGNED_IN),
    "api:api-root": ("get", {}, SIGNED_IN),
    "api:report-catalogue": ("get", {}, SIGNED_IN),
    "api:report-indicators": ("get", {}, SIGNED_IN),
    "api:unit-list": ("get", {}, SIGNED_IN),
    "api:unit-detail": ("get", {"code": "ha_noi"}, SIGNED_IN),
    "api:cluster-list": ("get", {}, SIGNED_IN),
    "api:cluster-detail": ("get", {"pk": "cluster"}, SIGNED_IN),
    "unit-list": ("get", {}, SIGNED_IN),
    "unit-detail": ("get", {"code": "ha_noi"}, SIGNED_IN),
    "matter-create": ("get", {}, SIGNED_IN),
    "direction-create": ("get", {}, SIGNED_IN),
    "dashboard": ("get", {}, SIGNED_IN),
    "notification-list": ("get", {}, SIGNED_IN),
    "my-work": ("get", {}, SIGNED_IN),
    "api:my-work": ("get", {}, SIGNED_IN),
    "api:notification-list": ("get", {}, SIGNED_IN),
    "api:notification-read-all": ("post", {}, SIGNED_IN),
    "report-dashboard": ("get", {}, SIGNED_IN),
    "report-records": ("get", {}, SIGNED_IN),
    "report-export": ("get", {}, SIGNED_IN),
    "petition-create": ("get", {}, SIGNED_IN),
    "reception-create": ("get", {}, SIGNED_IN),
    "hotspot-create": ("get", {}, SIGNED_IN),
    "2fa-setup": ("get", {}, SIGNED_IN),
    "2fa-verify": ("get", {}, SIGNED_IN),
    "meeting-create": ("get", {}, SIGNED_IN),
    "inspection-create": ("get", {}, SIGNED_IN),
    "target-create": ("get", {}, SIGNED_IN),
    "committee-document-create": ("get", {}, SIGNED_IN),
    "project-create": ("get", {}, SIGNED_IN),
    "appraisal-create": ("get", {}, SIGNED_IN),
    "identity-password": ("get", {}, SIGNED_IN),
    "link-run-list": ("get", {}, SIGNED_IN),
    "api:link-run-list": ("get", {}, SIGNED_IN),
    "api:intake-scan-list": ("post", {}, SIGNED_IN),
    "api:intake-message-list": ("post", {}, SIGNED_IN),
    "intake-upload-scans": ("post", {}, SIGNED_IN),
    "intake-upload-message": ("post", {}, SIGNED_IN),
    "job-list": ("get", {}, SIGNED_IN),
    "saved-filter-create": ("post", {}, SIGNED_IN),
    "api:job-list": ("get", {}, SIGNED_IN),
    "audit-log": ("get", {}, ADMIN_ONLY),
    "calendar": ("get", {}, SIGNED_IN),
    "calendar-delete": ("post", {"day": "2026-01-10"}, ADMIN_ONLY),
    "api:calendar": ("get", {}, SIGNED_IN),
    "api:calendar-day": ("get", {"day": "2026-01-10"}, SIGNED_IN),
    "api:audit-list": ("get", {}, ADMIN_ONLY),
    "api:audit-detail": ("get", {"pk": "audit"}, ADMIN_ONLY),
    # The public portal (tests/portal/): the case pages without a receipt code's cookie
    # send the citizen back to the code form.
    "portal:index": ("get", {}, PUBLIC),
    "portal:home": ("get", {"lang": "vi"}, PUBLIC),
    "portal:privacy": ("get", {"lang": "en"}, PUBLIC),
    "portal:report": ("get", {"lang": "vi"}, PUBLIC),
    "portal:follow": ("get", {"lang": "vi"}, PUBLIC),
    "portal:case": ("get", {"lang": "vi"}, PUBLIC),
    "portal:case-reply": ("post", {"lang": "vi"}, PUBLIC),
    "portal:case-evidence": ("post", {"lang": "vi"}, PUBLIC),
    "portal:case-proof": ("get", {"lang": "vi"}, PUBLIC),
    "portal:case-leave": ("post", {"lang": "vi"}, PUBLIC),
    "portal:verify": ("get", {"lang": "en"}, PUBLIC),
}
# URLs whose rule is not "unit × role" but per user or per custodian: each is covered by the
# tests named here, and listed so that a new URL still has to be placed somewhere.
COVERED_ELSEWHERE = {
    "job-detail": "per user (tests/jobs/test_jobs.py)",
    "job-cancel": "per user (tests/jobs/test_jobs.py)",
    "job-download": "per user and place (tests/jobs/test_jobs.py)",
    "job-report": "place checked by reports.access (tests/jobs/test_jobs.py)",
    "job-start": "administrators only (tests/jobs/test_jobs.py)",
    "api:job-detail": "per user (tests/jobs/test_jobs.py)",
    "api:job-cancel": "per user (tests/jobs/test_jobs.py)",
    "link-run-progress": "counts only (tests/people/test_registry.py)",
    "api:link-run-detail": "counts only (tests/people/test_api.py)",
    "link-run-start": "heads and administrators (tests/people/test_api.py)",
    "identity-pending": "a custodian's own desk (tests/identity/test_disclosure.py)",
    "disclosure-decide": "custodians of the record's unit (tests/identity/test_disclosure.py)",
    "custodian-approve": "custodians holding the unit's key (tests/identity/test_custodians.py)",
    "disclosure-request": "any reader may ask; custodians decide (tests/identity)",
    "record-access": "heads and custodians of the record's unit (tests/identity)",
    "api:matter-revoke-grant": "heads and custodians; 404 for a user not on the list "
    "(tests/identity)",
    "api:petition-revoke-grant": "heads and custodians; 404 for a user not on the list "
    "(tests/identity)",
    "document-register-xlsx": "the register restricted like its page "
    "(tests/documents/test_documents.py::test_register_xlsx_scope)",
    "emulation-xlsx": "cluster ranking restricted like its page "
    "(tests/committees/test_emulation.py)",
    "saved-filter-delete": "the user's own (tests/web/test_list_filters.py)",
    "notification-open": "the user's own; another's answers 404 "
    "(tests/desk/test_notifications_api.py)",
    "api:notification-read": "the caller's own; another's answers 404 "
    "(tests/desk/test_notifications_api.py)",
    "my-work-reassign": "a head's records through restrict(CHANGE), all or nothing "
    "(tests/desk/test_my_work.py::test_head_workload_and_bulk_reassignment)",
    "petition-bulk": "records through restrict(CHANGE), all or nothing "
    "(tests/web/test_list_filters.py::test_bulk_*)",
}
QUERY = {"report-records": {"indicator": "matters_put_under_monitoring", "period": "2024"}}
# Lists of records the user may change (not merely read): a central analyst sees only his own.
CHANGE_LISTS = {"petition-destruction"}
# Detail pages that are edit forms: a central analyst reads other units' records but may not
# open their edit forms.
EDIT_FORMS = {"matter-edit", "defendant-create", "meeting-edit", "inspection-edit",
              "committee-document-edit", "project-edit"}


def expected(name: str, role, own: bool) -> str:
    if name in UNSCOPED_POLICY:
        policy = UNSCOPED_POLICY[name][2]
        if policy == PUBLIC:
            return OK
        if role is None:
            return LOGIN
        if policy == ADMIN_ONLY:
            return OK if role == Role.ADMINISTRATOR else FORBIDDEN
        return OK
    _kind, method, shape, _extra = SCOPED[name]
    if role is None:
        return LOGIN
    if own:
        return OK
    if shape == "bulk":
        return REFUSED
    if shape == "list":
        return OK  # reachable; the other unit's record is left out (checked below)
    if role == Role.CENTRAL_ANALYST:  # reads every unit, changes none but its own
        return OK if method == "get" and name not in EDIT_FORMS else FORBIDDEN
    return NOT_FOUND


def test_every_url_has_a_policy():
    names = set(named_urls())
    missing = names - set(SCOPED) - set(UNSCOPED_POLICY) - set(COVERED_ELSEWHERE)
    assert not missing, f"add these URLs to the permission matrix: {sorted(missing)}"
    assert not (set(UNSCOPED_POLICY) - names), "stale entries in the matrix"


def outcome(response, is_api: bool) -> str:
    code = response.status_code
    assert code < 500, code
    if code in (401,) or (code == 302 and response["Location"].startswith("/login/")):
        return LOGIN
    if code == 403:
        return FORBIDDEN
    if code == 404:
        return NOT_FOUND
    return OK


def _user(make_user, role, unit_code, n):
    if role is None:
        return None
    return make_user(f"{role}_{unit_code}_{n}", unit_code, roles=(role,))


def _call(client_for, user, name, method, kwargs, data, is_api):
    url = reverse(name, kwargs=kwargs or None)
    client = client_for(user, is_api)
    extra = {"format": "json"} if is_api and method == "post" else {}
    return getattr(client, method)(url, data, **extra)


@pytest.fixture
def client_for(api, client):
    from rest_framework.test import APIClient

    def make(user, is_api):
        if is_api:
            return api(user)
        c = client.__class__()
        if user is not None:
            c.force_login(user)
        return c

    assert APIClient
    return make


def _kwargs_for_unscoped(kwargs):
    from oversight.audit.models import AuditEntry
    from oversight.units.models import Cluster, Unit

    out = dict(kwargs)
    if out.get("pk") == "cluster":
        cluster = Cluster.objects.first() or Cluster.objects.create(name="Cụm thi đua 1")
        out["pk"] = cluster.pk
        assert Unit.objects.exists()
    if out.get("pk") == "audit":
        out["pk"] = AuditEntry.objects.order_by("id").first().pk
    return out


@pytest.mark.parametrize("name", sorted((set(SCOPED) | set(UNSCOPED_POLICY))
                                        - set(COVERED_ELSEWHERE)))
def test_permission_matrix(name, make_user, make_matter, make_direction, client_for, settings,
                           tmp_path):
    settings.MEDIA_ROOT = tmp_path
    is_api = name.startswith("api:")
    failures = []
    if name in UNSCOPED_POLICY:
        method, kwargs, _policy = UNSCOPED_POLICY[name]
        make_matter("ha_noi")  # at least one audit entry and one record exist
        kwargs = _kwargs_for_unscoped(kwargs)
        for n, role in enumerate(ROLES):
            user = _user(make_user, role, "ha_noi", n)
            response = _call(client_for, user, name, method, kwargs, QUERY.get(name, {}),
                             is_api)
            got, want = outcome(response, is_api), expected(name, role, True)
            if _policy == PUBLIC and got == LOGIN:  # signing out lands on the login page
                got = OK
            if got != want:
                failures.append((role, "any", want, got, response.status_code))
        assert not failures, failures
        return

    kind, method, shape, extra = SCOPED[name]
    record, record_kwargs, label = _record(kind, make_matter, make_direction, tmp_path)
    # Other unit first: a permitted change at home must not hide a leak.
    for own in (False, True):
        for n, role in enumerate(ROLES):
            if shape == "bulk":  # each call may destroy the record: a fresh one every time
                record, record_kwargs, label = _record(kind, make_matter, make_direction,
                                                       tmp_path)
            unit_code = "ha_noi" if own else (
                "central" if role == Role.CENTRAL_ANALYST else "nghe_an")
            user = _user(make_user, role, unit_code, n * 2 + own)
            kwargs = dict(record_kwargs) if shape == "detail" else {}
            if "name" in extra:
                kwargs["name"] = extra["name"]
            if shape == "detail":
                kwargs.update(extra.get("kwargs", {}))
            data = {k: v for k, v in extra.items() if k not in ("name", "kwargs")}
            if shape == "bulk":
                data["petitions"] = [record_kwargs["pk"]]
            response = _call(client_for, user, name, method, kwargs, data, is_api)
            want = expected(name, role, own)
            got = outcome(response, is_api)
            if want == REFUSED:
                got = REFUSED if response.status_code == 400 else got
                unchanged = type(record).objects.get(pk=record.pk).destroyed_on is None
                if not unchanged:
                    got = "CHANGED"
            if shape == "list" and got == OK and method == "get":
                body = response.content.decode(errors="replace")
                sees = LABEL in body
                should_see = own or (role == Role.CENTRAL_ANALYST and name not in CHANGE_LISTS)
                if sees != should_see:
                    got = f"OK but label {'shown' if sees else 'hidden'}"
            if got != want:
                failures.append((role, "own" if own else "other", want, got,
                                 response.status_code))
    assert not failures, failures

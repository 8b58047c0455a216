"""The administrator manages the system, not its content (issue 13): the admin site holds no
content, the audit views say that a classified record changed and not what, and blind-index
digests never enter the trail."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin

from oversight.audit.models import AuditEntry
from oversight.identity.models import BlindIndex
from oversight.matters import actions as matter_actions
from tests.identity.test_identity import denounce

# What the admin site may hold: units, users and roles, criteria, deadline rules, templates,
# and the sign-in machinery (second factor, lockouts). Adding a model here is a decision.
SYSTEM_MODELS = {
    "accounts.User", "accounts.ApiToken", "auth.Group", "units.Unit", "units.Cluster",
    "matters.MonitoringCriterion", "petitions.DeadlineRule", "reports.ReportTemplate",
    "committees.MinutesTemplate", "otp_totp.TOTPDevice", "axes.AccessAttempt",
    "axes.AccessLog", "axes.AccessFailureLog",
    # the working calendar (announced days off and worked days), document templates and how
    # each unit heads and numbers its documents (configuration, not documents)
    "workcalendar.WorkingDay", "documents.DocumentTemplate", "documents.Issuer",
    # the escalation ladder (who is told when a deadline nears or passes: rules, not records)
    "workcalendar.EscalationStep",
}
CONTENT_PAGES = ["/admin/petitions/petition/", "/admin/petitions/reception/",
                 "/admin/petitions/hotspot/", "/admin/core/notification/",
                 "/admin/petitions/notification/",
                 "/admin/jobs/job/", "/admin/django_tasks_database/dbtaskresult/",
                 "/admin/matters/matter/", "/admin/identity/envelope/",
                 "/admin/audit/auditentry/", "/admin/people/person/",
                 "/admin/documents/document/", "/admin/intake/draft/"]
MARK = "Tuyệt mật ZQX-7731"


def test_the_admin_site_holds_system_models_only():
    assert {m._meta.label for m in admin.site._registry} == SYSTEM_MODELS


@pytest.fixture
def secret_records(make_matter, make_petition, nghean, admin_user):
    matter = make_matter("central", title=f"Vụ án {MARK}")
    matter_actions.update_matter(matter, by=None, summary=f"Tóm tắt {MARK}")
    from oversight.identity.actions import set_classification

    set_classification(matter, "secret", by=None, check=False)
    matter.title = f"Vụ án đã đổi {MARK}"
    matter.save()
    petition = make_petition(subject=f"Đơn {MARK}", security_classification="secret")
    return matter, petition


def _admin_pages(client) -> list[str]:
    bodies = [client.get("/admin/").content.decode()]
    for model in admin.site._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        bodies.append(client.get(url).content.decode())
    return bodies


def test_no_content_in_the_admin_site(secret_records, admin_user, web):
    client = web(admin_user)
    for url in CONTENT_PAGES:
        assert client.get(url).status_code == 404, url
    for body in _admin_pages(client):
        assert MARK not in body


def _entries_of(matter):
    return AuditEntry.objects.filter(object_type="matters.matter", object_id=str(matter.pk))


def test_audit_views_say_that_a_classified_record_changed_not_what(secret_records, admin_user,
                                                                  web, api, make_matter):
    matter, petition = secret_records
    plain = make_matter("central", title="Vụ án thường ABC-123")
    assert any(MARK in str(e.content()) for e in _entries_of(matter))  # it is in the trail
    body = web(admin_user).get("/audit/?page_size=500").content.decode()
    listing = api(admin_user).get("/api/audit/", {"page_size": 500}).json()
    assert MARK not in body and MARK not in str(listing)
    rows = {(r["object_type"], r["object_id"]): r for r in listing["results"]}
    row = rows[("matters.matter", str(matter.pk))]
    assert row["redacted"] is True and row["object_repr"] == "" and row["changes"] == {}
    assert rows[("petitions.petition", str(petition.pk))]["redacted"] is True
    # the entry says who changed which record when
    assert row["action"] and row["at"] and row["object_id"] == str(matter.pk)
    one = api(admin_user).get(f"/api/audit/{_entries_of(matter).first().pk}/").json()
    assert one["redacted"] is True and MARK not in str(one)
    # controls: a normal record's entries are shown in full; on the access list, so is this
    assert "ABC-123" in body and rows[("matters.matter", str(plain.pk))]["redacted"] is False
    from oversight.identity.actions import _grant

    _grant(matter, admin_user, None)
    assert MARK in web(admin_user).get(
        f"/audit/?object_type=matters.matter&object_id={matter.pk}").content.decode()


def test_a_deleted_classified_record_stays_redacted(secret_records, admin_user, api):
    matter, _petition = secret_records
    pk = matter.pk
    from oversight.matters.models import Matter

    Matter.objects.filter(pk=pk).first().delete()
    listing = api(admin_user).get("/api/audit/", {"object_type": "matters.matter",
                                                  "object_id": pk}).json()["results"]
    assert listing and all(r["redacted"] for r in listing)
    assert MARK not in str(listing)


def test_views_stay_out_of_the_record_history_card(nghean, custodian, login):
    p = denounce()
    client = login(custodian)
    client.get(f"/petitions/{p.pk}/")
    assert AuditEntry.objects.filter(object_id=str(p.pk), action="view_sensitive").exists()
    history = client.get(f"/petitions/{p.pk}/").content.decode().split('id="history"')[1]
    assert "view_sensitive" not in history
    for label in ("Viewed a protected record", "Đã xem hồ sơ được bảo vệ",
                  "Shown a protected identity in clear"):
        assert label not in history


def test_blind_index_digests_never_enter_the_trail(custodian, escrow_key, monkeypatch):
    import io

    from django.core.management import call_command

    from oversight.identity import crypto

    p = denounce()
    digests = set(BlindIndex.objects.values_list("digest", flat=True))
    assert digests
    monkeypatch.setattr("sys.stdin", io.StringIO(crypto.key_to_text(escrow_key) + "\n"))
    call_command("keys", "rotate", "--blind-index", stdout=io.StringIO())  # deletes the rows
    digests |= set(BlindIndex.objects.values_list("digest", flat=True))
    p.delete()
    trail = " ".join(str(e.content()) for e in AuditEntry.objects.all())
    assert re.search(r"[0-9a-f]{64}", trail)  # hashes do appear: the check can see them
    assert not [d for d in digests if d in trail]

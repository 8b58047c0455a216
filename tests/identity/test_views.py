"""The identity pages (/identity/): a disclosure requested, approved or refused by the custodian;
only custodians decide."""

from __future__ import annotations

from oversight.identity import actions as identity_actions
from oversight.identity.models import AccessEvent, DisclosureRequest, KeyWrap, UserKey
from tests.identity.test_identity import denounce
from tests.petitions.conftest import HUNG


def test_disclosure_request_approved_by_custodian(nghean, custodian, login):
    p = denounce()
    officer = login(nghean)  # makes the officer's key pair at first login
    assert UserKey.objects.filter(user=nghean).exists()
    r = officer.post(f"/identity/petitions/{p.pk}/disclosure/", {"reason": "Xác minh tố cáo"})
    assert r.status_code == 302
    req = DisclosureRequest.objects.get()
    assert HUNG["name"] not in officer.get(f"/petitions/{p.pk}/").content.decode()

    keeper = login(custodian)
    assert "Xác minh tố cáo" in keeper.get("/identity/pending/").content.decode()
    r = keeper.post(f"/identity/disclosures/{req.pk}/decide/", {"decision": "approve"})
    assert r.status_code == 302
    req.refresh_from_db()
    assert req.status == "approved" and req.decided_by == custodian
    assert KeyWrap.objects.filter(envelope=p.identity_envelope, user=nghean,
                                  reason="disclosure").exists()
    body = officer.get(f"/petitions/{p.pk}/").content.decode()
    assert HUNG["name"] in body
    kinds = set(AccessEvent.objects.filter(object_id=p.pk).values_list("kind", flat=True))
    assert {"requested", "approved", "disclosed"} <= kinds


def test_refusal_and_only_custodians_decide(nghean, custodian, login, make_user):
    p = denounce()
    login(nghean)
    req = identity_actions.request_disclosure(p, by=nghean, reason="cần")
    officer = login(nghean)
    officer.post(f"/identity/disclosures/{req.pk}/decide/", {"decision": "approve"})
    req.refresh_from_db()
    assert req.status == "pending"
    keeper = login(custodian)
    keeper.post(f"/identity/disclosures/{req.pk}/decide/", {"decision": "refuse"})
    req.refresh_from_db()
    assert req.status == "pending"  # a refusal says why
    keeper.post(f"/identity/disclosures/{req.pk}/decide/",
                {"decision": "refuse", "note": "Không cần cho việc xác minh"})
    req.refresh_from_db()
    assert req.status == "refused"
    assert not KeyWrap.objects.filter(user=nghean).exists()
    # the requester is shown the reason
    assert "Không cần cho việc xác minh" in officer.get(f"/petitions/{p.pk}/").content.decode()

"""Entries written before a model moved between apps (issue 18: `AccessGrant` from identity and
`Notification` from petitions to core) name it by its old label, and the chain keeps them as
written; they are still redacted by the rule of the model they name now."""

from __future__ import annotations

from oversight import audit
from oversight.audit.choices import Action
from oversight.audit.models import AuditEntry
from oversight.core.models import Notification

MARK = "Tuyệt mật QWV-5521"


def _old_entry(note) -> AuditEntry:
    """An entry as the trail wrote it about a notice while it was `petitions.notification`."""
    return audit.record(Action.CREATE, note, object_type_="petitions.notification")


def test_an_entry_under_the_old_label_is_redacted_like_a_new_one(make_petition, nghean,
                                                                  admin_user, api):
    petition = make_petition("central", subject=f"Đơn {MARK}", security_classification="secret")
    note = Notification.objects.create(user=nghean, text=f"Đơn “{petition.subject}” quá hạn",
                                       record_type="petitions.petition", record_id=petition.pk)
    old = _old_entry(note)
    new = AuditEntry.objects.filter(object_type="core.notification",
                                    object_id=str(note.pk)).get()
    assert MARK in old.object_repr and MARK in new.object_repr  # both are in the trail

    listing = api(admin_user).get("/api/audit/", {"page_size": 500}).json()
    rows = {r["id"]: r for r in listing["results"]}
    assert MARK not in str(listing)
    assert rows[old.pk]["redacted"] is True and rows[old.pk]["object_type"] == (
        "petitions.notification")
    assert rows[new.pk]["redacted"] is True
    # the control: on the petition's access list, the administrator reads both in full
    from oversight.identity.actions import _grant

    _grant(petition, admin_user, None)
    listing = api(admin_user).get("/api/audit/", {"page_size": 500}).json()
    rows = {r["id"]: r for r in listing["results"]}
    assert rows[old.pk]["redacted"] is False and MARK in rows[old.pk]["object_repr"]
    assert rows[new.pk]["redacted"] is False

"""The audit trail: what is recorded, the chain, and tampering that `audit verify` catches."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from oversight import audit
from oversight.audit import chain
from oversight.audit.models import AppendOnlyError, AuditEntry
from oversight.matters import actions as matter_actions


def entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("id"))


def test_model_changes_are_recorded_with_field_diffs(make_matter, nghean):
    matter = make_matter(by=nghean, title="Vụ án A")
    created = entries(object_type="matters.matter", object_id=str(matter.pk), action="create")
    assert created and created[0].changes["title"] == [None, "Vụ án A"]
    assert created[0].unit_id == matter.responsible_unit_id
    matter_actions.update_matter(matter, by=nghean, title="Vụ án B")
    update = entries(object_type="matters.matter", object_id=str(matter.pk), action="update")[-1]
    assert update.changes["title"] == ["Vụ án A", "Vụ án B"]
    assert "updated_at" not in update.changes


def test_status_change_and_delete(make_matter, nghean):
    matter = make_matter(by=nghean)
    matter_actions.move_stage(matter, "investigation", by=nghean, on=dt.date(2024, 4, 1))
    statuses = entries(object_type="matters.matter", object_id=str(matter.pk), action="status")
    assert statuses and statuses[-1].changes["stage"][1] == "investigation"
    pk = matter.pk
    matter.events.all().delete()
    matter.delete()
    deleted = entries(object_type="matters.matter", object_id=str(pk), action="delete")
    assert deleted and deleted[0].changes["title"][0] == matter.title


def test_request_user_and_address_are_recorded(api, nghean):
    response = api(nghean).post("/api/matters/", {
        "kind": "incident", "title": "Sai phạm", "responsible_unit": "nghe_an",
        "monitored_from": "2024-02-01"}, format="json", REMOTE_ADDR="10.1.2.3",
        HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert response.status_code == 201
    entry = entries(object_type="matters.matter", action="create")[-1]
    assert (entry.username, entry.user_id, entry.address) == ("nghean", nghean.pk, "10.1.2.3")


def test_forwarded_for_is_trusted_only_when_configured(api, nghean, settings):
    settings.AUDIT_TRUST_X_FORWARDED_FOR = True
    api(nghean).post("/api/matters/", {
        "kind": "incident", "title": "Sai phạm", "responsible_unit": "nghe_an",
        "monitored_from": "2024-02-01"}, format="json", REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1")
    assert entries(object_type="matters.matter", action="create")[-1].address == "203.0.113.9"


def test_petitioner_identity_is_never_copied_into_the_trail(make_petition):
    petition = make_petition(kind="denunciation")
    entry = entries(object_type="petitions.petition", object_id=str(petition.pk))[0]
    assert entry.changes["petitioners"] == [None, "[redacted]"]
    assert "040085001234" not in str(AuditEntry.objects.values_list("changes", flat=True)[::1])


def test_logins_and_failed_logins(client, make_user):
    make_user("officer1")
    client.post("/login/", {"username": "officer1", "password": "wrong"}, REMOTE_ADDR="1.2.3.4")
    failed = entries(action="login_failed")[-1]
    assert failed.detail["username"] == "officer1" and failed.address == "1.2.3.4"
    client.post("/login/", {"username": "officer1", "password": "pw-officer1"})
    assert entries(action="login")[-1].username == "officer1"


def test_sensitive_views_downloads_and_exports(web, nghean, make_petition, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from oversight.petitions import actions

    settings.MEDIA_ROOT = tmp_path
    # another petitioner and subject: a page that showed the denunciation as a possible
    # duplicate would read it too (and write an entry for it, as it should)
    complaint = make_petition(kind="complaint", petitioner={"name": "Trần Văn Khác"},
                              subject="Kiến nghị về đường giao thông",
                              content="Đề nghị sửa chữa con đường liên xã bị hư hỏng nặng.")
    denunciation = make_petition(kind="denunciation")
    client = web(nghean)
    assert client.get(f"/petitions/{complaint.pk}/").status_code == 200
    assert not entries(action="view_sensitive")
    page = client.get(f"/petitions/{denunciation.pk}/")
    assert page.status_code == 200
    viewed = entries(action="view_sensitive")
    assert [(e.object_id, e.username) for e in viewed] == [(str(denunciation.pk), "nghean")]
    # a file the officer says does not identify the denouncer (a sealed original answers 403
    # to him: tests/identity/test_sealed_originals.py)
    attachment = actions.add_attachment(denunciation, by=nghean, identifying=False,
                                        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    assert client.get(f"/petitions/attachments/{attachment.pk}/").status_code == 200
    assert entries(action="download")[-1].object_id == str(attachment.pk)


def test_report_export_is_recorded(web, nghean, monkeypatch):
    from oversight.reports import documents

    monkeypatch.setattr(documents, "render", lambda fmt, place, period, **kwargs: b"data")
    response = web(nghean).get("/reports/export/?unit=nghe_an&period=2024&format=xlsx")
    assert response.status_code == 200
    entry = entries(action="export")[-1]
    assert entry.detail["format"] == "xlsx" and entry.username == "nghean"


def test_history_card_on_record_pages(web, nghean, make_matter, make_petition):
    matter = make_matter(by=nghean, title="Vụ án có lịch sử")
    body = web(nghean).get(f"/matters/{matter.pk}/").content.decode()
    assert 'id="history"' in body and "nghean" in body
    petition = make_petition()
    assert 'id="history"' in web(nghean).get(f"/petitions/{petition.pk}/").content.decode()


def test_the_chain_links_every_entry(make_matter):
    make_matter()
    make_matter("ha_noi")
    rows = entries()
    assert rows[0].prev_hash == "0" * 64
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.prev_hash == before.hash
    assert chain.verify().ok
    call_command("audit", "verify")


def test_entries_written_together_are_stored_as_made(make_matter, nghean):
    """A list page's entries are written in one go (`record_many`; on PostgreSQL by COPY,
    elsewhere by one INSERT): each row read back is the entry as made, value for value, and
    the chain over them verifies."""
    from oversight.audit.writer import record_many

    matters = [make_matter(title=f"Vụ án “{n}” \\ tab\t và dòng\nmới") for n in range(3)]
    made = record_many("view_sensitive", matters, user=nghean,
                       detail={"path": "/api/matters/", "ghi chú": "đã xem", "n": [1, None]})
    assert len(made) == 3
    stored = {e.pk: e for e in AuditEntry.objects.filter(pk__in=[e.pk for e in made])}
    columns = [f.attname for f in AuditEntry._meta.concrete_fields]
    for entry in made:
        row = stored[entry.pk]
        assert [getattr(row, c) for c in columns] == [getattr(entry, c) for c in columns]
        assert row.hash == row.compute_hash()
    # what COPY's text format must escape reached the database intact
    assert all("\\" in e.object_repr and "\t" in e.object_repr and "\n" in e.object_repr
               for e in stored.values())
    assert chain.verify().ok


def test_entries_refuse_update_and_delete_in_python(make_matter):
    make_matter()
    entry = AuditEntry.objects.first()
    entry.action = "delete"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_the_database_refuses_update_and_delete(make_matter):
    make_matter()
    pk = AuditEntry.objects.order_by("id").first().pk
    for sql in ("UPDATE audit_auditentry SET username = 'x' WHERE id = %s",
                "DELETE FROM audit_auditentry WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [pk])


# --- tampering: an attacker with database access bypasses the triggers ----------------------

def _bypass_triggers(cursor):
    if connection.vendor == "sqlite":
        cursor.execute("DROP TRIGGER audit_auditentry_no_update")
        cursor.execute("DROP TRIGGER audit_auditentry_no_delete")
    else:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only")


@pytest.fixture
def trail(make_matter, nghean):
    for i in range(4):
        make_matter(by=nghean, title=f"Vụ án {i}")
    ids = [e.pk for e in entries()]
    assert len(ids) >= 6
    call_command("audit", "verify")
    return ids


def _verify_fails(capsys=None) -> str:
    with pytest.raises(CommandError) as info:
        call_command("audit", "verify")
    assert info.value.returncode == 1
    return str(info.value)


def test_an_edited_entry_is_named(trail):
    victim = trail[3]
    with connection.cursor() as cursor:
        _bypass_triggers(cursor)
        cursor.execute("UPDATE audit_auditentry SET username = 'someone_else' WHERE id = %s",
                       [victim])
    message = _verify_fails()
    assert f"#{victim}" in message and "edited" in message


def test_a_deleted_entry_is_detected(trail):
    victim = trail[2]
    with connection.cursor() as cursor:
        _bypass_triggers(cursor)
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [victim])
    message = _verify_fails()
    assert f"#{trail[3]}" in message


def test_reordered_entries_are_detected(trail):
    a, b = trail[1], trail[4]
    columns = ["at", "user_id", "username", "address", "action", "object_type", "object_id",
               "object_repr", "unit_id", "changes", "detail", "prev_hash", "hash"]
    with connection.cursor() as cursor:
        _bypass_triggers(cursor)
        cursor.execute(f"SELECT {', '.join(columns)} FROM audit_auditentry WHERE id = %s", [a])
        row_a = cursor.fetchone()
        cursor.execute(f"SELECT {', '.join(columns)} FROM audit_auditentry WHERE id = %s", [b])
        row_b = cursor.fetchone()
        assignments = ", ".join(f"{c} = %s" for c in columns)
        cursor.execute("UPDATE audit_auditentry SET hash = 'tmp' WHERE id = %s", [a])
        cursor.execute(f"UPDATE audit_auditentry SET {assignments} WHERE id = %s", [*row_a, b])
        cursor.execute(f"UPDATE audit_auditentry SET {assignments} WHERE id = %s", [*row_b, a])
    message = _verify_fails()
    assert f"#{a}" in message


def test_a_kept_head_detects_truncation(trail, tmp_path, capsys):
    export = tmp_path / "head.json"
    call_command("audit", "head", "--export", str(export))
    head = capsys.readouterr().out.strip()
    assert head in export.read_text()
    with connection.cursor() as cursor:
        _bypass_triggers(cursor)
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [trail[-1]])
    call_command("audit", "verify")  # the rest of the chain is consistent …
    with pytest.raises(CommandError):  # … but the kept head is gone
        call_command("audit", "verify", "--expect-head", head)


def test_record_helper_for_other_work(nghean, make_matter):
    matter = make_matter()
    entry = audit.record("view_sensitive", matter, user=nghean, detail={"why": "test"})
    assert entry.object_type == "matters.matter" and entry.username == "nghean"
    assert chain.verify().ok

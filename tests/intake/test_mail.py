"""Email: a message with an attachment becomes a draft (sender kept as a contact, HTML to
text, attachments checked, scans among them OCR'd); the same message twice is one draft; a
mailbox polled over IMAP from a local server (loopback only)."""

from __future__ import annotations

import io
import socket
import threading

import pytest
from django.core.management import call_command

from oversight.intake import mail, synthetic
from oversight.intake.models import Draft, DraftFile
from oversight.petitions.models import Petition
from tests.intake.conftest import HTML, message, needs_ocr


def test_html_becomes_text():
    text = mail.html_to_text(HTML)
    assert "Lê Thị Hoa" in text and "color" not in text and "<" not in text


@needs_ocr
def test_an_email_with_a_scan_becomes_a_draft(api, nghean, unit, denunciation_letter,
                                              denunciation_photo):
    raw = message(attachments=[
        ("don-to-cao.jpg", denunciation_photo, "image", "jpeg"),
        ("trang.html", b"<html><script>alert(1)</script></html>", "text", "html"),
    ])
    draft, created = mail.import_message(raw, by=nghean, unit=unit("nghe_an"), name="a.eml")
    assert created and draft.status == "queued"
    assert draft.sender_email == "hoa.le@example.vn"
    assert "Lê Thị Hoa" in draft.body and "<p>" not in draft.body
    assert [f["name"] for f in draft.refused_files] == ["trang.html"]
    assert DraftFile.objects.filter(draft=draft, role="attachment").count() == 1

    out = io.StringIO()
    call_command("jobs", "--run-queued", stdout=out)
    draft.refresh_from_db()
    assert draft.status == "ready", draft.error
    assert "Ngô Văn Tuấn" in draft.text  # the body
    scan_text = draft.text.split("--- don-to-cao.jpg ---")[1]
    assert synthetic.cer(denunciation_letter.text, scan_text) <= 0.03  # the OCR'd attachment
    assert draft.proposed["sender"]["email"] == "hoa.le@example.vn"
    assert draft.proposed["subject"] == "Phản ánh việc thu tiền sai quy định"

    response = api(nghean).post(f"/api/intake/drafts/{draft.pk}/register/",
                                {"kind": "reflection"}, format="json")
    assert response.status_code == 201, response.content
    petition = Petition.objects.get(pk=response.json()["id"])
    assert petition.channel == "email"
    assert "hoa.le@example.vn" in petition.petitioners[0]["address"]  # kept as a contact
    assert petition.attachments.count() == 2  # the scan and its searchable PDF


def test_the_same_email_twice_is_one_draft(db, nghean, unit, tmp_path):
    raw = message(attachments=[("ghi-chu.txt", "Ghi chú".encode(), "text", "plain")])
    first, created = mail.import_message(raw, by=nghean, unit=unit("nghe_an"))
    again, created_again = mail.import_message(raw, by=nghean, unit=unit("nghe_an"))
    assert created and not created_again and again.pk == first.pk
    # without a Message-ID the bytes decide
    plain = message(message_id=None)
    assert mail.import_message(plain, by=nghean, unit=unit("nghe_an"))[1]
    assert not mail.import_message(plain, by=nghean, unit=unit("nghe_an"))[1]
    # the command, on a directory
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    (folder / "1.eml").write_bytes(raw)
    (folder / "2.eml").write_bytes(message("<abc-2@dan.vn>"))
    out = io.StringIO()
    call_command("intake", "mail", str(folder), "--unit", "nghe_an", stdout=out)
    assert "already imported" in out.getvalue() and "new draft" in out.getvalue()
    assert Draft.objects.filter(source="email").count() == 3


class TinyImapServer(threading.Thread):
    """The few IMAP4rev1 commands imaplib sends for a poll (LOGIN, SELECT, UID SEARCH UNSEEN,
    UID FETCH BODY.PEEK[], UID STORE +FLAGS, LOGOUT), on 127.0.0.1 only. No IMAP server
    package small and well kept enough was found for a test; this one is enough to prove
    the client's side against a real socket."""

    def __init__(self, messages):
        super().__init__(daemon=True)
        self.messages = dict(enumerate(messages, 1))
        self.seen: set[int] = set()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.logins = []

    def run(self):
        self.sock.settimeout(30)
        try:
            while True:
                conn, _ = self.sock.accept()
                with conn:
                    self.session(conn.makefile("rwb"))
        except (TimeoutError, OSError):
            return

    def session(self, io_):
        def send(line):
            io_.write(line.encode() + b"\r\n")
            io_.flush()

        send("* OK IMAP4rev1 ready")
        while True:
            line = io_.readline().decode().strip()
            if not line:
                return
            tag, command, *rest = line.split(" ", 2)
            args = rest[0] if rest else ""
            command = command.upper()
            if command == "CAPABILITY":
                send("* CAPABILITY IMAP4rev1")
            elif command == "LOGIN":
                self.logins.append(args)
            elif command == "SELECT":
                send(f"* {len(self.messages)} EXISTS")
            elif command == "UID" and args.upper().startswith("SEARCH"):
                unseen = [str(u) for u in self.messages if u not in self.seen]
                send("* SEARCH " + " ".join(unseen))
            elif command == "UID" and args.upper().startswith("FETCH"):
                uid = int(args.split()[1])
                data = self.messages[uid]
                io_.write(f"* {uid} FETCH (UID {uid} BODY[] {{{len(data)}}}\r\n".encode())
                io_.write(data + b")\r\n")
            elif command == "UID" and args.upper().startswith("STORE"):
                self.seen.add(int(args.split()[1]))
            elif command == "LOGOUT":
                send("* BYE")
                send(f"{tag} OK LOGOUT completed")
                return
            send(f"{tag} OK {command} completed")


def test_a_mailbox_is_polled_over_imap(db, settings, unit):
    server = TinyImapServer([message("<m1@dan.vn>"), message("<m2@dan.vn>")])
    server.start()
    settings.IMAP_HOST, settings.IMAP_PORT, settings.IMAP_SSL = "127.0.0.1", server.port, False
    settings.IMAP_USER, settings.IMAP_PASSWORD, settings.IMAP_UNIT = "tiepnhan", "mk", "nghe_an"
    out = io.StringIO()
    call_command("intake", "poll", stdout=out)
    assert "2 new draft(s)" in out.getvalue()
    assert server.seen == {1, 2} and len(server.logins) == 1 and "tiepnhan" in server.logins[0]
    # a new message arrives; the old ones are seen already
    server.messages[3] = message("<m3@dan.vn>")
    call_command("intake", "poll", stdout=out)
    assert Draft.objects.filter(source="email", unit=unit("nghe_an")).count() == 3
    server.seen.clear()  # marked unseen again on the server: still one draft each
    call_command("intake", "poll", stdout=out)
    assert "0 new draft(s), 3 message(s) already imported" in out.getvalue()
    assert Draft.objects.filter(source="email").count() == 3


@pytest.mark.parametrize("raw", [b"", b"just text, no headers\n"])
def test_what_is_not_a_message_is_refused(db, nghean, unit, raw):
    from oversight.core.errors import RuleError

    with pytest.raises(RuleError):
        mail.import_message(raw, by=nghean, unit=unit("nghe_an"))
    assert not Draft.objects.exists()

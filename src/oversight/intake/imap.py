"""Polling a mailbox over IMAP (settings OVERSIGHT_IMAP_*): each message not yet imported
becomes a draft petition (`mail.import_message`; the same message twice is one draft), then
is marked \\Seen on the server. Python's own imaplib; TLS unless OVERSIGHT_IMAP_SSL=0 (a
server on the same host)."""

from __future__ import annotations

import contextlib
import imaplib
import ssl

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from oversight.intake import mail
from oversight.units.models import Unit


def _connect():
    if not settings.IMAP_HOST:
        raise ImproperlyConfigured("OVERSIGHT_IMAP_HOST is not set.")
    if settings.IMAP_SSL:
        conn = imaplib.IMAP4_SSL(settings.IMAP_HOST, settings.IMAP_PORT,
                                 ssl_context=ssl.create_default_context(), timeout=60)
    else:
        conn = imaplib.IMAP4(settings.IMAP_HOST, settings.IMAP_PORT, timeout=60)
    conn.login(settings.IMAP_USER, settings.IMAP_PASSWORD)
    return conn


def poll(*, by=None, unit=None) -> dict:
    """Import the unseen messages of the folder; returns counts."""
    unit = unit or Unit.objects.filter(code=settings.IMAP_UNIT).first()
    if unit is None:
        raise ImproperlyConfigured("OVERSIGHT_IMAP_UNIT does not name a unit.")
    conn = _connect()
    created = known = 0
    try:
        conn.select(settings.IMAP_FOLDER)
        _status, data = conn.uid("SEARCH", None, "UNSEEN")
        for uid in (data[0] or b"").split():
            _status, parts = conn.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), b"")
            if not raw:
                continue
            _draft, new = mail.import_message(raw, by=by, unit=unit,
                                              name=f"imap-{uid.decode()}.eml")
            created += new
            known += not new
            conn.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            conn.logout()
    return {"created": created, "known": known}

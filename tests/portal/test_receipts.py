"""Receipt codes: 16 digits shown once, kept only as a slow Argon2id hash, and guessing them is
limited and written to the audit trail without the guesser's address."""

from __future__ import annotations

import pytest
from argon2.low_level import Type, hash_secret_raw

from oversight.audit.models import AuditEntry
from oversight.portal import receipts
from oversight.portal.models import Counter, PortalSecret, Submission
from tests.portal.helpers import (
    ADDRESS,
    code_of,
    database_text,
    production_settings,
    send,
    text,
)

pytestmark = pytest.mark.django_db

OTHER = "198.51.100.7"


def test_new_codes_are_16_random_digits_grouped_by_4():
    codes = {receipts.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 16 and c.isascii() and c.isdigit() for c in codes)
    assert receipts.grouped("1234567890123456") == "1234 5678 9012 3456"


@pytest.mark.parametrize(("typed", "digits"), [
    ("1234567890123456", "1234567890123456"),
    ("1234 5678 9012 3456", "1234567890123456"),
    (" 1234-5678-9012-3456 ", "1234567890123456"),
    ("1234.5678.9012.3456", "1234567890123456"),
    ("1234\t5678\n9012 3456", "1234567890123456"),
    ("123456789012345", None),
    ("12345678901234567", None),
    ("1234 5678 9012 345a", None),
    ("١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦", None),  # digits, but not the ASCII ones
    ("", None),
])
def test_normalise(typed, digits):
    assert receipts.normalise(typed) == digits


def test_the_code_is_stored_only_as_its_hash(client, jpeg):
    response = send(client, files=[jpeg()], identity="named", name="Phạm Văn Nhân",
                    phone="0912000111", kind="recommendation")
    code = code_of(response)
    submission = Submission.objects.get()
    assert submission.receipt_hash == receipts.digest(code)
    assert len(submission.receipt_hash) == 64
    row = Submission.objects.filter(pk=submission.pk).values().get()
    dumped = " ".join(str(v) for v in row.values())
    assert code not in dumped and receipts.grouped(code) not in dumped
    audit = " ".join(str(v) for e in AuditEntry.objects.values() for v in e.values())
    assert AuditEntry.objects.filter(action="portal.submitted").exists()
    assert code not in audit and receipts.grouped(code) not in audit
    everything = database_text()  # every column of every table
    assert code not in everything and receipts.grouped(code) not in everything
    # Shown once: the case page and the proof of filing never show it again.
    client.post("/portal/vi/follow/", {"code": code}, REMOTE_ADDR=ADDRESS)
    for url in ("/portal/vi/case/", "/portal/vi/case/proof/"):
        page = text(client.get(url, REMOTE_ADDR=ADDRESS))
        assert code not in page and receipts.grouped(code) not in page


def test_production_cost_is_at_least_owasps(monkeypatch, tmp_path, settings):
    cost = production_settings(monkeypatch, tmp_path).PORTAL_RECEIPT_ARGON2
    assert settings.PORTAL_RECEIPT_ARGON2["memory_cost"] < 19456  # the cheap test override
    # OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB, 2 iterations, 1 degree of parallelism.
    assert cost["memory_cost"] >= 19456
    assert cost["time_cost"] >= 2
    assert cost["parallelism"] >= 1
    # The stored digest is Argon2id with exactly this cost.
    settings.PORTAL_RECEIPT_ARGON2 = cost
    code = "1234567890123456"
    digest = receipts.digest(code)
    salt = bytes(PortalSecret.objects.get().salt)
    assert digest == hash_secret_raw(code.encode(), salt, hash_len=32, type=Type.ID,
                                     **cost).hex()


@pytest.mark.parametrize("typed", ["{grouped}", "{dashed}", "{plain}"])
def test_follow_accepts_the_code_as_printed_or_with_dashes(client, typed):
    code = code_of(send(client))
    grouped = receipts.grouped(code)
    value = typed.format(grouped=grouped, dashed=grouped.replace(" ", "-"), plain=code)
    response = client.post("/portal/en/follow/", {"code": value}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302 and response["Location"] == "/portal/en/case/"


def test_wrong_codes_make_the_address_wait_and_are_audited_without_it(client, settings):
    settings.PORTAL_CODE_FAILURES = 3
    code = code_of(send(client))
    wrong = ("0000" if not code.startswith("0000") else "1111") + code[4:]
    for _ in range(3):
        response = client.post("/portal/en/follow/", {"code": wrong}, REMOTE_ADDR=ADDRESS)
        assert response.status_code == 400
        assert 'id="id_code_error"' in text(response)
        assert "No report has this code." in text(response)
    assert "must wait an hour" in text(response)
    # Now even the right code waits.
    response = client.post("/portal/en/follow/", {"code": code}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert "Too many wrong codes" in text(response)
    assert "portal_case" not in response.cookies
    failures = AuditEntry.objects.filter(action="portal.code_failed")
    assert failures.count() == 3
    assert [e.detail["failures"] for e in failures.order_by("id")] == [1, 2, 3]
    assert AuditEntry.objects.filter(action="portal.code_refused").count() == 1
    for entry in AuditEntry.objects.filter(action__startswith="portal."):
        assert entry.address == ""
        assert ADDRESS not in str(entry.detail) and wrong not in str(entry.detail)
    # Another connection is not affected.
    response = client.post("/portal/en/follow/", {"code": code}, REMOTE_ADDR=OTHER)
    assert response.status_code == 302


def test_a_malformed_code_is_not_counted_as_a_guess(client):
    response = client.post("/portal/en/follow/", {"code": "12345"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 400
    assert 'id="id_code_error"' in text(response) and "16 digits" in text(response)
    assert not Counter.objects.filter(bucket="code_failure").exists()
    assert not AuditEntry.objects.filter(action="portal.code_failed").exists()

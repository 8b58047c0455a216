"""Proof of filing that cannot be forged (issue 13): an Ed25519 signature over the report's
digest and its place in the audit chain, checked on a public page that reveals nothing."""

from __future__ import annotations

import base64
import json
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from oversight.audit import proofs
from oversight.audit.models import AuditEntry
from oversight.portal.models import Submission
from tests.portal.helpers import ADDRESS, code_of, open_case, send, text

pytestmark = pytest.mark.django_db


def unb64(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def _proof_text(page: str) -> str:
    match = re.search(r'<pre class="proof-text" id="proof-text">(.*?)</pre>', page, re.S)
    assert match, "no signature on the proof page"
    return "".join(match.group(1).split())


@pytest.fixture
def filed(client, jpeg):
    code = code_of(send(client, files=[jpeg("scan.jpg")], identity="named",
                        name="Hoàng Thị Kín", phone="0987654321"))
    open_case(client, code, lang="en")
    page = client.get("/portal/en/case/proof/", REMOTE_ADDR=ADDRESS).content.decode()
    return Submission.objects.get(), _proof_text(page)


def test_the_proof_is_signed_over_the_digest_and_the_chain_entry(filed):
    submission, text_ = filed
    proof = proofs.check(text_)
    assert proof.kind == "portal-filing"
    assert proof.digest == proofs.submission_digest(submission)
    entry = AuditEntry.objects.for_object(submission).get(action="create")
    assert (proof.position, proof.head) == (entry.id, entry.hash)
    # Checked with nothing but the public key and the `cryptography` library (offline).
    _prefix, body, signature = text_.split(".")
    Ed25519PublicKey.from_public_bytes(bytes.fromhex(proofs.public_key_text())).verify(
        unb64(signature), unb64(body))
    # The signed text names nothing but the digest, the time and the chain entry.
    payload = json.loads(unb64(body))
    assert set(payload) == {"v", "kind", "digest", "at", "audit", "key"}
    assert submission.reference not in text_ and submission.reference not in str(payload)


def test_a_changed_or_forged_proof_is_refused(filed):
    _submission, text_ = filed
    prefix, body, signature = text_.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["at"] = "2020-01-01T00:00:00Z"  # backdated
    forged = base64.urlsafe_b64encode(proofs.canonical(payload)).rstrip(b"=").decode()
    for bad in (f"{prefix}.{forged}.{signature}", text_[:-4] + "AAAA", "OVS1.abc", "hello"):
        with pytest.raises(proofs.ProofError):
            proofs.check(bad)
    # Control: the same text unchanged passes, with line breaks as copied from paper.
    assert proofs.check("\n".join(proofs.wrapped(text_, 40))).text == text_


def test_another_key_does_not_verify(filed, settings, tmp_path):
    _submission, text_ = filed
    settings.PROOF_SIGNING_KEY_FILE = str(tmp_path / "other.pem")
    with pytest.raises(proofs.ProofError):
        proofs.check(text_)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_public_page_checks_a_proof_and_reveals_nothing(client, filed, lang):
    submission, text_ = filed
    client.cookies.clear()  # anyone: no case cookie
    before = AuditEntry.objects.count()
    page = client.get(f"/portal/{lang}/verify/")
    assert page.status_code == 200 and page["Content-Language"] == lang
    assert proofs.public_key_text() in page.content.decode()
    answer = client.post(f"/portal/{lang}/verify/", {"proof": text_})
    assert answer.status_code == 200
    shown = text(answer)
    assert ("This proof is genuine" if lang == "en" else "Bằng chứng này là thật") in shown
    assert proofs.check(text_).digest in shown
    for secret in (submission.reference, submission.subject, submission.content[:30],
                   "Hoàng Thị Kín", "scan.jpg", submission.unit.name):
        assert secret not in shown
    assert AuditEntry.objects.count() == before  # nothing recorded about who checked
    refused = client.post(f"/portal/{lang}/verify/", {"proof": text_[:-6] + "AAAAAA"})
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.content.decode()


def test_the_check_does_not_touch_the_database(client, filed, django_assert_num_queries):
    """The page checks the signature only: it does not look the report up, so its answer
    cannot depend on (or tell) whether the report still exists, and it works offline."""
    _submission, text_ = filed
    with django_assert_num_queries(0):
        answer = client.post("/portal/en/verify/", {"proof": text_})
    assert b"This proof is genuine" in answer.content


def test_the_commands_print_the_key_and_check_a_proof(filed, monkeypatch, capsys):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    _submission, text_ = filed
    call_command("audit", "proof-key")
    assert capsys.readouterr().out.strip() == proofs.public_key_text()
    monkeypatch.setattr("sys.stdin", io.StringIO(text_))
    call_command("audit", "check-proof")
    assert "still in the audit chain" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(text_[:-4] + "AAAA"))
    with pytest.raises(CommandError, match="Not a valid proof"):
        call_command("audit", "check-proof")

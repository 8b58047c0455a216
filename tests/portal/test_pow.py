"""The proof of work and its no-JavaScript fallback: what is refused, what is accepted, and
that a challenge serves exactly one stored report."""

from __future__ import annotations

import hashlib
import time

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from oversight.portal import pow
from oversight.portal.models import SpentChallenge, Submission
from tests.portal.helpers import NOTHING, counts, send, text

pytestmark = pytest.mark.django_db

NOJS_MESSAGE = "did not run the anti-flood check"
EXPIRED_MESSAGE = "The form expired."
SPENT_MESSAGE = "This form was already sent."


def wrong_solution(challenge: str) -> str:
    bits = signing.loads(challenge, salt=pow.SALT)["d"]
    n = 0
    while pow.solves(challenge, str(n), bits):
        n += 1
    return str(n)


# --- unit -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "bits"), [
    (b"", 0), (b"\x80", 0), (b"\x40", 1), (b"\x0f\xff", 4), (b"\x01", 7), (b"\x00\x80", 8),
    (b"\x00\x00\x01", 23), (bytes(32), 256),
])
def test_leading_zero_bits(data, bits):
    assert pow.leading_zero_bits(data) == bits


def test_solves_checks_the_digest_and_refuses_what_is_not_a_number(settings):
    settings.PORTAL_POW_BITS = 8
    challenge = pow.issue()
    answer = pow.solve(challenge)
    digest = hashlib.sha256(f"{challenge}:{answer}".encode()).digest()
    assert pow.leading_zero_bits(digest) >= 8
    assert pow.solves(challenge, answer, 8)
    assert not pow.solves(challenge, wrong_solution(challenge), 8)
    for bad in ("", "-1", "1e3", " 1", "1" * 21, "١٢"):
        assert not pow.solves(challenge, bad, 0)
    assert pow.solves(challenge, "123", 0)  # no work asked: any number


def test_check_with_frozen_time(settings):
    settings.PORTAL_NOJS_WAIT = 30
    settings.PORTAL_POW_MAX_AGE = 3600
    issued = 1_800_000_000.0
    challenge = pow.issue(now=issued)
    wrong = wrong_solution(challenge)
    early = pow.check(challenge, "", now=issued + 10)
    assert (early.ok, early.reason, early.wait) == (False, "early", 21)
    assert pow.check(challenge, wrong, now=issued + 29).reason == "early"
    waited = pow.check(challenge, "", now=issued + 30)
    assert waited.ok and not waited.proof
    solved = pow.check(challenge, pow.solve(challenge), now=issued + 1)
    assert solved.ok and solved.proof
    assert pow.check(challenge, pow.solve(challenge), now=issued + 3601).reason == "expired"
    tampered = challenge[:-2] + ("AA" if challenge[-2:] != "AA" else "BB")
    assert pow.check(tampered, pow.solve(challenge), now=issued + 1).reason == "bad"
    forged = signing.dumps({"n": "x", "t": int(issued), "d": 0}, salt="other")
    assert pow.check(forged, "1", now=issued + 1).reason == "bad"
    assert pow.check("", "", now=issued).reason == "bad"
    assert pow.spend(challenge)
    assert not pow.spend(challenge)  # a second spender loses
    assert pow.check(challenge, pow.solve(challenge), now=issued + 1).reason == "spent"
    pow.unspend(challenge)
    assert pow.check(challenge, pow.solve(challenge), now=issued + 1).ok


def test_the_challenge_asks_for_the_configured_work(settings):
    settings.PORTAL_POW_BITS = 16
    assert signing.loads(pow.issue(), salt=pow.SALT)["d"] == 16


# --- through the form -----------------------------------------------------------------------

@pytest.mark.parametrize("answer", ["", "wrong"])
def test_no_or_wrong_solution_before_the_wait_is_refused(client, jpeg, settings, answer):
    settings.PORTAL_NOJS_WAIT = 30
    challenge = pow.issue()
    solution = wrong_solution(challenge) if answer == "wrong" else ""
    response = send(client, files=[jpeg()], lang="en", challenge=challenge, pow=solution)
    assert response.status_code == 400
    assert NOJS_MESSAGE in text(response) and "wait" in text(response)
    assert counts() == NOTHING
    assert not SpentChallenge.objects.exists()
    assert challenge in text(response)  # the same challenge: waiting is enough


def test_without_javascript_the_form_is_accepted_after_the_wait(client, settings):
    settings.PORTAL_NOJS_WAIT = 30
    challenge = pow.issue(now=time.time() - 31)
    response = send(client, challenge=challenge, pow="")
    assert response.status_code == 200, text(response)[:2000]
    assert Submission.objects.get().proof_of_work is False


def test_no_wait_configured_accepts_at_once_without_proof(client, settings):
    settings.PORTAL_NOJS_WAIT = 0
    assert send(client, pow="").status_code == 200
    assert Submission.objects.get().proof_of_work is False


def test_with_the_proof_of_work_the_form_is_accepted_at_once(client, settings):
    settings.PORTAL_NOJS_WAIT = 3600
    assert send(client).status_code == 200
    assert Submission.objects.get().proof_of_work is True


def test_a_challenge_serves_one_report(client):
    challenge = pow.issue()
    solution = pow.solve(challenge)
    assert send(client, challenge=challenge, pow=solution).status_code == 200
    response = send(client, lang="en", challenge=challenge, pow=solution)
    assert response.status_code == 400
    assert SPENT_MESSAGE in text(response)
    assert Submission.objects.count() == 1
    assert challenge not in text(response)  # a fresh challenge to send again with


@pytest.mark.parametrize("how", ["tampered", "expired", "missing"])
def test_tampered_expired_or_missing_challenge_is_refused(client, settings, how):
    settings.PORTAL_POW_MAX_AGE = 3600
    if how == "tampered":
        good = pow.issue()
        payload = signing.loads(good, salt=pow.SALT)
        payload["d"] = 0  # ask for no work, keep the signature
        head, _, signature = good.rpartition(":")
        challenge = signing.dumps(payload, salt=pow.SALT, compress=False).rpartition(":")[0] \
            + ":" + signature
        solution = "1"
    elif how == "expired":
        challenge = pow.issue(now=time.time() - 3601)
        solution = pow.solve(challenge)
    else:
        challenge, solution = "", ""
    response = send(client, lang="en", challenge=challenge, pow=solution)
    assert response.status_code == 400
    body = text(response)
    assert EXPIRED_MESSAGE in body or "This field is required" in body
    assert counts() == NOTHING and not SpentChallenge.objects.exists()


def test_a_refused_submission_does_not_spend_its_challenge(client, jpeg):
    challenge = pow.issue()
    solution = pow.solve(challenge)
    disguised = SimpleUploadedFile("scan.pdf", b"<html><script>alert(1)</script></html>",
                                   content_type="application/pdf")
    response = send(client, files=[disguised], lang="en", challenge=challenge, pow=solution)
    assert response.status_code == 400
    assert "scan.pdf" in text(response)
    assert counts() == NOTHING and not SpentChallenge.objects.exists()
    # Fixed (the file removed), the same form goes through.
    response = send(client, files=[jpeg()], challenge=challenge, pow=solution)
    assert response.status_code == 200, text(response)[:2000]
    assert SpentChallenge.objects.count() == 1


def test_a_rate_limited_submission_does_not_spend_its_challenge(client, settings):
    settings.PORTAL_REPORTS_PER_ADDRESS = 1
    assert send(client).status_code == 200
    challenge = pow.issue()
    solution = pow.solve(challenge)
    assert send(client, challenge=challenge, pow=solution).status_code == 429
    assert send(client, challenge=challenge, pow=solution,
                address="198.51.100.9").status_code == 200

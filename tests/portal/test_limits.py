"""Rate limits, quotas and the hold for review: a flood stores nothing and fills nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from oversight.portal import limits
from oversight.portal.models import (
    Counter,
    Message,
    SpentChallenge,
    Submission,
    SubmissionState,
)
from tests.portal.conftest import jpeg_bytes
from tests.portal.helpers import (
    ADDRESS,
    code_of,
    counts,
    open_case,
    production_settings,
    send,
    text,
)

pytestmark = pytest.mark.django_db

OTHER = "198.51.100.7"


def assert_limited(response):
    assert response.status_code == 429, text(response)[:2000]
    wait = int(response["Retry-After"])
    assert 1 <= wait <= 24 * 3600
    # in the page's own language (the tests do not depend on the interface language)
    with translation.override(response["Content-Language"]):
        assert translation.gettext("Nothing you typed was stored.") in text(response)


def test_sixth_report_from_one_address_in_an_hour_is_refused_and_nothing_is_stored(
        client, jpeg, settings):
    settings.PORTAL_REPORTS_PER_ADDRESS = 5
    for _ in range(5):
        assert send(client, files=[jpeg()], lang="en").status_code == 200
    before = counts()
    assert before["submissions"] == 5 and before["on_disk"] == 5
    response = send(client, files=[jpeg()], lang="en")
    assert_limited(response)
    assert int(response["Retry-After"]) <= 3600
    assert "Too many requests were sent from this connection." in text(response)
    assert counts() == before  # no submission, petition, evidence row or file on disk
    assert SpentChallenge.objects.count() == 5  # the refused form's challenge is given back
    # Another address is still welcome.
    assert send(client, files=[jpeg()], address=OTHER).status_code == 200
    assert Submission.objects.count() == 6


def test_production_limits_are_the_issues(monkeypatch, tmp_path):
    production = production_settings(monkeypatch, tmp_path)
    assert production.PORTAL_REPORTS_PER_ADDRESS == 5
    assert production.PORTAL_FILES_PER_ADDRESS == 120
    assert production.PORTAL_HOLD_AFTER == 20
    assert 0 < production.PORTAL_CODE_FAILURES <= 10
    assert production.PORTAL_NOJS_WAIT > 0 and production.PORTAL_POW_BITS >= 16
    assert production.PORTAL_FILE_BYTES_PER_DAY >= production.PORTAL_FILE_MAX_BYTES


def test_counters_know_an_address_only_by_a_keyed_hash(client):
    assert send(client).status_code == 200
    keys = set(Counter.objects.values_list("key", flat=True))
    assert keys and limits.EVERYONE in keys
    assert not any(ADDRESS in key for key in keys)
    assert all(len(key) == 32 for key in keys - {limits.EVERYONE})


def test_files_per_address(client, jpeg, settings):
    settings.PORTAL_FILES_PER_ADDRESS = 2
    assert send(client, files=[jpeg("a.jpg"), jpeg("b.jpg")]).status_code == 200
    before = counts()
    assert_limited(send(client, files=[jpeg("c.jpg")]))
    assert counts() == before
    # Reports without files are still accepted, and another address may send files.
    assert send(client).status_code == 200
    assert send(client, files=[jpeg("d.jpg")], address=OTHER).status_code == 200
    # One report with more files than the whole allowance is refused at once.
    before = counts()
    assert_limited(send(client, files=[jpeg("e.jpg"), jpeg("f.jpg"), jpeg("g.jpg")],
                        address="192.0.2.10"))
    assert counts() == before


def test_files_per_address_also_bound_added_evidence(client, jpeg, settings):
    settings.PORTAL_FILES_PER_ADDRESS = 1
    code = code_of(send(client, files=[jpeg()]))
    open_case(client, code)
    before = counts()
    response = client.post("/portal/vi/case/evidence/", {"files": [jpeg("more.jpg")]},
                           REMOTE_ADDR=ADDRESS)
    assert_limited(response)
    assert counts() == before


def test_messages_per_address(client, settings):
    settings.PORTAL_MESSAGES_PER_ADDRESS = 2
    code = code_of(send(client))
    open_case(client, code)
    for n in range(2):
        response = client.post("/portal/vi/case/reply/", {"body": f"Thêm thông tin {n}"},
                               REMOTE_ADDR=ADDRESS)
        assert response.status_code == 302
    assert_limited(client.post("/portal/vi/case/reply/", {"body": "Lần thứ ba"},
                               REMOTE_ADDR=ADDRESS))
    assert Message.objects.count() == 2
    assert client.post("/portal/vi/case/reply/", {"body": "Từ mạng khác"},
                       REMOTE_ADDR=OTHER).status_code == 302


def test_flood_is_held_then_refused_when_the_held_queue_is_full(client, settings):
    settings.PORTAL_HOLD_AFTER = 2
    settings.PORTAL_HELD_MAX = 1
    addresses = [f"192.0.2.{n}" for n in range(1, 5)]
    for address in addresses[:2]:
        assert send(client, address=address).status_code == 200
    assert Submission.objects.filter(state=SubmissionState.FILED).count() == 2
    response = send(client, address=addresses[2], lang="en")
    assert response.status_code == 200
    assert "reviewed by an officer before it is registered" in text(response)
    held = Submission.objects.get(state=SubmissionState.HELD)
    assert held.petition is None and held.held_reason == "flood"
    before = counts()
    assert before["petitions"] == 2
    response = send(client, address=addresses[3], lang="en")
    assert_limited(response)
    assert "unusual number of reports" in text(response)
    assert counts() == before


def test_daily_file_bytes_quota_refuses_files_and_says_to_send_without_them(
        client, jpeg, settings):
    settings.PORTAL_FILE_BYTES_PER_DAY = len(jpeg_bytes()) * 3 // 2
    assert send(client, files=[jpeg()]).status_code == 200
    before = counts()
    response = send(client, files=[jpeg()], address=OTHER, lang="en")
    assert_limited(response)
    assert "Send your report without files" in text(response)
    assert counts() == before
    assert send(client, address=OTHER).status_code == 200  # without files it goes through


def test_purge_forgets_old_counters_and_spent_challenges():
    old = timezone.now() - dt.timedelta(days=3)
    Counter.objects.create(bucket="report", key="k", window=old, count=3)
    Counter.objects.create(bucket="report", key="k", window=timezone.now(), count=1)
    SpentChallenge.objects.create(nonce="old", spent_at=old)
    SpentChallenge.objects.create(nonce="new")
    assert limits.purge() == 2
    assert Counter.objects.count() == 1 and SpentChallenge.objects.get().nonce == "new"

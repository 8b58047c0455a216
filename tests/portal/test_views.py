"""The staff side: the conversation on the petition page, the held queue, scope."""

from __future__ import annotations

import pytest

from oversight.audit.models import AuditEntry
from oversight.petitions.models import Petition
from oversight.portal.models import Message, Sender, Submission, SubmissionState

pytestmark = pytest.mark.django_db


def test_officer_writes_to_the_submitter_and_it_is_audited(post_report, web, nghean, hanoi):
    assert post_report().status_code == 200
    petition = Petition.objects.get()
    page = web(nghean).get(f"/petitions/{petition.pk}/")
    assert b'id="portal-conversation"' in page.content
    response = web(nghean).post(f"/petitions/portal/messages/{petition.pk}/",
                                {"body": "Ông/bà có biết ai chứng kiến việc thu tiền không?"})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.sender == Sender.OFFICER and message.author == nghean
    entry = AuditEntry.objects.filter(action="portal.message").get()
    assert entry.user_id == nghean.pk and "chứng kiến" not in str(entry.changes) + str(
        entry.detail)
    assert entry.detail["sha256"]
    # another province sees neither the petition nor may write to its submitter
    assert web(hanoi).post(f"/petitions/portal/messages/{petition.pk}/",
                           {"body": "x"}).status_code == 404
    assert Message.objects.count() == 1


def test_held_queue_is_scoped_and_release_files_a_petition(post_report, settings, web,
                                                           nghean, hanoi):
    settings.PORTAL_HOLD_AFTER = 0
    assert post_report().status_code == 200
    held = Submission.objects.get()
    assert held.state == SubmissionState.HELD
    assert held.subject.encode() in web(nghean).get("/petitions/portal/").content
    assert held.subject.encode() not in web(hanoi).get("/petitions/portal/").content
    assert web(hanoi).post(f"/petitions/portal/{held.pk}/release/").status_code == 404
    response = web(nghean).post(f"/petitions/portal/{held.pk}/release/", {"note": "thật"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.state == SubmissionState.FILED and held.petition.unit == nghean.unit


def test_discard_needs_a_reason(post_report, settings, web, nghean):
    settings.PORTAL_HOLD_AFTER = 0
    post_report()
    held = Submission.objects.get()
    web(nghean).post(f"/petitions/portal/{held.pk}/discard/", {"note": ""})
    held.refresh_from_db()
    assert held.state == SubmissionState.HELD
    web(nghean).post(f"/petitions/portal/{held.pk}/discard/", {"note": "quảng cáo"})
    held.refresh_from_db()
    assert held.state == SubmissionState.DISCARDED and Petition.objects.count() == 0


def test_daily_task_forgets_old_counters():
    import datetime as dt

    from django.utils import timezone

    from oversight.ops.tasks import daily
    from oversight.portal.models import Counter

    old = Counter.objects.create(bucket="report", key="k", count=3,
                                 window=timezone.now() - dt.timedelta(days=3))
    recent = Counter.objects.create(bucket="report", key="k", count=1,
                                    window=timezone.now().replace(minute=0, second=0,
                                                                  microsecond=0))
    daily(now=True)
    assert not Counter.objects.filter(pk=old.pk).exists()
    assert Counter.objects.filter(pk=recent.pk).exists()

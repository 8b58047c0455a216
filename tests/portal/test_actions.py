"""The portal's actions called directly (portal/actions.py), as its pages and the staff pages
call them: filing, holding and releasing, discarding, the conversation; and the reads
(portal/lookup.py) that find what they wrote."""

from __future__ import annotations

import pytest

from oversight.core.errors import RuleError
from oversight.petitions.models import Petition
from oversight.portal import actions, lookup
from oversight.portal.choices import Sender, SubmissionState
from oversight.portal.models import Message
from oversight.units.models import Unit

pytestmark = pytest.mark.django_db


def _file(settings, hold: bool = False, **fields):
    settings.PORTAL_HOLD_AFTER = 0 if hold else 1000
    fields.setdefault("subject", "Thu tiền trái phép ở xã Nghi Lộc")
    return actions.file_report(unit=Unit.objects.get(code="nghe_an"), kind="denunciation",
                               content="Cán bộ xã thu tiền khi cấp giấy.", key="test-1",
                               **fields)


def test_a_report_is_filed_as_a_petition_and_found_by_its_code(settings):
    submission, code = _file(settings)
    assert submission.state == SubmissionState.FILED and submission.petition is not None
    assert lookup.find(code) == submission
    assert lookup.submission_for(submission.petition) == submission
    assert lookup.citizen_status(submission)["code"] == submission.petition.status


def test_held_then_released_files_it(settings, nghean):
    submission, code = _file(settings, hold=True)
    assert submission.state == SubmissionState.HELD and Petition.objects.count() == 0
    assert lookup.citizen_status(submission)["code"] == "held"
    petition = actions.release(submission, by=nghean, note="thật")
    submission.refresh_from_db()
    assert (submission.state, submission.reviewed_by, submission.petition) == (
        SubmissionState.FILED, nghean, petition)
    with pytest.raises(RuleError):  # released once
        actions.release(submission, by=nghean)


def test_discarding_needs_a_reason_and_ends_the_conversation(settings, nghean):
    submission, _code = _file(settings, hold=True)
    with pytest.raises(RuleError) as refused:
        actions.discard(submission, by=nghean, note="  ")
    assert refused.value.field == "note"
    actions.discard(submission, by=nghean, note="quảng cáo")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DISCARDED and Petition.objects.count() == 0
    with pytest.raises(RuleError):
        actions.post_message(submission, body="Xin chào", sender=Sender.CITIZEN)
    assert not Message.objects.exists()


def test_messages_are_kept_and_read(settings, nghean):
    submission, _code = _file(settings)
    with pytest.raises(RuleError):
        actions.post_message(submission, body=" ", sender=Sender.OFFICER, author=nghean)
    message = actions.post_message(submission, body="Ông/bà có ảnh không?",
                                   sender=Sender.OFFICER, author=nghean)
    assert message.author == nghean and message.read_at is None
    actions.mark_read_by_citizen(submission)
    message.refresh_from_db()
    assert message.read_at is not None

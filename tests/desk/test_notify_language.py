"""A notice is said in its reader's language, not in the language of whoever caused it (issue
15): a head browsing in English assigns a petition to an officer who works in Vietnamese; the
officer's list and API say it in Vietnamese under Vietnamese and in English under English. The
same for the units named in a notice, an escalation step (its label, the "working days left"
plural, the record kind) and the daily digest. Notices stored before (no `message`) keep their
text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from oversight.accounts.roles import Role
from oversight.core.models import Notification
from oversight.core.notify import Phrase, notify
from oversight.petitions.models import Petition
from oversight.units.models import Unit

SUBJECT = "Khiếu nại về bồi thường đất"
ENGLISH = f"Petition “{SUBJECT}” was assigned to you by Trần Thị Bình."
VIETNAMESE = f"Đơn “{SUBJECT}” được Trần Thị Bình giao cho đồng chí."


@pytest.fixture
def an(make_user):
    return make_user("an", "nghe_an", display_name="Nguyễn Văn An")


@pytest.fixture
def head(make_user):
    return make_user("head", "nghe_an", roles=(Role.HEAD,), display_name="Trần Thị Bình")


def said(note: Notification, language: str) -> str:
    with translation.override(language):
        return note.sentence


def test_a_notice_caused_in_english_reads_in_the_readers_language(api, web, head, an,
                                                                   make_petition):
    petition = make_petition(subject=SUBJECT)
    by_head = api(head)
    by_head.cookies["oversight_language"] = "en"  # the language switch
    response = by_head.post(f"/api/petitions/{petition.pk}/assign/", {"assignee": "an"},
                            format="json")
    assert response.status_code == 200, response.content
    note = Notification.objects.get(user=an, kind="assigned")
    # The control: the sentence as first said, all that the notice used to keep and show, is
    # the head's English; a Vietnamese reader was shown it as is.
    assert note.text == ENGLISH

    def from_api(language: str) -> str:
        reader = api(an)
        reader.cookies["oversight_language"] = language
        return reader.get("/api/notifications/").json()["results"][0]["text"]

    assert from_api("vi") == VIETNAMESE
    assert from_api("en") == ENGLISH
    page = web(an)
    page.cookies["oversight_language"] = "vi"
    shown = page.get("/petitions/notifications/").content.decode()
    assert VIETNAMESE in shown and ENGLISH not in shown
    page.cookies["oversight_language"] = "en"
    shown = page.get("/petitions/notifications/").content.decode()
    assert ENGLISH in shown and VIETNAMESE not in shown


def test_the_units_named_in_a_notice_are_said_in_the_readers_language(make_petition, nghean,
                                                                      make_user, checklist):
    from oversight.petitions import actions

    officer = make_user("hn_officer", "ha_noi")
    nghe_an = Unit.objects.get(code="nghe_an")
    assert nghe_an.name_vi != nghe_an.name_en
    petition = make_petition(kind="denunciation", subject=SUBJECT)
    petition = actions.classify(petition, by=nghean, checklist=checklist(petition.kind),
                                on=dt.date(2025, 3, 4))
    with translation.override("en"):  # the sender works in English
        actions.transfer(petition, by=nghean, to_unit=Unit.objects.get(code="ha_noi"),
                         reason="Không thuộc thẩm quyền")
    note = Notification.objects.get(user=officer, kind="transferred")
    assert said(note, "vi") == f"{nghe_an.name_vi} chuyển đơn “{SUBJECT}” đến đơn vị đồng chí."
    assert said(note, "en") == (f"{nghe_an.name_en} transferred petition “{SUBJECT}” to your "
                                "unit.")
    assert note.text == said(note, "en")  # first said in the sender's language


def test_an_escalation_notice_and_the_digest_follow_the_reader(make_petition, make_user):
    from oversight.petitions import actions
    from oversight.web.mywork import send_deadline_digests
    from oversight.workcalendar import escalation

    officer = make_user("can_bo", "nghe_an")
    petition = make_petition(kind="complaint", received_on=dt.date(2025, 12, 15))
    actions.assign(petition, by=None, assignee=officer)
    Petition.objects.filter(pk=petition.pk).update(next_due=dt.date(2026, 1, 5))
    with translation.override("en"):
        assert escalation.apply(dt.date(2025, 12, 29))
        assert send_deadline_digests(dt.date(2025, 12, 29)) == 1
    step = Notification.objects.get(user=officer, kind="escalated")
    assert "3 working days left" in step.text  # the control: first said in English
    assert "còn 3 ngày làm việc" in said(step, "vi") and "Đơn" in said(step, "vi")
    assert "working days" not in said(step, "vi")
    assert "3 working days left" in said(step, "en")
    digest = Notification.objects.get(user=officer, kind="deadline_soon")
    assert said(digest, "vi").startswith("1 việc đến hạn trong 3 ngày làm việc")
    assert said(digest, "en").startswith("1 item is due within 3 working days")
    assert digest.text == said(digest, "en")


def test_phrases_nest_and_a_notice_from_before_keeps_its_text(nghean):
    old = Notification.objects.create(user=nghean, text="Đơn cũ đã quá hạn.")
    assert said(old, "en") == said(old, "vi") == "Đơn cũ đã quá hạn."
    notify(nghean, "general", None, Phrase("%(items)s%(more)s",
                                           items=Phrase.ngettext("%(n)d working day left",
                                                                 "%(n)d working days left", 2),
                                           more=Phrase("; and more.")))
    note = Notification.objects.get(user=nghean, message__isnull=False)
    assert said(note, "en") == "2 working days left; and more."
    assert said(note, "vi") == "còn 2 ngày làm việc; và các việc khác."
    # a translation that does not fit its parameters falls back to the English message
    broken = Notification.objects.create(user=nghean, text="x", message={
        "m": "Petition “%(subject)s” was assigned to you by %(by)s.", "p": {"subject": "S"}})
    assert said(broken, "vi") == "Petition “%(subject)s” was assigned to you by %(by)s."


def test_notices_from_before_get_their_phrase_back(nghean):
    """Migration petitions 0016 reads the phrase out of a stored sentence, English or
    Vietnamese; a free sentence is left as it is."""
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module(
        "oversight.petitions.migrations.0016_notification_message_fill")
    english = Notification.objects.create(
        user=nghean, text="Petition “Đơn A” was assigned to you by Trần Thị Bình.")
    vietnamese = Notification.objects.create(
        user=nghean, text="Ban Nội chính Thành ủy Hà Nội chuyển đơn “Đơn B” đến đơn vị đồng chí.")
    free = Notification.objects.create(user=nghean, text="Một câu tự do.")
    # the control: before the migration each is shown as stored, whatever the reader's language
    assert said(english, "vi") == english.text and said(vietnamese, "en") == vietnamese.text
    from oversight.base.acting import suspended

    state = MigrationLoader(connection).project_state(
        ("petitions", "0016_notification_message_fill"))
    with suspended():  # a migration's writes, not an action
        migration.fill(state.apps, None)
    for note in (english, vietnamese, free):
        note.refresh_from_db()
    assert said(english, "vi") == "Đơn “Đơn A” được Trần Thị Bình giao cho đồng chí."
    assert said(english, "en") == english.text
    assert said(vietnamese, "en") == ("Ban Nội chính Thành ủy Hà Nội transferred petition “Đơn B” "
                                      "to your unit.")
    assert free.message is None and said(free, "en") == "Một câu tự do."

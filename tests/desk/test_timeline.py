"""The petition's timeline in sentences with the actor's full name and a Vietnamese date-time;
the deadline table marks steps done and shows days left."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import override

from oversight.accounts.roles import Role
from oversight.petitions import actions, timeline


def test_timeline_sentences_name_the_actor_and_the_deadline_set(make_petition, make_user,
                                                               checklist, web):
    an = make_user("an", "nghe_an", display_name="Nguyễn Văn An")
    head = make_user("truong", "nghe_an", roles=(Role.HEAD,), display_name="Trần Thị Bình")
    today = timezone.localdate()
    p = make_petition(kind="denunciation", by=an, imported=False,
                      received_on=today - dt.timedelta(days=3))
    p = actions.classify(p, by=an, checklist=checklist(p.kind), on=today - dt.timedelta(days=2))
    p = actions.accept(p, by=an, on=today - dt.timedelta(days=1))
    actions.assign(p, by=head, assignee=an)
    with override("vi"):
        lines = timeline.lines(p)
    sentences = [line.sentence for line in lines]
    accepted = next(s for s in sentences if s.startswith("Nguyễn Văn An thụ lý đơn"))
    assert accepted == f"Nguyễn Văn An thụ lý đơn; hạn giải quyết {p.settlement_due:%d/%m/%Y}"
    assert "Trần Thị Bình giao đơn cho Nguyễn Văn An" in sentences
    assert any(s.startswith("Nguyễn Văn An tiếp nhận đơn") for s in sentences)
    assert all("→" not in s and "_id" not in s for s in sentences)
    assert " ngày " in lines[0].when  # "14:05 ngày 03/12/2026"
    page = web(an).get(f"/petitions/{p.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert accepted in page
    # the page's views of the record stay out of the timeline
    web(an).get(f"/petitions/{p.pk}/")
    with override("vi"):
        again = timeline.lines(p)
    assert len(again) == len(lines)
    with override("en"):
        english = [line.sentence for line in timeline.lines(p)]
    assert f"Nguyễn Văn An accepted the petition; settlement due {p.settlement_due:%d/%m/%Y}" \
        in english


def test_deadline_table_marks_steps_done_and_days_left(make_petition, make_user, checklist,
                                                       web):
    an = make_user("an", "nghe_an")
    today = timezone.localdate()
    p = make_petition(kind="denunciation", imported=False,
                      received_on=today - dt.timedelta(days=3))
    p = actions.classify(p, by=an, checklist=checklist(p.kind), on=today - dt.timedelta(days=2))
    p = actions.accept(p, by=an, on=today - dt.timedelta(days=1))
    response = web(an).get(f"/petitions/{p.pk}/")
    rows = {r["field"]: r for r in response.context["deadline_rows"]}
    assert rows["settlement_due"]["running"] and not rows["settlement_due"]["done"]
    assert rows["processing_due"]["done"]  # classification is behind the petition
    html = response.content.decode()
    assert "step-done" in html and "days-left" in html

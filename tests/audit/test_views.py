"""The History card of a record's page reads as sentences (issue 15): the actor's full name, a
dd/mm/yyyy HH:MM date-time, fields by their verbose names and values by their labels; no raw
keys (`unit_id`), no ISO dates, no rows for views of protected records, and no record the
reader may not see named in a change."""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import override

from oversight.audit import sentences
from oversight.audit.choices import Action
from oversight.audit.models import AuditEntry
from oversight.base.acting import acting
from oversight.petitions import actions
from oversight.petitions.choices import Status
from oversight.petitions.models import Petition
from tests.petitions.conftest import full_checklist

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
MARK = "MẬT-TRÙNG-7781"


def _card(html: str) -> str:
    return html.split('id="history"', 1)[1].split("</ul></div>", 1)[0]


def _reads_as_sentences(card: str, name: str) -> bool:
    """What a user reads: the full name, a Vietnamese date, no raw field names, ISO dates,
    status codes or view rows."""
    today = timezone.localdate().strftime("%d/%m/%Y")
    return (name in card and today in card and "unit_id" not in card
            and "assignee_id" not in card and not ISO.search(card)
            and "status: received" not in card and "view_sensitive" not in card
            and "Đã xem hồ sơ" not in card and "Viewed a protected" not in card)


def test_the_history_card_reads_as_sentences(make_petition, make_user, web):
    an = make_user("an", "nghe_an", display_name="Nguyễn Văn An")
    with acting(user=an):  # as the requests of An's pages would
        p = make_petition(kind="denunciation", by=an, imported=False,
                          received_on=timezone.localdate())
        p = actions.classify(p, by=an, checklist=full_checklist(p.kind),
                             on=timezone.localdate())
        p = actions.assign(p, by=an, assignee=an)
    # a duplicate of a secret petition of the same unit, which An is not entitled to see
    secret = make_petition(kind="complaint", subject=MARK, security_classification="secret")
    p.duplicate_of = secret
    p.save()
    client = web(an)
    client.get(f"/petitions/{p.pk}/")  # a view of a protected record (a denunciation)
    assert AuditEntry.objects.for_object(p).filter(action="view_sensitive").exists()

    card = _card(client.get(f"/petitions/{p.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode())
    assert _reads_as_sentences(card, "Nguyễn Văn An")
    assert "Nguyễn Văn An thay đổi trạng thái" in card
    with override("vi"):
        status = str(Petition._meta.get_field("status").verbose_name)
        received, classified = Status.RECEIVED.label, Status.CLASSIFIED.label
        assignee = str(Petition._meta.get_field("assignee").verbose_name)
        unit = str(Petition._meta.get_field("unit").verbose_name)
    assert f"{status.capitalize()} đổi từ {received} thành {classified}" in card
    assert f"{assignee.capitalize()}: Nguyễn Văn An" in card or \
        f"{assignee.capitalize()} được đặt là Nguyễn Văn An" in card
    assert f"{unit.capitalize()}: {p.unit.name}" in card  # the creation's values, by name
    assert MARK not in card and "bản ghi bạn không được xem" in card
    # the control: the same entries in the raw form fail the test
    raw = "".join(f"{e.username} {e.at.isoformat()} {e.action} "
                  + " ".join(f"<code>{k}</code>: {v}" for k, v in e.changes.items())
                  for e in AuditEntry.objects.for_object(p))
    assert not _reads_as_sentences(raw, "Nguyễn Văn An")


def test_the_same_in_english(make_petition, make_user, web):
    an = make_user("an", "nghe_an", display_name="Nguyễn Văn An")
    with acting(user=an):
        p = make_petition(by=an, imported=False, received_on=timezone.localdate())
        p = actions.classify(p, by=an, checklist=full_checklist(p.kind),
                             on=timezone.localdate())
    with override("en"):
        lines = sentences.history(p, an)
    assert lines[0].sentence == "Nguyễn Văn An changed the status"
    assert "Status changed from Received to Classified" in lines[0].changes
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Classified on set to {today}" in [t for line in lines for t in line.changes]
    assert lines[-1].sentence == "Nguyễn Văn An created the record" and lines[-1].created
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", lines[0].when)


def test_a_reader_on_the_access_list_sees_the_duplicate_named(make_petition, make_user, web):
    """The control of the withheld name: whoever may see the secret petition reads its title."""
    from oversight.accounts.roles import Role

    head = make_user("truong", "nghe_an", roles=(Role.OFFICER, Role.HEAD),
                     display_name="Trần Thị Bình")
    secret = make_petition(kind="complaint", subject=MARK, security_classification="confidential")
    p = make_petition(by=head, imported=False, received_on=timezone.localdate())
    p.duplicate_of = secret
    p.save()
    with override("en"):
        texts = [t for line in sentences.history(p, head) for t in line.changes]
    assert f"Duplicate of set to {MARK}" in texts


def test_the_auditors_log_reads_changes_in_words_and_keeps_the_views(make_petition, make_user,
                                                                    admin_user, web):
    an = make_user("an", "nghe_an", display_name="Nguyễn Văn An")
    with acting(user=an):
        p = make_petition(kind="denunciation", by=an, imported=False,
                          received_on=timezone.localdate())
        p = actions.classify(p, by=an, checklist=full_checklist(p.kind),
                             on=timezone.localdate())
    web(an).get(f"/petitions/{p.pk}/")  # a view, kept in the auditors' log
    body = web(admin_user).get(
        f"/audit/?object_type=petitions.petition&object_id={p.pk}").content.decode()
    with override("vi"):
        status = str(Petition._meta.get_field("status").verbose_name).capitalize()
        changed = f"{status} đổi từ {Status.RECEIVED.label} thành {Status.CLASSIFIED.label}"
        viewed = str(Action.VIEW_SENSITIVE.label)
    assert changed in body
    assert "[&#x27;received&#x27;" not in body and "unit_id" not in body  # no dump
    assert viewed in body  # unlike the History card

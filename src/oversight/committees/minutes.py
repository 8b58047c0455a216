"""A meeting's minutes as a Word document, rendered with docxtpl from a template an
administrator can replace (the active `MinutesTemplate`, else the default shipped with the
app, written by scripts/make_minutes_template.py).

The template receives: issuer, issuer_upper, date_line, title, kind, body, held_on, place,
chair, attendees (lines), agenda: [{number, title, notes, links: [str]}],
conclusions: [{number, text, directions: [{addressee, text, due_on, status}]}], and `t`, the
fixed words in the active language.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from oversight.committees.models import Meeting, MinutesTemplate
from oversight.core import rendering, stamps
from oversight.core.scoping import hidden_count, scoped_prefetch, visible
from oversight.matters.models import Direction, Matter
from oversight.petitions.models import Hotspot, Petition
from oversight.reports.documents import sentences

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "templates/committees/minutes_template.docx"

WORDS = {
    "vi": {"party": "ĐẢNG CỘNG SẢN VIỆT NAM", "minutes": "BIÊN BẢN",
           "chair": "Chủ trì", "attendees": "Thành phần tham dự", "place": "Địa điểm",
           "agenda": "NỘI DUNG", "conclusions": "KẾT LUẬN", "directions": "Giao nhiệm vụ",
           "due": "thời hạn", "secretary": "THƯ KÝ", "chair_sign": "CHỦ TRÌ"},
    "en": {"party": "COMMUNIST PARTY OF VIETNAM", "minutes": "MINUTES",
           "chair": "Chaired by", "attendees": "Attending", "place": "Place",
           "agenda": "AGENDA", "conclusions": "CONCLUSIONS", "directions": "Assigned",
           "due": "due", "secretary": "SECRETARY", "chair_sign": "CHAIR"},
}


def nested(meeting: Meeting, user) -> tuple[list, list]:
    """The meeting's agenda items (with their matters, petitions and hot spots) and its
    conclusions (with their directions), every nested row through the user's scope: the page,
    the minutes and the API show the same (a secret matter's title or its directions' texts
    only to who may open them)."""
    agenda = list(visible(user, meeting.agenda).prefetch_related(
        scoped_prefetch(user, "matters", Matter), scoped_prefetch(user, "petitions", Petition),
        scoped_prefetch(user, "hotspots", Hotspot)))
    directions = Direction.objects.select_related("addressee", "matter").order_by("due_on", "id")
    conclusions = list(visible(user, meeting.conclusions).prefetch_related(
        scoped_prefetch(user, "directions", directions)))
    return agenda, conclusions


def hidden(meeting: Meeting, user) -> int:
    """How many of the meeting's linked matters, petitions, hot spots and directions of the
    user's own unit the user may not see ("n records outside your access")."""
    return (hidden_count(user, Matter.objects.filter(agenda_items__meeting=meeting).distinct())
            + hidden_count(user, Petition.objects.filter(agenda_items__meeting=meeting)
                           .distinct())
            + hidden_count(user, Hotspot.objects.filter(agenda_items__meeting=meeting)
                           .distinct())
            + hidden_count(user, Direction.objects.filter(conclusion__meeting=meeting)))


def context(meeting: Meeting, user) -> dict:
    words = WORDS[sentences.lang()]
    agenda_items, conclusion_rows = nested(meeting, user)
    agenda = []
    for i, item in enumerate(agenda_items, 1):
        links = ([f"{_('Matter')}: {m.title}" for m in item.matters.all()]
                 + [f"{_('Petition')}: {p.subject}" for p in item.petitions.all()]
                 + [f"{_('Hot spot')}: {h.name}" for h in item.hotspots.all()])
        agenda.append({"number": i, "title": item.title, "notes": item.notes, "links": links})
    conclusions = []
    for i, c in enumerate(conclusion_rows, 1):
        conclusions.append({"number": i, "text": c.text, "directions": [
            {"addressee": d.addressee.name, "text": d.text,
             "due_on": d.due_on.strftime("%d/%m/%Y"),
             "status": str(d.get_current_status_display())}
            for d in c.directions.all()]})
    return {
        "issuer": meeting.unit.name,
        "issuer_upper": meeting.unit.name.upper(),
        "date_line": sentences.date_line(meeting.unit.place, meeting.held_on),
        "title": meeting.title,
        "kind": str(meeting.get_kind_display()),
        "body": str(meeting.get_body_display()),
        "held_on": meeting.held_on.strftime("%d/%m/%Y"),
        "place": meeting.place,
        "chair": meeting.chair,
        "attendees": [ln.strip() for ln in meeting.attendees.splitlines() if ln.strip()],
        "agenda": agenda,
        "conclusions": conclusions,
        "t": words,
    }


def render(meeting: Meeting, user) -> bytes:
    """The minutes, with the audit chain head in force now at the foot of every page and in
    the document's properties, as a report's Word file (issue 13)."""
    return rendering.render_replaceable(
        MinutesTemplate.objects.active(), DEFAULT_TEMPLATE, context(meeting, user),
        stamp=stamps.stamp(meeting.unit.name, classification=None))

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
from oversight.core import rendering
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


def template_source():
    active = MinutesTemplate.objects.active()
    return rendering.template_source(active.file if active else None, DEFAULT_TEMPLATE)


def _date_line(meeting: Meeting) -> str:
    d, town = meeting.held_on, meeting.unit.place
    if sentences.lang() == "en":
        return f"{town}, {d.day} {sentences._MONTHS_EN[d.month - 1]} {d.year}"
    from oversight.documents.context import date_line

    return date_line(town, d)  # the official documents' rule (Decree 30/2020)


def context(meeting: Meeting) -> dict:
    words = WORDS[sentences.lang()]
    agenda = []
    for i, item in enumerate(meeting.agenda.prefetch_related("matters", "petitions",
                                                             "hotspots"), 1):
        links = ([f"{_('Matter')}: {m.title}" for m in item.matters.all()]
                 + [f"{_('Petition')}: {p.subject}" for p in item.petitions.all()]
                 + [f"{_('Hot spot')}: {h.name}" for h in item.hotspots.all()])
        agenda.append({"number": i, "title": item.title, "notes": item.notes, "links": links})
    conclusions = []
    for i, c in enumerate(meeting.conclusions.prefetch_related("directions__addressee"), 1):
        conclusions.append({"number": i, "text": c.text, "directions": [
            {"addressee": d.addressee.name, "text": d.text,
             "due_on": d.due_on.strftime("%d/%m/%Y"),
             "status": str(d.get_current_status_display())}
            for d in c.directions.all()]})
    return {
        "issuer": meeting.unit.name,
        "issuer_upper": meeting.unit.name.upper(),
        "date_line": _date_line(meeting),
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


def render(meeting: Meeting) -> bytes:
    return rendering.render_docx(template_source(), context(meeting))

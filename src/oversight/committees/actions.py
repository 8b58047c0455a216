"""Every change to the committees' records goes through these functions (web, API and seed).

`by` is the acting user; None (the seed, imports) skips the checks of what that user may
link, which the web and the API always pass.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.committees.choices import (
    DocumentStatus,
    FollowUp,
    InspectionStatus,
    ProjectStatus,
)
from oversight.committees.models import (
    AgendaItem,
    CommitteeDocument,
    Conclusion,
    EmulationTarget,
    Finding,
    Inspection,
    Meeting,
    Project,
    Recommendation,
)
from oversight.core.errors import RuleError
from oversight.core.scoping import CHANGE, visible_ids
from oversight.matters import actions as matter_actions
from oversight.matters.models import Direction, Matter
from oversight.petitions import actions as petition_actions
from oversight.petitions.choices import Channel, PetitionKind
from oversight.petitions.models import Hotspot, Petition
from oversight.reports.indicators import CATALOGUE, RATIO
from oversight.units.models import Unit


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(value: dt.date | None, field: str) -> None:
    if value and value > _today():
        raise RuleError(_("This date is in the future."), field=field)


def _required(value, field: str) -> None:
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        raise RuleError(_("This field is required."), field=field)


def _changeable(by, model, records, field: str) -> list:
    """The records, if `by` may change every one of them (None: the seed, no check)."""
    records = list(records or ())
    if by is None or not records:
        return records
    ids = {r.pk for r in records}
    allowed = visible_ids(model, ids, by, CHANGE)
    if ids - allowed:
        raise RuleError(_("You may link only records you may change."), field=field)
    return records


# --- Meetings ---------------------------------------------------------------------------

MEETING_FIELDS = ("unit", "body", "kind", "title", "held_on", "chair", "attendees", "place")


def _check_meeting(meeting: Meeting) -> None:
    _required(meeting.title, "title")
    _required(meeting.held_on, "held_on")
    _not_future(meeting.held_on, "held_on")
    meeting.full_clean()


@transaction.atomic
def create_meeting(*, by, **fields) -> Meeting:
    """Record a session or meeting once held (its date is not in the future)."""
    meeting = Meeting(**fields)
    _check_meeting(meeting)
    meeting.save()
    return meeting


@transaction.atomic
def update_meeting(meeting: Meeting, *, by, **changes) -> Meeting:
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise RuleError(_("This field cannot be changed here."), field=sorted(unknown)[0])
    for name, value in changes.items():
        setattr(meeting, name, value)
    _check_meeting(meeting)
    if Direction.objects.filter(conclusion__meeting=meeting,
                                issued_on__lt=meeting.held_on).exists():
        raise RuleError(_("Directions of this meeting were issued before this date."),
                        field="held_on")
    meeting.save()
    return meeting


@transaction.atomic
def add_agenda_item(meeting: Meeting, *, by, title: str, notes: str = "", matters=(),
                    petitions=(), hotspots=()) -> AgendaItem:
    """An item of the agenda, linking the matters, petitions and hot spots it discussed —
    only records the user may change."""
    _required(title, "title")
    matters = _changeable(by, Matter, matters, "matters")
    petitions = _changeable(by, Petition, petitions, "petitions")
    hotspots = _changeable(by, Hotspot, hotspots, "hotspots")
    item = AgendaItem(meeting=meeting, title=title, notes=notes,
                      position=meeting.agenda.count() + 1)
    item.full_clean()
    item.save()
    item.matters.set(matters)
    item.petitions.set(petitions)
    item.hotspots.set(hotspots)
    return item


@transaction.atomic
def add_conclusion(meeting: Meeting, *, by, text: str, directions=()) -> Conclusion:
    """A conclusion of the meeting; each entry of `directions` (addressee, text, due_on,
    optional matter) becomes a direction issued on the meeting's date and linked back."""
    _required(text, "text")
    conclusion = Conclusion.objects.create(meeting=meeting, text=text,
                                           position=meeting.conclusions.count() + 1)
    for spec in directions:
        issue_direction(conclusion, by=by, **spec)
    return conclusion


@transaction.atomic
def issue_direction(conclusion: Conclusion, *, by, addressee, due_on, text: str = "",
                    matter=None, issued_on: dt.date | None = None) -> Direction:
    """A direction carrying out the conclusion: issued by the meeting's body and unit."""
    meeting = conclusion.meeting
    _required(addressee, "addressee")
    _required(due_on, "due_on")
    if matter is not None:
        _changeable(by, Matter, [matter], "matter")
        if matter.responsible_unit_id not in _lineage(meeting.unit_id):
            raise RuleError(_("The matter belongs to another unit."), field="matter")
    issued_on = issued_on or meeting.held_on
    if issued_on < meeting.held_on:
        raise RuleError(_("A direction cannot precede the meeting."), field="issued_on")
    return matter_actions.issue_direction(
        by=by, unit=meeting.unit, matter=matter, addressee=addressee,
        text=(text or conclusion.text).strip(), issued_on=issued_on, due_on=due_on,
        issuing_body=meeting.body, conclusion=conclusion,
    )


def _lineage(unit_id: int) -> set[int]:
    return Unit.objects.lineage_ids(unit_id)


# --- Inspections ------------------------------------------------------------------------

INSPECTION_FIELDS = ("unit", "kind", "topic", "subjects_text", "members", "period_start",
                     "period_end", "status", "concluded_on")


def _check_inspection(inspection: Inspection) -> None:
    _required(inspection.topic, "topic")
    _required(inspection.period_start, "period_start")
    _required(inspection.period_end, "period_end")
    if inspection.period_end < inspection.period_start:
        raise RuleError(_("The end is before the start."), field="period_end")
    if inspection.status == InspectionStatus.CONCLUDED:
        if not inspection.concluded_on:
            raise RuleError(_("Give the date the inspection was concluded."),
                            field="concluded_on")
        _not_future(inspection.concluded_on, "concluded_on")
        if inspection.concluded_on < inspection.period_start:
            raise RuleError(_("An inspection cannot conclude before it starts."),
                            field="concluded_on")
    elif inspection.concluded_on:
        raise RuleError(_("Only a concluded inspection has a conclusion date."),
                        field="concluded_on")
    if inspection.status != InspectionStatus.PLANNED:
        _not_future(inspection.period_start, "period_start")
    inspection.full_clean(exclude=["subjects"])


@transaction.atomic
def create_inspection(*, by, subjects=(), **fields) -> Inspection:
    inspection = Inspection(**fields)
    _check_inspection(inspection)
    inspection.save()
    inspection.subjects.set(subjects)
    return inspection


@transaction.atomic
def update_inspection(inspection: Inspection, *, by, subjects=None, **changes) -> Inspection:
    unknown = set(changes) - set(INSPECTION_FIELDS)
    if unknown:
        raise RuleError(_("This field cannot be changed here."), field=sorted(unknown)[0])
    for name, value in changes.items():
        setattr(inspection, name, value)
    if inspection.status != InspectionStatus.CONCLUDED and "concluded_on" not in changes:
        inspection.concluded_on = None
    _check_inspection(inspection)
    early = inspection.recommendations.filter(due_on__lt=inspection.period_start)
    if early.exists():
        raise RuleError(_("Recommendations of this inspection are due before this date."),
                        field="period_start")
    inspection.save()
    if subjects is not None:
        inspection.subjects.set(subjects)
    return inspection


@transaction.atomic
def add_finding(inspection: Inspection, *, by, text: str, severity: str = "minor") -> Finding:
    _required(text, "text")
    finding = Finding(inspection=inspection, text=text, severity=severity)
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def add_recommendation(inspection: Inspection, *, by, text: str, due_on: dt.date,
                       finding: Finding | None = None) -> Recommendation:
    """A recommendation to follow up; it cannot fall due before the inspection starts."""
    _required(text, "text")
    _required(due_on, "due_on")
    if due_on < inspection.period_start:
        raise RuleError(_("The deadline is before the inspection starts."), field="due_on")
    if finding is not None and finding.inspection_id != inspection.pk:
        raise RuleError(_("The finding belongs to another inspection."), field="finding")
    rec = Recommendation(inspection=inspection, finding=finding, text=text, due_on=due_on)
    rec.full_clean()
    rec.save()
    return rec


@transaction.atomic
def follow_up(rec: Recommendation, *, by, status: str, done_on: dt.date | None = None,
              notes: str | None = None) -> Recommendation:
    """Record the follow-up: done (with its date, not before the inspection) or still open."""
    rec = Recommendation.objects.select_for_update().get(pk=rec.pk)
    if status not in (FollowUp.OPEN, FollowUp.DONE):
        raise RuleError(_("Overdue is computed from the deadline, not set."), field="status")
    if status == FollowUp.DONE:
        done_on = done_on or _today()
        _not_future(done_on, "done_on")
        if done_on < rec.inspection.period_start:
            raise RuleError(_("It cannot be done before the inspection started."),
                            field="done_on")
        rec.done_on = done_on
    else:
        rec.done_on = None
    rec.status = status
    if notes is not None:
        rec.notes = notes
    rec.save()
    return rec


@transaction.atomic
def open_matter(finding: Finding, *, by, title: str = "", kind: str = "incident",
                monitored_from: dt.date | None = None, **fields) -> Matter:
    """Put what the finding revealed under monitoring; the finding keeps the link."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.matter_id:
        raise RuleError(_("A matter was already opened from this finding."), field="matter")
    matter = matter_actions.create_matter(
        by=by, kind=kind, title=(title or finding.text[:300]).strip(),
        summary=fields.pop("summary", finding.text),
        responsible_unit=finding.inspection.unit,
        monitored_from=monitored_from or _today(), **fields,
    )
    finding.matter = matter
    finding.save(update_fields=["matter"])
    return matter


@transaction.atomic
def open_information_source(finding: Finding, *, by, received_on: dt.date | None = None,
                            subject: str = "") -> Petition:
    """Register what the finding revealed as information to verify (a reflection with no
    named petitioner); the finding keeps the link."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.petition_id:
        raise RuleError(_("An information source was already opened from this finding."),
                        field="petition")
    inspection = finding.inspection
    petition = petition_actions.create_petition(
        by=by, unit=inspection.unit, kind=PetitionKind.REFLECTION, channel=Channel.POST,
        received_on=received_on or _today(), anonymous=True,
        subject=(subject or _("Inspection finding: %(topic)s") % {"topic": inspection.topic}
                 )[:300],
        content=finding.text,
    )
    finding.petition = petition
    finding.save(update_fields=["petition"])
    return petition


# --- Emulation --------------------------------------------------------------------------


@transaction.atomic
def register_target(*, by, cluster, unit, year: int, indicator: str, target,
                    note: str = "") -> EmulationTarget:
    """Register (or change) a member's target for one indicator of the catalogue and a year."""

    _required(cluster, "cluster")
    _required(unit, "unit")
    if not cluster.members.filter(pk=unit.pk).exists():
        raise RuleError(_("This unit is not a member of the cluster."), field="unit")
    if indicator not in CATALOGUE:
        raise RuleError(_("No such indicator."), field="indicator")
    if CATALOGUE[indicator].measure == RATIO:
        raise RuleError(_("Targets are set on counts and amounts, not on ratios."),
                        field="indicator")
    if not year or not 2000 <= int(year) <= 2100:
        raise RuleError(_("Give a year between 2000 and 2100."), field="year")
    if target is None or Decimal(str(target)) <= 0:
        raise RuleError(_("The target must be greater than zero."), field="target")
    obj, _created = EmulationTarget.objects.update_or_create(
        cluster=cluster, unit=unit, year=int(year), indicator=indicator,
        defaults={"target": Decimal(str(target)), "note": note},
    )
    return obj


# --- Documents and projects -------------------------------------------------------------


def _check_document(doc: CommitteeDocument) -> None:
    _required(doc.title, "title")
    if doc.status == DocumentStatus.ISSUED and not doc.issued_on:
        raise RuleError(_("Give the date of issue."), field="issued_on")
    _not_future(doc.issued_on, "issued_on")
    doc.full_clean()


@transaction.atomic
def save_document(doc: CommitteeDocument | None = None, *, by, **fields) -> CommitteeDocument:
    doc = doc or CommitteeDocument()
    for name, value in fields.items():
        setattr(doc, name, value)
    _check_document(doc)
    doc.save()
    return doc


def _check_project(project: Project) -> None:
    _required(project.title, "title")
    if project.status in (ProjectStatus.SUBMITTED, ProjectStatus.APPROVED) and \
            not project.submitted_on:
        raise RuleError(_("Give the date it was submitted."), field="submitted_on")
    if project.status == ProjectStatus.APPROVED and not project.approved_on:
        raise RuleError(_("Give the date it was approved."), field="approved_on")
    _not_future(project.submitted_on, "submitted_on")
    _not_future(project.approved_on, "approved_on")
    if project.approved_on and project.submitted_on and \
            project.approved_on < project.submitted_on:
        raise RuleError(_("It cannot be approved before it was submitted."),
                        field="approved_on")
    project.full_clean()


@transaction.atomic
def save_project(project: Project | None = None, *, by, **fields) -> Project:
    project = project or Project()
    for name, value in fields.items():
        setattr(project, name, value)
    _check_project(project)
    project.save()
    return project

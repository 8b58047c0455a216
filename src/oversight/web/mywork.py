"""My work ("Việc của tôi"): everything assigned to a user or awaiting their decision, with
the next deadline, the working days left (core.calendar) and the action it waits for, most
urgent first. The page (`/my/`), the API (`GET /api/my-work/`) and the daily deadline digest
(core.notify) all read `items_for`. Every query goes through `restrict()`: a user is only
ever shown records their need-to-know scope includes.

What awaits whom:
- petitions, matters, directions assigned to the user (open ones);
- a head: the unit's open petitions and matters nobody is assigned to yet (to assign);
- officers and heads: open directions addressed to their unit (to answer), open inspection
  recommendations of their unit (to follow up), open appraisals (the head's, or the officer's
  own) awaiting the unit's opinion.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.base.vietnamese import sort_key
from oversight.committees.choices import FollowUp
from oversight.committees.models import Recommendation
from oversight.core import calendar
from oversight.core.errors import RuleError
from oversight.core.models import Notification
from oversight.core.phrases import Phrase
from oversight.core.scoping import CHANGE, VIEW, unit_ids_in_scope
from oversight.matters import actions as matter_actions
from oversight.matters.choices import DirectionStatus
from oversight.matters.models import Direction, Matter
from oversight.people.choices import AppraisalStatus
from oversight.people.models import Appraisal
from oversight.petitions import actions as petition_actions
from oversight.petitions import stages
from oversight.petitions.choices import Status
from oversight.petitions.models import Petition
from oversight.units.models import Unit

LIMIT = 200  # of each kind; the page says when there are more


@dataclass
class Item:
    type: str  # petition, matter, direction, recommendation, appraisal
    id: int
    title: str
    due: dt.date | None
    days_left: int | None  # working days; negative: overdue by that many
    action: str
    link: str
    unit: str = ""
    assigned: bool = False  # assigned to the user (else awaiting the unit / the head)
    overdue: bool = False

    def as_json(self) -> dict:
        data = asdict(self)
        data["due"] = self.due.isoformat() if self.due else None
        return data


def _days(due: dt.date | None, today: dt.date) -> tuple[int | None, bool]:
    if due is None:
        return None, False
    try:
        return calendar.working_days_between(today, due), calendar.lapsed(due, today)
    except ValueError:  # a span beyond the calendar's range
        return (due - today).days, due < today


def _petition_action(petition) -> str:
    return {
        Status.RECEIVED: _("Classify the petition"),
        Status.CLASSIFIED: _("Decide whether to accept"),
        Status.ACCEPTED: _("Begin the settlement"),
        Status.SETTLING: _("Settle the petition"),
    }.get(petition.status, _("Follow up"))


def _is_staff(user) -> bool:
    return user.has_role(Role.OFFICER) or user.has_role(Role.HEAD)


def items_for(user, *, today: dt.date | None = None, kinds=None) -> list[Item]:
    """The user's work, most urgent first (overdue, then by days left; no deadline last)."""
    if user is None or not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    head = user.has_role(Role.HEAD)
    staff = _is_staff(user)
    own_units = unit_ids_in_scope(user, CHANGE) or frozenset()
    items: list[Item] = []

    def add(kind, obj, title, due, action, link, unit="", assigned=False):
        days_left, overdue = _days(due, today)
        items.append(Item(kind, obj.pk, title, due, days_left, action, link, unit,
                          assigned, overdue))

    if kinds is None or "petition" in kinds:
        mine = Q(assignee=user)
        if head:
            mine |= Q(assignee__isnull=True, unit_id__in=own_units)
        petitions = (Petition.objects.restrict(user, VIEW).exclude(status__in=stages.CLOSED)
                     .filter(mine).select_related("unit")
                     .order_by("next_due", "id")[:LIMIT])
        for p in petitions:
            assigned = p.assignee_id == user.pk
            add("petition", p, p.subject, p.next_due,
                _petition_action(p) if assigned else _("Assign an officer"),
                reverse("petition-detail", args=[p.pk]), p.unit.name, assigned)

    if kinds is None or "matter" in kinds:
        open_direction = Q(directions__status=DirectionStatus.OPEN)
        mine = Q(assignee=user)
        if head:
            mine |= Q(assignee__isnull=True, responsible_unit_id__in=own_units)
        matters = (Matter.objects.restrict(user, VIEW).open().filter(mine)
                   .select_related("responsible_unit")
                   .annotate(next_due=Min("directions__due_on", filter=open_direction))
                   .order_by("next_due", "id")[:LIMIT])
        for m in matters:
            assigned = m.assignee_id == user.pk
            add("matter", m, m.title, m.next_due,
                (_("Follow up the directions on it") if m.next_due else
                 _("Follow the matter up")) if assigned else _("Assign an officer"),
                reverse("matter-detail", args=[m.pk]), m.responsible_unit.name, assigned)

    if kinds is None or "direction" in kinds:
        mine = Q(assignee=user)
        if staff and user.unit_id:
            mine |= Q(addressee_id__in=Unit.objects.lineage_ids(user.unit_id))
        directions = (Direction.objects.restrict(user, VIEW)
                      .filter(status=DirectionStatus.OPEN).filter(mine)
                      .select_related("unit", "addressee")
                      .order_by("due_on", "id")[:LIMIT])
        for d in directions:
            answering = d.addressee_id in own_units or d.assignee_id != user.pk
            add("direction", d, d.text[:200], d.due_on,
                _("Answer the direction") if answering else
                _("Follow the direction up (urge if late)"),
                reverse("direction-detail", args=[d.pk]),
                d.unit.name, d.assignee_id == user.pk)

    if staff and (kinds is None or "recommendation" in kinds):
        recommendations = (Recommendation.objects.restrict(user, CHANGE)
                           .filter(status=FollowUp.OPEN).select_related("inspection__unit")
                           .order_by("due_on", "id")[:LIMIT])
        for r in recommendations:
            add("recommendation", r, r.text[:200], r.due_on,
                _("Follow up the recommendation"),
                reverse("inspection-detail", args=[r.inspection_id]),
                r.inspection.unit.name)

    if staff and (kinds is None or "appraisal" in kinds):
        appraisals = (Appraisal.objects.restrict(user, CHANGE)
                      .filter(status=AppraisalStatus.OPEN).select_related("unit"))
        if not head:
            appraisals = appraisals.filter(created_by=user)
        for a in appraisals.order_by("due_on", "id")[:LIMIT]:
            add("appraisal", a, str(a), a.due_on, _("Give the unit's opinion"),
                reverse("appraisal-detail", args=[a.pk]), a.unit.name,
                a.created_by_id == user.pk)

    return sorted(items, key=urgency)


def urgency(item: Item):
    """Overdue first, then fewest days left; without a deadline last; then by type and id."""
    if item.days_left is None:
        return (2, 0, item.type, item.id)
    return (0 if item.overdue else 1, item.days_left, item.type, item.id)


# --- A head's view: the unit's workload per officer ----------------------------------------

@dataclass
class Load:
    user: object
    open: int = 0
    this_week: int = 0
    overdue: int = 0


def workload(head, *, today: dt.date | None = None) -> list[Load]:
    """For each active officer of the head's units: open records assigned to them (petitions,
    matters, directions), those due by the end of this week and those overdue."""
    today = today or timezone.localdate()
    units = unit_ids_in_scope(head, CHANGE) or frozenset()
    people = list(User.objects.filter(is_active=True, unit_id__in=units))
    loads = {u.pk: Load(u) for u in people}
    week_end = today + dt.timedelta(days=6 - calendar.day_of_week(today))  # Sunday
    cutoff = calendar.overdue_cutoff(today)

    def count(qs, due_field):
        for row in qs.filter(assignee_id__in=list(loads)).values("assignee_id", due_field):
            load = loads[row["assignee_id"]]
            due = row[due_field]
            load.open += 1
            if due is not None and due < cutoff:
                load.overdue += 1
            elif due is not None and due <= week_end:
                load.this_week += 1

    count(Petition.objects.restrict(head, VIEW).exclude(status__in=stages.CLOSED), "next_due")
    count(Direction.objects.restrict(head, VIEW).filter(status=DirectionStatus.OPEN), "due_on")
    count(Matter.objects.restrict(head, VIEW).open().annotate(
        next_due=Min("directions__due_on",
                     filter=Q(directions__status=DirectionStatus.OPEN))), "next_due")

    return sorted(loads.values(), key=lambda load: (-load.overdue, -load.open,
                                                    sort_key(str(load.user))))


def assigned_to(officer, viewer, *, today: dt.date | None = None) -> list[Item]:
    """The open petitions, matters and directions assigned to `officer` that `viewer` (their
    head) may change: the rows of the bulk reassignment."""
    today = today or timezone.localdate()
    items = []
    for p in (Petition.objects.restrict(viewer, CHANGE).exclude(status__in=stages.CLOSED)
              .filter(assignee=officer).order_by("next_due", "id")[:LIMIT]):
        days_left, overdue = _days(p.next_due, today)
        items.append(Item("petition", p.pk, p.subject, p.next_due, days_left,
                          _petition_action(p), reverse("petition-detail", args=[p.pk]),
                          assigned=True, overdue=overdue))
    for m in (Matter.objects.restrict(viewer, CHANGE).open().filter(assignee=officer)
              .annotate(next_due=Min("directions__due_on",
                                     filter=Q(directions__status=DirectionStatus.OPEN)))
              .order_by("next_due", "id")[:LIMIT]):
        days_left, overdue = _days(m.next_due, today)
        items.append(Item("matter", m.pk, m.title, m.next_due, days_left,
                          _("Follow the matter up"), reverse("matter-detail", args=[m.pk]),
                          assigned=True, overdue=overdue))
    for d in (Direction.objects.restrict(viewer, CHANGE).filter(status=DirectionStatus.OPEN,
                                                                assignee=officer)
              .order_by("due_on", "id")[:LIMIT]):
        days_left, overdue = _days(d.due_on, today)
        items.append(Item("direction", d.pk, d.text[:200], d.due_on, days_left,
                          _("Follow the direction up (urge if late)"),
                          reverse("direction-detail", args=[d.pk]),
                          assigned=True, overdue=overdue))
    return sorted(items, key=urgency)


def reassign(viewer, keys, assignee) -> int:
    """Reassign the records named by `keys` ("petition:12", "matter:3", "direction:7") to
    `assignee`, each through its action, all in one transaction: if any is refused (not the
    viewer's to change, or the assignee outside its unit) nothing changes and the RuleError
    says which. Returns how many were reassigned."""
    from django.db import transaction


    models = {"petition": (Petition, petition_actions.assign),
              "matter": (Matter, matter_actions.assign_matter),
              "direction": (Direction, matter_actions.assign_direction)}
    wanted: list[tuple[str, int]] = []
    for key in keys:
        kind, _sep, number = str(key).partition(":")
        if kind in models and number.isdigit() and len(number) <= 18:
            wanted.append((kind, int(number)))
    if not wanted:
        raise RuleError(_("Tick the records to reassign."), field="selected")
    done = 0
    with transaction.atomic():
        for kind, pk in wanted:
            model, assign = models[kind]
            record = model.objects.restrict(viewer, CHANGE).filter(pk=pk).first()
            if record is None:
                raise RuleError(_("Record %(key)s is not yours to change.")
                                % {"key": f"{kind} #{pk}"}, field="selected")
            assign(record, by=viewer, assignee=assignee)
            done += 1
    return done


def send_deadline_digests(today: dt.date | None = None, *, within: int = 3) -> int:
    """One notification per user, once a day, listing their open work due within `within`
    working days (`items_for`); none when nothing is due. Returns how many
    users were told. Run daily (petitions.tasks); running it twice a day tells nobody twice."""
    from django.urls import reverse
    from django.utils.translation import gettext_noop


    today = today or timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    already = Notification.objects.filter(kind="deadline_soon", created_at__gte=start
                                          ).values("user_id")
    told = 0
    people = (User.objects.filter(is_active=True, unit__isnull=False)
              .exclude(pk__in=already).order_by("pk"))
    for user in people:
        soon = [i for i in items_for(user, today=today)
                if i.days_left is not None and 0 <= i.days_left <= within]
        if not soon:
            continue
        # said in the reader's language when read (users have no language setting)
        first = "; ".join(f"{i.title[:60]} ({i.due.strftime('%d/%m/%Y')})" for i in soon[:3])
        message = Phrase.ngettext(
            "%(n)s item is due within %(days)s working days: %(first)s",
            "%(n)s items are due within %(days)s working days: %(first)s",
            len(soon), days=within, first=first)
        if len(soon) > 3:
            # two sentences joined: the format is no words of its own
            message = Phrase("%(items)s%(more)s", items=message,
                             more=Phrase(gettext_noop("; and more.")))
        Notification.objects.create(user=user, kind="deadline_soon", text=str(message)[:500],
                                    message=message.as_data(), link=reverse("my-work"))
        told += 1
    return told

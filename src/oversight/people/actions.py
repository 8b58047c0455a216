"""Changes to the registry and appraisals go through these functions (web and tests alike)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.accounts.roles import Role
from oversight.audit import record
from oversight.audit.choices import Action
from oversight.base.acting import on_behalf_of
from oversight.core import jobs
from oversight.core.errors import RuleError
from oversight.people.choices import AppraisalStatus, LinkStatus, MentionRole
from oversight.people.linking import registry
from oversight.people.models import (
    Appraisal,
    LinkCandidate,
    LinkDecision,
    LinkRun,
    Mention,
    Person,
)


def decide(candidate: LinkCandidate, *, accepted: bool, by, note: str = "") -> LinkDecision:
    """Accept (the two mentions are one person) or reject (they stay apart, in later runs
    too) a link waiting for review. The decision is kept with who made it and when, and the
    trail records it, the links, merge or unlink it makes, with the match probability."""
    with on_behalf_of(by):
        return _decide(candidate, accepted=accepted, by=by, note=note)


@transaction.atomic
def _decide(candidate: LinkCandidate, *, accepted: bool, by, note: str) -> LinkDecision:
    candidate = LinkCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != LinkStatus.PENDING:
        raise RuleError(_("This link has already been decided."))
    decision = LinkDecision.objects.create(
        left=candidate.left, right=candidate.right, candidate=candidate, accepted=accepted,
        by=by, note=note, match_probability=candidate.match_probability)
    candidate.status = LinkStatus.ACCEPTED if accepted else LinkStatus.REJECTED
    candidate.save(update_fields=["status"])
    probability = candidate.match_probability
    why = {"how": "officer's decision", "decision": decision.pk,
           "match_probability": probability}
    record(Action.LINK_DECISION, candidate, user=by, detail={
        "accepted": accepted, "decision": decision.pk, "left": candidate.left_id,
        "right": candidate.right_id, "match_probability": probability})
    left, right = (Mention.objects.get(pk=candidate.left_id),
                   Mention.objects.get(pk=candidate.right_id))
    if accepted:
        if left.person_id and right.person_id:
            keep, other = sorted([left.person, right.person], key=lambda p: p.pk)
            registry.merge_persons(keep, other, how="officer's decision",
                                   match_probability=probability)
        elif left.person_id or right.person_id:
            person = left.person or right.person
            Mention.objects.filter(pk__in=[left.pk, right.pk]).audit_as(
                Action.LINK, {**why, "person": person.pk}).update(person=person)
            registry.refresh_person(person)
        else:
            registry.new_person([left, right], how="officer's decision",
                                match_probability=probability)
    elif left.person_id and left.person_id == right.person_id:
        # Linked through others: the later mention leaves for a person of its own.
        former = right.person
        Mention.objects.filter(pk=right.pk).audit_as(
            Action.UNLINK, {**why, "person": former.pk}).update(person=None)
        registry.new_person([right], how="split by an officer's decision",
                            match_probability=probability)
        registry.refresh_person(former)
    return decision


def may_relink(user) -> bool:
    """Who may start a full re-link: a head of unit, an administrator or a staff user. The
    one rule the page (people.views.run_start) and the API (LinkRunViewSet.create) ask."""
    return bool(user is not None and user.is_authenticated
                and (user.has_role(Role.ADMINISTRATOR) or user.has_role(Role.HEAD)
                     or user.is_staff))


@transaction.atomic
def start_relink(*, by) -> LinkRun:
    """Queue a full re-link: the job "relink" (people/tasks.py), started by `by`, with the
    `LinkRun` its figures will be written on."""
    return LinkRun.objects.create(job=jobs.enqueue("relink", by))


@transaction.atomic
def create_appraisal(*, by, nominees=(), **fields) -> Appraisal:
    appraisal = Appraisal(created_by=by, **fields)
    if appraisal.due_on and appraisal.received_on and appraisal.due_on < appraisal.received_on:
        raise RuleError(_("The due date cannot precede the request."), field="due_on")
    appraisal.full_clean()
    appraisal.save()
    for person in nominees:
        add_nominee(appraisal, person)
    return appraisal


def add_nominee(appraisal: Appraisal, person: Person) -> None:
    appraisal.nominees.add(person)
    birth = person.birth_date.isoformat() if person.birth_date else str(person.birth_year or "")
    address = person.addresses[0]["as_written"] if person.addresses else ""
    Mention.objects.get_or_create(
        appraisal=appraisal, person=person, role=MentionRole.NOMINEE,
        defaults={"unit": appraisal.unit, "name": person.full_name, "birth": birth,
                  "id_number": person.cccd or person.cmnd, "address": address,
                  "phone": person.phones[0] if person.phones else "",
                  "linked_at": timezone.now(), "slot": appraisal.nominees.count()})


@transaction.atomic
def give_opinion(appraisal: Appraisal, *, by, opinion: str, on=None) -> Appraisal:
    if not opinion.strip():
        raise RuleError(_("Write the unit's opinion."), field="opinion")
    appraisal.opinion = opinion.strip()
    appraisal.status = AppraisalStatus.ANSWERED
    appraisal.answered_on = on or timezone.localdate()
    appraisal.save()
    return appraisal


APPRAISAL_EDITABLE = ("requesting_body", "purpose", "reference", "received_on", "due_on")


@transaction.atomic
def update_appraisal(appraisal: Appraisal, *, by, nominees=None, opinion=None,
                     **fields) -> Appraisal:
    """Change an appraisal's request fields, its nominees (the list given replaces the
    current one; a nominee dropped loses the appraisal's mention of them) and the opinion."""
    for name, value in fields.items():
        if name not in APPRAISAL_EDITABLE:
            raise RuleError(_("This cannot be changed."), field=name)
        setattr(appraisal, name, value)
    if appraisal.due_on and appraisal.received_on and appraisal.due_on < appraisal.received_on:
        raise RuleError(_("The due date cannot precede the request."), field="due_on")
    if fields:
        appraisal.full_clean()
        appraisal.save()
    if nominees is not None:
        wanted = {p.pk: p for p in nominees}
        dropped = [p.pk for p in appraisal.nominees.all() if p.pk not in wanted]
        if dropped:
            appraisal.nominees.remove(*dropped)
            Mention.objects.filter(appraisal=appraisal, role=MentionRole.NOMINEE,
                                   person_id__in=dropped).delete()
        current = set(appraisal.nominees.values_list("pk", flat=True))
        for pk, person in wanted.items():
            if pk not in current:
                add_nominee(appraisal, person)
    if opinion is not None and opinion.strip() != appraisal.opinion:
        appraisal = give_opinion(appraisal, by=by, opinion=opinion)
    return appraisal

"""Every change to a petition, reception or hot spot goes through these functions.

The web views, the API, the seed and the daily job all call them: the status flow
(`stages`), the time limits (`deadlines` with the `DeadlineRule` table) and the timeline event
are applied once, in one transaction.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from oversight.core.choices import NotificationKind
from oversight.core.errors import ConflictError, RuleError
from oversight.core.notify import Phrase, by_whom, notify, unit_staff
from oversight.core.pickers import check_assignee
from oversight.identity import keys as identity_keys
from oversight.identity.actions import classified_at_creation
from oversight.petitions import deadlines, duplicates, rules, sanitize, stages
from oversight.petitions.choices import (
    Channel,
    Classification,
    DeadlineCause,
    DeadlineField,
    EventKind,
    HotspotStatus,
    Outcome,
    PetitionKind,
    Status,
    checklist_for,
)
from oversight.petitions.models import (
    DeadlineChange,
    DeadlineRule,
    Hotspot,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    Reception,
)

PETITIONER_KEYS = ("name", "id_number", "address", "phone")
RESPONDENT_KEYS = ("name", "position", "unit")


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(value: dt.date | None, field: str) -> None:
    if value and value > _today():
        raise RuleError(_("This date is in the future."), field=field)


def _not_before(value: dt.date, earlier: dt.date | None, field: str) -> None:
    if earlier and value < earlier:
        raise RuleError(
            _("This date is before %(date)s.") % {"date": earlier.strftime("%d/%m/%Y")},
            field=field,
        )


def _event(petition: Petition, kind: str, by, on: dt.date | None = None, **extra):
    return PetitionEvent.objects.create(petition=petition, kind=kind, by=by,
                                        on=on or _today(), **extra)


def _lock(petition: Petition, expected_version: int | None = None) -> Petition:
    """Re-read the row under a write lock. `expected_version` is the version the user's form
    or request was based on: if someone saved the petition since, nothing is written and
    ConflictError (HTTP 409) says so."""
    locked = Petition.objects.select_for_update().get(pk=petition.pk)
    if expected_version is not None and expected_version != locked.version:
        raise ConflictError(_(
            "Someone else changed this petition while you were working on it (version "
            "%(theirs)s, yours %(yours)s). Reload it and try again."
        ) % {"theirs": locked.version, "yours": expected_version})
    return locked


def _clean_people(items, keys, field: str) -> list[dict]:
    cleaned = []
    for item in items or ():
        if not isinstance(item, dict):
            raise RuleError(_("Each entry must be an object."), field=field)
        row = {k: str(item.get(k) or "").strip() for k in keys}
        if any(row.values()):
            if not row["name"]:
                raise RuleError(_("Each entry needs a name."), field=field)
            cleaned.append(row)
    return cleaned


TRACKED_DEADLINES = (*deadlines.FIELDS, "next_due")


def recompute_deadlines(petition: Petition, specs=None) -> dict[str, tuple]:
    """Set the deadline fields and `next_due` from the rules (not saved). Returns the changes,
    {field: (before, after)}, for `record_deadline_changes`."""
    computed = deadlines.compute(specs if specs is not None else DeadlineRule.specs(),
                                 petition.facts())
    changes = {}
    for name, item in computed.items():
        before = getattr(petition, name)
        if before != item.due:
            changes[name] = (before, item.due)
        setattr(petition, name, item.due)
    running = [getattr(petition, n) for n in stages.RUNNING.get(petition.status, ())]
    running = [d for d in running if d is not None]
    next_due = min(running) if running else None
    if next_due != petition.next_due:
        petition.overdue_marked_on = None
        changes["next_due"] = (petition.next_due, next_due)
    petition.next_due = next_due
    return changes


def record_deadline_changes(petition: Petition, changes: dict, *, cause: str, on: dt.date,
                            note: str = "") -> None:
    """Write the deadline history (one row per changed field). In bulk: the petition's own
    save, just before, already put the same before/after values in the audit trail."""
    DeadlineChange.objects.bulk_create([
        DeadlineChange(petition=petition, field=name, old=before, new=after, on=on,
                       cause=cause, note=note[:300])
        for name, (before, after) in changes.items()])
    if not changes:
        return
    # the row each new one follows (and a back-dated one's successor) ends
    rows = DeadlineChange.rechain(petition.pk, changes)
    if "next_due" in changes and petition.copy_standing_running(
            DeadlineChange.standing_running(rows)):
        Petition.objects.filter(pk=petition.pk).update(
            standing_due=petition.standing_due, standing_due_on=petition.standing_due_on)


def reconstructed_history(petition: Petition) -> list[DeadlineChange]:
    """The deadline history a petition would have had through the actions, from its dates
    alone (for rows written in bulk): each deadline as set at receipt or acceptance, and the
    running deadline from receipt, from acceptance, and until it was closed. Copies the
    standing running deadline onto the petition (`Petition.standing_due`): call it before
    the petition is written."""
    rows = []
    accepted = petition.accepted_on or petition.received_on
    for name in deadlines.FIELDS:
        if getattr(petition, name):
            on = accepted if name in ("notice_due", "settlement_due") else petition.received_on
            rows.append(DeadlineChange(petition=petition, field=name, new=getattr(petition, name),
                                       on=on, cause=DeadlineCause.INTAKE))
    first = [d for d in (petition.processing_due, petition.acceptance_due) if d]
    steps = [(petition.received_on, min(first) if first else None)]
    if petition.accepted_on:
        steps.append((petition.accepted_on, petition.settlement_due))
    if petition.status in stages.CLOSED:
        steps.append((petition.settled_on or petition.decided_on or petition.received_on, None))
    else:
        steps.append((steps[-1][0], petition.next_due))
    current = None
    for on, due in steps:
        if due != current:
            rows.append(DeadlineChange(petition=petition, field="next_due", old=current, new=due,
                                       on=on, cause=DeadlineCause.INTAKE))
            current = due
    DeadlineChange.chain(rows)  # written in this order: each row's until is known now
    petition.copy_standing_running(DeadlineChange.standing_running(rows))
    return rows


def _save_deadlines(petition: Petition, *, cause: str, on: dt.date, note: str = "",
                    specs=None) -> dict:
    """Recompute the deadlines, save the petition, and record what changed."""
    changes = recompute_deadlines(petition, specs)
    petition.save()
    record_deadline_changes(petition, changes, cause=cause, on=on, note=note)
    return changes


def _move(petition: Petition, target: str, by, on: dt.date, note: str = "", **changes):
    stages.check_move(petition.status, target)
    previous = petition.status
    petition.status = target
    cause = {Status.CLASSIFIED: DeadlineCause.CLASSIFICATION,
             Status.ACCEPTED: DeadlineCause.ACCEPTANCE}.get(target, DeadlineCause.STATUS)
    _save_deadlines(petition, cause=cause, on=on)
    _event(petition, by=by, on=on, note=note, changes=changes,
           **stages.MACHINE.event(previous, target))
    return petition


@transaction.atomic
def create_petition(*, by, status: str | None = None, accepted_on: dt.date | None = None,
                    classified_on: dt.date | None = None, settled_on: dt.date | None = None,
                    outcome: str = "", decision_reason: str = "", petitioner: dict | None = None,
                    envelope=None, imported: bool = False, **fields) -> Petition:
    """Register a petition. A new petition starts as received and goes through every step of
    its flow (classify, accept, settle…), each with its own checks and events.

    `imported`: a historical record brought in by `oversight import` (the only caller that
    sets it) may come with a past status and its dates; its deadlines are computed from them
    as for a new one, and its events say it was imported. Anywhere else a past status is
    refused: `POST /api/petitions/` with `status: "settled"` would skip the whole workflow.

    `envelope`: identities sealed before the petition exists (the public portal seals them at
    submission); `petitioners` then holds only the markers of `identity_keys.redacted`."""
    history = status not in (None, "", Status.RECEIVED) or any(
        (accepted_on, classified_on, settled_on, outcome, decision_reason))
    if history and not imported:
        raise RuleError(_("A new petition starts as received and moves through its steps; a "
                          "record with a past status (accepted, settled…) comes only through "
                          "the import (oversight import)."), field="status")
    petitioners = list(fields.pop("petitioners", None) or ())
    if petitioner:
        petitioners.insert(0, petitioner)
    sealed = identity_keys.redacted(petitioners or [{}]) if envelope is not None else None
    petitioners = [] if sealed else _clean_people(petitioners, PETITIONER_KEYS, "petitioners")
    respondents = _clean_people(fields.pop("respondents", None), RESPONDENT_KEYS, "respondents")
    petition = Petition(petitioners=petitioners, respondents=respondents, **fields)
    if not petition.anonymous and not petitioners and not sealed:
        raise RuleError(_("Name the petitioner, or mark the petition anonymous."),
                        field="petitioners")
    if petition.anonymous:
        petition.petitioners = petitioners = []
    if petition.kind != PetitionKind.COMPLAINT:
        petition.complaint_round = 1
    if petition.received_on is None:
        raise RuleError(_("This field is required."), field="received_on")
    _not_future(petition.received_on, "received_on")
    petition.signatory_count = max(petition.signatory_count or 1,
                                   len(sealed or petitioners) or 1)
    petition.petitioner_keys = duplicates.petitioner_keys(petitioners)
    if sealed:  # sealed before the petition existed (the public portal)
        petition.identity_envelope = envelope
        petition.petitioners = sealed
    elif identity_keys.needs_protection(
            kind=petition.kind, protection_requested=petition.protection_requested,
            anonymous=petition.anonymous, petitioners=petitioners):
        # the identity fields are sealed; only markers and the blind index remain
        petition.identity_envelope = identity_keys.seal_identity(petition.unit_id, petitioners)
        petition.petitioners = identity_keys.redacted(petitioners)
        petition.petitioner_keys = ""
    petition.status = Status.RECEIVED
    petition.full_clean(exclude=["duplicate_of", "transferred_from", "hotspot", "reception",
                                 "assignee"])
    _save_deadlines(petition, cause=DeadlineCause.INTAKE, on=petition.received_on)
    identity_keys.write_blind_index(petition, petitioners)
    if petition.is_classified:
        classified_at_creation(petition, by)
    _event(petition, EventKind.TRANSFERRED_IN if petition.transferred_from_id
           else EventKind.RECEIVED, by, on=petition.received_on,
           **({"note": _("Imported record"), "changes": {"imported": True}} if imported else {}))
    if status and status != Status.RECEIVED:
        _import_history(petition, status, by=by, accepted_on=accepted_on,
                        classified_on=classified_on, settled_on=settled_on, outcome=outcome,
                        reason=decision_reason)
    return petition


def _import_history(petition: Petition, status: str, *, by, accepted_on, classified_on,
                    settled_on, outcome, reason) -> None:
    if status not in Status.values:
        raise RuleError(_("Unknown status “%(status)s”.") % {"status": status}, field="status")
    steps = stages.path_to(status)
    if Status.ACCEPTED in steps and not accepted_on:
        raise RuleError(_("Give the date of acceptance."), field="accepted_on")
    if status == Status.SETTLED and not (settled_on and outcome):
        raise RuleError(_("Give the settlement date and outcome."),
                        field="settled_on" if not settled_on else "outcome")
    classified_on = classified_on or min(accepted_on or petition.received_on,
                                         petition.received_on + dt.timedelta(days=1))
    classified_on = max(classified_on, petition.received_on)
    for date, name in ((accepted_on, "accepted_on"), (settled_on, "settled_on")):
        if date:
            _not_future(date, name)
            _not_before(date, petition.received_on, name)
    for step in steps:
        if step == Status.CLASSIFIED:
            petition.classification = (Classification.ELIGIBLE
                                       if Status.ACCEPTED in steps or status == Status.CLASSIFIED
                                       else Classification.NOT_ELIGIBLE)
            petition.classified_on = classified_on
            _move(petition, step, by, classified_on, note=_("Imported record"))
        elif step == Status.ACCEPTED:
            petition.accepted_on = accepted_on
            _move(petition, step, by, accepted_on)
        elif step == Status.SETTLING:
            _move(petition, step, by, accepted_on)
        elif step == Status.SETTLED:
            petition.settled_on = settled_on
            petition.outcome = outcome
            _move(petition, step, by, settled_on, changes_outcome=outcome)
        else:
            petition.decided_on = classified_on
            petition.decision_reason = reason
            _move(petition, step, by, classified_on, note=reason)


@transaction.atomic
def classify(petition: Petition, *, by, checklist: dict, on: dt.date | None = None,
             reason: str = "", verify_as_information: bool = False,
             repeat_of_settled: bool = False, new_evidence: bool = False,
             decision_known_on: dt.date | None = None, late_filing_reason: str = "",
             late_filing_accepted: bool | None = None,
             expected_version: int | None = None) -> Petition:
    """Check eligibility (Circular 05/2021/TT-TTCP art. 6) and record the finding.

    A first complaint is filed within 90 days of the day the complainant received or learned
    of the decision or act (Law on Complaints 2011, art. 9; `decision_known_on`, given here or
    at intake). Filed later, the classification asks for the reason (`late_filing_reason`:
    illness, natural disaster, war, travel or study far away, another objective obstacle —
    art. 9 does not count the time of such an obstacle) and whether it is accepted
    (`late_filing_accepted`); a reason not accepted makes the complaint not eligible (art. 11:
    a complaint whose filing window has passed is not accepted). See docs/legal-clocks.md.

    - a repeat of a complaint settled by a final decision, or of a concluded denunciation,
      without new evidence: `repeat` (to be filed, not processed again);
    - an anonymous denunciation is not handled as a denunciation; if it names the wrongdoer
      with concrete, checkable evidence it goes to verification as information
      (Law on Denunciations 2018 art. 25);
    - otherwise eligible when every checklist item is met.
    """
    petition = _lock(petition, expected_version)
    on = on or _today()
    _not_future(on, "on")
    _not_before(on, petition.received_on, "on")
    rules.require(petition, "classify")
    items = checklist_for(petition.kind)
    unknown = sorted(str(key) for key in checklist if key not in items)
    if unknown:
        raise RuleError(_("Not on the eligibility checklist of this kind of petition: "
                          "%(keys)s. Known items: %(known)s.")
                        % {"keys": ", ".join(unknown), "known": ", ".join(items)},
                        field="checklist")
    record = {key: bool(checklist.get(key)) for key in items}
    missing = [str(items[k]) for k, ok in record.items() if not ok]
    late = _check_filing_window(petition, decision_known_on, late_filing_reason,
                                late_filing_accepted)
    if repeat_of_settled and not new_evidence:
        result = Classification.REPEAT
        reason = reason or _("Repeats a matter already settled by a final decision or "
                             "concluded, without new evidence.")
    elif petition.anonymous and petition.kind == PetitionKind.DENUNCIATION:
        result = (Classification.VERIFY_AS_INFORMATION if verify_as_information
                  else Classification.NOT_ELIGIBLE)
        reason = reason or _("An anonymous denunciation is not handled as a denunciation.")
    elif missing:
        result = Classification.NOT_ELIGIBLE
        reason = reason or _("Missing: %(items)s.") % {"items": "; ".join(missing)}
    elif late and not petition.late_filing_accepted:
        result = Classification.NOT_ELIGIBLE
        reason = reason or _(
            "Filed on %(received)s, after the filing window ended on %(due)s (Law on "
            "Complaints 2011, art. 9), and the reason given is not accepted: %(why)s") % {
            "received": petition.received_on.strftime("%d/%m/%Y"),
            "due": petition.filing_due.strftime("%d/%m/%Y"),
            "why": petition.late_filing_reason}
    else:
        result = Classification.ELIGIBLE
    petition.eligibility = record
    petition.classification = result
    petition.ineligibility_reason = reason if result != Classification.ELIGIBLE else ""
    petition.classified_on = on
    petition.save()
    filing = ({"filed_late": True, "filing_due": petition.filing_due.isoformat(),
               "late_filing_reason": petition.late_filing_reason,
               "late_filing_accepted": petition.late_filing_accepted} if late else {})
    _event(petition, EventKind.CLASSIFIED, by, on=on, from_status=petition.status,
           to_status=Status.CLASSIFIED, note=petition.ineligibility_reason,
           changes={"classification": result, "checklist": record,
                    "repeat_of_settled": repeat_of_settled, "new_evidence": new_evidence}
           | filing)
    petition.status = Status.CLASSIFIED
    _save_deadlines(petition, cause=DeadlineCause.CLASSIFICATION, on=on)
    return petition


def _check_filing_window(petition: Petition, decision_known_on: dt.date | None,
                         reason: str, accepted: bool | None) -> bool:
    """Record when the complainant learned of the decision and, for a complaint filed after
    its filing window, the reason and whether it is accepted (refused with the field to fill
    when either is missing). Returns whether the complaint was filed late. Not saved."""
    if decision_known_on is not None:
        _not_future(decision_known_on, "decision_known_on")
        if decision_known_on > petition.received_on:
            raise RuleError(_("The complainant cannot learn of the decision after filing the "
                              "complaint (received on %(date)s).")
                            % {"date": petition.received_on.strftime("%d/%m/%Y")},
                            field="decision_known_on")
        petition.decision_known_on = decision_known_on
        recompute_deadlines(petition)  # the filing window counts from this date
    reason = (reason or "").strip()
    if not petition.filed_late:
        petition.late_filing_reason, petition.late_filing_accepted = "", None
        return False
    values = {"received": petition.received_on.strftime("%d/%m/%Y"),
              "due": petition.filing_due.strftime("%d/%m/%Y")}
    if not reason:
        raise RuleError(_(
            "Filed on %(received)s, after the filing window ended on %(due)s (90 days from "
            "learning of the decision, Law on Complaints 2011, art. 9). Give the reason the "
            "complainant states (illness, natural disaster, travel or study far away, another "
            "objective obstacle).") % values, field="late_filing_reason")
    if accepted is None:
        raise RuleError(_("Filed after the filing window ended on %(due)s: say whether the "
                          "reason is accepted.") % values, field="late_filing_accepted")
    petition.late_filing_reason, petition.late_filing_accepted = reason[:2000], accepted
    return True


def _decision_date(petition: Petition, on: dt.date | None) -> dt.date:
    on = on or _today()
    _not_future(on, "on")
    _not_before(on, petition.classified_on or petition.received_on, "on")
    return on


@transaction.atomic
def accept(petition: Petition, *, by, on: dt.date | None = None, note: str = "",
           expected_version: int | None = None) -> Petition:
    """Accept for settlement: starts the notice and settlement time limits."""
    petition = _lock(petition, expected_version)
    rules.require(petition, "accept")
    on = _decision_date(petition, on)
    petition.accepted_on = on
    petition.decided_on = on
    return _move(petition, Status.ACCEPTED, by, on, note=note)


CLOSING = {Status.NOT_ACCEPTED: "not-accept", Status.GUIDED: "guide", Status.FILED: "file",
           Status.TRANSFERRED: "transfer"}


def _close(petition: Petition, target: str, *, by, on, reason: str, field: str = "reason",
           expected_version: int | None = None, **extra) -> Petition:
    petition = _lock(petition, expected_version)
    rules.require(petition, CLOSING[target])
    if not (reason or "").strip():
        raise RuleError(_("Give the reason."), field=field)
    on = _decision_date(petition, on)
    petition.decided_on = on
    petition.decision_reason = reason.strip()
    for name, value in extra.items():
        setattr(petition, name, value)
    return _move(petition, target, by, on, note=reason.strip())


@transaction.atomic
def not_accept(petition: Petition, *, by, reason: str, on: dt.date | None = None,
               expected_version: int | None = None) -> Petition:
    return _close(petition, Status.NOT_ACCEPTED, by=by, on=on, reason=reason,
                  expected_version=expected_version)


@transaction.atomic
def guide(petition: Petition, *, by, guided_to: str, on: dt.date | None = None,
          reason: str = "", expected_version: int | None = None) -> Petition:
    """Tell the petitioner which body is competent (no transfer of the record)."""
    if not (guided_to or "").strip():
        raise RuleError(_("Say where the petitioner was guided to."), field="guided_to")
    return _close(petition, Status.GUIDED, by=by, on=on, expected_version=expected_version,
                  reason=reason or _("Guided to %(body)s") % {"body": guided_to},
                  guided_to=guided_to.strip())


@transaction.atomic
def file(petition: Petition, *, by, reason: str = "", on: dt.date | None = None,
         expected_version: int | None = None) -> Petition:
    """Keep for information (anonymous, repeats without new evidence, information to verify)."""
    if not reason and petition.classification in (Classification.REPEAT,
                                                  Classification.VERIFY_AS_INFORMATION):
        reason = petition.ineligibility_reason
    return _close(petition, Status.FILED, by=by, on=on, reason=reason,
                  expected_version=expected_version)


@transaction.atomic
def transfer(petition: Petition, *, by, to_unit, on: dt.date | None = None,
             reason: str = "", expected_version: int | None = None,
             ) -> tuple[Petition, Petition]:
    """Transfer to the competent unit: the record appears in its queue, linked to this one."""
    if to_unit is None:
        raise RuleError(_("This field is required."), field="to_unit")
    if to_unit.pk == petition.unit_id:
        raise RuleError(_("Choose another unit."), field="to_unit")
    petition = _close(petition, Status.TRANSFERRED, by=by, on=on,
                      expected_version=expected_version,
                      reason=reason or _("Transferred to %(unit)s") % {"unit": to_unit.name})
    received = Petition.objects.create(
        unit=to_unit, received_on=petition.decided_on, channel=Channel.TRANSFERRED,
        kind=petition.kind, subject=petition.subject, content=petition.content,
        petitioners=petition.petitioners, anonymous=petition.anonymous,
        respondents=petition.respondents, petitioner_keys=petition.petitioner_keys,
        complexity=petition.complexity, remote_area=petition.remote_area,
        multi_location=petition.multi_location, complaint_round=petition.complaint_round,
        signatory_count=petition.signatory_count, transferred_from=petition,
        protection_requested=petition.protection_requested,
        identity_envelope=petition.identity_envelope,  # the same sealed identity, see keys
        security_classification=petition.security_classification,
    )
    _save_deadlines(received, cause=DeadlineCause.INTAKE, on=received.received_on)
    identity_keys.copy_blind_index(petition, received)
    _event(received, EventKind.TRANSFERRED_IN, by, on=received.received_on,
           changes={"from_unit": petition.unit.code, "from_petition": petition.pk})
    for event in PetitionEvent.objects.filter(petition=petition, to_status=Status.TRANSFERRED):
        event.changes = {"to_unit": to_unit.code, "to_petition": received.pk}
        event.save(update_fields=["changes"])

    notify(unit_staff([to_unit.pk]), NotificationKind.TRANSFERRED, received,
           Phrase(gettext_noop("%(unit)s transferred petition “%(subject)s” to your unit."),
                  unit=petition.unit, subject=received.subject[:200]))
    return petition, received


@transaction.atomic
def begin_settlement(petition: Petition, *, by, on: dt.date | None = None,
                     note: str = "", expected_version: int | None = None) -> Petition:
    petition = _lock(petition, expected_version)
    rules.require(petition, "begin-settlement")
    on = on or _today()
    _not_future(on, "on")
    _not_before(on, petition.accepted_on, "on")
    return _move(petition, Status.SETTLING, by, on, note=note)


@transaction.atomic
def settle(petition: Petition, *, by, outcome: str, on: dt.date | None = None,
           note: str = "", expected_version: int | None = None) -> Petition:
    """Record the settlement with its outcome (an accepted petition passes through settling)."""
    if outcome not in Outcome.values:
        raise RuleError(_("Choose the outcome."), field="outcome")
    if outcome == Outcome.TERMINATED:
        raise RuleError(_("A termination is recorded with its reason: use “Terminate”."),
                        field="outcome")
    petition = _lock(petition, expected_version)
    rules.require(petition, "settle")
    on = on or _today()
    _not_future(on, "on")
    _not_before(on, petition.accepted_on, "on")
    if petition.status == Status.ACCEPTED:
        petition = _move(petition, Status.SETTLING, by, on)
    petition.settled_on = on
    petition.outcome = outcome
    return _move(petition, Status.SETTLED, by, on, note=note, outcome=outcome)


@transaction.atomic
def extend(petition: Petition, *, by, days: int, reason: str,
           on: dt.date | None = None, expected_version: int | None = None) -> Petition:
    """Extend the settlement time limit within the rule's allowance (count and days), by a
    decision dated `on` (default today) on or before the current deadline. The extended
    deadline is the base period plus every extension, counted as one period from acceptance
    (`deadlines.period_end`)."""
    petition = _lock(petition, expected_version)
    on = on or _today()
    _not_future(on, "on")
    _not_before(on, petition.accepted_on, "on")
    if not (reason or "").strip():
        raise RuleError(_("Give the reason."), field="reason")
    refused = rules.extension_refusal(petition, on=on, days=days)
    if refused is not None:
        raise refused.error()
    before = petition.settlement_due
    petition.extensions = [*(petition.extensions or []), int(days)]
    _save_deadlines(petition, cause=DeadlineCause.EXTENSION, on=on, note=reason.strip())
    _event(petition, EventKind.EXTENDED, by, on=on, note=reason.strip(),
           changes={"days": int(days), "from": before.isoformat() if before else None,
                    "to": petition.settlement_due.isoformat()})
    return petition


@transaction.atomic
def suspend(petition: Petition, *, by, reason: str, basis: str = "",
            on: dt.date | None = None, expected_version: int | None = None) -> Petition:
    """Suspend the settlement (tạm đình chỉ; Law on Denunciations 2018 art. 31(1): waiting
    for another body's result or for an expert assessment). From `on` until the day before
    resumption the days are not counted; meanwhile the petition is not overdue."""
    petition = _lock(petition, expected_version)
    on = on or _today()
    refused = rules.suspension_refusal(petition, on=on)
    if refused is not None:
        raise refused.error()
    if not (reason or "").strip():
        raise RuleError(_("Give the reason."), field="reason")
    _not_future(on, "on")
    _not_before(on, petition.accepted_on, "on")
    last = max((d for span in petition.suspension_spans() for d in span if d), default=None)
    _not_before(on, last, "on")
    rule = deadlines.pick_rule(DeadlineRule.specs(), "settlement_due", petition.facts())
    basis = (basis or "").strip() or rule.suspension_basis
    before = petition.settlement_due
    petition.suspensions = [*(petition.suspensions or []), {
        "on": on.isoformat(), "resumed_on": None, "reason": reason.strip(), "basis": basis}]
    petition.suspended_since = on
    _save_deadlines(petition, cause=DeadlineCause.SUSPENSION, on=on, note=reason.strip())
    _event(petition, EventKind.SUSPENDED, by, on=on, note=reason.strip(),
           changes={"basis": basis, "due_before": before.isoformat() if before else None})
    return petition


@transaction.atomic
def resume(petition: Petition, *, by, on: dt.date | None = None, note: str = "",
           expected_version: int | None = None) -> Petition:
    """Resume a suspended settlement: the deadline moves by the days suspended."""
    petition = _lock(petition, expected_version)
    rules.require(petition, "resume")
    on = on or _today()
    _not_future(on, "on")
    _not_before(on, petition.suspended_since, "on")
    items = [dict(item) for item in petition.suspensions]
    items[-1]["resumed_on"] = on.isoformat()
    petition.suspensions = items
    petition.suspended_since = None
    _save_deadlines(petition, cause=DeadlineCause.RESUMPTION, on=on, note=note.strip())
    days = (on - dt.date.fromisoformat(items[-1]["on"])).days
    _event(petition, EventKind.RESUMED, by, on=on, note=(note or "").strip(),
           changes={"suspended_days": days, "to": petition.settlement_due.isoformat()
                    if petition.settlement_due else None})
    return petition


@transaction.atomic
def terminate(petition: Petition, *, by, reason: str, basis: str = "",
              on: dt.date | None = None, expected_version: int | None = None) -> Petition:
    """Terminate the settlement (đình chỉ; Law on Denunciations 2018 art. 31(3): the
    denouncer withdrew, the person denounced died, or another competent body took it up;
    Law on Complaints 2011 art. 10: the complaint was withdrawn): an outcome with its reason.
    A suspended settlement may be terminated without resuming it first."""
    petition = _lock(petition, expected_version)
    rules.require(petition, "terminate")
    if not (reason or "").strip():
        raise RuleError(_("Give the reason."), field="reason")
    on = on or _today()
    _not_future(on, "on")
    _not_before(on, petition.suspended_since or petition.accepted_on, "on")
    if petition.suspended_since is not None:
        items = [dict(item) for item in petition.suspensions]
        items[-1]["resumed_on"] = on.isoformat()
        petition.suspensions = items
        petition.suspended_since = None
    text = reason.strip() + (f" ({basis.strip()})" if (basis or "").strip() else "")
    petition.decision_reason = text
    if petition.status == Status.ACCEPTED:
        petition = _move(petition, Status.SETTLING, by, on)
    petition.settled_on = on
    petition.outcome = Outcome.TERMINATED
    return _move(petition, Status.SETTLED, by, on, note=text, outcome=Outcome.TERMINATED)


@transaction.atomic
def correct_facts(petition: Petition, *, by, reason: str, on: dt.date | None = None,
                  expected_version: int | None = None, **changes) -> Petition:
    """Correct what was recorded at intake about the petition's complexity, remote area,
    several locations or complaint round (`rules.CORRECTABLE`): these select the time-limit
    rules, so the deadlines are computed again from the corrected facts (the periods still
    run from receipt and acceptance), the change is written to the deadline history, and an
    event says what was corrected and why. An especially complex denunciation recorded as
    normal thus gets the extensions the law gives it (Law on Denunciations 2018, art. 30)."""
    petition = _lock(petition, expected_version)
    changes = {k: v for k, v in changes.items() if v is not None}
    refused = rules.correction_refusal(petition, changes)
    if refused is not None:
        raise refused.error()
    if not (reason or "").strip():
        raise RuleError(_("Give the reason."), field="reason")
    on = on or _today()
    _not_future(on, "on")
    _not_before(on, petition.received_on, "on")
    diff = {name: [getattr(petition, name), value] for name, value in changes.items()
            if getattr(petition, name) != value}
    for name, (_before, after) in diff.items():
        setattr(petition, name, after)
    petition.full_clean(exclude=["duplicate_of", "transferred_from", "hotspot", "reception",
                                 "assignee"])
    moved = _save_deadlines(petition, cause=DeadlineCause.CORRECTION, on=on,
                            note=reason.strip())
    _event(petition, EventKind.FACTS_CORRECTED, by, on=on, note=reason.strip(), changes={
        **diff, "deadlines": {name: [before.isoformat() if before else None,
                                     after.isoformat() if after else None]
                              for name, (before, after) in moved.items()}})
    return petition


@transaction.atomic
def link_duplicate(petition: Petition, *, by, original: Petition,
                   expected_version: int | None = None) -> Petition:
    """Mark `petition` as a duplicate of `original` (linked to the first of the chain)."""
    petition = _lock(petition, expected_version)
    root = Petition.objects.get(pk=original.pk)
    seen = set()
    while root.duplicate_of_id and root.pk not in seen:
        seen.add(root.pk)
        root = root.duplicate_of
    if root.pk == petition.pk:
        raise RuleError(_("A petition cannot duplicate itself."), field="original")
    if petition.duplicate_of_id == root.pk:
        raise RuleError(_("Already linked to this petition."), field="original")
    petition.duplicate_of = root
    petition.save()
    for duplicate in Petition.objects.filter(duplicate_of=petition):
        duplicate.duplicate_of = root
        duplicate.save(update_fields=["duplicate_of"])
    _event(petition, EventKind.DUPLICATE_LINKED, by,
           changes={"original": root.pk, "original_unit": root.unit.code})
    return petition


@transaction.atomic
def urge(petition: Petition, *, by, reason: str = "", on: dt.date | None = None,
         expected_version: int | None = None) -> Petition:
    """Urge the agency a petition was transferred to (đôn đốc): an event on the original."""
    petition = _lock(petition, expected_version)
    rules.require(petition, "urge")
    on = on or _today()
    _not_future(on, "on")
    _event(petition, EventKind.URGED, by, on=on, note=(reason or "").strip())
    return petition


@transaction.atomic
def assign(petition: Petition, *, by, assignee, expected_version: int | None = None) -> Petition:
    petition = _lock(petition, expected_version)
    check_assignee(assignee, petition.unit)
    petition.assignee = assignee
    petition.save()
    _event(petition, EventKind.ASSIGNED, by, changes={
        "assignee": str(assignee or ""),
        "assignee_username": assignee.username if assignee is not None else ""})
    if assignee is not None and assignee != by:
        notify(assignee, NotificationKind.ASSIGNED, petition,
               Phrase(gettext_noop("Petition “%(subject)s” was assigned to you by %(by)s."),
                      subject=petition.subject[:200], by=by_whom(by)))
    return petition



@transaction.atomic
def set_hotspot(petition: Petition, *, by, hotspot: Hotspot | None,
                expected_version: int | None = None) -> Petition:
    petition = _lock(petition, expected_version)
    if hotspot is not None and hotspot.unit_id != petition.unit_id:
        raise RuleError(_("The hot spot belongs to another unit."), field="hotspot")
    petition.hotspot = hotspot
    petition.save()
    _event(petition, EventKind.HOTSPOT_LINKED, by,
           changes={"hotspot": hotspot.pk if hotspot else None})
    return petition


@transaction.atomic
def record_destruction(petitions, *, by, decision: str, on: dt.date | None = None) -> int:
    """Record the officer's destruction decision for petitions kept their full year
    (Circular 05/2021/TT-TTCP art. 28). Rows are kept: only the decision is recorded."""
    if not (decision or "").strip():
        raise RuleError(_("Give the number and date of the destruction decision."),
                        field="decision")
    on = on or _today()
    _not_future(on, "on")
    due = set(Petition.objects.due_for_destruction(on).values_list("pk", flat=True))
    ids = [p.pk for p in petitions]
    if not ids:
        raise RuleError(_("Choose the petitions."), field="petitions")
    if any(pk not in due for pk in ids):
        raise RuleError(_("Only petitions filed or not accepted more than a year ago can be "
                          "destroyed."), field="petitions")
    for petition in Petition.objects.select_for_update().filter(pk__in=ids):
        petition.destroyed_on = on
        petition.destruction_decision = decision.strip()
        petition.save()
        _event(petition, EventKind.DESTROYED, by, on=on, note=decision.strip())
    return len(ids)


@transaction.atomic
def add_attachment(petition: Petition, *, by, upload, strip: bool = False,
                   max_size: int | None = None,
                   identifying: bool | None = None) -> PetitionAttachment:
    """Attach a file, checked by content and size (`uploads.check`; `max_size` lowers the
    limit below MAX_UPLOAD_SIZE) before anything is written; with `strip` its metadata is
    removed first (`sanitize.strip_metadata`; the event records whether it could be). The
    file is stored encrypted. A failure after the file is stored removes it again, so a
    refusal leaves nothing behind.

    `identifying`: the file may reveal the petitioner (a letter, scan or e-mail); on a
    petition whose identity is sealed it is then opened only with the identity key. Unsaid,
    every file of such a petition is taken to identify (the safe reading); the officer says
    otherwise for a file of his own, e.g. a verification report."""
    if identifying is None:
        identifying = petition.identity_protected
    content, _checked, applied = sanitize.clean_upload(upload, max_size=max_size, strip=strip)
    attachment = PetitionAttachment(petition=petition, original_name=(upload.name or "")[:255],
                                    size=content.size, uploaded_by=by,
                                    identifying=identifying)
    attachment.file.save(content.name, content, save=False)
    try:
        attachment.save()
        # The timeline is read by everyone who sees the petition: a sealed original is named
        # there as it is in the list, never by its file name (which may carry a name).
        changes = {"file": attachment.neutral_name() if attachment.sealed
                   else attachment.original_name}
        if strip:
            changes["metadata_removed"] = applied
        _event(petition, EventKind.ATTACHMENT_ADDED, by, changes=changes)
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


def calendar_candidates(day: dt.date) -> list[int]:
    """Ids of the open petitions whose deadlines a calendar change on `day` may move: a
    deadline on or after `day` (an exception counts only inside a period or on its end), or
    a suspended settlement."""
    later = Q(suspended_since__isnull=False)
    for name in deadlines.FIELDS:
        later |= Q(**{f"{name}__gte": day})
    return list(Petition.objects.filter(status__in=list(stages.RUNNING)).filter(later)
                .order_by("pk").values_list("pk", flat=True))


def apply_calendar_change(ids, *, on: dt.date, basis: str, specs=None) -> int:
    """Recompute these petitions' deadlines on the calendar as it is now (one transaction:
    the caller's). Each petition whose deadline moved gets an event "… moved from … to … by
    calendar change: …" and deadline history rows; the others are left alone, so a chunk may
    be run again safely. Returns how many moved."""
    labels = dict(DeadlineField.choices)
    moved = 0
    for petition in Petition.objects.select_for_update().filter(pk__in=list(ids)):
        changes = recompute_deadlines(petition, specs)
        if not changes:
            continue
        petition.save()
        record_deadline_changes(petition, changes, cause=DeadlineCause.CALENDAR, on=on,
                                note=basis)
        shown = {k: v for k, v in changes.items() if k in labels}
        text = "; ".join(
            _("%(deadline)s deadline moved from %(old)s to %(new)s by calendar change: "
              "%(basis)s") % {"deadline": labels[name],
                              "old": old.strftime("%d/%m/%Y") if old else "—",
                              "new": new.strftime("%d/%m/%Y") if new else "—",
                              "basis": basis}
            for name, (old, new) in shown.items())
        _event(petition, EventKind.DEADLINE_MOVED, None, on=on, note=text[:2000], changes={
            name: [old.isoformat() if old else None, new.isoformat() if new else None]
            for name, (old, new) in changes.items()} | {"basis": basis})
        moved += 1
    return moved


def overdue_to_mark(today: dt.date | None = None) -> list[int]:
    """Ids of petitions whose running deadline passed and that are not marked yet."""
    today = today or _today()
    return list(Petition.objects.overdue(today).filter(overdue_marked_on__isnull=True)
                .order_by("pk").values_list("pk", flat=True))


def mark_overdue_chunk(ids, today: dt.date | None = None) -> int:
    """Mark these petitions overdue (one transaction: the caller's). Idempotent: a petition
    already marked, or no longer overdue, is skipped, so a chunk may be run again safely."""
    today = today or _today()
    marked = 0
    petitions = (Petition.objects.overdue(today).filter(pk__in=list(ids),
                                                       overdue_marked_on__isnull=True)
                 .select_for_update())
    for petition in petitions:
        petition.overdue_marked_on = today
        petition.save(update_fields=["overdue_marked_on"])  # saved, so the audit trail sees it
        _event(petition, EventKind.OVERDUE, None, on=today,
               changes={"due": petition.next_due.isoformat()})
        if petition.assignee_id:
            notify(petition.assignee, NotificationKind.OVERDUE, petition,
                   Phrase(gettext_noop("Petition “%(subject)s” is overdue since %(due)s."),
                          subject=petition.subject[:200], due=petition.next_due))
        marked += 1
    return marked


@transaction.atomic
def create_hotspot(*, by, petitions=(), **fields) -> Hotspot:
    hotspot = Hotspot(**fields)
    _not_future(hotspot.started_on, "started_on")
    if hotspot.status == HotspotStatus.RESOLVED and not hotspot.resolved_on:
        hotspot.resolved_on = _today()
    hotspot.full_clean()
    hotspot.save()
    for petition in petitions:
        set_hotspot(petition, by=by, hotspot=hotspot)
    return hotspot


@transaction.atomic
def update_hotspot(hotspot: Hotspot, *, by, **changes) -> Hotspot:
    for name, value in changes.items():
        setattr(hotspot, name, value)
    if hotspot.status == HotspotStatus.RESOLVED and not hotspot.resolved_on:
        hotspot.resolved_on = _today()
    if hotspot.status != HotspotStatus.RESOLVED:
        hotspot.resolved_on = None
    _not_future(hotspot.resolved_on, "resolved_on")
    if hotspot.resolved_on and hotspot.resolved_on < hotspot.started_on:
        raise RuleError(_("A hot spot cannot be resolved before it began."), field="resolved_on")
    hotspot.full_clean()
    hotspot.save()
    return hotspot


@transaction.atomic
def create_reception(*, by, petitions=(), **fields) -> Reception:
    reception = Reception(created_by=by, **fields)
    _not_future(reception.held_on, "held_on")
    if reception.hotspot_id and reception.hotspot.unit_id != reception.unit_id:
        raise RuleError(_("The hot spot belongs to another unit."), field="hotspot")
    reception.full_clean()
    reception.save()
    for petition in petitions:
        if petition.unit_id != reception.unit_id:
            raise RuleError(_("The petition belongs to another unit."), field="petitions")
        petition.reception = reception
        petition.save(update_fields=["reception"])
    return reception


@transaction.atomic
def register_at_reception(reception: Reception, *, by, **fields) -> Petition:
    """Register a petition handed in at a reception (channel: in person)."""
    fields.setdefault("received_on", reception.held_on)
    fields.setdefault("hotspot", reception.hotspot)
    return create_petition(by=by, unit=reception.unit, channel=Channel.IN_PERSON,
                           reception=reception, **fields)

"""Every change to a petition, reception or hot spot goes through these functions.

The web views, the API, the seed and the daily job all call them: the status flow
(`stages`), the time limits (`deadlines` with the `DeadlineRule` table) and the timeline event
are applied once, in one transaction.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.core.errors import ConflictError, RuleError
from oversight.identity import keys as identity_keys
from oversight.petitions import deadlines, duplicates, sanitize, stages
from oversight.petitions.choices import (
    Channel,
    Classification,
    EventKind,
    HotspotStatus,
    Outcome,
    PetitionKind,
    Status,
    checklist_for,
)
from oversight.petitions.models import (
    DeadlineRule,
    Hotspot,
    Notification,
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


def recompute_deadlines(petition: Petition) -> Petition:
    """Set the deadline fields and `next_due` from the rules (not saved)."""
    computed = deadlines.compute(DeadlineRule.specs(), petition.facts())
    for name, item in computed.items():
        setattr(petition, name, item.due)
    running = [getattr(petition, n) for n in stages.RUNNING.get(petition.status, ())]
    running = [d for d in running if d is not None]
    next_due = min(running) if running else None
    if next_due != petition.next_due:
        petition.overdue_marked_on = None
    petition.next_due = next_due
    return petition


def _move(petition: Petition, target: str, by, on: dt.date, note: str = "", **changes):
    stages.check_move(petition.status, target)
    previous = petition.status
    petition.status = target
    recompute_deadlines(petition)
    petition.save()
    _event(petition, EventKind.STATUS_CHANGED, by, on=on, from_status=previous,
           to_status=target, note=note, changes=changes)
    return petition


@transaction.atomic
def create_petition(*, by, status: str | None = None, accepted_on: dt.date | None = None,
                    classified_on: dt.date | None = None, settled_on: dt.date | None = None,
                    outcome: str = "", decision_reason: str = "", petitioner: dict | None = None,
                    envelope=None, **fields) -> Petition:
    """Register a petition. Historical records may come with a status and dates; their
    deadlines are computed from them as for a new one.

    `envelope`: identities sealed before the petition exists (the public portal seals them at
    submission); `petitioners` then holds only the markers of `identity_keys.redacted`."""
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
    recompute_deadlines(petition)
    petition.save()
    identity_keys.write_blind_index(petition, petitioners)
    if petition.is_classified:
        from oversight.identity.access import classified_at_creation

        classified_at_creation(petition, by)
    _event(petition, EventKind.TRANSFERRED_IN if petition.transferred_from_id
           else EventKind.RECEIVED, by, on=petition.received_on)
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
             expected_version: int | None = None) -> Petition:
    """Check eligibility (Circular 05/2021/TT-TTCP art. 6) and record the finding.

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
    stages.check_move(petition.status, Status.CLASSIFIED)
    items = checklist_for(petition.kind)
    record = {key: bool(checklist.get(key)) for key in items}
    missing = [str(items[k]) for k, ok in record.items() if not ok]
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
    else:
        result = Classification.ELIGIBLE
    petition.eligibility = record
    petition.classification = result
    petition.ineligibility_reason = reason if result != Classification.ELIGIBLE else ""
    petition.classified_on = on
    petition.save()
    _event(petition, EventKind.CLASSIFIED, by, on=on, from_status=petition.status,
           to_status=Status.CLASSIFIED, note=petition.ineligibility_reason,
           changes={"classification": result, "checklist": record,
                    "repeat_of_settled": repeat_of_settled, "new_evidence": new_evidence})
    petition.status = Status.CLASSIFIED
    recompute_deadlines(petition)
    petition.save()
    return petition


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
    stages.check_move(petition.status, Status.ACCEPTED)
    if petition.classification == Classification.VERIFY_AS_INFORMATION:
        raise RuleError(_("An anonymous denunciation is verified as information, not accepted "
                          "as a denunciation; file it for verification."),
                        field="classification")
    if petition.classification != Classification.ELIGIBLE:
        raise RuleError(_("Only a petition that meets the conditions can be accepted."),
                        field="classification")
    on = _decision_date(petition, on)
    petition.accepted_on = on
    petition.decided_on = on
    return _move(petition, Status.ACCEPTED, by, on, note=note)


def _close(petition: Petition, target: str, *, by, on, reason: str, field: str = "reason",
           expected_version: int | None = None, **extra) -> Petition:
    petition = _lock(petition, expected_version)
    stages.check_move(petition.status, target)
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
    recompute_deadlines(received)
    received.save()
    identity_keys.copy_blind_index(petition, received)
    _event(received, EventKind.TRANSFERRED_IN, by, on=received.received_on,
           changes={"from_unit": petition.unit.code, "from_petition": petition.pk})
    for event in PetitionEvent.objects.filter(petition=petition, to_status=Status.TRANSFERRED):
        event.changes = {"to_unit": to_unit.code, "to_petition": received.pk}
        event.save(update_fields=["changes"])
    return petition, received


@transaction.atomic
def begin_settlement(petition: Petition, *, by, on: dt.date | None = None,
                     note: str = "", expected_version: int | None = None) -> Petition:
    petition = _lock(petition, expected_version)
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
    petition = _lock(petition, expected_version)
    stages.check_move(Status.SETTLING if petition.status == Status.ACCEPTED
                      else petition.status, Status.SETTLED)
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
    """Extend the settlement time limit within the rule's allowance (count and days)."""
    petition = _lock(petition, expected_version)
    if petition.status not in (Status.ACCEPTED, Status.SETTLING):
        raise RuleError(_("Only a petition being settled can have its time limit extended."),
                        field="status")
    if not (reason or "").strip():
        raise RuleError(_("Give the reason."), field="reason")
    rule = deadlines.pick_rule(DeadlineRule.specs(), "settlement_due", petition.facts())
    refusal = deadlines.check_extension(rule, petition.extensions or [], days)
    if refusal == "no_rule" or refusal == "count":
        allowed = rule.extensions_allowed if rule else 0
        raise RuleError(
            _("The time limit may be extended %(n)s time(s) for this petition; no extension is "
              "left.") % {"n": allowed}, field="days")
    if refusal == "days":
        raise RuleError(_("Give a positive number of days."), field="days")
    if refusal == "max_days":
        raise RuleError(_("An extension may not exceed %(n)s days.")
                        % {"n": rule.extension_max_days}, field="days")
    before = petition.settlement_due
    petition.extensions = [*(petition.extensions or []), int(days)]
    recompute_deadlines(petition)
    petition.save()
    _event(petition, EventKind.EXTENDED, by, on=on, note=reason.strip(),
           changes={"days": int(days), "from": before.isoformat() if before else None,
                    "to": petition.settlement_due.isoformat()})
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
    if petition.status != Status.TRANSFERRED:
        raise RuleError(_("Only a transferred petition can be urged."), field="status")
    on = on or _today()
    _not_future(on, "on")
    _event(petition, EventKind.URGED, by, on=on, note=(reason or "").strip())
    return petition


@transaction.atomic
def assign(petition: Petition, *, by, assignee, expected_version: int | None = None) -> Petition:
    petition = _lock(petition, expected_version)
    petition.assignee = assignee
    petition.save()
    _event(petition, EventKind.ASSIGNED, by, changes={"assignee": str(assignee or "")})
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
                   max_size: int | None = None) -> PetitionAttachment:
    """Attach a file, checked by content and size (`uploads.check`; `max_size` lowers the
    limit below MAX_UPLOAD_SIZE) before anything is written; with `strip` its metadata is
    removed first (`sanitize.strip_metadata`; the event records whether it could be). The
    file is stored encrypted. A failure after the file is stored removes it again, so a
    refusal leaves nothing behind."""
    content, _checked, applied = sanitize.clean_upload(upload, max_size=max_size, strip=strip)
    attachment = PetitionAttachment(petition=petition, original_name=(upload.name or "")[:255],
                                    size=content.size, uploaded_by=by)
    attachment.file.save(content.name, content, save=False)
    changes = {"file": attachment.original_name}
    if strip:
        changes["metadata_removed"] = applied
    try:
        attachment.save()
        _event(petition, EventKind.ATTACHMENT_ADDED, by, changes=changes)
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


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
            Notification.objects.create(
                user_id=petition.assignee_id,
                text=_("Petition “%(subject)s” is overdue since %(due)s.")
                % {"subject": petition.subject[:200],
                   "due": petition.next_due.strftime("%d/%m/%Y")},
                link=reverse("petition-detail", args=[petition.pk]),
            )
        marked += 1
    return marked


def mark_overdue(today: dt.date | None = None, chunk: int = 500) -> int:
    """Mark petitions whose running deadline passed; notify each assignee in the app.
    Chunks of `chunk` petitions, each in its own transaction (see jobs `overdue`)."""
    today = today or _today()
    ids = overdue_to_mark(today)
    marked = 0
    for start in range(0, len(ids), chunk):
        with transaction.atomic():
            marked += mark_overdue_chunk(ids[start:start + chunk], today)
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

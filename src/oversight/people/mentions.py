"""Mentions of persons in the records: a petition's petitioners and denounced persons, a
matter's defendants, the citizens received at a reception and an appraisal's nominees.

`sync(record)` writes the mentions of one record (called by the signals on save) and returns
the ones that are new or changed, so they can be linked; `sync_all()` does it for every record
(called by the full re-link).
"""

from __future__ import annotations

from django.db import transaction

from oversight.identity.keys import PROTECTED_MARK
from oversight.matters.models import Defendant
from oversight.people.choices import MentionRole
from oversight.people.models import Mention
from oversight.petitions.models import Petition, Reception

RAW_FIELDS = ("name", "birth", "id_number", "address", "phone", "position")


def _petition_rows(petition) -> list[dict]:
    """A protected petition's petitioners are sealed: they never enter the registry in clear
    (the dossier finds such petitions through the blind index instead, see
    `dossier.protected_petitions`)."""
    rows = []
    for item in petition.petitioners or ():
        if item.get(PROTECTED_MARK) or not (item.get("name") or "").strip():
            continue
        rows.append({"role": MentionRole.PETITIONER, "name": item.get("name", ""),
                     "id_number": item.get("id_number", ""), "address": item.get("address", ""),
                     "phone": item.get("phone", ""), "birth": item.get("birth", "")})
    for item in petition.respondents or ():
        rows.append({"role": MentionRole.RESPONDENT, "name": item.get("name", ""),
                     "position": ", ".join(v for v in (item.get("position", ""),
                                                       item.get("unit", "")) if v)})
    return rows


def _reception_rows(reception) -> list[dict]:
    rows = []
    for line in (reception.citizens or "").splitlines():
        name, _, rest = line.partition(",")
        if name.strip():
            rows.append({"role": MentionRole.RECEPTION, "name": name.strip(),
                         "address": rest.strip()})
    return rows


def rows_for(record) -> tuple[str, int, list[dict]]:
    """(source field, unit id, mention rows) of a record."""
    if isinstance(record, Petition):
        return "petition", record.unit_id, _petition_rows(record)
    if isinstance(record, Reception):
        return "reception", record.unit_id, _reception_rows(record)
    if isinstance(record, Defendant):
        row = {"role": MentionRole.DEFENDANT, "name": record.full_name,
               "position": record.position}
        return "defendant", record.matter.responsible_unit_id, [row]
    raise TypeError(record)


def _clean(row: dict) -> dict:
    return {k: str(row.get(k) or "").strip()[:Mention._meta.get_field(k).max_length]
            for k in RAW_FIELDS}


@transaction.atomic
def sync(record) -> list[Mention]:
    """Bring the record's mentions in line with what it says; returns new or changed ones."""
    field, unit_id, rows = rows_for(record)
    existing = {m.slot: m for m in Mention.objects.filter(**{field: record})}
    changed = []
    for slot, row in enumerate(rows):
        values = _clean(row)
        mention = existing.pop(slot, None)
        if mention is not None and mention.role == row["role"] and all(
            getattr(mention, k) == v for k, v in values.items()
        ) and mention.unit_id == unit_id:
            continue
        if mention is None:
            mention = Mention(**{field: record}, slot=slot)
        elif any(getattr(mention, k) != values[k] for k in ("name", "birth", "id_number")):
            mention.person = None  # says something else now: link it again
        mention.role, mention.unit_id = row["role"], unit_id
        for k, v in values.items():
            setattr(mention, k, v)
        mention.save()
        changed.append(mention)
    for stale in existing.values():
        stale.delete()
    return changed


def sync_all(progress=None) -> int:
    """Create the mentions of every record that has none yet (the full re-link's first step)."""
    created = 0
    sources = (
        ("petition", Petition.objects.exclude(petitioners=[], respondents=[])),
        ("reception", Reception.objects.exclude(citizens="")),
        ("defendant", Defendant.objects.select_related("matter")),
    )
    for field, queryset in sources:
        done = Mention.objects.filter(**{f"{field}__isnull": False}).values(field)
        batch = []
        for record in queryset.exclude(pk__in=done).iterator(chunk_size=2000):
            _, unit_id, rows = rows_for(record)
            for slot, row in enumerate(rows):
                mention = Mention(**{field: record}, slot=slot, role=row["role"],
                                  unit_id=unit_id, **_clean(row))
                mention.compute_features()
                batch.append(mention)
            if len(batch) >= 5000:
                created += len(Mention.objects.bulk_create(batch))
                batch = []
        created += len(Mention.objects.bulk_create(batch))
        if progress:
            progress(field)
    return created

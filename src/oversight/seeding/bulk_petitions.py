"""Petitions in bulk for the province and national scales (hundreds of thousands of rows).

The demo scale goes through the actions one petition at a time; a national data set cannot.
Here rows are built in memory with the same deadline arithmetic (`petitions.deadlines` over the
`DeadlineRule` table, `petitions.actions.recompute_deadlines`) and written with bulk inserts,
each batch in its own transaction, with their deadline history as it would have been recorded.
Their events are left out: this data set exists to measure lists, reports and search at
national volume. Each step falls on a working day (`core.calendar`).
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from oversight.core import calendar
from oversight.identity import keys as identity_keys
from oversight.people.names import full_name
from oversight.petitions import actions
from oversight.petitions.choices import (
    Channel,
    Classification,
    Complexity,
    Outcome,
    PetitionKind,
    Status,
)
from oversight.petitions.models import DeadlineChange, DeadlineRule, Petition, Reception

SUBJECTS = {
    PetitionKind.COMPLAINT: ["Khiếu nại quyết định thu hồi đất", "Khiếu nại về bồi thường, hỗ trợ",
                             "Khiếu nại quyết định kỷ luật", "Khiếu nại cấp giấy chứng nhận"],
    PetitionKind.DENUNCIATION: ["Tố cáo nhận hối lộ", "Tố cáo sai phạm trong đấu thầu",
                                "Tố cáo lạm dụng chức vụ", "Tố cáo vi phạm quản lý đất đai"],
    PetitionKind.RECOMMENDATION: ["Kiến nghị giải quyết chế độ chính sách",
                                  "Kiến nghị về quy hoạch"],
    PetitionKind.REFLECTION: ["Phản ánh ô nhiễm môi trường", "Phản ánh thái độ cán bộ"],
}
KINDS = list(SUBJECTS)
KIND_WEIGHTS = [40, 25, 15, 20]


class PetitionBulkGenerator:
    def __init__(self, rng: random.Random, since: dt.date, until: dt.date):
        self.rng = rng
        self.since = since
        self.until = until
        self.specs = DeadlineRule.specs()

    def _deadlines(self, p: Petition) -> None:
        actions.recompute_deadlines(p, self.specs)

    def build(self, unit, received_on: dt.date) -> Petition:
        rng = self.rng
        kind = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
        subject = rng.choice(SUBJECTS[kind])
        anonymous = kind == PetitionKind.DENUNCIATION and rng.random() < 0.15
        name = full_name(rng)
        signatories = rng.choice([1, 1, 1, 1, 2, 5, 20])
        p = Petition(
            unit=unit, received_on=received_on, kind=kind, subject=subject,
            content=f"{subject}. Người gửi: {'(nặc danh)' if anonymous else name}."
            if kind != PetitionKind.DENUNCIATION else f"{subject}.",
            channel=rng.choice([Channel.POST, Channel.POST, Channel.IN_PERSON, Channel.EMAIL,
                                Channel.WEB_PORTAL]),
            anonymous=anonymous,
            petitioners=[] if anonymous else [{"name": name, "id_number": "", "address": "",
                                               "phone": ""}],
            complexity=rng.choices([Complexity.NORMAL, Complexity.COMPLEX,
                                    Complexity.ESPECIALLY_COMPLEX], weights=[85, 12, 3])[0],
            complaint_round=(2 if rng.random() < 0.1 else 1)
            if kind == PetitionKind.COMPLAINT else 1,
            signatory_count=signatories,
            status=Status.RECEIVED,
        )
        age = (self.until - received_on).days
        if age > 10:
            p.status = Status.CLASSIFIED
            p.classified_on = calendar.add_working_days(received_on, rng.randint(1, 5))
            p.classification = Classification.ELIGIBLE if rng.random() < 0.8 else \
                Classification.NOT_ELIGIBLE
        if age > 20:
            if p.classification == Classification.NOT_ELIGIBLE:
                p.status = rng.choice([Status.FILED, Status.GUIDED, Status.NOT_ACCEPTED])
                p.decided_on = calendar.add_working_days(p.classified_on, 2)
            else:
                roll = rng.random()
                if roll < 0.06:
                    p.status = Status.TRANSFERRED
                    p.decided_on = calendar.add_working_days(p.classified_on, 2)
                elif roll < 0.25:
                    p.status = Status.GUIDED
                    p.decided_on = calendar.add_working_days(p.classified_on, 2)
                else:
                    p.status = Status.ACCEPTED
                    p.accepted_on = p.decided_on = calendar.add_working_days(p.classified_on,
                                                                             3)
        if p.status == Status.ACCEPTED and age > 50:
            settled = calendar.add_working_days(p.accepted_on, rng.randint(14, 52))
            if settled <= self.until and rng.random() < 0.9:
                p.status = Status.SETTLED
                p.settled_on = settled
                p.outcome = rng.choice(list(Outcome))
            else:
                p.status = Status.SETTLING
        self._deadlines(p)
        if identity_keys.needs_protection(kind=p.kind, protection_requested=False,
                                          anonymous=p.anonymous, petitioners=p.petitioners):
            # Sealed by the same function as intake; the blind index is left to
            # `oversight keys rotate --blind-index` for bulk data (duplicates are pre-linked).
            p.identity_envelope = identity_keys.seal_identity(unit.pk, p.petitioners)
            p.petitioners = identity_keys.redacted(p.petitioners)
        return p


def seed(rng: random.Random, units: list, total: int, since: dt.date, until: dt.date,
         progress=print, batch: int = 5000, checkpoints=(), on_checkpoint=None) -> dict:
    """About `total` petitions spread over `units` (weighted), ~5% duplicates, transfers
    received by another unit, and monthly receptions. `on_checkpoint(n)` is called once the
    n-th petition of each of `checkpoints` is written (the bench measures at each size)."""
    pending = sorted(checkpoints)
    generator = PetitionBulkGenerator(rng, since, until)
    weights = [rng.uniform(0.5, 2.0) for _ in units]
    span = (until - since).days
    made = {"petitions": 0, "duplicates": 0, "transfers": 0, "receptions": 0}
    done = 0
    while done < total:
        size = min(batch, total - done)
        rows = []
        for _ in range(size):
            unit = rng.choices(units, weights=weights)[0]
            rows.append(generator.build(unit, min(until, calendar.next_working_day(
                since + dt.timedelta(days=rng.randint(0, span))))))
        with transaction.atomic():
            # the history first: it copies the standing running deadline onto each petition
            history = [row for p in rows for row in actions.reconstructed_history(p)]
            created = Petition.objects.bulk_create(rows, batch_size=1000)
            # Duplicates: the same petition sent again, to the same or another unit.
            dupes, transfers = [], []
            for p in created:
                if rng.random() < 0.05:
                    d = generator.build(rng.choice(units), min(
                        until, calendar.add_working_days(p.received_on, rng.randint(1, 40))))
                    d.kind, d.subject, d.content = p.kind, p.subject, p.content
                    d.petitioners, d.anonymous = p.petitioners, p.anonymous
                    d.identity_envelope = p.identity_envelope
                    d.duplicate_of_id = p.pk
                    dupes.append(d)
                if p.status == Status.TRANSFERRED:
                    other = rng.choice(units)
                    if other.pk != p.unit_id:
                        t = generator.build(other, p.decided_on)
                        t.kind, t.subject, t.content = p.kind, p.subject, p.content
                        t.petitioners, t.channel = p.petitioners, Channel.TRANSFERRED
                        t.identity_envelope = p.identity_envelope
                        t.transferred_from_id = p.pk
                        transfers.append(t)
            history += [row for p in dupes + transfers
                        for row in actions.reconstructed_history(p)]
            Petition.objects.bulk_create(dupes + transfers, batch_size=1000)
            DeadlineChange.objects.bulk_create(history, batch_size=2000)
        made["petitions"] += len(created) + len(dupes) + len(transfers)
        made["duplicates"] += len(dupes)
        made["transfers"] += len(transfers)
        done += size
        progress(f"petitions: {done:,}/{total:,}")
        while pending and done >= pending[0] and on_checkpoint:
            on_checkpoint(pending.pop(0))
    receptions = []
    for unit in units:
        day = since.replace(day=10)
        while day <= until:
            if rng.random() < 0.85:
                receptions.append(Reception(unit=unit, held_on=day, host="Bí thư Tỉnh ủy",
                                            dialogue=rng.random() < 0.2,
                                            citizen_count=rng.randint(1, 40)))
            day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=10)
    Reception.objects.bulk_create(receptions, batch_size=2000)
    made["receptions"] = len(receptions)
    return made

"""The statutory petition-handling summary in the shape of form 01/XLD (Circular 01/2024/TT-TTCP).

One grouped aggregate over the petitions in hand during the period — carried over (received
before it and still open at its start) plus received in it, each petition once (duplicates
and transfers within the place are not counted again). The columns add up by construction:
  total = carried_over + received
        = qualifying + not_qualifying + not_classified
        = the six content columns
  qualifying = within_jurisdiction + outside_jurisdiction
  within_jurisdiction = not_settled + settling + settled_first + settled_repeat
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from oversight.petitions.choices import Classification, EventKind, PetitionKind, Status
from oversight.petitions.models import Petition, PetitionEvent
from oversight.reports.periods import Period
from oversight.reports.places import Place

CLOSED_BY_DECISION = [Status.NOT_ACCEPTED, Status.TRANSFERRED, Status.GUIDED, Status.FILED]
OUTSIDE = [Status.TRANSFERRED, Status.GUIDED]
NOT_QUALIFYING = [Classification.NOT_ELIGIBLE, Classification.REPEAT,
                  Classification.VERIFY_AS_INFORMATION]


@dataclass(frozen=True)
class Column:
    key: str
    group_vi: str
    label_vi: str
    label_en: str


MULTI = Q(signatory_count__gt=1)
QUALIFYING = Q(classification=Classification.ELIGIBLE)
WITHIN = QUALIFYING & ~Q(status__in=OUTSIDE)

COLUMNS: list[tuple[Column, Q]] = [
    (Column("carried_over", "Tổng số đơn", "Kỳ trước chuyển sang", "Carried over"), None),
    (Column("received", "Tổng số đơn", "Tiếp nhận trong kỳ", "Received in the period"), None),
    (Column("total", "Tổng số đơn", "Tổng", "Total"), Q()),
    (Column("qualifying", "Phân loại", "Đủ điều kiện xử lý", "Qualifying"), QUALIFYING),
    (Column("not_qualifying", "Phân loại", "Không đủ điều kiện xử lý", "Not qualifying"),
     Q(classification__in=NOT_QUALIFYING)),
    (Column("not_classified", "Phân loại", "Chưa phân loại", "Not yet classified"),
     Q(classification="")),
    (Column("complaint_single", "Khiếu nại", "Một người đứng tên", "Complaint, one signer"),
     Q(kind=PetitionKind.COMPLAINT) & ~MULTI),
    (Column("complaint_multi", "Khiếu nại", "Nhiều người đứng tên", "Complaint, several"),
     Q(kind=PetitionKind.COMPLAINT) & MULTI),
    (Column("denunciation_single", "Tố cáo", "Một người đứng tên", "Denunciation, one signer"),
     Q(kind=PetitionKind.DENUNCIATION) & ~MULTI),
    (Column("denunciation_multi", "Tố cáo", "Nhiều người đứng tên", "Denunciation, several"),
     Q(kind=PetitionKind.DENUNCIATION) & MULTI),
    (Column("recommendation_single", "Kiến nghị, phản ánh", "Một người đứng tên",
            "Recommendation/reflection, one signer"),
     Q(kind__in=[PetitionKind.RECOMMENDATION, PetitionKind.REFLECTION]) & ~MULTI),
    (Column("recommendation_multi", "Kiến nghị, phản ánh", "Nhiều người đứng tên",
            "Recommendation/reflection, several"),
     Q(kind__in=[PetitionKind.RECOMMENDATION, PetitionKind.REFLECTION]) & MULTI),
    (Column("within_jurisdiction", "Thẩm quyền", "Thuộc thẩm quyền", "Within jurisdiction"),
     WITHIN),
    (Column("outside_jurisdiction", "Thẩm quyền", "Không thuộc thẩm quyền",
            "Outside jurisdiction"), QUALIFYING & Q(status__in=OUTSIDE)),
    (Column("not_settled", "Tình trạng giải quyết", "Chưa giải quyết", "Not yet settled"),
     WITHIN & ~Q(status__in=[Status.SETTLING, Status.SETTLED])),
    (Column("settling", "Tình trạng giải quyết", "Đang giải quyết", "Being settled"),
     WITHIN & Q(status=Status.SETTLING)),
    (Column("settled_first", "Tình trạng giải quyết", "Đã giải quyết lần đầu",
            "Settled, first time"),
     WITHIN & Q(status=Status.SETTLED) & ~Q(complaint_round=2)),
    (Column("settled_repeat", "Tình trạng giải quyết", "Đã giải quyết nhiều lần",
            "Settled, repeated"), WITHIN & Q(status=Status.SETTLED, complaint_round=2)),
    (Column("guided", "Kết quả xử lý", "Hướng dẫn", "Guided"), Q(status=Status.GUIDED)),
    (Column("transferred", "Kết quả xử lý", "Chuyển đơn", "Transferred"),
     Q(status=Status.TRANSFERRED)),
    (Column("urged", "Kết quả xử lý", "Đôn đốc giải quyết", "Urged"),
     Q(status=Status.TRANSFERRED, was_urged=True)),
]


def _open_at(start):
    closed_before = (Q(status__in=CLOSED_BY_DECISION, decided_on__lt=start)
                     | Q(status=Status.SETTLED, settled_on__lt=start))
    return Q(received_on__lt=start) & ~closed_before


def _counted_once(unit_ids):
    once = Q(duplicate_of__isnull=True) & Q(transferred_from__isnull=True)
    if unit_ids is not None:
        once |= Q(duplicate_of__isnull=True) & ~Q(transferred_from__unit__in=unit_ids)
    return once


def table(place: Place, period: Period) -> dict:
    """{"columns": [Column], "rows": [{"code", "name", "values"}], "total": {key: n}}."""
    carried = _open_at(period.start)
    received = Q(received_on__gte=period.start, received_on__lte=period.end)
    qs = Petition.objects.filter(carried | received).filter(_counted_once(place.unit_ids))
    if place.unit_ids is not None:
        qs = qs.filter(unit__in=place.unit_ids)
    qs = qs.annotate(was_urged=Exists(PetitionEvent.objects.filter(
        petition=OuterRef("pk"), kind=EventKind.URGED)))
    aggregates = {"carried_over": Count("pk", filter=carried),
                  "received": Count("pk", filter=received)}
    for column, condition in COLUMNS:
        if condition is not None:
            aggregates[column.key] = Count("pk", filter=condition)
    split = place.part_of() if place.parts else {}
    parts = {p.pk: p for p in place.parts}
    by_part: dict[int, dict[str, int]] = {}
    keys = [c.key for c, _q in COLUMNS]
    for row in qs.values("unit").annotate(**aggregates).order_by():
        part = split.get(row["unit"], row["unit"])
        bucket = by_part.setdefault(part, dict.fromkeys(keys, 0))
        for key in keys:
            bucket[key] += row[key]
    total = dict.fromkeys(keys, 0)
    for values in by_part.values():
        for key in keys:
            total[key] += values[key]
    rows = [{"code": parts[pk].code if pk in parts else str(pk),
             "name": parts[pk].place if pk in parts else str(pk), "values": values}
            for pk, values in sorted(by_part.items(),
                                     key=lambda kv: parts[kv[0]].place if kv[0] in parts else "")]
    return {"columns": [c for c, _q in COLUMNS], "rows": rows, "total": total}

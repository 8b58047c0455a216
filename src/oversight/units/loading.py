"""Idempotent loading of the reference units and clusters (used by a migration and a command)."""

from __future__ import annotations

from oversight.units.choices import UnitKind
from oversight.units.provinces import CENTRAL_CODE, province_records

# Emulation Cluster No. II as the 2023 article names it: "14 provinces and cities in the Red
# River Delta region", meeting in Nghệ An. The 11 Red River Delta provinces plus the three
# North Central ones that joined it are our reading; administrators edit the membership.
CLUSTER_II = [
    "ha_noi", "hai_phong", "quang_ninh", "hai_duong", "hung_yen", "thai_binh", "ha_nam",
    "nam_dinh", "ninh_binh", "vinh_phuc", "bac_ninh", "thanh_hoa", "nghe_an", "ha_tinh",
]


def load_units(Unit, Cluster=None) -> int:
    """Create or update the central commission and the 63 provincial units; returns the count.

    Takes the model classes so that a data migration can pass its historical models.
    """
    central, _ = Unit.objects.update_or_create(
        code=CENTRAL_CODE,
        defaults={
            "name_vi": "Ban Nội chính Trung ương",
            "name_en": "Central Internal Affairs Commission",
            "place_vi": "Trung ương",
            "place_en": "Central",
            "kind": UnitKind.CENTRAL_COMMISSION,
        },
    )
    units = {}
    for rec in province_records():
        units[rec.code], _ = Unit.objects.update_or_create(
            code=rec.code,
            defaults={
                "name_vi": rec.name_vi,
                "name_en": rec.name_en,
                "place_vi": rec.place_vi,
                "place_en": rec.place_en,
                "kind": UnitKind.PROVINCIAL_COMMITTEE,
                "parent": central,
                "gov_code": rec.gov_code,
                "valid_from": rec.valid_from,
                "valid_to": rec.valid_to,
            },
        )
    for rec in province_records():
        if rec.successor_codes:
            units[rec.code].successors.set([units[c] for c in rec.successor_codes])
    if Cluster is not None:
        cluster, _ = Cluster.objects.update_or_create(
            code="cluster_ii",
            defaults={
                "name_vi": "Cụm thi đua số II",
                "name_en": "Emulation Cluster No. II",
                "note": "Red River Delta provinces and cities (2023 membership).",
            },
        )
        cluster.members.set([units[c] for c in CLUSTER_II])
    return 1 + len(units)

"""A report: the catalogue's figures for a place and period, with the previous year."""

from __future__ import annotations

from oversight.reports.indicators import CATALOGUE, change, compute
from oversight.reports.periods import Period
from oversight.reports.places import Place


def build(place: Place, period: Period, codes=None, with_parts: bool = False) -> dict:
    """{"period", "previous_period", "place", "indicators": {code: {"value", "previous",
    "change"}}, and with `with_parts`, "parts": [{"code", "name", "indicators"}]}."""
    previous = period.previous_year()
    split = place.part_of() if with_parts and place.parts else None
    unit_ids = place.unit_ids
    figures = compute(unit_ids, period, codes=codes, previous=previous, split=split)
    report = {
        "period": period.as_dict(),
        "previous_period": previous.as_dict(),
        "place": place.as_dict(),
        "indicators": {
            code: {"value": f["value"], "previous": f["previous"],
                   "change": change(f["value"], f["previous"])}
            for code, f in figures.items()
        },
    }
    if split is not None:
        report["parts"] = [
            {"code": part.code, "name": part.place,
             "indicators": {code: {"value": f["parts"].get(part.pk, {}).get("value", 0),
                                   "previous": f["parts"].get(part.pk, {}).get("previous", 0)}
                            for code, f in figures.items()}}
            for part in place.parts
        ]
    return report


def catalogue_entries() -> list[dict]:
    return [ind.describe() for ind in CATALOGUE.values()]

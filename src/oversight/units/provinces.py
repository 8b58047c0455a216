"""Vietnam's provinces before and after the 1 July 2025 merger, from the packages that know them.

- today's 34 provinces and cities: `vietnam-provinces` (its codenames are our unit codes);
- the 63 that existed before and which of today's each became: `vietnamadminunits`.

A pre-2025 province whose codename is also one of today's (Nghệ An, Quảng Trị…) is the same
unit before and after. The 29 others end on 2025-06-30 with today's province as successor.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from oversight.base.vietnamese import ascii_fold

MERGER_DAY = dt.date(2025, 7, 1)
LAST_DAY_BEFORE_MERGER = dt.date(2025, 6, 30)
CENTRAL_CODE = "central"


def codename(short_name: str) -> str:
    """'Bà Rịa - Vũng Tàu' -> 'ba_ria_vung_tau', the packages' codename convention."""
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_fold(short_name).lower()).split()
    return "_".join(words)


@dataclass
class ProvinceRecord:
    code: str
    place_vi: str
    is_city: bool
    gov_code: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor_codes: list[str] = field(default_factory=list)

    @property
    def place_en(self) -> str:
        return ascii_fold(self.place_vi)

    @property
    def name_vi(self) -> str:
        return f"Ban Nội chính {'Thành ủy' if self.is_city else 'Tỉnh ủy'} {self.place_vi}"

    @property
    def name_en(self) -> str:
        kind = "City" if self.is_city else "Provincial"
        return f"{self.place_en} {kind} Party Committee's Internal Affairs Commission"


def _adminunits_data(name: str) -> dict:
    text = resources.files("vietnamadminunits").joinpath("data", name).read_text("utf-8")
    return json.loads(text)


def _short(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


@cache
def province_records() -> list[ProvinceRecord]:
    """All provincial units: today's 34 and the 29 that ended with the merger (63 before it)."""
    # Late: the package's tables (a fifth of a second) stay out of start-up, which folds
    # addresses (people.normalise) without them.
    from vietnam_provinces import Province

    today = {
        p.codename: ProvinceRecord(
            code=p.codename,
            place_vi=_short(p.name),
            is_city=p.name.startswith("Thành phố"),
            gov_code=f"{p.code.value:02d}",
        )
        for p in Province.iter_all()
    }
    legacy = _adminunits_data("parser_legacy.json")["DICT_PROVINCE"]
    after = _adminunits_data("parser_from_2025.json")["DICT_PROVINCE"]
    merger = _adminunits_data("converter_2025.json")["DICT_PROVINCE"]
    by_gov_code = {rec.gov_code: rec for rec in today.values()}

    records = dict(today)
    for new_key, old_keys in merger.items():
        successor = by_gov_code[after[new_key]["provinceCode"]]
        for old_key in old_keys:
            old = legacy[old_key]
            code = codename(old["provinceShort"])
            if code == successor.code:
                continue  # the same unit goes on under the same name
            if code in today:
                raise ValueError(f"{code} is both a 2025 province and a merged one")
            records[code] = ProvinceRecord(
                code=code,
                place_vi=old["provinceShort"],
                is_city=old["province"].startswith("Thành phố"),
                gov_code=old["provinceCode"],
                valid_to=LAST_DAY_BEFORE_MERGER,
                successor_codes=[successor.code],
            )
    return sorted(records.values(), key=lambda r: r.code)


def provinces_before_merger() -> list[str]:
    """Codes of the 63 provinces that existed on 30 June 2025."""
    return [r.code for r in province_records() if r.valid_from is None]


def provinces_after_merger() -> list[str]:
    """Codes of the 34 provinces in force since 1 July 2025."""
    return [r.code for r in province_records() if r.valid_to is None]

"""Exact look-up of a ward written in full — 'ward, province' (today's units) or 'ward,
district, province' (before the 2025 reform) — to today's ward and province, from the tables
`vietnamadminunits` ships (parser_from_2025.json, parser_legacy.json, converter_2025.json).

Why: the linking features need today's ward of every address, and the package's parser costs
milliseconds per call (it compiles its patterns per address). Most addresses write their units
in one of these two plain forms, which a dictionary answers in microseconds; anything else
(no unit types, misspelt or missing parts, a ward split among several new wards that the
address does not pin down by its street) returns None and goes to the parser.

A pre-2025 ward merged whole into one ward of today maps to it; one divided among several maps
to the package's default successor (`isDefaultNewWard`), as the offline converter does
(units/addresses.py), so both paths agree.
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache, lru_cache
from pathlib import Path

from oversight.base.vietnamese import ascii_fold

_NOT_KEY = re.compile(r"[^a-z0-9]")
AMBIGUOUS = ("", "")


@lru_cache(maxsize=100_000)  # the same ward and province names, address after address
def key(text: str) -> str:
    """'Phường An Cựu' -> 'phuongancuu' (the package's own key form)."""
    return _NOT_KEY.sub("", ascii_fold(text).lower())


def _add(index: dict, k, value) -> None:
    if index.get(k, value) != value:
        index[k] = AMBIGUOUS  # two units answer to the same words: let the parser decide
    else:
        index[k] = value


def _data_dir() -> Path:
    """The package's data folder, found without importing the package (its __init__ loads
    the parsers, their data and shapely: units/offline_hook.py)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    return Path(spec.submodule_search_locations[0]) / "data"


@cache
def _indexes() -> tuple[dict, dict]:
    base = _data_dir()
    new = json.loads(base.joinpath("parser_from_2025.json").read_text("utf-8"))
    old = json.loads(base.joinpath("parser_legacy.json").read_text("utf-8"))
    conv = json.loads(base.joinpath("converter_2025.json").read_text("utf-8"))
    today: dict = {}
    names = {}
    for province in new["DICT_PROVINCE"].values():  # a province alone: ('Tỉnh An Giang',)
        for pk in province["provinceKeywords"]:
            _add(today, (pk,), (province["provinceShort"], ""))
    for p, wards in new["DICT_PROVINCE_WARD_NO_ACCENTED"].items():
        province = new["DICT_PROVINCE"][p]
        for w, ward in wards.items():
            value = (province["provinceShort"], ward["wardShort"])
            names[(p, w)] = value
            for pk in province["provinceKeywords"]:
                for wk in ward["wardKeywords"]:
                    _add(today, (pk, wk), value)
    successor = {}
    for p, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for w, olds in wards.items():
            for old_key in olds:
                successor[old_key] = (p, w)
    for p, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, options in olds.items():
            default = next((o for o in options if o.get("isDefaultNewWard")), None)
            if default:
                successor.setdefault(old_key, (p, default["newWardKey"]))
    before: dict = {}
    for p, districts in old["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"].items():
        province = old["DICT_PROVINCE"][p]
        for d, wards in districts.items():
            district = old["DICT_PROVINCE_DISTRICT"][p][d]
            for w, ward in wards.items():
                target = successor.get(f"{p}_{d}_{w}")
                value = names.get(target) if target else None
                if value is None:
                    continue
                for pk in province["provinceKeywords"]:
                    for dk in district["districtKeywords"]:
                        for wk in ward["wardKeywords"]:
                            _add(before, (pk, dk, wk), value)
    return today, before


_UNIT_KEYS = ("phuong", "xa", "thitran", "quan", "huyen", "thixa", "thanhpho", "tinh")


def _joined(keys: tuple[str, ...]) -> tuple[str, ...]:
    """Keys of parts that were one unit's name split at its own dash or comma ('Tỉnh Bà Rịa',
    'Vũng Tàu' -> 'tinhbariavungtau'): a part after the first that names no unit type
    belongs to the one before."""
    out: list[str] = []
    for k in keys:
        if out and not k.startswith(_UNIT_KEYS):
            out[-1] += k
        else:
            out.append(k)
    return tuple(out)


def lookup(parts) -> tuple[str, str] | None:
    """(today's province, today's ward), short names with diacritics, for the units of an
    address as parts ('Xã Tà Hộc', 'Tỉnh Sơn La') or ('Xã Tà Hộc', 'Huyện Mai Sơn', 'Tỉnh
    Sơn La'); a province of today alone gives (province, ''). A name split at its own dash
    ('Tỉnh Bà Rịa', 'Vũng Tàu') is joined again. None when the parts are not exactly one known
    unit in one of those forms."""
    today, before = _indexes()
    keys = tuple(key(p) for p in parts)
    found = _find(today, before, keys)
    if found is None and len(keys) > 1:
        found = _find(today, before, _joined(keys))
    return found


def _find(today: dict, before: dict, keys: tuple[str, ...]) -> tuple[str, str] | None:
    if len(keys) == 1:
        found = today.get(keys)
    elif len(keys) == 2:
        found = today.get((keys[1], keys[0]))
    elif len(keys) == 3:
        found = before.get((keys[2], keys[1], keys[0]))
    else:
        return None
    return None if found in (None, AMBIGUOUS) else found

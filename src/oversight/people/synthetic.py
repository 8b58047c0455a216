"""Synthetic Vietnamese person records with known truth, for training and the benchmark.

Each person gets several records written the way different offices write them: upper case,
without diacritics, with the middle name left out; a full date of birth, the year alone or
day and month swapped; the old 9-digit CMND or the 12-digit CCCD; a phone as +84, 84 or 0 with
spaces or dots; an address in the pre-2025 units or in today's. Names follow the real
frequencies (people/names.py), so many people share common names.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from functools import cache
from importlib import resources

from oversight.base.vietnamese import ascii_fold
from oversight.people.names import (
    FAMILY,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
)
from oversight.units.addresses import convert_address

STREETS = ["Lê Lợi", "Trần Phú", "Quang Trung", "Nguyễn Trãi", "Hùng Vương", "Lý Thường Kiệt",
           "Phan Đình Phùng", "Điện Biên Phủ", "Hai Bà Trưng", "Đinh Tiên Hoàng"]


@cache
def address_pool(size: int = 6000, seed: int = 7) -> list[tuple[str, str]]:
    """(address before 2025, the same address in today's units) pairs for real wards."""
    data = json.loads(resources.files("vietnamadminunits").joinpath(
        "data", "parser_legacy.json").read_text("utf-8"))
    provinces, districts = data["DICT_PROVINCE"], data["DICT_PROVINCE_DISTRICT"]
    wards = data["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"]
    triples = [(p, d, w) for p, ds in wards.items() for d, ws in ds.items() for w in ws]
    rng = random.Random(seed)
    pool = []
    while len(pool) < size:
        p, d, w = rng.choice(triples)
        street = f"Số {rng.randint(1, 300)} {rng.choice(STREETS)}"
        old = (f"{street}, {wards[p][d][w]['ward']}, {districts[p][d]['district']}, "
               f"{provinces[p]['province']}")
        try:
            unit = convert_address(old)
        except Exception:  # noqa: BLE001 - skip a ward the converter does not know
            continue
        if not unit.short_province or not unit.ward:
            continue
        pool.append((old, f"{street}, {unit.ward}, {unit.province}"))
    return pool


def _weighted(rng, table):
    names, weights = zip(*table, strict=True)
    return rng.choices(names, weights=weights)[0]


def _person(rng: random.Random, pool) -> dict:
    male = rng.random() < 0.6
    family = _weighted(rng, FAMILY)
    middle = _weighted(rng, MIDDLE_MALE if male else MIDDLE_FEMALE)
    if rng.random() < 0.25:  # two-word middle names: Nguyễn Thị Thu Hà
        second = _weighted(rng, MIDDLE_FEMALE if not male else MIDDLE_MALE)
        middle += "" if second == middle else " " + second
    given = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
    province_code = f"{rng.randint(1, 96):03d}"
    return {
        "family": family, "middle": middle, "given": given, "born": born,
        "cmnd": f"{rng.randrange(10**8, 10**9)}",
        "cccd": f"{province_code}{0 if male else 1}{born.year % 100:02d}"
                f"{rng.randrange(10**6):06d}",
        "phone": f"9{rng.randrange(10**8):08d}",
        "home": rng.choice(pool),
    }


def _name(rng, p) -> str:
    middle = p["middle"]
    if rng.random() < 0.1:
        middle = ""
    name = " ".join(x for x in (p["family"], middle, p["given"]) if x)
    roll = rng.random()
    if roll < 0.2:
        name = name.upper()
    elif roll < 0.35:
        name = ascii_fold(name)
    elif roll < 0.4:
        name = ascii_fold(name).upper()
    return name


def _birth(rng, born: dt.date) -> str:
    roll = rng.random()
    if roll < 0.03:
        return ""
    if roll < 0.2:
        return str(born.year)
    if roll < 0.25 and born.day <= 12 and born.day != born.month:
        return f"{born.month:02d}/{born.day:02d}/{born.year}"  # day and month swapped
    if roll < 0.6:
        return born.isoformat()
    return f"{born.day:02d}/{born.month:02d}/{born.year}"


def _phone(rng, digits: str) -> str:
    roll = rng.random()
    if roll < 0.25:
        return f"+84 {digits[:3]} {digits[3:6]} {digits[6:]}"
    if roll < 0.4:
        return "84" + digits
    if roll < 0.6:
        return f"0{digits[:3]}.{digits[3:6]}.{digits[6:]}"
    return "0" + digits


def _record(rng, p) -> dict:
    ids = rng.random()
    id_number = p["cccd"] if ids < 0.45 else p["cmnd"] if ids < 0.7 else ""
    has_phone = rng.random() < (0.5 if id_number else 0.85)
    roll = rng.random()
    address = p["home"][0] if roll < 0.45 else p["home"][1] if roll < 0.9 else ""
    return {"full_name": _name(rng, p), "date_of_birth": _birth(rng, p["born"]),
            "id_number": id_number,
            "phone": _phone(rng, p["phone"]) if has_phone else "",
            "address": address}


def generate(n_records: int, seed: int = 1) -> list[dict]:
    """`n_records` records (record_id, true_id and the CSV columns), about 4 per person."""
    rng = random.Random(seed)
    pool = address_pool(min(6000, max(200, n_records // 4)))  # about one home per person
    records = []
    person_id = 0
    while len(records) < n_records:
        p = _person(rng, pool)
        person_id += 1
        for _ in range(min(rng.choice((1, 2, 3, 4, 4, 5, 6, 7)), n_records - len(records))):
            row = _record(rng, p)
            row["record_id"] = f"r{len(records) + 1}"
            row["true_id"] = person_id
            records.append(row)
    rng.shuffle(records)
    return records

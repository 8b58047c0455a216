"""Vietnamese-aware normalisation of what a record says about a person: the features the
linking model compares. Plain Python, no Django; tested directly (tests/people/test_normalise.py).

- names: NFC, upper/lower case folded, spaces collapsed; with diacritics and without (Đ/đ → D/d,
  which NFD alone leaves as they are); split into family (họ), middle (đệm) and given (tên) parts;
- dates of birth: a full date or a year alone ("1975", "15/08/1975", "1975-08-15", "08/1975");
- identity numbers: the 12-digit citizen identity card (CCCD) and the 9-digit identity card (CMND)
  are different numbers, both kept;
- phones: +84 / 84 / 0 prefixes, spaces, dots and dashes → one national form 0xxxxxxxxx;
- addresses: brought to today's units with `vietnamadminunits` (pre-2025 addresses converted),
  keeping the province of today as a separate feature; offline, through `units/addresses.py`
  (the library alone would send an ambiguous address to an online geocoder).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache

from oversight.units.provinces import ascii_fold, codename

_SPACES = re.compile(r"\s+")
_NON_DIGIT = re.compile(r"\D")
_NAME_JUNK = re.compile(r"[^\w\s'-]", re.UNICODE)
_HONORIFICS = {"ong", "ba", "anh", "chi", "mr", "mrs", "ms"}


def clean_name(name: str | None) -> str:
    """'  NGUYỄN  văn hùng ' -> 'nguyễn văn hùng' (NFC, lower case, single spaces)."""
    if not name:
        return ""
    text = unicodedata.normalize("NFC", str(name)).lower()
    text = _NAME_JUNK.sub(" ", text)
    words = _SPACES.sub(" ", text).strip().split(" ")
    if len(words) > 2 and ascii_fold(words[0]) in _HONORIFICS:  # "Ông Nguyễn Văn A"
        words = words[1:]
    return " ".join(w for w in words if w)


def fold(text: str) -> str:
    return ascii_fold(text)


def display_name(name: str | None) -> str:
    """'NGUYỄN VĂN HÙNG' -> 'Nguyễn Văn Hùng'."""
    return " ".join(w[:1].upper() + w[1:] for w in clean_name(name).split())


def name_parts(name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a cleaned name; the middle part may be empty."""
    words = name.split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


@dataclass(frozen=True)
class BirthDate:
    date: dt.date | None = None
    year: int | None = None

    @property
    def year_only(self) -> bool:
        return self.date is None and self.year is not None


_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[/.\-](\d{4})$"), ("m", "y")),
    (re.compile(r"^(\d{4})$"), ("y",)),
)


def parse_birth(value) -> BirthDate:
    """A date of birth as written: a date, 'dd/mm/yyyy', 'yyyy-mm-dd', 'mm/yyyy' or 'yyyy'."""
    if value is None or value == "":
        return BirthDate()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return BirthDate(value, value.year)
    if isinstance(value, int):
        return BirthDate(None, value) if 1900 <= value <= 2100 else BirthDate()
    text = str(value).strip()
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
        year = parts["y"]
        if not 1900 <= year <= 2100:
            return BirthDate()
        if "d" not in parts:
            return BirthDate(None, year)
        try:
            return BirthDate(dt.date(year, parts["m"], parts["d"]), year)
        except ValueError:
            try:  # written month first: 08/15/1975
                return BirthDate(dt.date(year, parts["d"], parts["m"]), year)
            except ValueError:
                return BirthDate(None, year)
    return BirthDate()


def swapped(date: dt.date | None) -> dt.date | None:
    """The date with day and month exchanged, when that is a different valid date."""
    if date is None or date.day > 12 or date.day == date.month:
        return None
    try:
        return dt.date(date.year, date.day, date.month)
    except ValueError:
        return None


def split_id(value: str | None) -> tuple[str, str]:
    """(cccd, cmnd): a 12-digit citizen identity number or a 9-digit identity card number."""
    digits = _NON_DIGIT.sub("", str(value or ""))
    if len(digits) == 12:
        return digits, ""
    if len(digits) == 9:
        return "", digits
    return "", ""


def normalise_phone(value: str | None) -> str:
    """'+84 912 345 678', '84912345678', '0912.345.678' -> '0912345678'."""
    text = str(value or "").strip()
    digits = _NON_DIGIT.sub("", text)
    if not digits:
        return ""
    if text.startswith("+84") or (digits.startswith("84") and len(digits) in (11, 12)):
        digits = "0" + digits[2:]
    elif not digits.startswith("0") and len(digits) in (9, 10):
        digits = "0" + digits
    return digits if 10 <= len(digits) <= 11 else ""


@dataclass(frozen=True)
class Place:
    province: str = ""  # today's province codename, e.g. "hai_phong"
    text: str = ""  # the address in today's units, folded, for comparison


def _today_unit(text: str):
    """The address parsed in today's units. A pre-2025 address (it names a district and a
    ward that existed then) is converted; a province-only old address keeps today's province."""
    from oversight.units.addresses import convert_address, parse_address

    def attempt(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception:  # noqa: BLE001 - the parser raises plain exceptions on odd input
            return None

    legacy = attempt(parse_address, text, mode="LEGACY", level=3)
    if legacy is not None and legacy.ward and legacy.district:
        return attempt(convert_address, text)
    new = attempt(parse_address, text, mode="FROM_2025", level=2)
    if legacy is not None and legacy.province:
        converted = attempt(convert_address, text)
        if converted is not None and (new is None or new.province != converted.province):
            return converted
    return new


@lru_cache(maxsize=200_000)
def normalise_address(address: str | None) -> Place:
    """Bring an address (written before or after the 2025 reform) to today's units."""
    text = unicodedata.normalize("NFC", str(address or "")).strip()
    if not text:
        return Place()
    unit = _today_unit(text)
    if unit is None or not getattr(unit, "short_province", ""):
        return Place("", _SPACES.sub(" ", ascii_fold(text).lower()))
    parts = [getattr(unit, "street", "") or "", getattr(unit, "short_ward", "") or "",
             unit.short_province]
    folded = ", ".join(p for p in parts if p)
    return Place(codename(unit.short_province), ascii_fold(folded).lower())


@dataclass(frozen=True)
class Features:
    """What the linking model compares; one row of the DataFrame fed to Splink."""

    name: str = ""  # cleaned, with diacritics
    name_ascii: str = ""
    family: str = ""
    middle: str = ""
    given: str = ""
    given_diacritic: str = ""
    dob: str = ""  # ISO date, or "" when unknown or only the year is known
    dob_swapped: str = ""
    dob_year: str = ""
    cccd: str = ""
    cmnd: str = ""
    phone: str = ""
    province: str = ""
    address: str = ""

    def as_row(self) -> dict:
        return {k: (v or None) for k, v in asdict(self).items()}


def features(name=None, birth=None, id_number=None, phone=None, address=None) -> Features:
    cleaned = clean_name(name)
    ascii_name = ascii_fold(cleaned)
    family, middle, given = name_parts(ascii_name)
    born = parse_birth(birth)
    cccd, cmnd = split_id(id_number)
    place = normalise_address(address)
    other = swapped(born.date)
    return Features(
        name=cleaned, name_ascii=ascii_name, family=family, middle=middle, given=given,
        given_diacritic=name_parts(cleaned)[2],
        dob=born.date.isoformat() if born.date else "",
        dob_swapped=other.isoformat() if other else "",
        dob_year=str(born.year) if born.year else "",
        cccd=cccd, cmnd=cmnd, phone=normalise_phone(phone),
        province=place.province, address=place.text,
    )

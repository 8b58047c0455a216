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
from dataclasses import dataclass
from functools import lru_cache

from oversight.base.vietnamese import ascii_fold
from oversight.units import wards
from oversight.units.provinces import codename

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


_VOWELS = "aeiouy"
_TELEX_DOUBLES = (("aa", "a"), ("ee", "e"), ("oo", "o"), ("dd", "d"))


def untelex(word: str) -> str:
    """A folded word typed in Telex with the input method off, back to its folded letters:
    'nguyeenx' -> 'nguyen', 'vawn' -> 'van', 'hufng' -> 'hung'. Safe on Vietnamese: no
    syllable written without diacritics contains w, f, j or z, a doubled a/e/o/d, or s, r, x
    after a vowel (a syllable ends in a vowel or c, ch, m, n, ng, nh, p, t)."""
    if not word.isascii():
        return word
    out = []
    for ch in word:
        if ch in "wfjz":
            continue
        if ch in "srx" and out and out[-1] in _VOWELS:
            continue
        out.append(ch)
    word = "".join(out)
    if word[-1:] in ("s", "r", "x") and any(c in _VOWELS for c in word[:-1]):
        word = word[:-1]  # the tone typed last: no syllable ends so ('tr' is a fragment)
    for double, single in _TELEX_DOUBLES:
        word = word.replace(double, single)
    return word


def name_words(cleaned: str) -> list[str]:
    """The folded words of a cleaned name, Telex undone, a word written twice in a row once:
    'nguyễn minh minh hòa' -> ['nguyen', 'minh', 'hoa']."""
    words = []
    for w in ascii_fold(cleaned).split():
        w = untelex(w)
        if w and (not words or words[-1] != w):
            words.append(w)
    return words


def display_name(name: str | None) -> str:
    """'NGUYỄN VĂN HÙNG' -> 'Nguyễn Văn Hùng'."""
    return " ".join(w[:1].upper() + w[1:] for w in clean_name(name).split())


def name_key(name: str | None) -> str:
    """A registry person's name as compared: 'NGUYỄN  văn Hùng' -> 'nguyen van hung'
    (`Person.name_key`, kept by `Person.save`; `people.named.registry_matches`)."""
    return fold(display_name(name)).lower()


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


@lru_cache(maxsize=100_000)
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


# Letters a scanner or a hurried typist puts for digits, in numbers only (o for 0, l for 1…).
_DIGIT_LOOKALIKES = str.maketrans("OoDQIlL|SsBZzGg", "000011115582266")


def digits_of(value) -> str:
    """The digits of a number as written: spaces, dots and dashes dropped, letters that look
    like digits read as those digits ('0400951273S0' -> '040095127350')."""
    text = str(value or "").strip()
    if sum(c.isdigit() for c in text) < max(1, len(text.replace(" ", "")) // 2):
        return _NON_DIGIT.sub("", text)  # mostly letters: not a number with a misread digit
    return _NON_DIGIT.sub("", text.translate(_DIGIT_LOOKALIKES))


def split_id(value: str | None) -> tuple[str, str]:
    """(cccd, cmnd): a 12-digit citizen identity number or a 9-digit identity card number."""
    digits = digits_of(value)
    if len(digits) == 12:
        return digits, ""
    if len(digits) == 9:
        return "", digits
    return "", ""


def normalise_phone(value: str | None) -> str:
    """'+84 912 345 678', '84912345678', '0912.345.678' -> '0912345678'."""
    text = str(value or "").strip()
    digits = digits_of(text)
    if not digits:
        return ""
    if digits.startswith("840") and len(digits) in (12, 13):  # +84 (0) 912…
        digits = digits[2:]
    elif digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif text.lstrip("(").startswith("+84") or (digits.startswith("84")
                                                 and len(digits) in (11, 12)):
        digits = "0" + digits[2:]
    elif not digits.startswith("0") and len(digits) in (9, 10):
        digits = "0" + digits
    return digits if 10 <= len(digits) <= 11 else ""


@dataclass(frozen=True)
class Place:
    province: str = ""  # today's province codename, e.g. "hai_phong"
    text: str = ""  # the address in today's units, folded, for comparison
    ward: str = ""  # today's ward (or commune), folded: "nghi loc"
    street: str = ""  # house and street, hamlet or group, folded: "12 le loi", "xom 3"


def _today_unit(text: str):
    """The address parsed in today's units. A pre-2025 address (it names a district and a
    ward that existed then) is converted; a province-only old address keeps today's province."""
    # Late: the address library (its tables and shapely) loads at the first address that
    # units/wards.py cannot place, not at start-up (tests/units/test_addresses.py).
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


# Abbreviated unit types as clerks write them ("P. Bến Nghé", "TP.Huế"), longest first.
_UNIT_ABBREVIATIONS = [
    (re.compile(rf"(?<![\w.]){short}\.\s*", re.IGNORECASE), full)
    for short, full in (("TP", "Thành phố "), ("TX", "Thị xã "), ("TT", "Thị trấn "),
                        ("P", "Phường "), ("X", "Xã "), ("Q", "Quận "), ("H", "Huyện "),
                        ("T", "Tỉnh "))
]
_UNIT_WORDS = ("phuong ", "xa ", "thi tran ", "quan ", "huyen ", "thi xa ", "thanh pho ",
               "tinh ")
_PARTS = re.compile(r"\s*(?:[,;]| - | – )\s*")
_STREET_NOISE = re.compile(r"\b(?:so nha|so|nha|duong|pho|dia chi)\b\.?|[.:]")


def expand_unit_abbreviations(text: str) -> str:
    """'P.Châu Sơn, TP. Huế' -> 'Phường Châu Sơn, Thành phố Huế'."""
    for pattern, full in _UNIT_ABBREVIATIONS:
        text = pattern.sub(full, text)
    return text


def street_key(street: str) -> str:
    """The house and street as compared: folded, 'số', 'đường', 'phố' and punctuation
    dropped ('Số 12 đường Lê Lợi' -> '12 le loi')."""
    folded = ascii_fold(street).lower()
    return _SPACES.sub(" ", _STREET_NOISE.sub(" ", folded)).strip()


@lru_cache(maxsize=50_000)
def _units_place(units: tuple[str, ...]) -> tuple[str, str, str]:
    """(province codename, ward folded, street the parser found) of the administrative part
    of an address: a ward written in full is looked up in the package's tables
    (units/wards.py, microseconds); anything else is parsed, once per distinct text, however
    many addresses share it."""
    found = wards.lookup(units)
    if found is not None:
        return codename(found[0]), ascii_fold(found[1]).lower(), ""
    unit = _today_unit(", ".join(units))
    if unit is None or not getattr(unit, "short_province", ""):
        return "", "", ""
    return (codename(unit.short_province),
            ascii_fold(getattr(unit, "short_ward", "") or "").lower(),
            getattr(unit, "street", "") or "")


@lru_cache(maxsize=100_000)  # parts repeat (wards, provinces) far more than addresses
def _names_unit(part: str) -> bool:
    """Whether a part of an address begins with a unit type: 'Xã Nghi Lộc', 'Tỉnh Nghệ An'."""
    return ascii_fold(part).lower().startswith(_UNIT_WORDS)


@lru_cache(maxsize=200_000)
def normalise_address(address: str | None) -> Place:
    """Bring an address (written before or after the 2025 reform) to today's units.

    The house-and-street head is split from the administrative tail at the first part that
    names a unit type (phường, xã, thị trấn, quận, huyện, thị xã, thành phố, tỉnh — also as
    P., X., TT., Q., H., TX., TP., T.); only the tail goes to the parser, once per distinct
    tail (`_units_place`): addresses repeat their wards far more than their houses."""
    text = unicodedata.normalize("NFC", str(address or "")).strip()
    if not text:
        return Place()
    text = expand_unit_abbreviations(text)
    parts = [p for p in _PARTS.split(text) if p]
    first_unit = next((i for i, p in enumerate(parts) if _names_unit(p)), None)
    if first_unit is not None:
        head, tail = parts[:first_unit], parts[first_unit:]
    else:
        head, tail = [], parts
    province, ward, found_street = _units_place(tuple(tail))
    if not province:
        return Place("", _SPACES.sub(" ", ascii_fold(text).lower()))
    street = street_key(" ".join(head) or found_street)
    folded = ", ".join(p for p in (street, ward, ascii_fold(province).replace("_", " ")) if p)
    return Place(province, folded, ward, street)


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
    name_compact: str = ""  # folded, Telex undone, no repeated word, no spaces
    ward: str = ""
    street: str = ""
    id_sorted: str = ""  # the identity number's digits sorted: blocks two swapped digits

    def as_row(self) -> dict:
        return {k: (v or None) for k, v in self.__dict__.items()}


@lru_cache(maxsize=200_000)
def _name_forms(name) -> tuple[str, tuple[str, ...]]:
    cleaned = clean_name(name)
    return cleaned, tuple(name_words(cleaned))


def features(name=None, birth=None, id_number=None, phone=None, address=None) -> Features:
    cleaned, words = _name_forms(name)
    ascii_name = " ".join(words)
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
        name_compact="".join(words), ward=place.ward, street=place.street,
        id_sorted="".join(sorted(cccd or cmnd)),
    )

"""A second generator of Vietnamese person records with known truth, written apart from the
linking code and from `people/synthetic.py`, to measure linking on data it was not tuned on.

Its models differ from the first generator's on purpose:

- names and streets come from Faker's `vi_VN` locale (its own pools: ten family names drawn
  evenly, so namesakes are far more common than in real life, which makes linking harder);
- addresses come from `vietnamadminunits`' own merger table (`converter_2025.json`: each ward
  of today with the pre-2025 wards merged into it whole), written before or after the merger,
  in full or abbreviated (`P.`, `X.`, `TT.`, `Q.`, `H.`, `TX.`, `TP.`, `T.`) — the truth is
  the table, never the converter the linking code calls;
- errors come from models of how records are really damaged, each record tagged with what was
  done to it so that recall can be reported per error class:
  a keyboard model (a neighbouring key on QWERTY, a letter dropped, doubled or two letters
  swapped), an OCR model (rn/m, l/I, u/v, 0/O, 1/l, 5/S, 8/B, a diacritic misread), spaces
  misplaced inside a name, a word written twice, Vietnamese typed with the input method off
  (Telex left in clear), two digits of an identity number swapped, phones in international
  or grouped forms, a birth year instead of a date.

`generate(n, seed)` returns dicts with the CSV columns of `oversight link`, `true_id` and
`tags` (the error classes of the record). Faker is a test/bench dependency only.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import unicodedata
from functools import cache
from importlib import resources

CLASSES = (
    "name_space", "name_keyboard", "name_doubled_word", "name_ocr", "name_telex",
    "name_no_diacritics", "name_middle_dropped", "id_swapped_digits", "id_ocr", "phone_format",
    "address_merger", "address_abbreviated", "birth_year_only", "birth_day_month_swapped",
)

QWERTY = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
OCR = [("rn", "m"), ("m", "rn"), ("l", "I"), ("I", "l"), ("u", "v"), ("nh", "rh"),
       ("ư", "u"), ("ơ", "o"), ("ă", "a"), ("ê", "e"), ("ô", "o"), ("đ", "d"), ("Đ", "D"),
       ("ễ", "ế"), ("ạ", "ả"), ("ị", "i"), ("ọ", "ơ")]
DIGIT_OCR = {"0": "O", "1": "l", "5": "S", "8": "B", "2": "Z"}
MOBILE_PREFIXES = ["32", "33", "34", "35", "36", "37", "38", "39", "70", "76", "77", "78",
                   "79", "81", "82", "83", "84", "85", "86", "88", "89", "90", "91", "93",
                   "94", "96", "97", "98"]
ABBREVIATIONS = {"Phường": "P.", "Xã": "X.", "Thị trấn": "TT.", "Quận": "Q.", "Huyện": "H.",
                 "Thị xã": "TX.", "Thành phố": "TP.", "Tỉnh": "T."}
# Telex: how a Vietnamese letter is typed on an ASCII keyboard with the input method off.
TELEX_LETTERS = {"ă": "aw", "â": "aa", "đ": "dd", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw"}
TELEX_TONES = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}


@cache
def _wards() -> list[tuple[str, str, str, str, str]]:
    """(old ward, old district, old province, new ward, new province) for every pre-2025
    ward merged whole into one ward of today, with their full Vietnamese names."""
    base = resources.files("vietnamadminunits").joinpath("data")
    conv = json.loads(base.joinpath("converter_2025.json").read_text("utf-8"))
    new = json.loads(base.joinpath("parser_from_2025.json").read_text("utf-8"))
    old = json.loads(base.joinpath("parser_legacy.json").read_text("utf-8"))
    out = []
    for new_p, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_w, olds in wards.items():
            new_ward = new["DICT_PROVINCE_WARD_NO_ACCENTED"].get(new_p, {}).get(new_w)
            if not new_ward:
                continue
            for key in olds:
                p, d, w = key.split("_")
                try:
                    ward = old["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"][p][d][w]["ward"]
                    district = old["DICT_PROVINCE_DISTRICT"][p][d]["district"]
                    province = old["DICT_PROVINCE"][p]["province"]
                except KeyError:
                    continue
                out.append((ward, district, province, new_ward["ward"],
                            new["DICT_PROVINCE"][new_p]["province"]))
    return sorted(out)


def _province_codes() -> list[str]:
    base = resources.files("vietnamadminunits").joinpath("data")
    new = json.loads(base.joinpath("parser_from_2025.json").read_text("utf-8"))
    return sorted(v["provinceCode"] for v in new["DICT_PROVINCE"].values())


class Generator:
    def __init__(self, seed: int):
        from faker import Faker

        self.rng = random.Random(seed)
        self.fake = Faker("vi_VN")
        self.fake.seed_instance(seed)
        self.wards = _wards()
        self.provinces = _province_codes()

    # --- persons ---------------------------------------------------------------------------
    def person(self) -> dict:
        rng, fake = self.rng, self.fake
        male = rng.random() < 0.5
        middle = fake.middle_name()
        if not male and rng.random() < 0.4:
            middle = "Thị"
        if rng.random() < 0.3:
            second = fake.middle_name()
            if second not in (middle, "Thị", "Văn"):
                middle = f"{middle} {second}"
        given = fake.first_name_male() if male else fake.first_name_female()
        born = dt.date(1945, 1, 1) + dt.timedelta(days=rng.randrange(60 * 365))
        century = 0 if born.year < 2000 else 2
        cccd = (f"0{rng.choice(self.provinces)}{century + (0 if male else 1)}"
                f"{born.year % 100:02d}{rng.randrange(10**6):06d}")
        ward = rng.choice(self.wards)
        rural = ward[0].startswith("Xã")
        if rural:
            street = rng.choice([f"Thôn {fake.street_name()}", f"Xóm {rng.randint(1, 20)}",
                                 f"Ấp {rng.randint(1, 12)}", f"Tổ {rng.randint(1, 30)}"])
        else:
            number = rng.choice([f"{rng.randint(1, 400)}",
                                 f"{rng.randint(1, 200)}/{rng.randint(1, 60)}",
                                 f"Số {rng.randint(1, 400)}"])
            street = f"{number} {rng.choice(['', 'đường ', 'phố '])}{fake.street_name()}"
        return {
            "family": fake.last_name(), "middle": middle, "given": given, "born": born,
            "cccd": cccd, "cmnd": f"{rng.randrange(10**8, 10**9)}" if rng.random() < 0.5 else "",
            "phone": rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}",
            "street": street, "ward": ward,
        }

    # --- one record of a person, as one office wrote it ------------------------------------
    def record(self, p: dict) -> tuple[dict, set]:
        tags: set[str] = set()
        return {"full_name": self.name(p, tags), "date_of_birth": self.birth(p, tags),
                "id_number": self.identity(p, tags), "phone": self.phone(p, tags),
                "address": self.address(p, tags)}, tags

    def name(self, p: dict, tags: set) -> str:
        rng = self.rng
        words = [p["family"], *p["middle"].split(), p["given"]]
        if len(words) > 2 and rng.random() < 0.06:
            words = [words[0], words[-1]]
            tags.add("name_middle_dropped")
        text = " ".join(words)
        roll = rng.random()
        if roll < 0.05:
            text = _telex(text)
            tags.add("name_telex")
        elif roll < 0.30:
            text = _strip_marks(text)
            tags.add("name_no_diacritics")
        error = rng.random()
        if error < 0.06:
            text = self._misplace_space(text)
            tags.add("name_space")
        elif error < 0.14:
            text = self._keyboard(text)
            tags.add("name_keyboard")
        elif error < 0.17:
            ws = text.split()
            i = rng.randrange(1, len(ws))
            text = " ".join(ws[:i] + [ws[i]] + ws[i:])
            tags.add("name_doubled_word")
        elif error < 0.23:
            changed = self._ocr(text)
            if changed != text:
                text = changed
                tags.add("name_ocr")
        case = rng.random()
        if case < 0.25:
            text = text.upper()
        elif case < 0.30:
            text = text.lower()
        if rng.random() < 0.03:
            text = rng.choice(["Ông ", "Bà ", "Anh ", "Chị "]) + text
        return text

    def _misplace_space(self, text: str) -> str:
        """'Nguyen Minh Hoa' -> 'NguyenM inh Hoa': a space moved by one or two letters."""
        rng = self.rng
        spaces = [i for i, c in enumerate(text) if c == " "]
        i = rng.choice(spaces)
        shift = rng.choice([-2, -1, 1, 2])
        chars = list(text)
        del chars[i]
        j = min(max(1, i + shift), len(chars) - 1)
        chars.insert(j, " ")
        return "".join(chars).replace("  ", " ").strip()

    def _keyboard(self, text: str) -> str:
        rng = self.rng
        positions = [i for i, c in enumerate(text) if c.isalpha()]
        i = rng.choice(positions[1:] or positions)
        kind = rng.choice(["neighbour", "drop", "double", "swap"])
        c = text[i]
        if kind == "neighbour":
            base = _strip_marks(c).lower()
            for row in QWERTY:
                k = row.find(base)
                if k >= 0:
                    options = [row[x] for x in (k - 1, k + 1) if 0 <= x < len(row)]
                    repl = rng.choice(options)
                    return text[:i] + (repl.upper() if c.isupper() else repl) + text[i + 1:]
            return text
        if kind == "drop":
            return text[:i] + text[i + 1:]
        if kind == "double":
            return text[:i] + c + text[i:]
        if i + 1 < len(text) and text[i + 1].isalpha():  # swap: Khánh -> Khnáh
            return text[:i] + text[i + 1] + c + text[i + 2:]
        return text[:i - 1] + c + text[i - 1] + text[i + 1:]

    def _ocr(self, text: str) -> str:
        rng = self.rng
        options = [(a, b) for a, b in OCR if a in text]
        if not options:
            return text
        a, b = rng.choice(options)
        starts = [i for i in range(len(text)) if text.startswith(a, i)]
        i = rng.choice(starts)
        return text[:i] + b + text[i + len(a):]

    def birth(self, p: dict, tags: set) -> str:
        rng, born = self.rng, p["born"]
        roll = rng.random()
        if roll < 0.05:
            return ""
        if roll < 0.22:
            tags.add("birth_year_only")
            return str(born.year)
        if roll < 0.26 and born.day <= 12 and born.day != born.month:
            tags.add("birth_day_month_swapped")
            return f"{born.month:02d}/{born.day:02d}/{born.year}"
        style = rng.choice(["%d/%m/%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "dm"])
        if style == "dm":
            return f"{born.day}/{born.month}/{born.year}"
        return born.strftime(style)

    def identity(self, p: dict, tags: set) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.5:
            number = p["cccd"]
        elif roll < 0.65 and p["cmnd"]:
            number = p["cmnd"]
        else:
            return ""
        error = rng.random()
        if error < 0.07:
            i = rng.randrange(len(number) - 1)
            if number[i] != number[i + 1]:
                number = number[:i] + number[i + 1] + number[i] + number[i + 2:]
                tags.add("id_swapped_digits")
        elif error < 0.10:
            spots = [i for i, c in enumerate(number) if c in DIGIT_OCR]
            if spots:
                i = rng.choice(spots)
                number = number[:i] + DIGIT_OCR[number[i]] + number[i + 1:]
                tags.add("id_ocr")
        if rng.random() < 0.1:  # grouped the way it is printed
            number = " ".join(number[k:k + 3] for k in range(0, len(number), 3))
        return number

    def phone(self, p: dict, tags: set) -> str:
        rng = self.rng
        if rng.random() < 0.4:
            return ""
        d = p["phone"]
        style = rng.randrange(8)
        if style < 3:
            return "0" + d
        tags.add("phone_format")
        return [f"+84 {d[:3]} {d[3:6]} {d[6:]}", f"+84{d}", f"84{d}", f"0{d[:3]} {d[3:6]} {d[6:]}",
                f"0{d[:3]}.{d[3:6]}.{d[6:]}", f"(+84) {d[:3]}-{d[3:6]}-{d[6:]}",
                f"0{d[:2]} {d[2:5]} {d[5:]}"][style - 1]

    def address(self, p: dict, tags: set) -> str:
        rng = self.rng
        if rng.random() < 0.15:
            return ""
        ward, district, province, new_ward, new_province = p["ward"]
        if rng.random() < 0.45:
            parts = [p["street"], ward, district, province]
            tags.add("address_merger")  # pre-2025: the other records mostly give today's
        else:
            parts = [p["street"], new_ward, new_province]
        if rng.random() < 0.3:
            space = rng.choice([" ", ""])
            parts = [_abbreviate(x, space) for x in parts]
            tags.add("address_abbreviated")
        sep = rng.choice([", ", ", ", " - ", ","])
        return sep.join(parts)


def _strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if unicodedata.category(c) != "Mn")


def _telex(text: str) -> str:
    """'Nguyễn Văn Hùng' typed with the input method off: 'Nguyeenx Vawn Hungf'."""
    out = []
    for word in text.split():
        tone = ""
        letters = []
        for ch in unicodedata.normalize("NFD", word):
            if ch in TELEX_TONES:
                tone = TELEX_TONES[ch]
                continue
            if unicodedata.category(ch) == "Mn":  # the breve, circumflex or horn
                letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
                continue
            letters.append(ch)
        typed = "".join(TELEX_LETTERS.get(c.lower(), c) if c.lower() in TELEX_LETTERS
                        else c for c in letters)
        if letters and letters[0].isupper() and typed[:1].islower():
            typed = typed[:1].upper() + typed[1:]
        out.append(typed + tone)
    return " ".join(out)


def _abbreviate(part: str, space: str) -> str:
    """'Phường An Cựu' -> 'P. An Cựu' or 'P.An Cựu'."""
    for full, short in ABBREVIATIONS.items():
        if part.startswith(full + " "):
            return short + space + part[len(full):].lstrip()
    return part


def generate(n_records: int, seed: int = 1) -> list[dict]:
    """`n_records` records with `record_id`, `true_id`, `tags` and the CSV columns."""
    g = Generator(seed)
    records: list[dict] = []
    person_id = 0
    while len(records) < n_records:
        p = g.person()
        person_id += 1
        for _ in range(min(g.rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 8)),
                           n_records - len(records))):
            row, tags = g.record(p)
            row.update(record_id=f"f{len(records) + 1}", true_id=person_id, tags=sorted(tags))
            records.append(row)
    g.rng.shuffle(records)
    return records

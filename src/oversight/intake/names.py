"""Persons and organisations named in a petition's text (typed, OCR'd or from email).

Rules, not a statistical model: measured on generated petitions (`oversight bench_ocr
--names`), these rules find persons and organisations better than underthesea's NER (a CRF
that works offline: it tags "Công ty TNHH …" as a place and misses most state bodies, "Sở
Xây dựng", "UBND xã …"); see docs/intake.md for the figures. The rules:

- a person is two to five capitalised syllables that begin with a Vietnamese family name
  ("Nguyễn Văn Bình"), or any two to four capitalised syllables after a form of address
  ("ông", "bà", "anh", "chị", "đồng chí", "đ/c");
- an organisation is a kind of body ("Công ty", "UBND", "Sở", "Phòng", "Ban", "Chi cục",
  "Bệnh viện", "Trường", "Ngân hàng", "Hợp tác xã"…) followed by its capitalised name, with
  the legal-form words in between ("TNHH", "cổ phần", "MTV");
- a position ("Giám đốc", "Chủ tịch", "Trưởng phòng"…) written just before or after a
  person's name is kept with them.

Text is NFC; comparisons fold diacritics (OCR sometimes drops or swaps them).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from oversight.base.vietnamese import ascii_fold
from oversight.units.provinces import provinces_after_merger, provinces_before_merger

# The common Vietnamese family names (about 95% of the population), folded.
FAMILY_NAMES = {
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly", "dinh", "trinh", "dao", "luong", "mai", "ta", "chu", "thai",
    "lam", "cao", "ha", "quach", "trieu", "tong", "kieu", "khuat", "doan", "vuong", "luu",
    "nghiem", "la", "lai", "hua", "giap", "van", "ton", "tang", "thach", "ong", "au", "cu",
    "kim", "an", "che", "dam", "phung", "lu", "mac", "nong", "to", "uong", "bach", "banh",
}
ADDRESS = r"(?:ông|bà|anh|chị|em|cô|chú|bác|đồng chí|đ/c|Ông|Bà|Anh|Chị|Đồng chí|Đ/c)"
ORG_HEADS = [
    "Tổng công ty", "Công ty", "Tập đoàn", "Hợp tác xã", "Doanh nghiệp", "Ngân hàng",
    "Ủy ban nhân dân", "Uỷ ban nhân dân", "UBND", "Hội đồng nhân dân", "HĐND",
    "Sở", "Phòng", "Ban", "Chi cục", "Cục", "Tổng cục", "Bộ", "Văn phòng", "Trung tâm",
    "Bệnh viện", "Trường", "Viện", "Thanh tra", "Công an", "Tòa án nhân dân",
    "Viện kiểm sát nhân dân", "Kho bạc Nhà nước", "Chi nhánh", "Ban quản lý",
]
# Words that may sit inside an organisation's name without a capital letter.
ORG_GLUE = {
    "chính", "ủy", "uỷ", "tnhh", "cổ", "phần", "cp", "mtv", "một", "thành", "viên", "và", "đầu",
    "tư", "xây", "dựng", "thương", "mại", "dịch", "vụ", "nhân", "dân", "xã", "huyện", "tỉnh",
    "phố", "phường", "thị", "trấn", "quận", "nhà", "nước", "tài", "nguyên", "môi", "trường",
    "kế", "hoạch", "giao", "thông", "vận", "tải", "y", "tế", "giáo", "dục", "đào", "tạo", "nông",
    "nghiệp", "phát", "triển", "quản", "lý", "dự", "án", "đất", "đai", "công", "an", "sách",
    "hạ", "tầng"}
POSITIONS = [
    "Phó Chủ tịch", "Chủ tịch", "Phó Giám đốc", "Giám đốc", "Phó Trưởng phòng",
    "Trưởng phòng", "Phó Trưởng ban", "Trưởng ban", "Phó Bí thư", "Bí thư", "Kế toán trưởng",
    "Kế toán", "Cán bộ địa chính", "Cán bộ", "Thủ quỹ", "Hiệu trưởng", "Chánh văn phòng",
    "Chánh thanh tra", "Cục trưởng", "Chi cục trưởng", "Trưởng công an", "Trưởng thôn",
    "Trưởng xóm", "Tổ trưởng", "Thanh tra viên", "Công chức", "Viên chức", "Điều tra viên",
]
MIDDLE_NAMES = {"van", "thi", "duc", "minh", "quang", "huu", "xuan", "thanh", "ngoc", "trong",
                "anh", "cong", "thu", "hong", "kim", "phuong", "quoc", "dinh", "tien", "manh",
                "hai", "bao", "gia", "khanh", "thuy", "my", "viet", "tuan", "ba", "nhu"}
_TOKEN = re.compile(r"[^\W_]+(?:/[^\W_]+)?|[^\w\s]", re.UNICODE)
# Words before a place name: "phường Trường Vinh", "Số 244 Hai Bà Trưng" are not people.
PLACE_WORDS = {"phuong", "xa", "duong", "pho", "thon", "xom", "quan", "huyen", "tinh", "ap",
               "ban", "to", "khu", "so", "ngo", "ngach", "kiet", "hem", "thi", "tran"}
_ADDRESS_WORDS = {"ong", "ba", "anh", "chi", "em", "co", "chu", "bac", "dong chi", "d/c"}
_ORG_HEADS = sorted((tuple(h.split()) for h in ORG_HEADS), key=len, reverse=True)
_POSITIONS = sorted((tuple(p.split()) for p in POSITIONS), key=len, reverse=True)
# Capitalised words of letter headings and set phrases, never the start of a person's name.
NOT_NAMES = {"cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam", "doc", "lap", "tu",
             "do", "hanh", "phuc", "kinh", "gui", "toi", "ten", "dia", "chi", "so", "nay",
             "ngay", "thang", "don", "to", "cao", "khieu", "nai", "kien", "nghi", "phan",
             "anh", "ve", "viec", "noi", "dung", "nguoi", "trong", "khi", "sau", "theo"}


@dataclass(frozen=True)
class Named:
    name: str
    kind: str  # "person" or "organisation"
    position: str = ""
    start: int = 0


def fold(text: str) -> str:
    return ascii_fold(text or "").lower()


_GLUE = {fold(g) for g in ORG_GLUE}
COMPANY_HEADS = {"tong", "cong", "tap", "doanh", "ngan", "hop"}  # their names run lower case
# Bodies named by their level and place ("UBND huyện X"): the level alone is enough.
LEVELLED = {"ubnd", "uy ban nhan dan", "hdnd", "hoi dong nhan dan", "cong an"}


def _tokens(text: str) -> list[tuple[str, int]]:
    return [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]


def _cap(word: str) -> bool:
    return word[:1].isupper()


def _match_phrase(tokens, i, phrases) -> int:
    """Length of the longest phrase (a tuple of words) starting at token i, else 0. The
    first word must be capitalised as written ("Sở", not "sở hữu")."""
    if i >= len(tokens) or not _cap(tokens[i][0]):
        return 0
    for phrase in phrases:
        n = len(phrase)
        # Diacritics count: folded, "Số 244" would be "Sở" (a department).
        if tuple(t.lower() for t, _ in tokens[i:i + n]) == tuple(p.lower() for p in phrase):
            return n
    return 0


def _full_name(words: list[str]) -> bool:
    """Family name, a middle name and a given name, capitalised: "Phạm Minh Tuấn"."""
    return (len(words) >= 3 and all(_cap(w) for w in words[:3])
            and fold(words[0]) in FAMILY_NAMES and fold(words[1]) in MIDDLE_NAMES)


def _title(words: list[str]) -> str:
    """"NGUYỄN VĂN BÌNH" → "Nguyễn Văn Bình"; mixed case is kept as written."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in words)


def _org_at(tokens, i) -> tuple[str, int]:
    """(organisation name, tokens used) for a body named from token i, else ("", 0)."""
    n = _match_phrase(tokens, i, _ORG_HEADS)
    if not n:
        return "", 0
    kept: list[str] = []
    pending: list[str] = []
    j = i + n
    company = fold(tokens[i][0]) in COMPANY_HEADS
    while j < len(tokens):
        word = tokens[j][0]
        if not (word[0].isalnum() or word == "&"):
            break
        if word[0].isdigit() and pending:
            break  # "Công ty X số tiền 6.300.000": an amount, not a name
        if _cap(word) or word[0].isdigit():
            if _full_name([t for t, _ in tokens[j:j + 3]]):
                break  # "Chủ tịch UBND huyện Phạm Minh Tuấn": the person begins
            kept += pending + [word]
            pending = []
        elif fold(word) in _GLUE or (company and word.isalpha() and len(pending) < 2):
            pending.append(word)  # "Công ty Cổ phần Vật liệu Sông Lam"
        else:
            break
        j += 1
    if not kept and pending and fold(" ".join(t for t, _ in tokens[i:i + n])) in LEVELLED:
        kept, pending = pending[:1], []  # "UBND huyện" (followed by the chairman's name)
    if not kept:
        return "", 0
    if pending and len(pending) <= 2 and all(fold(p) in _GLUE for p in pending):
        kept += pending  # "Sở Xây dựng", "Sở Kế hoạch và Đầu tư"
    words = [t for t, _ in tokens[i:i + n]] + kept
    return " ".join(words), n + len(kept)


def _addressed(tokens, i) -> int:
    """Tokens taken by a form of address at i ("ông", "đồng chí"), else 0."""
    word = fold(tokens[i][0])
    if i + 1 < len(tokens) and f"{word} {fold(tokens[i + 1][0])}" in _ADDRESS_WORDS:
        return 2
    return 1 if word in _ADDRESS_WORDS else 0


def _capital_run(text: str, tokens, i) -> list[str]:
    """Up to five capitalised words from token i on one line, stopping before a body or a
    position."""
    run = []
    j = i
    while j < len(tokens) and len(run) < 5:
        word, start = tokens[j]
        if not (word.isalpha() and _cap(word)):
            break
        if run and ("\n" in text[tokens[j - 1][1]:start]
                    or _match_phrase(tokens, j, _ORG_HEADS + _POSITIONS)):
            break
        run.append(word)
        j += 1
    return run


@functools.cache
def _province_names() -> frozenset[str]:
    """The provinces' names, before and after the 2025 merger ("Hà Tĩnh" is not Mr Hà)."""
    # the codes are the folded names with "_" for spaces: "ha_tinh"
    return frozenset(code.replace("_", " ") for code in (*provinces_before_merger(),
                                                         *provinces_after_merger()))


def _is_person(words: list[str], addressed: bool) -> bool:
    if not 2 <= len(words) <= 5:
        return False
    if not addressed and fold(" ".join(words)) in _province_names():
        return False
    folded = [fold(w) for w in words]
    if all(w.isupper() for w in words) and all(f in NOT_NAMES for f in folded[1:]):
        return False  # "ĐƠN TỐ CÁO", not Mr Tô Cáo
    if addressed:
        return len(words) <= 4 and (folded[0] in FAMILY_NAMES or folded[0] not in NOT_NAMES)
    return folded[0] in FAMILY_NAMES


def extract(text: str) -> list[Named]:
    """Persons and organisations named in the text, each once, in order of appearance."""
    text = unicodedata.normalize("NFC", text or "")
    tokens = _tokens(text)
    found: dict[tuple[str, str], Named] = {}
    i = 0
    while i < len(tokens):
        org, used = _org_at(tokens, i)
        if org:
            found.setdefault(("organisation", fold(org)),
                             Named(org, "organisation", start=tokens[i][1]))
            i += used
            continue
        skip = _addressed(tokens, i)
        before = fold(tokens[i - 1][0]) if i else ""
        if not skip and (before in PLACE_WORDS or before.isdigit()):
            i += 1
            while i < len(tokens) and _cap(tokens[i][0]):  # the whole place name
                i += 1
            continue
        run = _capital_run(text, tokens, i + skip)
        while len(run) > 2 and fold(run[-1]) in NOT_NAMES and not _full_name(run):
            run.pop()
        if run and _is_person(run, bool(skip)):
            first = i + skip
            name = _title(run)
            if ("person", fold(name)) not in found:
                found[("person", fold(name))] = Named(
                    name, "person", _position_near(tokens, first, first + len(run)),
                    tokens[first][1])
            i = first + len(run)
            continue
        i += max(1, skip)
    return sorted(found.values(), key=lambda n: n.start)


def _position_at(tokens, i) -> tuple[str, int]:
    n = _match_phrase(tokens, i, _POSITIONS)
    if not n:
        return "", 0
    title = " ".join(t for t, _ in tokens[i:i + n])
    org, used = _org_at(tokens, i + n)
    return (f"{title} {org}", n + used) if org else (title, n)


def _position_near(tokens, first: int, end: int) -> str:
    """A position written right after the name (", Giám đốc Sở X") or right before it
    ("Chủ tịch UBND xã Y ông Trần Văn Z")."""
    j = end
    while j < len(tokens) and fold(tokens[j][0]) in (",", "-", "–", "(", "la"):
        j += 1
    after, _n = _position_at(tokens, j)
    if after:
        return after
    for back in range(max(0, first - 14), first):
        before, used = _position_at(tokens, back)
        gap = [fold(t) for t, _ in tokens[back + used:first]] if before else None
        if before and all(g in _ADDRESS_WORDS or g in (",", "la") for g in gap):
            return before
    return ""

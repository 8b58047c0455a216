"""Vietnamese text for machines: folding for search, and alphabetical order for people.

`fold(text)` is what every search compares: lower case, no diacritics, Đ → d, words of letters
and digits separated by single spaces ("Dương Thị Mai" and "duong thi mai" fold alike).

`sort_key(text)` orders text as a Vietnamese reader expects, on any database (sort in Python
by the key; nothing depends on the database's collation, which SQLite lacks and PostgreSQL
sets per installation):

- the alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (with f j w z,
  which only loanwords use, where the Latin alphabet puts them): a letter with a breve, a
  circumflex or a horn is a letter of its own, and Đ comes after D, not after Z;
- the tone marks count only when the letters are the same, syllable by syllable from the left,
  in the order a, à, á, ả, ã, ạ (no tone, huyền, sắc, hỏi, ngã, nặng). This is the order of
  the Unicode/ISO 14651 tables and of most Vietnamese software; some dictionaries put hỏi and
  ngã before sắc (CLDR's "traditional" order). The order is the data below (`TONES`);
- upper and lower case count last; a space sorts before any letter ("Cà Mau" before
  "Cao Bằng"), digits before letters.
"""

from __future__ import annotations

import re
import unicodedata

# The letters in order. Each entry is a base letter and the modifier that makes it a letter of
# its own (breve U+0306, circumflex U+0302, horn U+031B), or "" for the plain letter.
ALPHABET: tuple[tuple[str, str], ...] = (
    ("a", ""), ("a", "\u0306"), ("a", "\u0302"), ("b", ""), ("c", ""), ("d", ""),
    ("đ", ""), ("e", ""), ("e", "\u0302"), ("f", ""), ("g", ""), ("h", ""), ("i", ""),
    ("j", ""), ("k", ""), ("l", ""), ("m", ""), ("n", ""), ("o", ""), ("o", "\u0302"),
    ("o", "\u031b"), ("p", ""), ("q", ""), ("r", ""), ("s", ""), ("t", ""), ("u", ""),
    ("u", "\u031b"), ("v", ""), ("w", ""), ("x", ""), ("y", ""), ("z", ""),
)
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
LETTER_MODIFIERS = frozenset({"\u0306", "\u0302", "\u031b"})

# The five tone marks after "no tone" (0): huyền, sắc, hỏi, ngã, nặng.
TONES: tuple[str, ...] = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_TONE_RANK = {mark: rank + 1 for rank, mark in enumerate(TONES)}

_SEPARATOR = 0      # spaces and punctuation: before everything
_DIGIT = 10         # 0-9 → 10..19
_LETTER = 100       # letters → 100 + rank in ALPHABET
_OTHER = 1000       # any other character: after the letters, by code point


def ascii_fold(text: str) -> str:
    """Text without diacritics; Đ/đ become D/d (NFD alone leaves them as they are)."""
    text = text or ""
    if text.isascii():  # nothing to fold (a name or number typed without diacritics)
        return text
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, diacritic-free words of letters and digits, separated by single spaces."""
    folded = ascii_fold(unicodedata.normalize("NFC", text or "")).lower()
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def _letters(text: str):
    """(base character lower-cased, letter modifier, tone rank, is upper case) per character."""
    for char in unicodedata.normalize("NFC", text or ""):
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        modifier = next((m for m in marks if m in LETTER_MODIFIERS), "")
        tone = next((_TONE_RANK[m] for m in marks if m in _TONE_RANK), 0)
        yield base.lower(), modifier, tone, base != base.lower()


def _primary(base: str, modifier: str) -> int:
    rank = _LETTER_RANK.get((base, modifier))
    if rank is not None:
        return _LETTER + rank
    if base.isdigit() and base.isascii():
        return _DIGIT + int(base)
    if base.isspace() or not base.isalnum():
        return _SEPARATOR
    return _OTHER + ord(base)


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """The key that sorts Vietnamese text alphabetically (see the module's docstring): letters
    first, then tones, then case. Runs of spaces and punctuation count as one separator."""
    primary: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    for base, modifier, tone, upper in _letters(text):
        value = _primary(base, modifier)
        if value == _SEPARATOR and (not primary or primary[-1] == _SEPARATOR):
            continue  # leading or repeated separators do not count
        primary.append(value)
        tones.append(tone)
        cases.append(int(upper))
    while primary and primary[-1] == _SEPARATOR:
        primary.pop()
        tones.pop()
        cases.pop()
    return tuple(primary), tuple(tones), tuple(cases)


def sorted_vi(items, key=lambda item: item):
    """`items` in Vietnamese alphabetical order of `key(item)`."""
    return sorted(items, key=lambda item: sort_key(str(key(item))))

"""Numbers of outgoing documents: per issuing unit and calendar year, from 01, without gaps,
unique, never reused — and how the number and symbol are written.

What the law says, as far as we know it (no copy of the texts was at hand; the substance we
are fairly sure of, the exact words we are not):
- Decree 30/2020/NĐ-CP on clerical work, art. 15: the number and date of a document follow the
  order in which the body issues documents during the year, starting at 01 on 1 January and
  ending on 31 December; a number and symbol is unique within the year and the same on paper
  and in electronic form; secret documents (văn bản mật) are numbered in a series of their
  own. Appendix I: a number below 10 is written with a leading 0; the line reads
  "Số: 15/TB-BNCTU" (number / the kind's abbreviation - the body's); an official letter
  (công văn) has no kind abbreviation: "Số: 15/BNCTU" (followed, in some bodies, by the
  drafting department's abbreviation, which this system does not use).
- Party documents (Regulation 66-QĐ/TW of 2017 on the format of Party documents, Guidance
  36-HD/VPTW of 2018): "Số 15-TB/BNCTU" — no colon, the number, a hyphen, the kind, a slash,
  the issuing body; a letter is "CV". Party practice numbers some kinds of a Party committee
  per term (nhiệm kỳ); we could not check whether a committee's departments do, so both
  styles number per calendar year here. A unit that numbers otherwise needs a new `reset`
  rule in `STYLES` (not written: no such unit is known to us).

Which style a unit uses and its abbreviation are data (`models.Issuer`, with defaults for the
internal affairs committees in `models.issuer_for`).

Allocation (`allocate`) runs inside the issuing transaction: it makes sure the counter row of
(unit, year, series) exists (INSERT … ON CONFLICT DO NOTHING), then increments it with one
UPDATE (on PostgreSQL a row lock held until commit: a concurrent issue waits, then increments
the committed value; on SQLite every write transaction here begins IMMEDIATE and holds the
database's write lock), and reads the value back. If the issue fails later in the
transaction, the increment is rolled back with it: no gap. A cancelled document keeps its
number in the register.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F

from oversight.core.classification import SecurityClassification
from oversight.documents.choices import NumberStyle
from oversight.documents.models import NumberCounter

MAIN, SECRET = "", "mat"  # series: the main one, and classified documents' own (art. 15)


@dataclass(frozen=True)
class Style:
    prefix: str  # before the number: "Số: " / "Số "
    with_kind: str  # "{number}/{kind}-{issuer}"
    letter: str  # a letter (no kind abbreviation)
    basis: str


STYLES = {
    NumberStyle.STATE: Style("Số: ", "{number}/{kind}-{issuer}", "{number}/{issuer}",
                             "Decree 30/2020/NĐ-CP art. 15 and appendix I"),
    NumberStyle.PARTY: Style("Số ", "{number}-{kind}/{issuer}", "{number}-CV/{issuer}",
                             "Regulation 66-QĐ/TW (2017); Guidance 36-HD/VPTW (2018)"),
}


def symbol(style: str, number: int, kind_symbol: str, issuer_symbol: str) -> str:
    """"15/TB-BNCTU" (state) or "15-TB/BNCTU" (Party); numbers below 10 as "05"."""
    rule = STYLES[style]
    pattern = rule.with_kind if kind_symbol else rule.letter
    return pattern.format(number=f"{number:02d}", kind=kind_symbol, issuer=issuer_symbol)


def number_line(style: str, text: str) -> str:
    return STYLES[style].prefix + text


def series_for(classification: str) -> str:
    return MAIN if classification == SecurityClassification.NORMAL else SECRET


def allocate(unit_id: int, year: int, series: str = MAIN) -> int:
    """The next number of the unit's series for the year. Call inside the issuing
    transaction (the caller's `transaction.atomic`)."""
    NumberCounter.objects.bulk_create(
        [NumberCounter(unit_id=unit_id, year=year, series=series, last=0)],
        ignore_conflicts=True)
    key = {"unit_id": unit_id, "year": year, "series": series}
    NumberCounter.objects.filter(**key).update(last=F("last") + 1)
    return NumberCounter.objects.filter(**key).values_list("last", flat=True).get()

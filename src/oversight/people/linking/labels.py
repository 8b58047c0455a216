"""The link review's weights table in the user's language.

Splink names each row of its waterfall with the comparison's output column (`name`, `dob`…,
`tf_name` for a term-frequency adjustment, "Prior", "Final score") and each level with the
label written in `model.comparisons()` or one Splink makes up ("Exact match on name",
"phone is NULL", "Jaro-Winkler distance of address >= 0.9", "Term freq adjustment on name").
The stored waterfall keeps Splink's English; the page translates it here. A label not known
here is shown as Splink wrote it.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

COLUMNS = {
    "Prior": _("Starting weight (before comparing)"),
    "Final score": _("Final score"),
    "name": _("Full name"),
    "dob": _("Date of birth"),
    "id_number": _("ID number"),
    "phone": _("Phone"),
    "address": _("Address"),
    # the inputs Splink names in its own labels
    "name_ascii": _("name without diacritics"),
    "dob_year": _("year of birth"),
    "province": _("province"),
    "given": _("given name"),
}

LEVELS = {
    "Starting match weight (prior)": _("Starting weight (before comparing)"),
    "Final score": _("Final score"),
    "All other comparisons": _("Everything else differs"),
    "Equal once diacritics are removed; one written without them":
        _("Equal once diacritics are removed; one written without them"),
    "Equal without diacritics, but the diacritics differ":
        _("Equal without diacritics, but the diacritics differ"),
    "Family and given names equal; a middle name missing":
        _("Family and given names equal; a middle name missing"),
    "Same letters; spaces or a repeated word differ":
        _("Same letters; spaces or a repeated word differ"),
    "One letter apart (dropped, doubled, swapped or misread)":
        _("One letter apart (dropped, doubled, swapped or misread)"),
    "Family and given names one letter apart; a middle name missing":
        _("Family and given names one letter apart; a middle name missing"),
    "Family and given names equal; middle names differ":
        _("Family and given names equal; middle names differ"),
    "Given names equal": _("Given names equal"),
    "Same date": _("Same date"),
    "Day and month swapped": _("Day and month swapped"),
    "Same year; one gives the year only": _("Same year; one gives the year only"),
    "Same year, different dates": _("Same year, different dates"),
    "Years one apart": _("Years one apart"),
    "One has no number": _("One has no number"),
    "Same CCCD": _("Same CCCD"),
    "Same CMND": _("Same CMND"),
    "Numbers one digit apart (two swapped or one misread)":
        _("Numbers one digit apart (two swapped or one misread)"),
    "A CCCD against a CMND: not comparable": _("A CCCD against a CMND: not comparable"),
    "Same house or hamlet in the same ward": _("Same house or hamlet in the same ward"),
    "Same house or hamlet in the same province": _("Same house or hamlet in the same province"),
    "Same ward": _("Same ward"),
}

# Labels Splink writes itself, with the input column inside.
PATTERNS = [
    (re.compile(r"^Exact match on (\w+)$"), _("Exactly the same %(column)s")),
    (re.compile(r"^(\w+) is NULL$"), _("%(column)s missing on one side")),
    (re.compile(r"^Jaro-Winkler distance of (\w+) >= ([\d.]+)$"),
     _("%(column)s nearly the same (Jaro-Winkler ≥ %(value)s)")),
    (re.compile(r"^Term freq adjustment on (\w+)$"),
     _("How common the %(column)s is (term frequency)")),
]


def column(name: str) -> str:
    """A waterfall row's comparison in words (`tf_name`: the term-frequency row of `name`)."""
    if name.startswith("tf_"):
        return str(_("%(column)s: how common it is") % {"column": column(name[3:])})
    return str(COLUMNS.get(name, name))


def level(label: str) -> str:
    """A comparison level's label in words."""
    if label in LEVELS:
        return str(LEVELS[label])
    for pattern, text in PATTERNS:
        found = pattern.match(label)
        if found:
            values = {"column": str(COLUMNS.get(found.group(1), found.group(1)))}
            if found.lastindex and found.lastindex > 1:
                values["value"] = found.group(2)
            return str(text % values)
    return label

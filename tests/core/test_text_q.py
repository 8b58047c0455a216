"""The one helper of the lists' free-text boxes (base.textsearch.text_q), used by the units,
persons, organisations and intake drafts lists.

What breaks these: a word matched without folding (a name typed with diacritics would find
nothing in the folded key), the words joined by OR instead of AND (any one word would do),
the plain fields joined by AND, or an empty box turned into a condition."""

import pytest
from django.db.models import Q

from oversight.base.textsearch import text_q
from oversight.units.choices import UnitKind
from oversight.units.filtersets import UnitFilterSet
from oversight.units.models import Unit


def test_every_folded_word_in_the_key():
    assert text_q("  Nguyễn  Văn ", key="name_key") == (
        Q(name_key__contains="nguyen") & Q(name_key__contains="van"))


def test_the_text_as_typed_in_any_plain_field():
    assert text_q("Nghệ", fields=("code", "name_vi")) == (
        Q(code__icontains="Nghệ") | Q(name_vi__icontains="Nghệ"))


def test_nothing_to_match_is_no_condition():
    assert not text_q("  ", key="name_key")
    assert not text_q("  ", key="name_key") | Q()


@pytest.mark.django_db
def test_the_units_list_finds_a_unit_by_any_of_its_names():
    """The units' `q=` through the helper, against the database: code, either name, or the
    place in English; a word of none finds nothing."""
    Unit.objects.create(code="zz_test", name_vi="Ban Nội chính Thử", name_en="Test Committee",
                        kind=UnitKind.PROVINCIAL_COMMITTEE, place_vi="Thử", place_en="Testville")
    found = {q: set(UnitFilterSet({"q": q}, queryset=Unit.objects.all()).qs
                    .values_list("code", flat=True)) for q in ("zz_te", "nội chính thử",
                                                               "COMMITTEE", "testville", "qqq")}
    assert {q: "zz_test" in codes for q, codes in found.items()} == {
        "zz_te": True, "nội chính thử": True, "COMMITTEE": True, "testville": True,
        "qqq": False}

"""The filter bar's pickers are kept per process (`core.pickers.officers_in_scope`,
`core.views.unit_filter_options`): kept under the reader's scope, one reader's options never
reach another's bar, and a user added or deactivated in this process shows at once. Controls:
a key without the scope hands one reader's units to another; without the receiver a new
officer is missed. The bar written from them is kept as they are and follows them: a unit
renamed shows at once; control: a bar that does not follow them misses it."""

from __future__ import annotations

import re

import pytest
from django.db.models.signals import post_save

from oversight.accounts.models import User
from oversight.core import pickers
from oversight.units import pickers as unit_pickers
from oversight.units.models import Unit

ASSIGNEE = re.compile(r'<select[^>]*name="assignee".*?</select>', re.S)
UNIT = re.compile(r'<select[^>]*name="unit".*?</select>', re.S)


def _bar(client, pattern) -> str:
    found = pattern.search(client.get("/matters/?page_size=5").content.decode())
    assert found, "no such picker"
    return found.group(0)


@pytest.mark.django_db
def test_each_reader_gets_the_options_of_their_own_scope(client, nghean, hanoi, make_user):
    make_user("nghean_colleague", "nghe_an", display_name="Đồng Nghiệp Nghệ")
    make_user("hanoi_colleague", "ha_noi", display_name="Đồng Nghiệp Hà")
    seen = {}
    for _round in range(2):  # the second round reads what the first kept
        for reader in (nghean, hanoi):
            client.force_login(reader)
            seen[reader.username] = (_bar(client, ASSIGNEE), _bar(client, UNIT))
    assert "Đồng Nghiệp Nghệ" in seen["nghean"][0] and "Đồng Nghiệp Hà" not in seen["nghean"][0]
    assert "Đồng Nghiệp Hà" in seen["hanoi"][0] and "Đồng Nghiệp Nghệ" not in seen["hanoi"][0]
    assert 'value="nghe_an"' in seen["nghean"][1] and 'value="ha_noi"' not in seen["nghean"][1]
    assert 'value="ha_noi"' in seen["hanoi"][1] and 'value="nghe_an"' not in seen["hanoi"][1]


@pytest.mark.django_db
def test_a_user_added_or_deactivated_shows_at_once(client, nghean, make_user):
    client.force_login(nghean)
    assert "Người Mới Đến" not in _bar(client, ASSIGNEE)
    newcomer = make_user("newcomer", "nghe_an", display_name="Người Mới Đến")
    assert "Người Mới Đến" in _bar(client, ASSIGNEE)
    newcomer.is_active = False
    newcomer.save()
    assert "Người Mới Đến" not in _bar(client, ASSIGNEE)


@pytest.mark.django_db
def test_control_without_the_receiver_a_newcomer_is_missed(client, nghean, make_user):
    client.force_login(nghean)
    _bar(client, ASSIGNEE)
    assert post_save.disconnect(sender=User, dispatch_uid=f"officer-options-{post_save}")
    try:
        make_user("newcomer", "nghe_an", display_name="Người Mới Đến")
        assert "Người Mới Đến" not in _bar(client, ASSIGNEE)
    finally:
        post_save.connect(pickers.forget_officers, sender=User,
                          dispatch_uid=f"officer-options-{post_save}")


@pytest.mark.django_db
def test_control_a_key_without_the_scope_hands_over_units(client, nghean, hanoi, monkeypatch):
    real = unit_pickers.grouped_options
    monkeypatch.setattr("oversight.core.views.grouped_options",
                        lambda units, key=None: real(units, key="the same for all"))
    client.force_login(nghean)
    _bar(client, UNIT)
    client.force_login(hanoi)
    assert 'value="nghe_an"' in _bar(client, UNIT)


def _rename(code: str, place: str) -> None:
    unit = Unit.objects.get(code=code)
    unit.place_vi = unit.place_en = place
    unit.save()


@pytest.mark.django_db
def test_a_unit_renamed_shows_at_once_in_the_written_bar(client, nghean):
    """The bar written whole is kept too (`web.templatetags.lists._bars`): it follows the
    pickers it is written from, and is forgotten with them."""
    client.force_login(nghean)
    assert "Xứ Nghệ Mới" not in _bar(client, UNIT)
    _rename("nghe_an", "Xứ Nghệ Mới")
    assert "Xứ Nghệ Mới" in _bar(client, UNIT)


@pytest.mark.django_db
def test_control_a_bar_that_does_not_follow_the_pickers_misses_the_rename(client, nghean,
                                                                        monkeypatch):
    monkeypatch.setattr(unit_pickers.kept, "_followers", [])
    client.force_login(nghean)
    _bar(client, UNIT)
    _rename("nghe_an", "Xứ Nghệ Mới")
    assert "Xứ Nghệ Mới" not in _bar(client, UNIT)

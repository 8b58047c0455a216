"""A list page that reads only some columns of its rows (`ScopedListView.row_fields`) shows what
it showed reading them all, and never loads a column row by row.

Crawler: every list page whose view names its row fields, as an officer, a central analyst and
a head, over records of two provinces at every classification level (a denunciation, a
sealed identity and an assigned matter among them), the page and its CSV export, in both
languages: the table's rows and the file are the same bytes with the row fields as without
them, and no deferred column was loaded (`Model.refresh_from_db`, which Django calls for
each instance that reads a column it was not read with). Control: a petitions list whose
row fields leave out the subject loads it once per row, and is caught.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Model
from django.utils import translation

from oversight.accounts.roles import Role
from oversight.matters.models import Matter
from oversight.petitions import actions as petition_actions
from oversight.petitions.views import PetitionListView
from oversight.units.models import Unit
from tests.core.test_listplans import _page_lists
from tests.petitions.conftest import make_petition  # noqa: F401 (fixture)


def _views_with_row_fields() -> dict[str, type]:
    from django.urls import resolve

    found = {}
    for path in _page_lists():
        view = resolve(path).func.view_class
        if view.row_fields:
            found[path] = view
    return found


@pytest.fixture
def loads(monkeypatch):
    """The columns loaded row by row: (model, fields) of each `refresh_from_db`."""
    seen = []
    real = Model.refresh_from_db

    def noted(self, using=None, fields=None, **kwargs):
        seen.append((type(self).__name__, tuple(fields or ())))
        return real(self, using=using, fields=fields, **kwargs)

    monkeypatch.setattr(Model, "refresh_from_db", noted)
    return seen


@pytest.fixture
def rows(classified_records, make_petition, nghean):  # noqa: F811
    made = classified_records(["nghe_an", "ha_noi"])
    make_petition(kind="denunciation", subject="Tố cáo cán bộ")
    make_petition(subject="Đơn có người được giao", assignee=nghean)
    Matter.objects.filter(pk=made[("nghe_an", "normal")].pk).update(assignee=nghean)
    for code in ("nghe_an", "ha_noi"):
        place = Unit.objects.get(code=code)
        spot = petition_actions.create_hotspot(by=None, unit=place, name=f"Điểm nóng {code}",
                                               started_on=dt.date(2024, 1, 1))
        petition_actions.create_reception(by=None, unit=place, held_on=dt.date(2025, 3, 1),
                                          host="Bí thư Tỉnh ủy", dialogue=True, group_size=7,
                                          hotspot=spot)
    return made


def _tbody(content: bytes) -> str:
    text = content.decode()
    return text.split("<tbody>", 1)[-1].split("</tbody>", 1)[0]


def _answers(client, path, view):
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    if not view.export_columns:
        return _tbody(page.content), None
    export = client.get(f"{path}?export=csv")
    assert export.status_code == 200, (path, export.status_code)
    # the last line is the file's stamp: the audit chain's head, which each export moves
    table, _stamp = export.content.rstrip(b"\r\n").rsplit(b"\r\n", 1)
    return _tbody(page.content), table


@pytest.mark.django_db
def test_row_fields_show_what_every_column_shows(rows, nghean, analyst, make_user, client,
                                                  settings, monkeypatch, loads):
    views = _views_with_row_fields()
    assert {"/petitions/", "/matters/", "/directions/", "/receptions/", "/hotspots/"} <= set(
        views)  # it found them
    settings.REQUIRE_2FA = False
    settings.LIST_PLANS = False  # each answer built from nothing, both ways
    head = make_user("head_nghean", "nghe_an", roles=[Role.HEAD, Role.OFFICER])
    compared = 0
    for user in (nghean, analyst, head):
        client.force_login(user)
        for language in ("vi", "en"):
            with translation.override(language):
                client.cookies["django_language"] = language
                for path, view in views.items():
                    loads.clear()
                    narrow = _answers(client, path, view)
                    assert loads == [], (user.username, path, loads)
                    with monkeypatch.context() as every_column:
                        every_column.setattr(view, "row_fields", ())
                        wide = _answers(client, path, view)
                    assert narrow == wide, (user.username, language, path)
                    assert "data-href" in narrow[0], (user.username, path)  # rows shown
                    compared += narrow[0].count("data-href")
    assert compared >= 40  # a confidential row among them (the head's), and a denunciation


@pytest.mark.django_db
def test_control_a_field_left_out_is_loaded_row_by_row(rows, nghean, client, settings,
                                                       monkeypatch, loads):
    settings.REQUIRE_2FA = False
    settings.LIST_PLANS = False
    monkeypatch.setattr(PetitionListView, "row_fields", tuple(
        f for f in PetitionListView.row_fields if f != "subject"))
    client.force_login(nghean)
    assert client.get("/petitions/").status_code == 200
    assert ("Petition", ("subject",)) in loads
    assert len(loads) >= 3  # once per row

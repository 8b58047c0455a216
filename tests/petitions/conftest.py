"""Fixtures for petitions: a factory that goes through the actions, like the application."""

from __future__ import annotations

import datetime as dt

import pytest

from oversight.petitions import actions
from oversight.petitions.choices import checklist_for
from oversight.units.models import Unit

HUNG = {"name": "Nguyễn Văn Hùng", "id_number": "040085001234",
        "address": "Xóm 3, xã Nghi Lộc, Nghệ An", "phone": "0912345678"}


@pytest.fixture
def make_petition(db):
    def make(unit_code="nghe_an", by=None, **fields):
        fields.setdefault("kind", "complaint")
        fields.setdefault("received_on", dt.date(2025, 3, 3))
        fields.setdefault("subject", "Khiếu nại về bồi thường đất")
        fields.setdefault("content", "Tôi khiếu nại quyết định thu hồi đất của UBND huyện.")
        if not fields.get("anonymous") and "petitioners" not in fields:
            fields.setdefault("petitioner", dict(HUNG))
        # A past status is a historical record: only the import brings one in.
        fields.setdefault("imported", fields.get("status", "received") != "received")
        return actions.create_petition(by=by, unit=Unit.objects.get(code=unit_code), **fields)

    return make


def full_checklist(kind: str) -> dict:
    return {key: True for key in checklist_for(kind)}


@pytest.fixture
def accepted_petition(make_petition):
    """make it and take it through classification and acceptance."""

    def make(on=dt.date(2025, 3, 5), by=None, **fields):
        p = make_petition(by=by, **fields)
        p = actions.classify(p, by=by, checklist=full_checklist(p.kind), on=on)
        return actions.accept(p, by=by, on=on)

    return make


@pytest.fixture
def checklist():
    """checklist('complaint') → every eligibility item of that kind ticked."""
    return full_checklist


@pytest.fixture
def naive(db):
    """The independent counter of tests/workcalendar/conftest.py (imports no engine code)."""
    from oversight.workcalendar.models import WorkingDay
    from tests.workcalendar.conftest import NaiveCalendar

    return NaiveCalendar(dict(WorkingDay.objects.values_list("date", "kind")))

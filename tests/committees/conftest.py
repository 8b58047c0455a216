import datetime as dt

import pytest

from oversight.committees import actions

D = dt.date


@pytest.fixture
def make_meeting(db, unit):
    def make(unit_code="nghe_an", **fields):
        fields.setdefault("title", "Phiên họp quý I")
        fields.setdefault("held_on", D(2024, 3, 15))
        fields.setdefault("chair", "Bí thư Tỉnh ủy")
        return actions.create_meeting(by=None, unit=unit(unit_code), **fields)

    return make


@pytest.fixture
def make_inspection(db, unit):
    def make(unit_code="nghe_an", **fields):
        fields.setdefault("topic", "Kiểm tra công tác phòng, chống tham nhũng")
        fields.setdefault("period_start", D(2024, 4, 1))
        fields.setdefault("period_end", D(2024, 5, 15))
        fields.setdefault("status", "ongoing")
        return actions.create_inspection(by=None, unit=unit(unit_code), **fields)

    return make

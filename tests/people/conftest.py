"""Fixtures for the people registry: petitions whose petitioners are the persons to link."""

from __future__ import annotations

import datetime as dt

import pytest

from oversight.petitions import actions as petition_actions
from oversight.units.models import Unit

HUNG = {"name": "Nguyễn Văn Hùng", "birth": "15/08/1975", "id_number": "040075001234",
        "phone": "0912345678", "address": "Xóm 3, xã Nghi Lộc, Nghệ An"}


@pytest.fixture
def petition_by(db, settings):
    """petition_by({...petitioner...}, unit_code) -> a petition naming that petitioner."""
    settings.PEOPLE_LINK_ON_SAVE = False

    def make(petitioner: dict, unit_code: str = "nghe_an", **fields):
        fields.setdefault("kind", "complaint")
        fields.setdefault("received_on", dt.date(2025, 3, 3))
        fields.setdefault("subject", f"Khiếu nại của {petitioner['name']}")
        fields.setdefault("content", "Khiếu nại quyết định thu hồi đất.")
        return petition_actions.create_petition(
            by=None, unit=Unit.objects.get(code=unit_code), petitioner=dict(petitioner),
            **fields)

    return make

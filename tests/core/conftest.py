import datetime as dt

import pytest

from oversight.identity.actions import set_classification
from oversight.petitions import actions as petition_actions
from oversight.units.models import Unit

LEVELS = ("normal", "confidential", "secret")


@pytest.fixture
def classified_records(make_matter, make_direction):
    """make(unit codes) -> {(unit, level): matter, (unit, level, "petition"): petition}: a
    matter with one direction and a petition at each level of each unit."""

    def make(unit_codes) -> dict:
        made = {}
        for unit_code in unit_codes:
            for level in LEVELS:
                matter = make_matter(unit_code, title=f"{level} {unit_code}")
                if level != "normal":
                    set_classification(matter, level, by=None, check=False)
                make_direction(matter=matter, unit_code=unit_code)
                made[(unit_code, level)] = matter
                petition = petition_actions.create_petition(
                    by=None, unit=Unit.objects.get(code=unit_code), kind="complaint",
                    received_on=dt.date(2025, 3, 3), subject=f"Đơn {level} {unit_code}",
                    content="Khiếu nại về bồi thường đất.", imported=False,
                    petitioner={"name": "Nguyễn Văn Hùng", "id_number": "040085001234"})
                if level != "normal":
                    set_classification(petition, level, by=None, check=False)
                made[(unit_code, level, "petition")] = petition
        return made

    return make

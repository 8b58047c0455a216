import datetime as dt

import pytest

from oversight.accounts.roles import Role
from oversight.identity.actions import _grant, set_classification
from oversight.matters.models import Direction
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


@pytest.fixture
def world(classified_records, make_user, analyst, nghean, hanoi):
    """Matters, directions and petitions of two provinces and the centre at every level, some
    on access lists; directions with no matter and directions to the centre from a province
    (the analyst's unit is then a party); readers of every kind."""
    central = Unit.objects.get(code="central")
    head = make_user("nghean_head", "nghe_an", roles=(Role.OFFICER, Role.HEAD))
    granted = make_user("granted", "ha_noi")
    analyst_head = make_user("central_head", "central",
                             roles=(Role.CENTRAL_ANALYST, Role.HEAD))
    granted_analyst = make_user("central_granted", "central", roles=(Role.CENTRAL_ANALYST,))
    made = classified_records(("nghe_an", "ha_noi", "central"))
    for key, matter in list(made.items()):
        if len(key) == 2 and key[0] != "central":  # a matter of a province, reported to the
            # centre (data from before the rule): the analysts are a party
            Direction.objects.create(
                unit=matter.responsible_unit, addressee=central, matter=matter,
                text="Báo cáo Trung ương", issued_on=dt.date(2024, 4, 1),
                due_on=dt.date(2024, 6, 30))
    _grant(made[("nghe_an", "secret")], granted_analyst, None)
    _grant(made[("ha_noi", "confidential")], granted_analyst, None)
    _grant(made[("ha_noi", "secret", "petition")], granted_analyst, None)
    _grant(made[("nghe_an", "secret")], granted, None)
    for unit in (Unit.objects.get(code="nghe_an"), central):
        Direction.objects.create(unit=unit, matter=None, text="Chỉ đạo không gắn vụ việc",
                                 issued_on=dt.date(2024, 4, 1), due_on=dt.date(2024, 6, 30),
                                 addressee=central)
    return [analyst, analyst_head, granted_analyst, nghean, hanoi, head, granted]

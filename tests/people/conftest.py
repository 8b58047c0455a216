"""Fixtures for the people registry: petitions whose petitioners are the persons to link."""

from __future__ import annotations

import datetime as dt

import pytest

from oversight.matters import actions as matter_actions
from oversight.people import actions
from oversight.people.linking import registry
from oversight.people.models import (
    AssetDeclarationNote,
    Mention,
    Organisation,
    OrganisationRole,
    Person,
    Relation,
)
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


@pytest.fixture
def nominee_case(petition_by, make_matter):
    """A nominee of Nghệ An named in a Nghệ An petition, a secret Nghệ An one and a Hà Nội
    one; his wife owns a company that is party to a Nghệ An matter, a secret Nghệ An matter and
    a Hà Nội matter. A Nghệ An officer is told of the secret Nghệ An records ("1 record outside
    your access"), never of Hà Nội's (issue 13)."""

    nghe_an = Unit.objects.get(code="nghe_an")
    seen = petition_by({"name": "Lê Văn A"}, respondents=[
        {"name": "Nguyễn Văn Hùng", "position": "Giám đốc Sở"}], subject="Tố cáo giám đốc sở")
    hidden = petition_by(HUNG, "ha_noi", subject="Khiếu nại mật Hà Nội")
    secret_here = petition_by({**HUNG, "phone": ""}, subject="Khiếu nại mật Nghệ An")
    registry.full_relink()
    hung = Mention.objects.get(petition=hidden, role="petitioner").person
    respondent = Mention.objects.get(petition=seen, role="respondent").person
    if respondent != hung:
        registry.merge_persons(hung, respondent)
    named_here = Mention.objects.get(petition=secret_here, role="petitioner").person
    if named_here != hung:
        hung = registry.merge_persons(hung, named_here)
    wife = Person.objects.create(full_name="Trần Thị Lan", unit=nghe_an)
    Relation.objects.create(person=wife, other=hung, kind="spouse", source="Lý lịch 2024")
    company = Organisation.objects.create(name="Công ty TNHH Hoa Sen", tax_code="2901234567",
                                          address="Vinh, Nghệ An", unit=nghe_an)
    OrganisationRole.objects.create(organisation=company, person=wife, role="owner",
                                    source="Đăng ký kinh doanh")
    matter = make_matter("nghe_an", title="Vụ án đấu thầu thiết bị y tế")
    secret = make_matter("ha_noi", title="Vụ án mật Hà Nội")
    secret_matter_here = make_matter("nghe_an", title="Vụ án mật Nghệ An")
    company.matters.add(matter, secret, secret_matter_here)
    from oversight.matters.models import Matter
    from oversight.petitions.models import Petition

    Petition.objects.filter(pk=secret_here.pk).update(security_classification="secret")
    Matter.objects.filter(pk=secret_matter_here.pk).update(security_classification="secret")
    AssetDeclarationNote.objects.create(person=hung, unit=nghe_an, year=2024,
                                        note="Tăng tài sản 2 tỷ đồng, giải trình hợp lý")
    appraisal = actions.create_appraisal(
        by=None, unit=nghe_an, requesting_body="Ban Tổ chức Tỉnh ủy", purpose="appointment",
        received_on=dt.date(2025, 3, 1), due_on=dt.date(2025, 4, 1), nominees=[hung])
    matter_actions.add_defendant(matter, by=None, full_name="Trần Thị Lan")
    return {"hung": hung, "seen": seen, "hidden": hidden, "matter": matter,
            "secret": secret, "company": company, "appraisal": appraisal}

"""Demo data for the people registry and personnel appraisal, deterministic from the rng.

Called at the end of `seeding.plan.run()` for the demo scale: a few more petitions whose
petitioners are written differently (so links are made and some wait for review), a nominee
whose wife owns a company that is party to a Nghệ An matter (so a conflict flag shows), his
relatives and companies, an asset declaration note, and one full link run.
"""

from __future__ import annotations

import datetime as dt
import random

from oversight.matters.models import Matter
from oversight.people import actions
from oversight.people.linking import registry
from oversight.people.models import (
    AssetDeclarationNote,
    LinkDecision,
    Mention,
    Organisation,
    OrganisationRole,
    Person,
    Position,
    Relation,
)
from oversight.petitions import actions as petition_actions
from oversight.units.models import Unit

NOMINEE = {"name": "Hoàng Minh Tuấn", "birth": "1972-04-18", "id_number": "040072004518",
           "phone": "0913 456 789", "address": "Phường Trường Thi, Thành phố Vinh, Tỉnh Nghệ An"}
VARIANTS = [  # (petitioner as written in one record, as written in another)
    ({"name": "Trần Thị Mai", "address": "Xóm 3, xã Nghi Lộc, Nghệ An"},
     {"name": "TRẦN THỊ MAI", "address": "Xóm 5, xã Nghi Lộc, Nghệ An"}),
    ({"name": "Đặng Văn Đức", "id_number": "186123456", "phone": "+84 978 111 222"},
     {"name": "DANG VAN DUC", "phone": "0978.111.222",
      "address": "Xã Diễn Châu, Huyện Diễn Châu, Tỉnh Nghệ An"}),
    ({"name": "Lê Thị Thu Hà", "id_number": "040185006789", "address": "Xã Diễn Châu, Nghệ An"},
     {"name": "Lê Hà", "address": "Xã Diễn Châu, Nghệ An", "phone": "0989 222 333"}),
    ({"name": "Phạm Quang Vinh", "address": "Xóm 2, xã Quỳnh Lưu, Nghệ An"},
     {"name": "Phạm Quang Vinh", "address": "Xóm 7, xã Quỳnh Lưu, Nghệ An"}),
]


def _petition(unit, on, petitioner=None, **fields):
    fields.setdefault("kind", "complaint")
    fields.setdefault("subject", "Khiếu nại về bồi thường giải phóng mặt bằng")
    fields.setdefault("content", "Đề nghị xem xét lại phương án bồi thường, hỗ trợ.")
    return petition_actions.create_petition(by=None, unit=unit, received_on=on,
                                            petitioner=petitioner, **fields)


def seed_people(rng: random.Random, today: dt.date) -> dict:
    nghe_an, ha_noi = Unit.objects.get(code="nghe_an"), Unit.objects.get(code="ha_noi")
    base = today - dt.timedelta(days=60)
    for first, second in VARIANTS:
        _petition(nghe_an, base - dt.timedelta(days=rng.randint(30, 300)), dict(first))
        _petition(nghe_an, base - dt.timedelta(days=rng.randint(0, 29)), dict(second))
    # The nominee is named in a Nghệ An denunciation and, outside Nghệ An's access, in Hà Nội.
    named = _petition(nghe_an, base - dt.timedelta(days=40), {"name": "Nguyễn Văn Bình"},
                      kind="denunciation", subject="Tố cáo sai phạm trong cấp phép xây dựng",
                      content="Ông Hoàng Minh Tuấn, Giám đốc Sở Xây dựng, cấp phép trái quy "
                              "định cho Công ty TNHH Xây dựng Minh Phát.",
                      respondents=[{"name": "Hoàng Minh Tuấn",
                                    "position": "Giám đốc Sở Xây dựng", "unit": "Nghệ An"}])
    _petition(ha_noi, base - dt.timedelta(days=10), dict(NOMINEE),
              subject="Kiến nghị về dự án nhà ở xã hội", kind="recommendation")

    nominee = Person.objects.create(full_name=NOMINEE["name"], unit=nghe_an,
                                    birth_date=dt.date(1972, 4, 18), birth_year=1972,
                                    cccd=NOMINEE["id_number"], phones=["0913456789"])
    Position.objects.create(person=nominee, organisation="Sở Xây dựng tỉnh Nghệ An",
                            title="Giám đốc", start=dt.date(2020, 6, 1))
    wife = Person.objects.create(full_name="Lê Thị Hạnh", unit=nghe_an, birth_year=1975)
    brother = Person.objects.create(full_name="Hoàng Minh Đức", unit=nghe_an, birth_year=1969)
    Relation.objects.create(person=wife, other=nominee, kind="spouse",
                            source="Lý lịch đảng viên 2024", start=dt.date(1998, 5, 10))
    Relation.objects.create(person=brother, other=nominee, kind="sibling",
                            source="Lý lịch đảng viên 2024")
    company = Organisation.objects.create(
        name="Công ty TNHH Xây dựng Minh Phát", tax_code="2901876543",
        address="Phường Trường Thi, Thành phố Vinh, Tỉnh Nghệ An", unit=nghe_an)
    OrganisationRole.objects.create(organisation=company, person=wife, role="owner",
                                    share_percent=70, source="Đăng ký doanh nghiệp 2019")
    OrganisationRole.objects.create(organisation=company, person=brother, role="director",
                                    source="Đăng ký doanh nghiệp 2019")
    matters = list(Matter.objects.filter(responsible_unit=nghe_an).order_by("pk"))
    if matters:
        company.matters.add(rng.choice(matters))
    AssetDeclarationNote.objects.create(
        person=nominee, unit=nghe_an, year=2024, truthful=True, source="Bản kê khai 2024",
        note="Tài sản tăng 3,2 tỷ đồng so với năm trước; đã giải trình nguồn gốc (bán đất).")
    other = Person.objects.create(full_name="Võ Thị Ngọc Anh", unit=nghe_an, birth_year=1978)
    appraisal = actions.create_appraisal(
        by=None, unit=nghe_an, requesting_body="Ban Tổ chức Tỉnh ủy Nghệ An",
        purpose="appointment", reference="Công văn 215-CV/BTCTU",
        received_on=today - dt.timedelta(days=5), due_on=today + dt.timedelta(days=10),
        nominees=[nominee, other])

    run = registry.full_relink()
    # An officer linked the denounced person to the nominee; later runs keep them together.
    respondent = Mention.objects.get(petition=named, role="respondent")
    nominee_mention = Mention.objects.get(appraisal=appraisal, name=NOMINEE["name"])
    # The run may have joined the nominee to a person the registry already knew (same CCCD).
    nominee = nominee_mention.person or nominee
    respondent.refresh_from_db()
    if respondent.person_id != nominee.pk:
        if respondent.person_id:
            registry.merge_persons(nominee, respondent.person)
        Mention.objects.filter(pk=respondent.pk).update(person=nominee)
    left, right = sorted((respondent.pk, nominee_mention.pk))
    LinkDecision.objects.create(left_id=left, right_id=right, accepted=True,
                                note="Cùng người: Giám đốc Sở Xây dựng")
    for mention in Mention.objects.filter(petition__unit=ha_noi,
                                          name=NOMINEE["name"]).exclude(person=nominee):
        if mention.person_id:
            registry.merge_persons(nominee, mention.person)
    return {"persons": Person.objects.count(), "links_to_review": run.to_review,
            "appraisals": 1}

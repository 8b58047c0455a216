"""Demo data: realistic petitions, duplicates, transfers, receptions and a hot spot per unit,
all made through the actions (so deadlines, events and the search index are real) and
deterministic for a given `random.Random`.

The main `oversight seed` command calls `seed_petitions(rng, units, users, scale)`.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from oversight.core import calendar
from oversight.core.errors import RuleError
from oversight.petitions import actions
from oversight.petitions.choices import (
    Channel,
    Complexity,
    HostRole,
    Outcome,
    PetitionKind,
    ReceptionKind,
    checklist_for,
)
from oversight.units.models import Unit

PER_UNIT = {"tiny": 6, "small": 15, "medium": 60, "large": 300}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Công", "Quang", "Minh", "Xuân"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim"]
GIVEN_M = ["Hùng", "Dũng", "Nam", "Sơn", "Tuấn", "Long", "Thắng", "Bình", "Cường", "Hải"]
GIVEN_F = ["Lan", "Hoa", "Hương", "Mai", "Hằng", "Nga", "Dung", "Thảo", "Yến", "Hạnh"]
PLACES = ["xã Nghi Phong", "phường Hưng Dũng", "xã Diễn Châu", "thôn Đông Xuân",
          "xã Quỳnh Lưu", "phường Trường Thi", "xã Thanh Chương", "xã Yên Thành"]
POSITIONS = ["Chủ tịch UBND xã", "Cán bộ địa chính xã", "Phó Chủ tịch UBND huyện",
             "Trưởng phòng Tài nguyên và Môi trường", "Giám đốc Ban quản lý dự án",
             "Hiệu trưởng trường THCS"]
TOPICS = {
    PetitionKind.COMPLAINT: [
        ("Khiếu nại quyết định thu hồi đất", "Gia đình tôi khiếu nại quyết định thu hồi đất "
         "số {n}/QĐ-UBND vì mức bồi thường, hỗ trợ tái định cư không thỏa đáng."),
        ("Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất", "Tôi khiếu nại việc UBND cấp "
         "giấy chứng nhận quyền sử dụng đất chồng lấn lên thửa đất số {n} của gia đình."),
        ("Khiếu nại quyết định kỷ luật", "Tôi khiếu nại quyết định kỷ luật số {n} vì không "
         "đúng quy trình, chưa xem xét đầy đủ tình tiết."),
    ],
    PetitionKind.DENUNCIATION: [
        ("Tố cáo nhận hối lộ khi cấp sổ đỏ", "{who}, {pos}, đã nhận tiền của nhiều hộ dân "
         "để hoàn thiện hồ sơ cấp giấy chứng nhận quyền sử dụng đất."),
        ("Tố cáo sai phạm trong đấu thầu", "{who}, {pos}, đã chỉ định thầu trái quy định gói "
         "thầu số {n}, gây thất thoát ngân sách."),
        ("Tố cáo lạm dụng chức vụ", "{who}, {pos}, đã lợi dụng chức vụ để giao đất công "
         "cho người thân."),
    ],
    PetitionKind.RECOMMENDATION: [
        ("Kiến nghị giải quyết chế độ chính sách", "Đề nghị xem xét giải quyết chế độ "
         "chính sách cho gia đình người có công theo hồ sơ số {n}."),
    ],
    PetitionKind.REFLECTION: [
        ("Phản ánh ô nhiễm môi trường", "Cơ sở sản xuất tại {place} xả thải gây ô nhiễm "
         "nguồn nước, ảnh hưởng đời sống nhân dân."),
        ("Phản ánh thu phí sai quy định", "Trường học tại {place} thu các khoản đóng góp "
         "ngoài quy định của học sinh."),
    ],
}


def person_name(rng: random.Random) -> str:
    if rng.random() < 0.55:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def petitioner(rng: random.Random) -> dict:
    id_number = f"0{rng.randint(10, 96)}0{rng.randint(10**8, 10**9 - 1)}"
    return {"name": person_name(rng), "id_number": id_number,
            "address": rng.choice(PLACES), "phone": f"09{rng.randint(10**7, 10**8 - 1)}"}


def _user_for(users: dict, unit: Unit):
    """`users` may map unit codes (or units) to a user or a list of users."""
    found = users.get(unit.code) or users.get(unit) or users.get(unit.pk)
    if isinstance(found, list | tuple):
        return found[0] if found else None
    return found


def _content(rng, kind):
    subject, text = rng.choice(TOPICS[kind])
    return subject, text.format(n=rng.randint(10, 999), who=person_name(rng),
                                pos=rng.choice(POSITIONS), place=rng.choice(PLACES))


def _progress(rng, petition, by, today, others):
    """Take a petition some way along the process, as a real unit would have."""
    step = calendar.add_working_days(petition.received_on, rng.randint(1, 5))
    if step > today or rng.random() < 0.15:
        return petition
    checks = {k: True for k in checklist_for(petition.kind)}
    if rng.random() < 0.15:
        checks[rng.choice(list(checks))] = False
    petition = actions.classify(petition, by=by, checklist=checks, on=step,
                                verify_as_information=petition.anonymous and rng.random() < 0.6)
    roll = rng.random()
    if petition.classification != "eligible":
        if petition.anonymous or roll < 0.5:
            return actions.file(petition, by=by, on=step)
        return actions.not_accept(petition, by=by, on=step,
                                  reason=petition.ineligibility_reason or "Không đủ điều kiện")
    if roll < 0.12 and others:
        return actions.transfer(petition, by=by, to_unit=rng.choice(others), on=step,
                                reason="Không thuộc thẩm quyền giải quyết")[0]
    if roll < 0.2:
        return actions.guide(petition, by=by, on=step, guided_to="Tòa án nhân dân cấp huyện")
    petition = actions.accept(petition, by=by, on=step)
    if petition.kind == PetitionKind.DENUNCIATION and petition.complexity != Complexity.NORMAL \
            and rng.random() < 0.5:
        petition = actions.extend(petition, by=by, days=rng.randint(10, 30),
                                  reason="Vụ việc phức tạp, cần xác minh thêm", on=step)
    settle_on = calendar.add_working_days(step, rng.randint(7, 50))
    if petition.kind == PetitionKind.DENUNCIATION and rng.random() < 0.2:
        suspend_on = calendar.add_working_days(step, rng.randint(3, 10))
        if suspend_on <= min(today, petition.settlement_due):
            petition = actions.suspend(petition, by=by, on=suspend_on,
                                       reason="Chờ kết quả giám định của cơ quan chuyên môn")
            resume_on = calendar.add_working_days(suspend_on, rng.randint(5, 30))
            if resume_on > today or rng.random() < 0.4:
                return petition  # still suspended
            petition = actions.resume(petition, by=by, on=resume_on)
            settle_on = max(settle_on, calendar.add_working_days(resume_on, 5))
    if settle_on <= today and rng.random() < 0.7:
        petition = actions.settle(petition, by=by, outcome=rng.choice(Outcome.values),
                                  on=settle_on)
    return petition


def seed_petitions(rng: random.Random, units: list[Unit], users: dict, scale: str,
                   today: dt.date | None = None) -> dict:
    """Create demo petitions, receptions and hot spots for `units`; returns counts.

    `today` anchors the dates (the seed passes a fixed day, so a seed gives the same data on
    any day)."""
    today = today or timezone.localdate()
    count = PER_UNIT.get(scale, PER_UNIT["small"])
    made = {"petitions": 0, "duplicates": 0, "transfers": 0, "receptions": 0, "hotspots": 0}
    for unit in units:
        by = _user_for(users, unit)
        others = [u for u in units if u.pk != unit.pk]
        hotspot = actions.create_hotspot(
            by=by, unit=unit, name=f"Khiếu kiện đông người về đất đai tại {rng.choice(PLACES)}",
            location=rng.choice(PLACES),
            started_on=today - dt.timedelta(days=rng.randint(200, 700)),
            description="Nhiều hộ dân khiếu kiện kéo dài về bồi thường, hỗ trợ giải phóng "
            "mặt bằng.",
        )
        made["hotspots"] += 1
        receptions = []
        for months_back in range(12, 0, -1):
            if rng.random() < 0.2:  # some months are missed: the page shows them
                continue
            day = (today.replace(day=1) - dt.timedelta(days=30 * months_back)).replace(
                day=rng.randint(5, 25))
            receptions.append(actions.create_reception(
                by=by, unit=unit, held_on=day, host=f"Bí thư Tỉnh ủy {person_name(rng)}",
                host_role=HostRole.PARTY_SECRETARY, kind=ReceptionKind.REGULAR,
                dialogue=rng.random() < 0.3, citizen_count=rng.randint(1, 30),
                group_size=rng.choice([0, 0, 5, 12, 40]),
                hotspot=hotspot if rng.random() < 0.3 else None,
                outcome="Tiếp nhận đơn, chỉ đạo các cơ quan chức năng xem xét giải quyết.",
            ))
        made["receptions"] += len(receptions)
        created = []
        for _i in range(count):
            kind = rng.choices(list(TOPICS), weights=[40, 25, 15, 20])[0]
            subject, content = _content(rng, kind)
            anonymous = kind == PetitionKind.DENUNCIATION and rng.random() < 0.2
            group = [petitioner(rng) for _ in range(rng.choice([1, 1, 1, 2, 4]))]
            reception = rng.choice(receptions) if receptions and rng.random() < 0.2 else None
            fields = dict(
                unit=unit, kind=kind, subject=subject, content=content,
                received_on=calendar.last_working_day_before(
                    today - dt.timedelta(days=rng.randint(0, 400)) + dt.timedelta(days=1)),
                channel=Channel.IN_PERSON if reception else rng.choice(
                    [Channel.POST, Channel.POST, Channel.EMAIL, Channel.WEB_PORTAL]),
                anonymous=anonymous, petitioners=[] if anonymous else group,
                respondents=[{"name": person_name(rng), "position": rng.choice(POSITIONS),
                              "unit": unit.name}] if kind == PetitionKind.DENUNCIATION else [],
                complexity=rng.choices(Complexity.values, weights=[70, 22, 8])[0],
                remote_area=rng.random() < 0.1, multi_location=rng.random() < 0.1,
                complaint_round=2 if kind == PetitionKind.COMPLAINT and rng.random() < 0.2 else 1,
                signatory_count=rng.choice([1, 1, 1, 3, 25]),
                reception=reception,
            )
            if reception:
                fields["received_on"] = reception.held_on
            if fields["signatory_count"] >= 25:
                fields["hotspot"] = hotspot
            petition = actions.create_petition(by=by, **fields)
            try:
                petition = _progress(rng, petition, by, today, others)
            except RuleError:  # an unlucky combination of dates: leave it where it is
                petition.refresh_from_db()
            if petition.status == "transferred":
                made["transfers"] += 1
            created.append(petition)
            made["petitions"] += 1
            if rng.random() < 0.08:  # the same petitioner sends it again, or another agency
                copy = actions.create_petition(
                    by=by, unit=unit, kind=kind, subject=subject, content=content,
                    received_on=min(today, calendar.add_working_days(petition.received_on,
                                                                     rng.randint(2, 28))),
                    anonymous=anonymous, petitioners=[] if anonymous else group,
                    channel=rng.choice([Channel.POST, Channel.TRANSFERRED]),
                )
                actions.link_duplicate(copy, by=by, original=petition)
                made["duplicates"] += 1
                made["petitions"] += 1
        assignee = by
        if assignee is not None:
            for petition in created[: max(1, count // 4)]:
                actions.assign(petition, by=by, assignee=assignee)
    return made

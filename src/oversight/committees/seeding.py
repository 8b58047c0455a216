"""Demo data for the committees' own work, made through the actions and deterministic for a
given `random.Random`: meetings with agendas, conclusions and their directions (some done,
some overdue), inspections with findings and recommendations, the emulation targets of
cluster II for 2025, and each committee's register of documents and projects.

`oversight seed` calls `seed_committees(rng, units, until)` after the petitions.
"""

from __future__ import annotations

import datetime as dt
import random

from oversight.committees import actions
from oversight.committees.choices import (
    Body,
    DocumentKind,
    InspectionKind,
    MeetingKind,
    ProjectKind,
    Severity,
)
from oversight.core import calendar
from oversight.matters import actions as matter_actions
from oversight.matters.models import Matter
from oversight.units.choices import UnitKind
from oversight.units.models import Cluster, Unit

MEETING_TOPICS = [
    "Phiên họp định kỳ quý", "Họp Thường trực Ban Chỉ đạo cho ý kiến xử lý vụ việc",
    "Họp nghe báo cáo tiến độ các vụ án thuộc diện theo dõi", "Họp sơ kết 6 tháng",
    "Họp tổng kết năm",
]
CONCLUSIONS = [
    "Yêu cầu Công an tỉnh khẩn trương kết thúc điều tra, đề nghị truy tố.",
    "Giao Thanh tra tỉnh hoàn thành thanh tra, chuyển hồ sơ có dấu hiệu tội phạm.",
    "Yêu cầu Viện kiểm sát tăng cường kiểm sát điều tra, sớm truy tố.",
    "Giao Tòa án đưa vụ án ra xét xử sơ thẩm trong quý.",
    "Yêu cầu tập trung thu hồi tài sản tham nhũng.",
]
INSPECTION_TOPICS = [
    "Kiểm tra công tác phòng, chống tham nhũng, tiêu cực", "Giám sát việc kê khai tài sản, "
    "thu nhập", "Kiểm tra việc thực hiện kết luận của Ban Chỉ đạo",
    "Giám sát công tác giải quyết đơn thư, khiếu nại, tố cáo",
]
FINDINGS = [
    "Chậm chuyển hồ sơ vụ việc có dấu hiệu tội phạm sang cơ quan điều tra.",
    "Kê khai tài sản chưa trung thực ở một số đơn vị.",
    "Chưa thực hiện đầy đủ chế độ báo cáo định kỳ.",
    "Sai phạm trong quản lý đất đai tại một số xã.",
]
DOCUMENTS = [
    (DocumentKind.PLAN, "Kế hoạch kiểm tra, giám sát năm"),
    (DocumentKind.DIRECTIVE, "Chỉ thị tăng cường công tác phòng, chống tham nhũng"),
    (DocumentKind.REPORT, "Báo cáo kết quả công tác nội chính"),
    (DocumentKind.LAW_OPINION, "Góp ý dự thảo Luật Phòng, chống tham nhũng (sửa đổi)"),
    (DocumentKind.PERSONNEL_OPINION, "Ý kiến về nhân sự đề nghị bổ nhiệm"),
]
PROJECTS = [
    (ProjectKind.PROJECT, "Đề án nâng cao hiệu quả công tác thu hồi tài sản"),
    (ProjectKind.RESEARCH, "Đề tài cơ chế kiểm soát quyền lực trong công tác cán bộ"),
    (ProjectKind.PROJECT, "Đề án chuyển đổi số công tác nội chính"),
]
TARGETS = {"meetings": (3, 8), "documents_issued": (6, 20), "matters_completed": (1, 4),
           "petitions_processed": (5, 15)}


def _day(rng: random.Random, since: dt.date, until: dt.date) -> dt.date:
    return since + dt.timedelta(days=rng.randint(0, (until - since).days))


def seed_committees(rng: random.Random, units: list[Unit], until: dt.date,
                    since: dt.date = dt.date(2024, 1, 1)) -> dict:
    counts = {"meetings": 0, "inspections": 0, "documents": 0, "projects": 0, "targets": 0}
    for unit in units:
        agencies = list(Unit.objects.filter(parent=unit).exclude(
            kind=UnitKind.PROVINCIAL_COMMITTEE).order_by("code")) or [unit]
        matters = list(Matter.objects.filter(responsible_unit=unit).order_by("id")[:20])
        for _ in range(6):
            held_on = _day(rng, since, until)
            meeting = actions.create_meeting(
                by=None, unit=unit, body=rng.choice(Body.values),
                kind=rng.choice(MeetingKind.values),
                title=f"{rng.choice(MEETING_TOPICS)} ({held_on:%m/%Y})", held_on=held_on,
                chair="Bí thư Tỉnh ủy, Trưởng Ban Chỉ đạo",
                attendees="Các thành viên Ban Chỉ đạo\nLãnh đạo Ban Nội chính Tỉnh ủy",
                place="Trụ sở Tỉnh ủy")
            linked = rng.sample(matters, min(2, len(matters)))
            actions.add_agenda_item(meeting, by=None, title="Tiến độ xử lý các vụ án, vụ việc",
                                    matters=linked)
            for text in rng.sample(CONCLUSIONS, 2):
                conclusion = actions.add_conclusion(meeting, by=None, text=text)
                for _d in range(rng.randint(1, 2)):
                    due_on = calendar.add_working_days(held_on, rng.randint(20, 85))
                    direction = actions.issue_direction(
                        conclusion, by=None, addressee=rng.choice(agencies), due_on=due_on,
                        matter=rng.choice(linked) if linked and rng.random() < 0.5 else None)
                    done_on = held_on + dt.timedelta(days=rng.randint(10, 150))
                    if done_on <= until and rng.random() < 0.6:
                        matter_actions.answer_direction(direction, by=None, done_on=done_on,
                                                        reply="Đã thực hiện, báo cáo kết quả.")
            counts["meetings"] += 1
        for _ in range(2):
            start = _day(rng, since, until - dt.timedelta(days=60))
            concluded = start + dt.timedelta(days=rng.randint(20, 50))
            done = rng.random() < 0.6
            inspection = actions.create_inspection(
                by=None, unit=unit, kind=rng.choice(InspectionKind.values),
                topic=rng.choice(INSPECTION_TOPICS), period_start=start,
                period_end=start + dt.timedelta(days=45),
                status="concluded" if done else "ongoing",
                concluded_on=concluded if done else None,
                members="Trưởng đoàn: Phó Trưởng Ban Nội chính\nThành viên: 4 chuyên viên",
                subjects=rng.sample(agencies, min(2, len(agencies))))
            for text in rng.sample(FINDINGS, 2):
                finding = actions.add_finding(inspection, by=None, text=text,
                                              severity=rng.choice(Severity.values))
                rec = actions.add_recommendation(
                    inspection, by=None, finding=finding, due_on=calendar.add_working_days(
                        start, rng.randint(40, 125)),
                    text="Khắc phục hạn chế, kiểm điểm trách nhiệm tập thể, cá nhân.")
                if rng.random() < 0.5 and start + dt.timedelta(days=70) <= until:
                    actions.follow_up(rec, by=None, status="done",
                                      done_on=start + dt.timedelta(days=70),
                                      notes="Đã khắc phục.")
            counts["inspections"] += 1
        for index in range(12):
            kind, title = DOCUMENTS[index % len(DOCUMENTS)]
            issued = rng.random() < 0.85
            issued_on = _day(rng, since, until)
            actions.save_document(by=None, unit=unit, kind=kind, title=title,
                                  number=f"{index + 1}-{kind[:2].upper()}/BNCTU" if issued
                                  else "", issued_on=issued_on if issued else None,
                                  status="issued" if issued else "draft")
            counts["documents"] += 1
        for kind, title in PROJECTS:
            submitted = _day(rng, since, until) if rng.random() < 0.7 else None
            approved = None
            if submitted and submitted + dt.timedelta(days=60) <= until and rng.random() < 0.5:
                approved = submitted + dt.timedelta(days=60)
            status = "approved" if approved else "submitted" if submitted else "in_progress"
            actions.save_project(by=None, unit=unit, kind=kind, title=title, status=status,
                                 submitted_on=submitted, approved_on=approved)
            counts["projects"] += 1
    cluster = Cluster.objects.filter(code="cluster_ii").first()
    if cluster is not None:
        for member in cluster.members.order_by("code"):
            for code, (low, high) in TARGETS.items():
                actions.register_target(by=None, cluster=cluster, unit=member, year=2025,
                                        indicator=code, target=rng.randint(low, high))
                counts["targets"] += 1
    return counts

"""Generated sentences from hand-made report dicts: every comparison branch, number formats."""

import pytest
from django.utils import translation

from oversight.reports.documents import sentences as s


def report(period=None, previous=None, **figures):
    """A report dict: figures as code=(value, previous, change) or code=value."""
    period = period or {"code": "2024-H1", "start": "2024-01-01", "end": "2024-06-30"}
    previous = previous or {"code": "2023-H1", "start": "2023-01-01", "end": "2023-06-30"}
    indicators = {}
    for code, figure in figures.items():
        value, prev, change = figure if isinstance(figure, tuple) else (figure, None, None)
        indicators[code] = {"value": value, "previous": prev, "change": change}
    return {"period": period, "previous_period": previous, "indicators": indicators}


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_numbers():
    assert s.number(2079) == "2.079"
    assert s.number(1234567) == "1.234.567"
    assert s.number(0) == s.number(None) == "0"
    assert s.decimal(1234.5) == "1.234,5"
    assert s.percent(0.25) == "25,0%"
    assert s.percent(None) == "–"
    with translation.override("en"):
        assert s.number(2079) == "2,079"
        assert s.decimal(1234.5) == "1,234.5"


def test_money():
    assert s.money(1_234_500_000_000) == "1.234,5 tỷ đồng"
    assert s.money(2_000_000_000) == "2,0 tỷ đồng"
    assert s.money(12_500_000) == "12,5 triệu đồng"
    assert s.money(250) == "250 đồng"
    with translation.override("en"):
        assert s.money(1_234_500_000_000) == "VND 1,234.5 billion"


@pytest.mark.parametrize("ratio,words", [
    (2.0, "gấp 2 lần so với cùng kỳ năm 2023"),
    (3.46, "gấp 3,5 lần so với cùng kỳ năm 2023"),
    (1.95, "gấp gần 2 lần so với cùng kỳ năm 2023"),
    (1.9, "gấp gần 2 lần so với cùng kỳ năm 2023"),
    (1.25, "tăng 25,0% so với cùng kỳ năm 2023"),
    (1.333, "tăng 33,3% so với cùng kỳ năm 2023"),
    (1.0, "bằng cùng kỳ năm 2023"),
    (0.75, "bằng 0,75 lần so với cùng kỳ năm 2023"),
    (None, ""),
])
def test_comparison_branches(ratio, words):
    assert s.comparison(ratio, "cùng kỳ năm 2023") == words


@pytest.mark.parametrize("ratio,words", [
    (2.5, "2.5 times the same period of 2023"),
    (1.95, "nearly double the same period of 2023"),
    (1.1, "up 10.0% on the same period of 2023"),
    (1.0, "unchanged from the same period of 2023"),
    (0.5, "0.50 times the same period of 2023"),
])
def test_comparison_in_english(ratio, words):
    with translation.override("en"):
        assert s.comparison(ratio, "the same period of 2023") == words


def test_matters_sentence_of_the_seed_article():
    r = report(matters_put_under_monitoring=(260, 260, 1.0),
               matters_under_monitoring_total=679, matters_completed=132)
    lines = s.matters(r)
    assert lines[0] == ("Trong 6 tháng đầu năm 2024, đã đưa 260 vụ án, vụ việc vào diện theo "
                        "dõi, chỉ đạo (lũy kế 679 vụ án, vụ việc từ khi thành lập), đã xử lý "
                        "dứt điểm 132 vụ án, vụ việc.")
    assert lines[1] == "Số vụ án, vụ việc đưa vào diện theo dõi, chỉ đạo bằng cùng kỳ năm 2023."


def test_matters_without_previous_figure_has_no_comparison():
    lines = s.matters(report(matters_put_under_monitoring=(5, 0, None)))
    assert len(lines) == 1 and "so với" not in lines[0]


def test_criminal_nearly_double():
    r = report(period={"code": "2023", "start": "2023-01-01", "end": "2023-12-31"},
               previous={"code": "2022", "start": "2022-01-01", "end": "2022-12-31"},
               cases_prosecuted=(763, 390, 1.9564), defendants_prosecuted=(2079, 1100, 1.89),
               first_instance_cases=20, first_instance_defendants=115,
               appeal_cases=13, appeal_defendants=84)
    lines = s.criminal(r)
    assert lines[0] == ("Khởi tố mới 763 vụ án, 2.079 bị can, gấp gần 2 lần so với cùng kỳ "
                        "năm 2022.")
    assert lines[1] == "Xét xử sơ thẩm 20 vụ án/115 bị cáo; xét xử phúc thẩm 13 vụ án/84 bị cáo."


@pytest.mark.parametrize("change,words", [
    (2.0, "gấp 2 lần so với"), (1.5, "tăng 50,0% so với"), (0.5, "bằng 0,50 lần so với"),
    (1.0, "bằng cùng kỳ"),
])
def test_criminal_comparisons(change, words):
    lines = s.criminal(report(cases_prosecuted=(10, 5, change), defendants_prosecuted=12))
    assert words in lines[0]


def test_recovery_in_billions():
    r = report(loss_amount=1_234_500_000_000, recovered_amount=250_000_000_000,
               recovery_rate=(0.2025, 0.3333, None), enforcement_due_amount=100_000_000_000,
               enforcement_done_amount=14_000_000_000)
    lines = s.recovery(r)
    assert lines[0] == ("Tổng thiệt hại trong các vụ án, vụ việc thuộc diện theo dõi là "
                        "1.234,5 tỷ đồng; đã thu hồi 250,0 tỷ đồng, đạt tỷ lệ 20,3% "
                        "(cùng kỳ năm 2023: 33,3%).")
    assert lines[1] == ("Số tiền phải thi hành án là 100,0 tỷ đồng; đã thi hành 14,0 tỷ đồng "
                        "(đạt 14,0%).")


def test_directions():
    lines = s.directions(report(directions_issued=(4, 1, 4.0), directions_overdue=2))
    assert lines == ["Trong 6 tháng đầu năm 2024, đã ban hành 4 văn bản chỉ đạo, gấp 4 lần so "
                     "với cùng kỳ năm 2023.",
                     "Đến cuối kỳ, còn 2 chỉ đạo quá hạn chưa thực hiện xong."]
    assert s.directions(report(directions_issued=0, directions_overdue=0))[1] == \
        "Đến cuối kỳ, không có chỉ đạo quá hạn."


@pytest.mark.parametrize("period,opening", [
    ({"code": "2024", "start": "2024-01-01", "end": "2024-12-31"}, "Trong năm 2024"),
    ({"code": "2024-Q3", "start": "2024-07-01", "end": "2024-09-30"}, "Trong quý 3/2024"),
    ({"code": "2024-9M", "start": "2024-01-01", "end": "2024-09-30"}, "Trong 9 tháng năm 2024"),
    ({"code": "2024-05", "start": "2024-05-01", "end": "2024-05-31"}, "Trong tháng 5/2024"),
    ({"code": "2021-2025", "start": "2021-01-01", "end": "2025-12-31"},
     "Trong nhiệm kỳ 2021–2025"),
    ({"code": "2024-01-10..2024-03-31", "start": "2024-01-10", "end": "2024-03-31"},
     "Từ ngày 10/01/2024 đến ngày 31/03/2024"),
])
def test_period_openings(period, opening):
    assert s.in_period(period) == opening


def test_english_sentences():
    with translation.override("en"):
        lines = s.criminal(report(cases_prosecuted=(763, 390, 1.9564),
                                  defendants_prosecuted=2079))
        assert lines[0] == ("Prosecuted 763 new cases and 2,079 defendants, nearly double the "
                            "same period of 2023.")
        assert s.matters(report(matters_put_under_monitoring=260))[0].startswith(
            "In the first half of 2024, 260 cases and incidents were put under monitoring")


def test_a_section_without_its_own_function_is_written_from_the_catalogue(monkeypatch):
    from oversight.reports.indicators import CATALOGUE, Indicator

    monkeypatch.setitem(CATALOGUE, "courses_x", Indicator(
        "courses_x", "Số lớp tập huấn", "Courses", "courses", "test", section="training"))
    lines = s.for_section(report(courses_x=(1200, 1000, 1.2)), "training")
    assert lines == ["Số lớp tập huấn: 1.200, tăng 20,0% so với cùng kỳ năm 2023."]


def test_committee_sentences():
    lines = s.for_section(report(meetings=(612, 510, 1.2), inspections=(6, 0, None),
                                 documents_issued=(2582, 0, None),
                                 projects_submitted=(10, 0, None)), "committee")
    assert lines == ["Trong 6 tháng đầu năm 2024, tham mưu tổ chức 612 phiên họp, cuộc họp "
                     "của Ban Chỉ đạo, Thường trực Ban Chỉ đạo, tăng 20,0% so với cùng kỳ năm "
                     "2023; tiến hành 6 cuộc kiểm tra, giám sát; ban hành 2.582 văn bản; hoàn "
                     "thành, trình 10 đề án, đề tài."]
    with translation.override("en"):
        lines = s.for_section(report(meetings=(1, 0, None), inspections=(6, 0, None),
                                     documents_issued=(2582, 0, None),
                                     projects_submitted=(1, 0, None)), "committee")
    assert lines == ["In the first half of 2024, 1 session or meeting of the Steering "
                     "Committee and its standing body was organised; 6 inspections and "
                     "supervisions were conducted; 2,582 documents were issued; 1 project or "
                     "research topic was completed and submitted."]
    assert s.for_section(report(), "committee") == []


def test_petitions_sentences():
    lines = s.for_section(report(petitions_received=(60000, 50000, 1.2),
                                 complaints_received=(20000, 0, None),
                                 denunciations_received=(9000, 0, None),
                                 petitions_processed=(58000, 0, None),
                                 petitions_transferred=(1500, 0, None),
                                 petitions_overdue=(0, 0, None), receptions=(1012, 0, None),
                                 dialogues=(40, 0, None), hotspots_handled=(203, 0, None)),
                          "petitions")
    assert lines[0].endswith("tiếp nhận 60.000 đơn thư (trong đó 20.000 đơn khiếu nại, 9.000 "
                             "đơn tố cáo), tăng 20,0% so với cùng kỳ năm 2023; đã xử lý 58.000 "
                             "đơn, trong đó chuyển 1.500 đơn đến cơ quan có thẩm quyền.")
    assert lines[1] == ("Tham mưu tổ chức 1.012 cuộc tiếp công dân, 40 cuộc đối thoại; giải "
                        "quyết 203 vụ khiếu kiện đông người, phức tạp, kéo dài.")

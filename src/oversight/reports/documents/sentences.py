"""Sentences of a report, in the agencies' own words, generated from a report dict.

Pure functions: the input is the dict `service.build` returns, the output a list of strings.
Vietnamese by default, English when the active language is English. One function per section
of the catalogue; a section without its own function (petitions, until it gets one) is
written by `generic`, one sentence per indicator, so a new section appears in the documents
without code here.

Comparisons read the `change` ratio (value ÷ previous) by one rule, `change_words`, also used
by every table (dashboard, XLSX, DOCX, PDF): "gấp 2,5 lần", "gấp gần 2 lần", "tăng 13,0%",
"bằng", "bằng 0,87 lần"; with nothing to compare (no previous figure) it is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

from oversight.documents.context import date_line as official_date_line
from oversight.reports.indicators import CATALOGUE

# --- Languages and numbers ---------------------------------------------------------------


def lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def _group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def decimal(value, places: int = 1) -> str:
    """1234.5 -> "1.234,5" (Vietnamese) or "1,234.5" (English); halves round up."""
    thousands, point = (",", ".") if lang() == "en" else (".", ",")
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    sign = "-" if rounded < 0 else ""
    return sign + _group(whole, thousands) + (point + fraction if fraction else "")


def number(value) -> str:
    """2079 -> "2.079" (Vietnamese) or "2,079" (English); None -> "0"."""
    return decimal(value or 0, 0)


def short(value: float) -> str:
    """A factor or percentage: one decimal, none when whole (2.0 -> "2", 2.46 -> "2,5")."""
    value = Decimal(str(value))
    if abs(value - round(value)) < Decimal("0.05"):
        return number(round(value))
    return decimal(value, 1)


def percent(ratio) -> str:
    """0.25 -> "25,0%"; None -> "–"."""
    if ratio is None:
        return "–"
    return decimal(Decimal(str(ratio)) * 100, 1) + "%"


BILLION, MILLION = 1_000_000_000, 1_000_000


def money(vnd) -> str:
    """VND: "1.234,5 tỷ đồng" when large, "12,5 triệu đồng", else "250 đồng"."""
    vnd = vnd or 0
    en = lang() == "en"
    for size, vi, en_word in ((BILLION, "tỷ đồng", "billion"), (MILLION, "triệu đồng", "million")):
        if abs(vnd) >= size:
            amount = decimal(vnd / size)
            return f"VND {amount} {en_word}" if en else f"{amount} {vi}"
    return f"VND {number(vnd)}" if en else f"{number(vnd)} đồng"


# --- Periods ------------------------------------------------------------------------------

_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]


def date_line(town: str, d: dt.date) -> str:
    """The place and date under a document's heading, in the document's language: a report's
    and a meeting's minutes alike ("Nghệ An, ngày 05 tháng 02 năm 2024", in Vietnamese by the
    official documents' rule of Decree 30/2020; "Nghệ An, 5 February 2024" in English)."""
    if lang() == "en":
        return f"{town}, {d.day} {_MONTHS_EN[d.month - 1]} {d.year}"
    return official_date_line(town, d)


def _day(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def period_phrase(period: dict) -> str:
    """"6 tháng đầu năm 2024", "năm 2024", "quý 3/2024"… (English: "the first half of 2024")."""
    code, en = period.get("code", ""), lang() == "en"
    if m := re.fullmatch(r"(\d{4})", code):
        return m[1] if en else f"năm {m[1]}"
    if m := re.fullmatch(r"(\d{4})-H([12])", code, re.I):
        if en:
            return f"the {'first' if m[2] == '1' else 'second'} half of {m[1]}"
        return f"6 tháng {'đầu' if m[2] == '1' else 'cuối'} năm {m[1]}"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", code, re.I):
        return f"Q{m[2]} {m[1]}" if en else f"quý {m[2]}/{m[1]}"
    if m := re.fullmatch(r"(\d{4})-9M", code, re.I):
        return f"the first nine months of {m[1]}" if en else f"9 tháng năm {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", code):
        return f"{_MONTHS_EN[int(m[2]) - 1]} {m[1]}" if en else f"tháng {int(m[2])}/{m[1]}"
    if m := re.fullmatch(r"(\d{4})-(\d{4})", code):
        return f"the {m[1]}–{m[2]} term" if en else f"nhiệm kỳ {m[1]}–{m[2]}"
    start, end = _day(period["start"]), _day(period["end"])
    return f"{start} to {end}" if en else f"từ ngày {start} đến ngày {end}"


def in_period(period: dict) -> str:
    """The opening words: "Trong 6 tháng đầu năm 2024" / "In the first half of 2024"."""
    phrase = period_phrase(period)
    if lang() == "en":
        return ("From " if phrase[0].isdigit() else "In ") + phrase
    return phrase[0].upper() + phrase[1:] if phrase.startswith("từ") else f"Trong {phrase}"


def reference(report: dict) -> str:
    """What a figure is compared with: "cùng kỳ năm 2023" / "the same period of 2023"."""
    previous = report.get("previous_period") or {}
    start, end = previous.get("start", ""), previous.get("end", "")
    if start[:4] and start[:4] == end[:4]:
        return f"the same period of {start[:4]}" if lang() == "en" else f"cùng kỳ năm {start[:4]}"
    label = f"{_day(start)}–{_day(end)}" if start and end else ""
    return f"the same period ({label})" if lang() == "en" else f"cùng kỳ ({label})"


def change_words(ratio) -> str:
    """The comparison with the same period, in words — the one rule for the dashboard, the
    XLSX, the DOCX and the PDF, tables and sentences alike ("" when there is nothing to
    compare, no previous figure):

    ratio (value ÷ previous)  Vietnamese           English
    at least 2                "gấp 2,5 lần"        "2.5 times"
    from 1.9                  "gấp gần 2 lần"      "nearly double"
    above 1                   "tăng 13,0%"         "up 13.0%"
    exactly 1                 "bằng"               "unchanged"
    below 1                   "bằng 0,87 lần"      "0.87 times"
    """
    if ratio is None:
        return ""
    en = lang() == "en"
    r = Decimal(str(ratio))
    if r >= 2:
        return f"{short(r)} times" if en else f"gấp {short(r)} lần"
    if r >= Decimal("1.9"):
        return "nearly double" if en else "gấp gần 2 lần"
    if r > 1:
        change = (r - 1) * 100
        amount = decimal(change, 1) if change >= Decimal("0.05") else decimal(change, 2)
        return f"up {amount}%" if en else f"tăng {amount}%"
    if r == 1:
        return "unchanged" if en else "bằng"
    return f"{decimal(r, 2)} times" if en else f"bằng {decimal(r, 2)} lần"


def change_cell(ratio) -> str:
    """The comparison in a table's cell: "tăng 13,0%", "bằng 0,87 lần", "bằng cùng kỳ", "–"."""
    words = change_words(ratio)
    if not words:
        return "–"
    if ratio == 1:
        return "unchanged" if lang() == "en" else "bằng cùng kỳ"
    return words


def comparison(ratio, ref: str) -> str:
    """The comparison in a sentence: "tăng 13,0% so với cùng kỳ năm 2023" (see
    `change_words`), or "" when there is nothing to compare."""
    words = change_words(ratio)
    if not words:
        return ""
    if lang() == "en":
        if ratio == 1:
            return f"unchanged from {ref}"
        return f"{words} on {ref}" if words.startswith("up ") else f"{words} {ref}"
    return f"bằng {ref}" if ratio == 1 else f"{words} so với {ref}"


def plural(value, one: str, many: str) -> str:
    """English counts: "1 case", "763 cases"."""
    return f"{number(value)} {one if value == 1 else many}"


# --- Reading the report ------------------------------------------------------------------


def _figure(report: dict, code: str) -> dict:
    return report.get("indicators", {}).get(code) or {}


def _value(report: dict, code: str):
    return _figure(report, code).get("value") or 0


def _compared(report: dict, code: str) -> str:
    """", tăng 25,0% so với cùng kỳ năm 2023" or "" — ready to append to a clause."""
    words = comparison(_figure(report, code).get("change"), reference(report))
    return f", {words}" if words else ""


def _has(report: dict, *codes: str) -> bool:
    return all(code in report.get("indicators", {}) for code in codes)


# --- Sections -----------------------------------------------------------------------------


def _level_clause(label: str, count) -> str:
    """"Ban Chỉ đạo cấp tỉnh theo dõi, chỉ đạo 5 vụ" from the indicator's label."""
    label = label.lstrip("— ")
    if lang() == "en":
        return f"{number(count)} {label}"
    return f"{label.removeprefix('do ')} {number(count)} vụ"


def matters(report: dict) -> list[str]:
    """I. Matters put under monitoring, the running total, completed, open at the end."""
    if not _has(report, "matters_put_under_monitoring"):
        return []
    en = lang() == "en"
    put = _value(report, "matters_put_under_monitoring")
    total = _value(report, "matters_under_monitoring_total")
    completed = _value(report, "matters_completed")
    opening = in_period(report["period"])
    if en:
        first = (f"{opening}, {plural(put, 'case or incident was', 'cases and incidents were')} "
                 f"put under monitoring and direction ({number(total)} since establishment), "
                 f"and {plural(completed, 'was', 'were')} completely handled.")
    else:
        first = (f"{opening}, đã đưa {number(put)} vụ án, vụ việc vào diện theo dõi, chỉ đạo "
                 f"(lũy kế {number(total)} vụ án, vụ việc từ khi thành lập), đã xử lý dứt điểm "
                 f"{number(completed)} vụ án, vụ việc.")
    lines = [first]
    compared = _compared(report, "matters_put_under_monitoring")
    if compared:
        lines.append(
            f"The number of matters put under monitoring is{compared[1:]}." if en else
            f"Số vụ án, vụ việc đưa vào diện theo dõi, chỉ đạo{compared[1:]}.")
    levels = [(code, CATALOGUE[code]) for code in CATALOGUE
              if code.startswith("matters_put_under_monitoring_") and _has(report, code)]
    parts = [_level_clause(CATALOGUE[code].label, _value(report, code))
             for code, _ in levels if _value(report, code)]
    if parts:
        lines.append(("Of these, " if en else "Trong đó, ") + "; ".join(parts) + ".")
    if _has(report, "security_order_matters") and _value(report, "security_order_matters"):
        count = number(_value(report, "security_order_matters"))
        lines.append(
            f"{count} of them are prominent, complicated security and order matters." if en
            else f"Có {count} vụ việc phức tạp, nổi cộm về an ninh, trật tự.")
    if _has(report, "matters_open"):
        open_ = number(_value(report, "matters_open"))
        lines.append(
            f"At the end of the period, {open_} cases and incidents remain under monitoring."
            if en else f"Đến cuối kỳ, còn {open_} vụ án, vụ việc đang theo dõi, chỉ đạo.")
    return lines


def criminal(report: dict) -> list[str]:
    """II. Prosecutions (compared with the same period), then each later step."""
    if not _has(report, "cases_prosecuted", "defendants_prosecuted"):
        return []
    en = lang() == "en"
    cases, people = _value(report, "cases_prosecuted"), _value(report, "defendants_prosecuted")
    compared = _compared(report, "cases_prosecuted")
    lines = [
        f"Prosecuted {plural(cases, 'new case', 'new cases')} and "
        f"{plural(people, 'defendant', 'defendants')}{compared}."
        if en else
        f"Khởi tố mới {number(cases)} vụ án, {number(people)} bị can{compared}."
    ]
    steps = []
    if _has(report, "investigations_concluded") and _value(report, "investigations_concluded"):
        n = number(_value(report, "investigations_concluded"))
        steps.append(f"investigations concluded in {n} cases" if en
                     else f"kết thúc điều tra {n} vụ án")
    for cases_code, people_code, vi, en_words in [
        ("cases_indicted", "defendants_indicted", "truy tố", "indicted"),
        ("first_instance_cases", "first_instance_defendants", "xét xử sơ thẩm",
         "tried at first instance"),
        ("appeal_cases", "appeal_defendants", "xét xử phúc thẩm", "tried on appeal"),
    ]:
        if not _has(report, cases_code, people_code) or not _value(report, cases_code):
            continue
        c, p = number(_value(report, cases_code)), number(_value(report, people_code))
        who = "bị can" if cases_code == "cases_indicted" else "bị cáo"
        steps.append(f"{c} cases / {p} defendants {en_words}" if en
                     else f"{vi} {c} vụ án/{p} {who}")
    if steps:
        text = "; ".join(steps)
        lines.append(text[0].upper() + text[1:] + ".")
    return lines


def recovery(report: dict) -> list[str]:
    """III. Loss, recovery and its rate; judgment enforcement."""
    if not _has(report, "loss_amount", "recovered_amount"):
        return []
    en = lang() == "en"
    loss, recovered = _value(report, "loss_amount"), _value(report, "recovered_amount")
    rate = _figure(report, "recovery_rate")
    lines = []
    if en:
        text = (f"The losses in the cases and incidents under monitoring amount to {money(loss)}; "
                f"{money(recovered)} has been recovered")
    else:
        text = (f"Tổng thiệt hại trong các vụ án, vụ việc thuộc diện theo dõi là {money(loss)}; "
                f"đã thu hồi {money(recovered)}")
    if rate.get("value") is not None:
        text += f", a recovery rate of {percent(rate['value'])}" if en else \
            f", đạt tỷ lệ {percent(rate['value'])}"
        if rate.get("previous") is not None:
            text += (f" ({reference(report)}: {percent(rate['previous'])})" if en
                     else f" ({reference(report)}: {percent(rate['previous'])})")
    lines.append(text + ".")
    if _has(report, "enforcement_due_amount", "enforcement_done_amount") and \
            _value(report, "enforcement_due_amount"):
        due = _value(report, "enforcement_due_amount")
        done = _value(report, "enforcement_done_amount")
        share = percent(done / due)
        lines.append(
            f"Judgments order {money(due)} to be enforced; {money(done)} has been enforced "
            f"({share})." if en else
            f"Số tiền phải thi hành án là {money(due)}; đã thi hành {money(done)} "
            f"(đạt {share}).")
    return lines


def directions(report: dict) -> list[str]:
    """V. Directions issued in the period and those overdue at its end."""
    if not _has(report, "directions_issued"):
        return []
    en = lang() == "en"
    issued = number(_value(report, "directions_issued"))
    compared = _compared(report, "directions_issued")
    opening = in_period(report["period"])
    issued_en = plural(_value(report, "directions_issued"), "direction was", "directions were")
    lines = [
        f"{opening}, {issued_en} issued{compared}." if en else
        f"{opening}, đã ban hành {issued} văn bản chỉ đạo{compared}."
    ]
    if _has(report, "directions_overdue"):
        overdue = _value(report, "directions_overdue")
        if overdue:
            lines.append(
                f"At the end of the period, {number(overdue)} directions were overdue and not "
                "yet carried out." if en else
                f"Đến cuối kỳ, còn {number(overdue)} chỉ đạo quá hạn chưa thực hiện xong.")
        else:
            lines.append("No direction was overdue at the end of the period." if en
                         else "Đến cuối kỳ, không có chỉ đạo quá hạn.")
    return lines


def petitions(report: dict) -> list[str]:
    """IV. Petitions received and processed, receptions and dialogues, hot spots."""
    if not _has(report, "petitions_received"):
        return []
    en = lang() == "en"
    v = {code: _value(report, code) for code in (
        "petitions_received", "denunciations_received", "complaints_received",
        "petitions_processed", "petitions_transferred", "petitions_overdue", "receptions",
        "dialogues", "hotspots_handled") if _has(report, code)}
    opening = in_period(report["period"])
    compared = _compared(report, "petitions_received")
    if en:
        lines = [f"{opening}, {number(v['petitions_received'])} petitions were received "
                 f"({number(v.get('complaints_received', 0))} complaints, "
                 f"{number(v.get('denunciations_received', 0))} denunciations){compared}; "
                 f"{number(v.get('petitions_processed', 0))} were processed, of which "
                 f"{number(v.get('petitions_transferred', 0))} were transferred to the "
                 "competent agencies."]
    else:
        lines = [f"{opening}, tiếp nhận {number(v['petitions_received'])} đơn thư (trong đó "
                 f"{number(v.get('complaints_received', 0))} đơn khiếu nại, "
                 f"{number(v.get('denunciations_received', 0))} đơn tố cáo){compared}; "
                 f"đã xử lý {number(v.get('petitions_processed', 0))} đơn, trong đó chuyển "
                 f"{number(v.get('petitions_transferred', 0))} đơn đến cơ quan có thẩm quyền."]
    overdue = v.get("petitions_overdue", 0)
    if overdue:
        lines.append(f"At the end of the period, {number(overdue)} petitions were past their "
                     "time limit." if en else
                     f"Đến cuối kỳ, còn {number(overdue)} đơn quá thời hạn xử lý, giải quyết.")
    if "receptions" in v:
        lines.append(
            f"{number(v['receptions'])} citizen receptions were held, "
            f"{number(v.get('dialogues', 0))} of them dialogues; "
            f"{number(v.get('hotspots_handled', 0))} mass, complicated, prolonged complaints "
            "were resolved." if en else
            f"Tham mưu tổ chức {number(v['receptions'])} cuộc tiếp công dân, "
            f"{number(v.get('dialogues', 0))} cuộc đối thoại; giải quyết "
            f"{number(v.get('hotspots_handled', 0))} vụ khiếu kiện đông người, phức tạp, "
            "kéo dài.")
    return lines


def committee(report: dict) -> list[str]:
    """VI. The committee's own work: meetings, inspections, documents issued, projects."""
    if not _has(report, "meetings"):
        return []
    en = lang() == "en"
    v = {code: _value(report, code) for code in (
        "meetings", "inspections", "documents_issued", "projects_submitted")
        if _has(report, code)}
    opening = in_period(report["period"])
    compared = _compared(report, "meetings")
    if en:
        meetings = plural(v["meetings"], "session or meeting", "sessions and meetings")
        parts = [f"{opening}, {meetings} of the Steering Committee and its standing body "
                 f"{'was' if v['meetings'] == 1 else 'were'} organised{compared}"]
        if "inspections" in v:
            n = v["inspections"]
            words = plural(n, "inspection or supervision", "inspections and supervisions")
            parts.append(f"{words} {'was' if n == 1 else 'were'} conducted")
        if "documents_issued" in v:
            words = plural(v["documents_issued"], "document was", "documents were")
            parts.append(f"{words} issued")
        if "projects_submitted" in v:
            words = plural(v["projects_submitted"], "project or research topic was",
                           "projects and research topics were")
            parts.append(f"{words} completed and submitted")
    else:
        parts = [f"{opening}, tham mưu tổ chức {number(v['meetings'])} phiên họp, cuộc họp của "
                 f"Ban Chỉ đạo, Thường trực Ban Chỉ đạo{compared}"]
        if "inspections" in v:
            parts.append(f"tiến hành {number(v['inspections'])} cuộc kiểm tra, giám sát")
        if "documents_issued" in v:
            parts.append(f"ban hành {number(v['documents_issued'])} văn bản")
        if "projects_submitted" in v:
            parts.append(f"hoàn thành, trình {number(v['projects_submitted'])} đề án, đề tài")
    return ["; ".join(parts) + "."]


def generic(report: dict, section: str) -> list[str]:
    """One sentence per indicator of a section that has no function of its own."""
    lines = []
    for code, indicator in CATALOGUE.items():
        if indicator.section != section or not _has(report, code):
            continue
        figure = _figure(report, code)
        value = figure.get("value")
        if indicator.measure_unit == "VND":
            shown = money(value)
        elif indicator.measure_unit == "ratio":
            shown = percent(value)
        else:
            shown = number(value)
        lines.append(f"{indicator.label.lstrip('— ')}: {shown}{_compared(report, code)}.")
    return lines


SECTIONS: dict[str, Callable[[dict], list[str]]] = {
    "matters": matters,
    "criminal": criminal,
    "recovery": recovery,
    "petitions": petitions,
    "directions": directions,
    "committee": committee,
}


def for_section(report: dict, section: str) -> list[str]:
    writer = SECTIONS.get(section)
    return writer(report) if writer else generic(report, section)

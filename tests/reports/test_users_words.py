"""Reports in the users' words: the period picker, no field names or codes, dates dd/mm/yyyy,
one rule for comparisons on the screen, in XLSX and in DOCX/PDF, units of measure in words,
English when the interface is English."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from oversight.reports import documents
from oversight.reports.documents import content, sentences
from oversight.reports.indicators import CATALOGUE
from oversight.reports.periods import parse
from oversight.reports.places import for_unit

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
STATIC = Path(__file__).resolve().parents[2] / "src/oversight/reports/static/reports"


def visible_text(body: str) -> str:
    """What a reader sees: the page without its tags, scripts and attributes."""
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return html.unescape(body)


@pytest.mark.parametrize("ratio, vi, en", [
    (None, "", ""),
    (2.5, "gấp 2,5 lần", "2.5 times"),
    (2.0, "gấp 2 lần", "2 times"),
    (1.95, "gấp gần 2 lần", "nearly double"),
    (1.13, "tăng 13,0%", "up 13.0%"),
    (1.0004, "tăng 0,04%", "up 0.04%"),
    (1.0, "bằng", "unchanged"),
    (0.87, "bằng 0,87 lần", "0.87 times"),
    (0.5, "bằng 0,50 lần", "0.50 times"),
])
def test_the_one_comparison_rule(ratio, vi, en):
    with translation.override("vi"):
        assert sentences.change_words(ratio) == vi
    with translation.override("en"):
        assert sentences.change_words(ratio) == en


def test_the_comparison_reads_the_same_on_screen_in_xlsx_and_in_the_document(records, web,
                                                                               nghean):
    page = web(nghean).get("/reports/dashboard/?place=unit:nghe_an&period=2024")
    on_screen = {r["indicator"].code: r["row"].change_text for r in page.context["rows"]}
    wb = load_workbook(io.BytesIO(documents.render("xlsx", for_unit("nghe_an"), parse("2024"))))
    ws = wb["Chỉ tiêu"]
    in_xlsx = {row[0]: row[4] for row in ws.iter_rows(min_row=6, values_only=True)}
    doc = Document(io.BytesIO(documents.render("docx", for_unit("nghe_an"), parse("2024"))))
    in_docx = {row.cells[0].text: row.cells[-1].text for t in doc.tables for row in t.rows}
    checked = 0
    for code, text in on_screen.items():
        label = CATALOGUE[code].label
        assert in_xlsx[label] == text, code
        if label in in_docx:
            assert in_docx[label] == text, code
            checked += 1
    assert checked >= 10
    # Each phrase is the rule's, and the body of the page shows it.
    assert on_screen["loss_amount"] == "tăng 66,7%"
    assert on_screen["cases_prosecuted"] == "bằng 0,50 lần"
    assert on_screen["matters_put_under_monitoring"] == "bằng cùng kỳ"
    assert "tăng 66,7%" in page.content.decode() and "×" not in page.content.decode()


def test_the_dashboard_shows_no_field_names_or_codes(records, web, nghean):
    body = web(nghean).get("/reports/dashboard/?place=unit:nghe_an&period=2024")\
        .content.decode()
    text = visible_text(body)
    assert not SNAKE.findall(text), SNAKE.findall(text)[:10]
    assert "Ngày đưa vào diện theo dõi" in text  # what "Tính theo" says instead
    # The control: the old column printed the date field's name, which this test catches.
    assert SNAKE.findall(visible_text("<td><code>monitored_from</code></td>"))


def test_dates_read_dd_mm_yyyy(records, web, nghean):
    text = visible_text(web(nghean).get("/reports/dashboard/?place=unit:nghe_an&period=2024-H1")
                        .content.decode())
    assert "01/01/2024 – 30/06/2024" in text and "01/01/2023 – 30/06/2023" in text
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)


@pytest.mark.parametrize("query, code", [
    ("period_type=year&year=2024&calendar=calendar", "2024"),
    ("period_type=H1&year=2024&calendar=calendar", "2024-H1"),
    ("period_type=9M&year=2024&calendar=statutory", "2024-9M"),
    ("period_type=Q3&year=2024&calendar=calendar", "2024-Q3"),
    ("period_type=M05&year=2024&calendar=calendar", "2024-05"),
    ("period_type=term&term=2020-2025&calendar=calendar", "2020-2025"),
    ("period_type=range&start=10/01/2024&end=31/03/2024&calendar=calendar",
     "2024-01-10..2024-03-31"),
])
def test_the_period_picker(records, web, nghean, query, code):
    response = web(nghean).get(f"/reports/dashboard/?place=unit:nghe_an&{query}")
    assert response.status_code == 200
    assert response.context["errors"] == {}
    assert response.context["period_code"] == code
    assert response.context["period"] == parse(code, response.context["calendar"])
    # The links and the background job carry the code the picker made.
    assert f"period={code}" in response.content.decode().replace("&amp;", "&")


def test_a_bad_period_gives_a_translated_message_beside_the_field(web, nghean, client):
    bad = "/reports/dashboard/?place=unit:nghe_an&period_type=range&start=31/03/2024" \
          "&end=01/01/2024&calendar=calendar"
    response = web(nghean).get(bad)
    assert "report" not in response.context
    assert response.context["errors"]["period"] == "Ngày kết thúc kỳ trước ngày bắt đầu."
    body = response.content.decode()
    assert 'id="period-errors"' in body and "is-invalid" in body
    typed = web(nghean).get("/reports/dashboard/?place=unit:nghe_an&period=2024-Q9")
    assert typed.context["errors"]["period"].startswith("Không hiểu kỳ báo cáo “2024-Q9”")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    english = web(nghean).get("/reports/dashboard/?place=unit:nghe_an&period=2024-Q9")
    assert english.context["errors"]["period"].startswith("Unknown period “2024-Q9”")
    missing_date = web(nghean).get("/reports/dashboard/?place=unit:nghe_an&period_type=range"
                                   "&start=&end=31/03/2024&calendar=calendar")
    assert "dd/mm/yyyy" in missing_date.context["errors"]["period"]


def test_english_interface_english_headings(records, web, nghean, client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    body = web(nghean).get("/reports/dashboard/?place=unit:nghe_an&period=2024")\
        .content.decode()
    text = visible_text(body)
    for words in ("Unit of measure", "Compared with the same period", "Counted by",
                  "Date put under monitoring", "Matters put under monitoring", "up 66.7%"):
        assert words in text, words
    assert "Tính theo" not in text and "tăng 66,7%" not in text


def test_units_of_measure_are_words(records):
    for code, indicator in CATALOGUE.items():
        assert indicator.measure_unit in content.MEASURE_UNITS or indicator.measure_unit in (
            "%",), (code, indicator.measure_unit)
    with translation.override("vi"):
        assert content.measure_unit("petitions_received") == "đơn"
        assert content.measure_unit("matters_put_under_monitoring") == "vụ"
        assert content.measure_unit("hotspots_handled") == "vụ"


def test_the_monthly_line_chart_is_not_smoothed():
    script = (STATIC / "dashboard.js").read_text()
    assert "smooth: true" not in script and script.count("smooth: false") == 2


def test_the_records_behind_a_figure_speak_the_same_words(records, web, nghean):
    page = web(nghean).get("/reports/dashboard/?place=unit:nghe_an&period=2024")
    for code in ("documents_issued", "loss_amount", "petitions_overdue"):
        link = re.search(rf'href="(/reports/records/\?indicator={code}&[^"]+)"',
                         page.content.decode()).group(1).replace("&amp;", "&")
        text = visible_text(web(nghean).get(link).content.decode())
        assert not SNAKE.findall(text), (code, SNAKE.findall(text)[:5])
        assert "Tính theo:" in text and "Năm 2024" in text, text[text.find("Nghệ An"):][:300]

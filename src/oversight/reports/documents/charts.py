"""The report's charts as PNG bytes: matters by stage, matters put under monitoring per month
against the previous year, overdue directions by unit.

Drawn with matplotlib's object API on the Agg canvas (no pyplot: no global state, safe in
a web worker), in DejaVu Sans, which has every Vietnamese letter.
"""

from __future__ import annotations

import io

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from oversight.reports.documents import sentences

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "bold",
    "axes.titlesize": 10,
}
BLUE, GREY, RED = "#1f4e79", "#a6a6a6", "#c00000"
SIZE = (6.4, 3.0)
DPI = 150


def _t(vi: str, en: str) -> str:
    return en if sentences.lang() == "en" else vi


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight")
    return buf.getvalue()


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=GREY)
    ax.set_xticks([])
    ax.set_yticks([])


def _integer_axis(axis) -> None:
    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda v, _: sentences.number(v)))


def by_stage(items: list[tuple[str, int]]) -> bytes:
    """Bar chart: matters under monitoring at the period's end by stage."""
    with rc_context(STYLE):
        fig = Figure(figsize=SIZE)
        ax = fig.add_subplot()
        ax.set_title(_t("Vụ án, vụ việc đang theo dõi theo giai đoạn",
                        "Matters under monitoring by stage"))
        if not any(n for _, n in items):
            _empty(ax, _t("Không có dữ liệu", "No data"))
            return _png(fig)
        labels = [label for label, _ in items]
        values = [n for _, n in items]
        bars = ax.bar(range(len(values)), values, color=BLUE)
        ax.bar_label(bars, labels=[sentences.number(v) if v else "" for v in values],
                     padding=2, fontsize=8)
        ax.set_xticks(range(len(labels)), labels, rotation=20, ha="right")
        _integer_axis(ax.yaxis)
        ax.margins(y=0.15)
        return _png(fig)


def monthly(series: dict) -> bytes:
    """Line chart: matters put under monitoring per month, this period and the year before."""
    with rc_context(STYLE):
        fig = Figure(figsize=SIZE)
        ax = fig.add_subplot()
        ax.set_title(_t("Vụ án, vụ việc đưa vào diện theo dõi theo tháng",
                        "Matters put under monitoring per month"))
        x = range(len(series["labels"]))
        ax.plot(x, series["current"], marker="o", color=BLUE, label=series["current_label"])
        ax.plot(x, series["previous"], marker="o", linestyle="--", color=GREY,
                label=series["previous_label"])
        step = max(1, len(series["labels"]) // 12)
        ax.set_xticks(list(x)[::step], series["labels"][::step])
        _integer_axis(ax.yaxis)
        ax.set_ylim(bottom=0)
        ax.legend(frameon=False)
        return _png(fig)


def overdue_by_unit(items: list[tuple[str, int]]) -> bytes:
    """Horizontal bar chart: directions overdue at the period's end by addressee."""
    with rc_context(STYLE):
        height = 0.4 * max(len(items), 3) + 1.2
        fig = Figure(figsize=(SIZE[0], height))
        ax = fig.add_subplot()
        ax.set_title(_t("Chỉ đạo quá hạn cuối kỳ theo đơn vị",
                        "Directions overdue at the end by unit"))
        if not items:
            _empty(ax, _t("Không có chỉ đạo quá hạn", "No overdue directions"))
            return _png(fig)
        labels = [label for label, _ in items][::-1]
        values = [n for _, n in items][::-1]
        bars = ax.barh(range(len(values)), values, color=RED, height=0.6)
        ax.bar_label(bars, labels=[sentences.number(v) for v in values], padding=2, fontsize=8)
        ax.set_yticks(range(len(labels)), labels)
        ax.set_ylim(-0.7, max(len(values), 3) - 0.3)
        _integer_axis(ax.xaxis)
        ax.margins(x=0.15)
        return _png(fig)


def render(name: str, content) -> bytes:
    """One of the charts by name, from a `content.Content`."""
    if name == "by_stage":
        return by_stage(content.by_stage)
    if name == "monthly":
        return monthly(content.monthly)
    if name == "overdue_by_unit":
        return overdue_by_unit(content.overdue_by_unit)
    raise KeyError(name)

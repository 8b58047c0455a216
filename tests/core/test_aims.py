"""The aims the benches print beside their figures (`base/aims.py`): each bound read the way
issue 17 writes it — strictly below, at most, at least — at the bound and either side."""

import pytest

from oversight.base import aims


@pytest.mark.parametrize(("aim", "value", "met"), [
    (aims.LOAD_P95, 149.9, True), (aims.LOAD_P95, 150, False),        # p95 < 150 ms
    (aims.LIST_CPU, 3.0, True), (aims.LIST_CPU, 3.01, False),         # ≤ 3× the floor
    (aims.LOAD_THROUGHPUT, 0.5, True), (aims.LOAD_THROUGHPUT, 0.49, False),  # ≥ 0.5×
    (aims.LINK_F1, 0.99, True), (aims.LINK_F1, 0.9899, False),
    (aims.INTAKE_LOST, 0, True), (aims.INTAKE_LOST, 1, False),
])
def test_bounds(aim, value, met):
    assert aim.met(value) is met
    assert aim.said(value).endswith(": met" if met else ": missed")


def test_said_names_the_figure_the_bound_and_where():
    assert (aims.LOAD_P95.said(452) == "aim p95 < 150 ms at national scale: missed")
    assert aims.REPORT_RATIO.said(1.46) == "aim ratio ≤ 1.5× the floor at national scale: met"
    assert aims.LINK_400K_SECONDS.said(94.4) == "aim time < 120 s at 400,000 records: met"

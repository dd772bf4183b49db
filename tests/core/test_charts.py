"""The SVG charts: escaped labels, no script, no inline style (the CSP forbids it)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from core.charts import Bar, Series, bar_chart, timeline_chart


def test_bar_chart_escapes_and_is_well_formed() -> None:
    svg = str(
        bar_chart([Bar("<script>x</script>", 3), Bar("采光 & 噪音", 1, "oppose")], title="立场")
    )
    ET.fromstring(svg)  # well-formed XML
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "style=" not in svg
    assert "3 · 75%" in svg and "1 · 25%" in svg


def test_shares_of_respondents_for_multiple_choice() -> None:
    svg = str(bar_chart([Bar("甲", 2), Bar("乙", 2)], title="多选", total=2))
    assert svg.count("2 · 100%") == 2


def test_empty_and_timeline_charts() -> None:
    ET.fromstring(str(bar_chart([], title="空")))
    days = [dt.date(2027, 3, 1) + dt.timedelta(days=i) for i in range(3)]
    svg = str(
        timeline_chart(
            days,
            [Series("意见", "opinions", [1, 0, 2]), Series("问卷", "responses", [0, 0, 1])],
            title="每日",
        )
    )
    ET.fromstring(svg)
    assert svg.count("<rect") == 2 + 3  # two legend swatches, three non-empty columns
    assert "3/1" in svg and "3/3" in svg


def test_a_small_share_is_not_shown_as_nothing() -> None:
    svg = str(bar_chart([Bar("一村（1/2400）", 1)], title="投票人数", total=2400))
    assert "1 · 0.04%" in svg and "1 · 0%" not in svg

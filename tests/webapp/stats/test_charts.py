"""Server-side SVG charts: valid XML, escaped text, gaps, thresholds, no inline style."""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from decimal import Decimal
from functools import partial

import pytest
from markupsafe import Markup

from webapp.stats.charts import (
    EMPTY_MESSAGE,
    LABEL_WIDTH,
    PRIMARY,
    THRESHOLD,
    bar_chart,
    line_chart,
    nice_ticks,
    period_label,
)
from workflows.numbers import percent_text

NS = "{http://www.w3.org/2000/svg}"
TRICKY_TITLE = 'Tỷ lệ đúng hạn <"A&B"> – huyện Đông Hưng'
RATES = [
    ("2024-01", 95.5),
    ("2024-02", 98.0),
    ("2024-03", None),
    ("2024-04", 97.25),
    ("2024-05", 99.0),
]
COUNTS = [("2024-01", 12), ("2024-02", 0), ("2024-03", 1450), ("2024-04", 7)]


def months(count: int) -> list[str]:
    """Consecutive periods from January 2023."""
    return [f"{2023 + m // 12}-{m % 12 + 1:02d}" for m in range(count)]


def parse(svg: Markup) -> ET.Element:
    """Parse a chart, checking it is a single well-formed <svg> element."""
    assert isinstance(svg, Markup)
    root = ET.fromstring(str(svg))
    assert root.tag == f"{NS}svg"
    return root


def find(root: ET.Element, tag: str) -> list[ET.Element]:
    return root.findall(f".//{NS}{tag}")


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in find(root, "text")]


def all_charts() -> list[Markup]:
    return [
        line_chart(RATES, title=TRICKY_TITLE, y_label="%", threshold=97, y_max=100),
        line_chart([], title=TRICKY_TITLE),
        bar_chart(COUNTS, title=TRICKY_TITLE, y_label="hồ sơ"),
        bar_chart([], title=TRICKY_TITLE),
    ]


@pytest.mark.parametrize("svg", all_charts())
def test_every_chart_is_accessible_xml_with_its_title(svg):
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == TRICKY_TITLE
    assert root.get("viewBox")
    assert root[0].tag == f"{NS}title" and root[0].text == TRICKY_TITLE


@pytest.mark.parametrize("svg", all_charts())
def test_user_text_is_escaped(svg):
    assert "&lt;&#34;A&amp;B&#34;&gt;" in svg
    assert '<"A&B">' not in svg
    assert "<script" not in svg


@pytest.mark.parametrize("svg", all_charts())
def test_no_inline_style_anywhere(svg):
    root = parse(svg)
    for element in root.iter():
        assert element.tag != f"{NS}style"
        assert "style" not in element.attrib
    assert "<style" not in svg and "style=" not in svg


def test_vietnamese_text_comes_out_in_nfc():
    title = "Tỷ lệ hồ sơ giải quyết đúng hạn của Ủy ban"
    decomposed = unicodedata.normalize("NFD", title)
    assert decomposed != title
    for svg in (
        line_chart(RATES, title=decomposed, y_label=decomposed),
        bar_chart(COUNTS, title=title, y_label=title),
    ):
        assert unicodedata.is_normalized("NFC", str(svg))
        assert parse(svg).get("aria-label") == title
        assert texts(parse(svg))[1] == title


def test_same_input_gives_the_same_bytes():
    first = [str(svg).encode() for svg in all_charts()]
    assert first == [str(svg).encode() for svg in all_charts()]


def test_line_chart_has_a_circle_and_a_tooltip_per_known_value():
    root = parse(line_chart(RATES, title="Tỷ lệ", value_format=partial(percent_text, decimals=1)))
    circles = find(root, "circle")
    assert len(circles) == 4
    assert [c.find(f"{NS}title").text for c in circles] == [
        "01/2024: 95,5 %",
        "02/2024: 98,0 %",
        "04/2024: 97,2 %",
        "05/2024: 99,0 %",
    ]
    plain = parse(line_chart(RATES, title="Tỷ lệ"))
    assert find(plain, "circle")[0].find(f"{NS}title").text == "01/2024: 95,50"
    group = next(g for g in find(root, "g") if g.get("class") == "chart-points")
    assert group.get("fill") == PRIMARY and len(group) == 4


def test_a_missing_value_breaks_the_line():
    root = parse(line_chart(RATES, title="Tỷ lệ"))
    polylines = find(root, "polyline")
    assert len(polylines) == 2
    assert [len(p.get("points").split()) for p in polylines] == [2, 2]
    before, after = (p.get("points").split() for p in polylines)
    assert float(before[-1].split(",")[0]) < float(after[0].split(",")[0])


def test_an_isolated_value_is_a_point_without_a_line():
    root = parse(line_chart([("2024-01", 1.0), ("2024-02", None), ("2024-03", 2.0)], title="T"))
    assert len(find(root, "circle")) == 2
    assert find(root, "polyline") == []


def test_threshold_is_a_dashed_labelled_line():
    root = parse(line_chart(RATES, title="Tỷ lệ", threshold=97, y_max=100))
    dashed = [line for line in find(root, "line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1
    assert dashed[0].get("stroke") == THRESHOLD
    assert dashed[0].get("y1") == dashed[0].get("y2")
    assert "97" in texts(root)
    assert not any(
        line.get("stroke-dasharray")
        for line in find(parse(line_chart(RATES, title="Tỷ lệ")), "line")
    )


def test_threshold_sits_between_the_right_ticks():
    root = parse(line_chart(RATES, title="Tỷ lệ", threshold=97, y_max=100))
    grid = {text.text: float(text.get("y")) for text in find(root, "text") if text.get("dy")}
    dashed = next(line for line in find(root, "line") if line.get("stroke-dasharray"))
    assert grid["96"] > float(dashed.get("y1")) > grid["98"]
    assert "100" in grid


@pytest.mark.parametrize("empty", [[], [("2024-01", None), ("2024-02", None)]])
def test_a_line_chart_without_values_says_so(empty):
    root = parse(line_chart(empty, title="Tỷ lệ", threshold=97))
    assert EMPTY_MESSAGE in texts(root)
    assert find(root, "circle") == find(root, "polyline") == []


def test_an_empty_bar_chart_says_so():
    root = parse(bar_chart([], title="Số hồ sơ"))
    assert EMPTY_MESSAGE in texts(root)
    assert find(root, "rect") == []


def test_periods_are_shown_as_month_and_year():
    assert period_label("2024-03") == "03/2024"
    assert period_label("quý 1") == "quý 1"
    assert "03/2024" in texts(parse(bar_chart(COUNTS, title="T")))


def test_a_single_point_renders():
    line = parse(line_chart([("2024-05", 98.5)], title="T", threshold=97, y_max=100))
    assert len(find(line, "circle")) == 1 and "05/2024" in texts(line)
    bar = parse(bar_chart([("2024-05", 1)], title="T"))
    assert len(find(bar, "rect")) == 1 and "05/2024" in texts(bar)


@pytest.mark.parametrize("chart", ["line", "bar"])
def test_crowded_periods_skip_labels_without_overlap(chart):
    periods = months(24)
    if chart == "line":
        svg = line_chart([(p, 90 + i / 3) for i, p in enumerate(periods)], title="T", threshold=97)
    else:
        svg = bar_chart([(p, i * 37) for i, p in enumerate(periods)], title="T")
    root = parse(svg)
    shown = [(t.text, float(t.get("x"))) for t in find(root, "text") if "/" in (t.text or "")]
    assert [label for label, _ in shown] == [period_label(p) for p in periods[1::2]]
    gaps = [b - a for (_, a), (_, b) in zip(shown, shown[1:], strict=False)]
    assert min(gaps) >= LABEL_WIDTH


def test_bars_show_their_values_and_zero_as_a_thin_line():
    root = parse(bar_chart(COUNTS, title="Số hồ sơ"))
    rects = find(root, "rect")
    assert len(rects) == 4
    heights = [float(r.get("height")) for r in rects]
    assert 0 < heights[1] < min(heights[0], heights[3])
    assert heights[2] == max(heights)
    assert [r.find(f"{NS}title").text for r in rects][2] == "03/2024: 1.450"
    assert {"12", "0", "1.450", "7", "1.500"} <= set(texts(root))


@pytest.mark.parametrize(
    ("low", "high", "integer"),
    [
        (0, 1, True),
        (0, 0, True),
        (0, 7, True),
        (0, 1450, True),
        (0, 99999, True),
        (94.8, 100, False),
        (97, 97, False),
        (0, 100, False),
        (0.001, 0.0042, False),
        (-3.5, 12.2, False),
        (80, 97, False),
        (99.9, 100, False),
        (0, 11, True),
    ],
)
def test_nice_ticks_are_round_and_cover_the_range(low, high, integer):
    ticks = nice_ticks(low, high, integer=integer)
    assert 4 <= len(ticks) <= 6
    assert ticks[0] <= Decimal(str(low)) and ticks[-1] >= Decimal(str(high))
    steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1
    step = steps.pop()
    assert step.normalize().as_tuple().digits in {(1,), (2,), (2, 5), (5,)}
    assert all(tick % step == 0 for tick in ticks)
    if integer:
        assert step % 1 == 0

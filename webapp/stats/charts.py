"""Server-side SVG charts: no script, no inline style, the same bytes for the same input."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import partial

from markupsafe import Markup, escape

from workflows.numbers import number_text

PRIMARY = "#a4161a"
THRESHOLD = "#9a6700"
GRID = "#d9d9de"
TEXT = "#1d1d1f"
FONT = "system-ui, 'Segoe UI', Roboto, Arial, sans-serif"
EMPTY_MESSAGE = "Chưa có số liệu"

TOP, BOTTOM = 52, 28  # plot margins; the left one fits the tick labels, the right one the chart
LABEL_WIDTH = 46  # room for one "MM/YYYY" label at 10px
STEPS = (10, 20, 25, 50)  # tick steps, times a power of ten
PERIOD = re.compile(r"(\d{4})-(\d{2})")

# A line chart's tooltips by default: "95,50".
TWO_DECIMALS = partial(number_text, decimals=2)


def _text(value: object) -> str:
    """Normalise text to NFC and escape it for XML."""
    return str(escape(unicodedata.normalize("NFC", str(value))))


def _n(value: float) -> str:
    """Format a coordinate with at most one decimal."""
    text = f"{round(value, 1) + 0.0:.1f}"
    return text[:-2] if text.endswith(".0") else text


def period_label(period: str) -> str:
    """Show a "YYYY-MM" period as "MM/YYYY"."""
    match = PERIOD.fullmatch(period)
    return f"{match[2]}/{match[1]}" if match else period


def nice_ticks(low: float, high: float, *, integer: bool = False) -> list[Decimal]:
    """Return 4 to 6 round tick values that cover low..high."""
    if high <= low:
        high = low + 1
    if integer:
        high = max(high, low + 3)
    start, end = Decimal(repr(float(low))), Decimal(repr(float(high)))
    exponent = math.floor(math.log10((high - low) / 5)) - 1
    while True:
        for mantissa in STEPS:
            step = Decimal(mantissa).scaleb(exponent)
            if integer and step % 1:
                continue
            first = int((start / step).to_integral_value(rounding=ROUND_FLOOR))
            last = int((end / step).to_integral_value(rounding=ROUND_CEILING))
            if last - first <= 5:
                return [step * k for k in range(first, last + 1)]
        exponent += 1


def _tick_label(tick: Decimal) -> str:
    """Write a tick value without trailing zeros, the Vietnamese way: "1.500", "97,5"."""
    whole, _, fraction = f"{abs(tick).normalize():f}".partition(".")
    sign = "-" if tick < 0 else ""
    return sign + number_text(int(whole)) + ("," + fraction if fraction else "")


@dataclass(frozen=True)
class _Frame:
    """The plot area of a chart and its scales."""

    width: int
    height: int
    right: int
    ticks: list[Decimal]

    @property
    def bottom(self) -> float:
        return self.height - BOTTOM

    @property
    def left(self) -> int:
        return 14 + 7 * max(len(_tick_label(tick)) for tick in self.ticks)

    def y(self, value: float) -> float:
        """Map a value to a vertical coordinate inside the plot."""
        low, high = float(self.ticks[0]), float(self.ticks[-1])
        y = self.bottom - (value - low) / (high - low) * (self.bottom - TOP)
        return min(max(y, TOP), self.bottom)

    def band(self, count: int) -> float:
        """Return the width given to each of count points."""
        return (self.width - self.left - self.right) / count

    def x(self, index: int, count: int) -> float:
        """Map a point's index to the middle of its band."""
        return self.left + self.band(count) * (index + 0.5)


def _svg(kind: str, title: str, y_label: str, width: int, height: int, body: list[str]) -> Markup:
    """Wrap chart parts in a complete, accessible <svg> element."""
    name = _text(title)
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{name}" font-family="{FONT}" fill="{TEXT}">',
        f"<title>{name}</title>",
        f'<text class="chart-title" x="8" y="20" font-size="14" font-weight="600">{name}</text>',
    ]
    if y_label:
        head.append(f'<text class="chart-unit" x="8" y="37" font-size="11">{_text(y_label)}</text>')
    return Markup("\n".join([*head, *body, "</svg>"]))


def _empty(kind: str, title: str, y_label: str, width: int, height: int) -> Markup:
    """Render a chart that only says there is no data."""
    message = (
        f'<text class="chart-empty" x="{_n(width / 2)}" y="{_n((TOP + height - BOTTOM) / 2)}" '
        f'font-size="14" text-anchor="middle">{EMPTY_MESSAGE}</text>'
    )
    return _svg(kind, title, y_label, width, height, [message])


def _grid(frame: _Frame) -> list[str]:
    """Draw the horizontal grid lines, their labels and the x axis."""
    lines = [f'<g class="chart-grid" stroke="{GRID}" shape-rendering="crispEdges">']
    labels = ['<g class="chart-ticks" font-size="11" text-anchor="end">']
    end = frame.width - frame.right
    for tick in frame.ticks:
        y = _n(frame.y(float(tick)))
        lines.append(f'<line x1="{frame.left}" y1="{y}" x2="{end}" y2="{y}"/>')
        labels.append(f'<text x="{frame.left - 6}" y="{y}" dy="4">{_tick_label(tick)}</text>')
    bottom = _n(frame.bottom)
    axis = (
        f'<line class="chart-axis" x1="{frame.left}" y1="{bottom}" x2="{end}" y2="{bottom}" '
        f'stroke="{TEXT}" shape-rendering="crispEdges"/>'
    )
    return [*lines, "</g>", *labels, "</g>", axis]


def _x_labels(frame: _Frame, periods: list[str]) -> list[str]:
    """Label the periods, skipping some when crowded but always keeping the latest."""
    count = len(periods)
    stride = max(1, math.ceil(LABEL_WIDTH / frame.band(count)))
    parts = ['<g class="chart-periods" font-size="10" text-anchor="middle">']
    y = _n(frame.bottom + 16)
    for index, period in enumerate(periods):
        if (count - 1 - index) % stride == 0:
            x = _n(frame.x(index, count))
            parts.append(f'<text x="{x}" y="{y}">{_text(period_label(period))}</text>')
    return [*parts, "</g>"]


def _segments(frame: _Frame, values: list[float | None]) -> list[str]:
    """Draw one polyline per run of consecutive known values."""
    runs: list[list[str]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(f"{_n(frame.x(index, len(values)))},{_n(frame.y(value))}")
    return [
        f'<polyline class="chart-series" points="{" ".join(run)}" fill="none" stroke="{PRIMARY}" '
        f'stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>'
        for run in runs
        if len(run) > 1
    ]


def _markers(
    frame: _Frame, points: list[tuple[str, float | None]], value_format: Callable[[float], str]
) -> list[str]:
    """Draw a circle with a tooltip for every known value."""
    parts = [f'<g class="chart-points" fill="{PRIMARY}">']
    for index, (period, value) in enumerate(points):
        if value is not None:
            tip = _text(f"{period_label(period)}: {value_format(value)}")
            x, y = _n(frame.x(index, len(points))), _n(frame.y(value))
            parts.append(f'<circle cx="{x}" cy="{y}" r="3.5"><title>{tip}</title></circle>')
    return [*parts, "</g>"]


def _threshold(frame: _Frame, value: float) -> list[str]:
    """Draw the dashed threshold line with its value at the right end."""
    y, label = _n(frame.y(value)), _text(number_text(value))
    end = frame.width - frame.right
    return [
        f'<line class="chart-threshold" x1="{frame.left}" y1="{y}" x2="{end}" y2="{y}" '
        f'stroke="{THRESHOLD}" stroke-width="1.5" stroke-dasharray="6 4">'
        f"<title>Ngưỡng: {label}</title></line>",
        f'<text class="chart-threshold-label" x="{end + 4}" y="{y}" dy="4" font-size="11" '
        f'fill="{THRESHOLD}">{label}</text>',
    ]


def line_chart(
    points: list[tuple[str, float | None]],
    *,
    title: str,
    y_label: str = "",
    threshold: float | None = None,
    y_min: float | None = None,
    y_max: float | None = None,
    value_format: Callable[[float], str] = TWO_DECIMALS,
    width: int = 640,
    height: int = 260,
) -> Markup:
    """Draw monthly values as a line, broken where a value is missing."""
    known = [value for _, value in points if value is not None]
    if not known:
        return _empty("line", title, y_label, width, height)
    if threshold is not None:
        known.append(threshold)
    low = min(known) if y_min is None else y_min
    high = max(known) if y_max is None else y_max
    if high <= low and y_max is not None:
        low = high - 1
    frame = _Frame(width, height, 32, nice_ticks(low, high))
    values = [value for _, value in points]
    body = [*_grid(frame), *_x_labels(frame, [period for period, _ in points])]
    if threshold is not None:
        body += _threshold(frame, threshold)
    body += [*_segments(frame, values), *_markers(frame, points, value_format)]
    return _svg("line", title, y_label, width, height, body)


def _bars(frame: _Frame, points: list[tuple[str, int]]) -> list[str]:
    """Draw each bar with its value above; a zero shows as a thin line on the axis."""
    count = len(points)
    band = frame.band(count)
    bar_width = min(band * 0.7, 48)
    longest = max(len(number_text(value)) for _, value in points)
    font_size = _n(max(7, min(11, band * 0.95 / (0.6 * longest))))
    zero = frame.y(0)
    bars = [f'<g class="chart-bars" fill="{PRIMARY}">']
    labels = [f'<g class="chart-values" font-size="{font_size}" text-anchor="middle">']
    for index, (period, value) in enumerate(points):
        middle, top = frame.x(index, count), frame.y(value)
        size = max(abs(zero - top), 3) if value else 1.5  # tiny counts stay taller than zero
        y = zero - size if value >= 0 else zero
        tip = _text(f"{period_label(period)}: {number_text(value)}")
        bars.append(
            f'<rect x="{_n(middle - bar_width / 2)}" y="{_n(y)}" width="{_n(bar_width)}" '
            f'height="{_n(size)}"><title>{tip}</title></rect>'
        )
        labels.append(f'<text x="{_n(middle)}" y="{_n(y - 4)}">{number_text(value)}</text>')
    return [*bars, "</g>", *labels, "</g>"]


def bar_chart(
    points: list[tuple[str, int]],
    *,
    title: str,
    y_label: str = "",
    width: int = 640,
    height: int = 260,
) -> Markup:
    """Draw monthly counts as bars with their values on top."""
    if not points:
        return _empty("bar", title, y_label, width, height)
    values = [value for _, value in points]
    frame = _Frame(width, height, 12, nice_ticks(min(0, *values), max(0, *values), integer=True))
    periods = [period for period, _ in points]
    body = [*_grid(frame), *_x_labels(frame, periods), *_bars(frame, points)]
    return _svg("bar", title, y_label, width, height, body)

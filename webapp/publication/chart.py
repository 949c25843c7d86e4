"""The public chart: each unit's on-time rate as a horizontal bar, the 97 % line across."""

from __future__ import annotations

from markupsafe import Markup, escape

BAR, ROW, LABEL, WIDTH = 14, 20, 230, 640
PRIMARY, FAIL = "#1f5f99", "#b42318"


def rate_bars(rows: list[dict], threshold: float) -> Markup:
    """Return an SVG of the ranked units' rates (units with no rate are left out)."""
    ranked = [row for row in rows if row["on_time_rate"] is not None]
    height = ROW * len(ranked) + 30
    span = WIDTH - LABEL - 50
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-label="Tỷ lệ giải quyết đúng hạn của từng đơn vị">'
    ]
    for index, row in enumerate(ranked):
        y = 10 + index * ROW
        rate = row["on_time_rate"]
        color = FAIL if rate < threshold else PRIMARY
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + BAR - 3}" text-anchor="end" font-size="11">'
            f"{escape(row['unit'])}</text>"
            f'<rect x="{LABEL}" y="{y}" width="{span * rate / 100:.1f}" height="{BAR}" '
            f'fill="{color}"><title>{escape(row["unit"])}: {rate:.2f}%</title></rect>'
            f'<text x="{LABEL + span * rate / 100 + 4:.1f}" y="{y + BAR - 3}" font-size="11">'
            f"{rate:.2f}</text>"
        )
    x = LABEL + span * threshold / 100
    parts.append(
        f'<line x1="{x:.1f}" x2="{x:.1f}" y1="4" y2="{height - 16}" stroke="{FAIL}" '
        f'stroke-dasharray="4 3"/><text x="{x:.1f}" y="{height - 4}" font-size="11" '
        f'text-anchor="middle">{threshold:g}%</text></svg>'
    )
    return Markup("".join(parts))

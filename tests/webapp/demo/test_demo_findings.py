"""The demo's January 2024 reproduces letter 1522/UBND-THNC: exactly the letter's units, per rule.

Loading the demo takes several seconds, so each test checks several outputs of one load.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

DEMO_PASSWORD = "mat-khau-demo-2026"
DEMO_UNITS = 34
# Letter 1522/UBND-THNC of 24/01/2024, items 1 to 3.
LETTER = {
    "rate_below_threshold": {"TAMPHUOC", "TANTIEN", "BUUHOA", "PHUOCTAN"},
    "closed_late_in_software": {
        "ANBINH",
        "BUUHOA",
        "HONAI",
        "HOAAN",
        "HIEPHOA",
        "LONGBINH",
        "QUANGVINH",
        "TANBIEN",
        "TANHOA",
        "TANTIEN",
        "PHUOCTAN",
        "LONGHUNG",
    },
    "complaints": {"ANBINH", "TANBIEN", "PHUOCTAN", "TAMPHUOC", "TRANGDAI"},
    # Item 5: Phòng Quản lý đô thị's slow house-certificate step made wards' dossiers late.
    "delayed_others": {"QLDT"},
}
# The same lists as the letter writes them, in the dashboard's order (by unit code).
LETTER_NAMES = {
    "rate_below_threshold": "Bửu Hòa, Phước Tân, Tam Phước, Tân Tiến",
    "closed_late_in_software": "An Bình, Bửu Hòa, Hiệp Hòa, Hóa An, Hố Nai, Long Bình, "
    "Long Hưng, Phước Tân, Quang Vinh, Tân Biên, Tân Hòa, Tân Tiến",
    "complaints": "An Bình, Phước Tân, Tam Phước, Tân Biên, Trảng Dài",
    "delayed_others": "Phòng Quản lý đô thị thành phố",
}
# "đã chỉ đạo nhiều lần nhưng chưa khắc phục": under 97 % in 11/2023, 12/2023 and 01/2024.
RATE_REPEATS = 3
# Findings repeated in 3 months or more: the 4 under 97 %, Bửu Hòa and Tân Tiến forgetting to
# close, Phước Tân complained about.
FLAGGED = 4 + 2 + 1


@pytest.fixture
def demo(runner, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result


def run_csv(runner, *args: str) -> list[dict[str, str]]:
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def units_by_rule(findings: list[dict[str, str]]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = {}
    for row in findings:
        grouped.setdefault(row["rule"], set()).add(row["unit_code"])
    return grouped


def test_demo_findings_and_stats_for_january_2024_match_the_letter(demo, runner):
    findings = run_csv(runner, "findings", "--period", "2024-01")

    assert units_by_rule(findings) == LETTER
    assert len(findings) == sum(len(units) for units in LETTER.values())
    repeats = {
        row["unit_code"]: row["repeat_count"]
        for row in findings
        if row["rule"] == "rate_below_threshold"
    }
    assert repeats == dict.fromkeys(LETTER["rate_below_threshold"], str(RATE_REPEATS))
    for row in findings:
        if row["rule"] == "rate_below_threshold":
            assert float(row["value"]) < float(row["threshold"]) == 97.0

    stats = run_csv(runner, "stats", "--period", "2024-01")

    assert len(stats) == DEMO_UNITS
    assert len({row["unit_code"] for row in stats}) == DEMO_UNITS
    assert {row["period"] for row in stats} == {"2024-01"}
    for row in stats:
        assert re.fullmatch(r"\d{1,3}\.\d{2}", row["on_time_rate"]), row
    below = {row["unit_code"] for row in stats if float(row["on_time_rate"]) < 97}
    assert below == LETTER["rate_below_threshold"]


def test_demo_dashboard_shows_the_letters_three_groups(demo, auth, client):
    assert auth.login("vanphong", DEMO_PASSWORD).status_code == 302

    response = client.get("/stats?period=2024-01")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    section = re.search(r'<section[^>]*data-testid="findings"[^>]*>(.*?)</section>', html, re.S)
    assert section, "no findings section"
    groups = dict(
        re.findall(r'<li data-rule="(\w+)"><strong>.*?</strong>\s*\(([^)]*)\)', section[1], re.S)
    )
    assert groups == LETTER_NAMES
    assert section[1].count("Tái phạm từ 3 lần") == FLAGGED

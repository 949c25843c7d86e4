"""The month's dashboard and a unit's page, on figures imported from small CSV files."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser

import pytest

from tests.import_headers import DOSSIER_HEADER, UNIT_STATS_HEADER
from webapp.extensions import db
from webapp.imports.operations import import_file
from workflows.vietnamese_order import vietnamese_key

# The figures table's columns after the unit's name, in order.
COLUMNS = (
    "received",
    "resolved_on_time",
    "resolved_late",
    "on_time_rate",
    "pending_on_time",
    "pending_overdue",
    "closed_late_in_software",
    "complaints",
)

UNITS = (
    ("QLDT", "Phòng Quản lý đô thị thành phố", "department"),
    ("ANBINH", "UBND phường An Bình", "ward"),
    ("BUUHOA", "UBND phường Bửu Hòa", "ward"),
    ("TAMPHUOC", "UBND phường Tam Phước", "ward"),
    ("TANMAI", "UBND phường Tân Mai", "ward"),
    ("TANTIEN", "UBND phường Tân Tiến", "ward"),
    ("HIEPHOA", "UBND xã Hiệp Hòa", "commune"),  # no figures at all
)
# unit, period, received, on time, late, pending on time, pending overdue, closed late, complaints
REPORTS = (
    ("ANBINH", "2023-10", 20, 20, 0, 0, 0, 0, 0),
    ("ANBINH", "2023-12", 100, 95, 5, 0, 0, 0, 0),
    ("TAMPHUOC", "2023-12", 50, 45, 5, 0, 1, 0, 0),
    ("QLDT", "2024-01", 40, 40, 0, 0, 0, 0, 0),
    # 90 %, forgot to close 2, one complaint.
    ("ANBINH", "2024-01", 100, 90, 10, 5, 0, 2, 1),
    # 98 % is fine; forgot to close 1.
    ("BUUHOA", "2024-01", 50, 49, 1, 2, 0, 1, 0),
    # 96,67 %, 3 dossiers overdue and still pending.
    ("TAMPHUOC", "2024-01", 60, 58, 2, 0, 3, 0, 0),
    ("TANMAI", "2024-01", 80, 80, 0, 3, 0, 0, 0),
    # Replaced by its dossiers below.
    ("TANTIEN", "2024-01", 9, 1, 8, 0, 0, 0, 0),
)
TANTIEN_DOSSIERS = (
    (
        "HS-TT-1",
        "TANTIEN",
        "1.000001",
        "online",
        "02/01/2024 08:00",
        "10/01/2024 17:00",
        "05/01/2024 10:00",
        "05/01/2024 10:00",
    ),
)


def write_csv(folder, name, header, rows):
    path = folder / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def import_rows(folder, kind, header, rows):
    path = write_csv(folder, f"{kind}.csv", header, rows)
    run = import_file(None, kind, path, path.name)
    db.session.commit()
    return run


@pytest.fixture
def units(make_unit):
    made = {code: make_unit(code, name, kind=kind) for code, name, kind in UNITS}
    db.session.commit()
    return made


@pytest.fixture
def figures(units, tmp_path):
    import_rows(tmp_path, "unit_stats", UNIT_STATS_HEADER, REPORTS)
    import_rows(tmp_path, "dossiers", DOSSIER_HEADER, TANTIEN_DOSSIERS)
    return units


@pytest.fixture
def office(auth, make_user):
    make_user("office", username="vanphong")
    db.session.commit()
    assert auth.login("vanphong").status_code == 302


@pytest.fixture
def anbinh_user(auth, make_user, units):
    make_user("unit", unit=units["ANBINH"], username="anbinh")
    db.session.commit()
    assert auth.login("anbinh").status_code == 302


class FiguresTable(HTMLParser):
    """Read the figures table: unit code -> [(css classes, text)] for each cell after the name."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: dict[str, list[tuple[set[str], str]]] = {}
        self.order: list[str] = []
        self._unit: str | None = None
        self._cell: list | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "tr" and "data-unit" in attributes:
            self._unit = attributes["data-unit"]
            self.rows[self._unit] = []
            self.order.append(self._unit)
        elif tag == "td" and self._unit is not None:
            self._cell = [set((attributes.get("class") or "").split()), ""]

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.rows[self._unit].append((self._cell[0], " ".join(self._cell[1].split())))
            self._cell = None
        elif tag == "tr":
            self._unit = None

    def cells(self, unit: str) -> dict[str, tuple[set[str], str]]:
        """The unit's figure cells by column name (the name cell left out)."""
        return dict(zip(COLUMNS, self.rows[unit][1:], strict=True))

    def text(self, unit: str) -> dict[str, str]:
        return {name: text for name, (_classes, text) in self.cells(unit).items()}

    def failing(self, unit: str) -> set[str]:
        return {name for name, (classes, _text) in self.cells(unit).items() if "fail" in classes}


def dashboard(client, query: str = "period=2024-01"):
    response = client.get(f"/stats?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def findings_section(html: str) -> str:
    match = re.search(r'<section[^>]*data-testid="findings"[^>]*>(.*?)</section>', html, re.S)
    assert match, "no findings section"
    return match[1]


def finding_groups(html: str) -> dict[str, str]:
    """rule -> the parenthesised list of units, as the letter writes it."""
    return dict(
        re.findall(
            r'<li data-rule="(\w+)"><strong>.*?</strong>\s*\(([^)]*)\)',
            findings_section(html),
            re.S,
        )
    )


def city_trend_text(html: str) -> str:
    match = re.search(r'data-testid="city-trend".*?<p>(.*?)</p>', html, re.S)
    assert match, "no city trend"
    return " ".join(match[1].split())


# --- the office's dashboard ---------------------------------------------------------------------


def test_dashboard_lists_every_unit_with_zeros_where_the_dossiers_name_none(
    client, figures, office
):
    table = FiguresTable(dashboard(client))

    assert set(table.rows) == set(figures)
    # The month was counted from the one-stop system's dossiers: none of them is Hiệp Hòa's.
    assert table.text("HIEPHOA") == {**dict.fromkeys(COLUMNS, "0"), "on_time_rate": "—"}
    assert table.text("ANBINH") == {
        "received": "100",
        "resolved_on_time": "90",
        "resolved_late": "10",
        "on_time_rate": "90,00 %",
        "pending_on_time": "5",
        "pending_overdue": "0",
        "closed_late_in_software": "2",
        "complaints": "1",
    }
    assert table.text("TAMPHUOC")["on_time_rate"] == "96,67 %"


def test_failing_cells_are_marked_fail_and_passing_ones_are_not(client, figures, office):
    table = FiguresTable(dashboard(client))

    assert table.failing("ANBINH") == {"on_time_rate", "closed_late_in_software", "complaints"}
    assert table.failing("BUUHOA") == {"closed_late_in_software"}
    assert table.failing("TAMPHUOC") == {"on_time_rate", "pending_overdue"}
    for good in ("QLDT", "TANMAI", "TANTIEN", "HIEPHOA"):
        assert table.failing(good) == set(), good


def test_the_legend_says_what_a_red_cell_means_in_plain_words(client, figures, office):
    legend = re.search(r'data-testid="figures-legend">([^<]+)<', dashboard(client))[1]

    assert legend.startswith("Ô được tô đỏ là chỉ tiêu chưa đạt: tỷ lệ đúng hạn dưới 97 %")
    assert "Ô tô" not in legend


def test_findings_group_units_by_rule_with_short_names_like_the_letter(client, figures, office):
    html = dashboard(client)

    assert finding_groups(html) == {
        "rate_below_threshold": "An Bình, Tam Phước",
        "closed_late_in_software": "An Bình, Bửu Hòa",
        "complaints": "An Bình",
        "pending_overdue": "Tam Phước",
    }
    section = findings_section(html)
    assert "UBND phường" not in section
    # An Bình was also under 97 % in 12/2023: its second month out of twelve.
    assert re.search(r"An Bình: 90,00 %\s*· vi phạm 2 tháng/12", re.sub(r"<[^>]+>", "", section))


def test_sorting_by_rate_ascending_puts_the_lowest_rate_first(client, figures, office):
    table = FiguresTable(dashboard(client, "period=2024-01&sort=on_time_rate&dir=asc"))

    assert table.order[:2] == ["ANBINH", "TAMPHUOC"]
    assert table.order[-1] == "HIEPHOA"  # no rate at all comes last


def test_default_order_is_departments_first_then_by_name(client, figures, office):
    table = FiguresTable(dashboard(client))

    assert table.order[0] == "QLDT"
    assert table.order[1:] == sorted(
        table.order[1:], key=lambda code: vietnamese_key(figures[code].name)
    )


def test_kind_filter_keeps_only_that_kind(client, figures, office):
    assert FiguresTable(dashboard(client, "period=2024-01&kind=department")).order == ["QLDT"]
    assert FiguresTable(dashboard(client, "period=2024-01&kind=commune")).order == ["HIEPHOA"]


def test_failing_filter_keeps_only_units_that_fail_a_rule(client, figures, office):
    table = FiguresTable(dashboard(client, "period=2024-01&failing=1"))

    assert set(table.rows) == {"ANBINH", "BUUHOA", "TAMPHUOC"}


@pytest.mark.parametrize("period", ["2024-13", "2024-1", "thang-mot", ""])
def test_a_bad_period_falls_back_to_the_latest_period(client, figures, office, period):
    html = dashboard(client, f"period={period}")

    assert "Kết quả giải quyết TTHC 01/2024" in html
    assert FiguresTable(html).text("ANBINH")["received"] == "100"


def test_an_earlier_period_shows_that_months_figures(client, figures, office):
    html = dashboard(client, "period=2023-12")

    assert "Kết quả giải quyết TTHC 12/2023" in html
    table = FiguresTable(html)
    assert table.text("ANBINH")["on_time_rate"] == "95,00 %"
    assert table.text("TANMAI") == dict.fromkeys(COLUMNS, "—")


def test_without_any_figures_the_dashboard_is_the_empty_page(client, units, office):
    response = client.get("/stats?period=2024-01")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Chưa có số liệu nào." in html
    assert 'data-testid="figures-table"' not in html


def test_dossiers_replacing_a_report_carry_the_overridden_badge(client, figures, office):
    html = dashboard(client)
    table = FiguresTable(html)

    assert html.count('data-testid="report-overridden"') == 1
    assert "theo hồ sơ chi tiết" in table.rows["TANTIEN"][0][1]
    # The dossiers won: 1 on time, not the reported 1 on time and 8 late.
    assert table.text("TANTIEN")["on_time_rate"] == "100,00 %"


def test_city_trend_lists_the_overdue_series_month_by_month(client, figures, office):
    html = dashboard(client)

    # 10/2023: nothing overdue; 12/2023: 5 + 5 late, 1 pending; 01/2024: 10 + 1 + 2 late, 3 pending.
    assert city_trend_text(html) == (
        "10/2023: 0 hồ sơ quá hạn → 12/2023: 11 hồ sơ quá hạn → 01/2024: 16 hồ sơ quá hạn"
    )


# --- a unit's own view --------------------------------------------------------------------------


def test_a_unit_user_sees_only_its_own_row_and_findings(client, figures, anbinh_user):
    html = dashboard(client)

    assert FiguresTable(html).order == ["ANBINH"]
    assert finding_groups(html) == {
        "rate_below_threshold": "An Bình",
        "closed_late_in_software": "An Bình",
        "complaints": "An Bình",
    }
    for other in ("Tam Phước", "Bửu Hòa", "Tân Mai", "TAMPHUOC", "BUUHOA"):
        assert other not in html
    # The city trend is its own series.
    assert city_trend_text(html) == (
        "10/2023: 0 hồ sơ quá hạn → 12/2023: 5 hồ sơ quá hạn → 01/2024: 10 hồ sơ quá hạn"
    )


def test_a_unit_user_gets_404_for_another_units_page(client, figures, anbinh_user):
    assert client.get("/stats/units/ANBINH?period=2024-01").status_code == 200

    response = client.get("/stats/units/TAMPHUOC?period=2024-01")

    assert response.status_code == 404
    assert "Tam Phước" not in response.get_data(as_text=True)


# --- a unit's page ------------------------------------------------------------------------------


def unit_months(html: str) -> list[list[str]]:
    match = re.search(r'data-testid="unit-months".*?<tbody>(.*?)</tbody>', html, re.S)
    assert match, "no months table"
    return [
        [
            " ".join(re.sub(r"<[^>]+>", "", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", match[1], re.S)
    ]


def test_unit_page_shows_four_charts_and_every_month_newest_first(client, figures, office):
    response = client.get("/stats/units/ANBINH?period=2024-01")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    charts = re.search(r'data-testid="unit-charts".*?</section>', html, re.S)[0]
    assert charts.count("<svg") == 4
    assert html.count("<svg") == 4
    # Month, received, on time, late, rate, pending overdue, closed late, complaints, exempted
    # (none); 11/2023 had nothing recorded and is shown with zeros.
    assert unit_months(html) == [
        ["01/2024", "100", "90", "10", "90,00 %", "0", "2", "1", ""],
        ["12/2023", "100", "95", "5", "95,00 %", "0", "0", "0", ""],
        ["11/2023", "0", "0", "0", "—", "0", "0", "0", ""],
        ["10/2023", "20", "20", "0", "100,00 %", "0", "0", "0", ""],
    ]


def test_unit_page_reaches_back_twelve_months_only(client, figures, office):
    html = client.get("/stats/units/ANBINH?period=2024-10").get_data(as_text=True)

    # 2024-10 looks back to 2023-11: 10/2023 is out of the window.
    months = [row[0] for row in unit_months(html)]
    assert months[0] == "10/2024" and months[-1] == "12/2023"
    assert len(months) == 11
    assert "10/2023" not in months


def test_unit_page_without_figures_says_so(client, figures, office):
    response = client.get("/stats/units/HIEPHOA?period=2024-01")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Chưa có số liệu của đơn vị này." in html
    assert "<svg" not in html

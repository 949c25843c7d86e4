"""Every figure of a unit and month opens onto the dossiers (or complaints) that make it.

The lists are checked against the definitions in MISSION.md computed here again, in Python, from
the rows of the imported files: for every unit, month and figure, before and after a corrected
re-import.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections import defaultdict
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests import factories
from tests.import_headers import COMPLAINT_HEADER, DOSSIER_HEADER
from webapp.directives.operations import draft_directive
from webapp.exemptions.operations import accept_exemption, reject_exemption, request_exemption
from webapp.extensions import db
from webapp.imports.operations import import_file
from webapp.stats.dossier_lists import LISTED_FIGURES, every_row, figure_list
from webapp.stats.models import UnitPeriodFigures
from webapp.units.models import Unit
from workflows.periods import LOCAL_ZONE, period_of, shift_period

NAMES = {"ANBINH": "An Bình", "TANMAI": "Tân Mai", "BUUHOA": "Bửu Hòa"}
UNITS = tuple(NAMES)
MONTHS = ("2023-12", "2024-01", "2024-02", "2024-03")
TIME_FORMAT = "%d/%m/%Y %H:%M"


def local(text: str) -> datetime:
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=LOCAL_ZONE)


def written(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime(TIME_FORMAT)


def random_dossiers(seed: int, count: int = 240) -> list[dict]:
    """Dossiers of three units over four months, with the edges the definitions turn on."""
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        received = datetime(2023, 12, 1, 7, 0, tzinfo=LOCAL_ZONE) + timedelta(
            minutes=rng.randrange(0, 4 * 30 * 24 * 60)
        )
        due = received + timedelta(days=rng.choice((1, 3, 7, 15, 30)), hours=rng.randrange(9))
        outcome = rng.random()
        if outcome < 0.15:
            finished = None  # still open
        elif outcome < 0.25:
            finished = due  # on the due minute: on time
        elif outcome < 0.75:
            finished = received + (due - received) * rng.random()
        else:
            finished = due + timedelta(hours=rng.randrange(1, 400))
        returned = None
        if finished is not None and rng.random() < 0.7:
            returned = min(finished, due - timedelta(hours=rng.randrange(0, 3)))
            returned = max(returned, received)
        rows.append(
            {
                "code": f"HS-{seed}-{number:04d}",
                "unit": rng.choice(UNITS),
                "received": received,
                "due": due,
                "returned": returned,
                "finished": finished,
            }
        )
    # A dossier finished at 23:30 on the last evening of January (16:30 UTC): January's.
    rows.append(
        {
            "code": f"HS-{seed}-EDGE",
            "unit": "ANBINH",
            "received": local("20/01/2024 08:00"),
            "due": local("25/01/2024 17:00"),
            "returned": local("24/01/2024 10:00"),
            "finished": local("31/01/2024 23:30"),
        }
    )
    return rows


def dossiers_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(DOSSIER_HEADER)
    for row in rows:
        writer.writerow(
            (
                row["code"],
                row["unit"],
                "1.00" + row["code"][-2:],
                "online",
                written(row["received"]),
                written(row["due"]),
                written(row["returned"]),
                written(row["finished"]),
            )
        )
    return out.getvalue().encode()


def expected_lists(rows: list[dict], period: str) -> dict[tuple[str, str], set[str]]:
    """MISSION.md's definitions, for every unit and figure of the month."""
    lists: dict[tuple[str, str], set[str]] = defaultdict(set)
    end = datetime.strptime(shift_period(period, 1), "%Y-%m").replace(tzinfo=LOCAL_ZONE)
    for row in rows:
        unit, code, finished, due = row["unit"], row["code"], row["finished"], row["due"]
        if period_of(row["received"]) == period:
            lists[unit, "received"].add(code)
        if finished is not None and period_of(finished) == period:
            if finished <= due:
                lists[unit, "resolved_on_time"].add(code)
            else:
                lists[unit, "resolved_late"].add(code)
                if row["returned"] is not None and row["returned"] <= due:
                    lists[unit, "closed_late_in_software"].add(code)
        if row["received"] < end and (finished is None or finished >= end):
            lists[unit, "pending_overdue" if due < end else "pending_on_time"].add(code)
    return lists


def import_bytes(tmp_path, kind: str, content: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(content)
    run = import_file(None, kind, path, name)
    db.session.commit()
    return run


@pytest.fixture
def city(app):
    for code in UNITS:
        factories.unit(code, f"UBND phường {NAMES[code]}")
    db.session.commit()


def listed_codes(unit: str, period: str, figure: str) -> set[str]:
    listed = every_row(factories.user("office"), unit, period, figure)
    assert listed.total == len(listed.items)
    return {item["dossier_code"] for item in listed.items}


def stored_figures(unit: str, period: str) -> UnitPeriodFigures | None:
    return db.session.scalar(
        select(UnitPeriodFigures)
        .join(Unit, Unit.id == UnitPeriodFigures.unit_id)
        .where(Unit.code == unit, UnitPeriodFigures.period == period)
    )


def assert_lists_match(rows: list[dict]) -> int:
    compared = 0
    for period in MONTHS:
        expected = expected_lists(rows, period)
        for unit in UNITS:
            figures = stored_figures(unit, period)
            for figure in LISTED_FIGURES:
                if figure == "complaints":
                    continue
                want = expected.get((unit, figure), set())
                assert listed_codes(unit, period, figure) == want, (unit, period, figure)
                stored = 0 if figures is None else getattr(figures, figure)
                assert stored == len(want), (unit, period, figure)
                compared += len(want)
    return compared


def test_every_figures_list_is_its_definition_before_and_after_a_corrected_import(city, tmp_path):
    rows = random_dossiers(seed=7)
    import_bytes(tmp_path, "dossiers", dossiers_csv(rows), "ho-so.csv")
    assert assert_lists_match(rows) > 300
    edge = every_row(factories.user("office"), "ANBINH", "2024-01", "resolved_late")
    (item,) = [i for i in edge.items if i["dossier_code"] == "HS-7-EDGE"]
    assert item["finished_at"] == "2024-01-31T23:30:00+07:00"
    assert item["returned_at"] == "2024-01-24T10:00:00+07:00"

    # The one-stop system corrects some dossiers: finished later, reopened, moved to another unit.
    rng = random.Random(11)
    for row in rng.sample(rows, 60):
        change = rng.choice(("later", "open", "unit"))
        if change == "later" and row["finished"] is not None:
            row["finished"] += timedelta(days=20)
        elif change == "open":
            row["finished"] = row["returned"] = None
        else:
            row["unit"] = rng.choice([u for u in UNITS if u != row["unit"]])
    import_bytes(tmp_path, "dossiers", dossiers_csv(rows), "ho-so-sua.csv")

    assert assert_lists_match(rows) > 300


def test_the_complaints_figure_lists_the_months_complaints(city, tmp_path):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COMPLAINT_HEADER)
    writer.writerow(("PA-1", "ANBINH", "31/01/2024 23:59", "hotline_1022", "Thái độ", "Lê Văn Tám"))
    writer.writerow(("PA-2", "ANBINH", "01/02/2024 00:00", "national_portal", "Chậm trả", ""))
    writer.writerow(("PA-3", "TANMAI", "15/01/2024 09:00", "direct", "Hồ sơ thất lạc", ""))
    import_bytes(tmp_path, "complaints", out.getvalue().encode(), "phan-anh.csv")

    january = every_row(factories.user("office"), "ANBINH", "2024-01", "complaints")

    assert [item["complaint_code"] for item in january.items] == ["PA-1"]
    assert january.items[0]["official_name"] == "Lê Văn Tám"
    assert january.stored == 1
    february = figure_list(factories.user("office"), "ANBINH", "2024-02", "complaints")
    assert [item["complaint_code"] for item in february.items] == ["PA-2"]


@pytest.fixture
def imported(city, tmp_path):
    rows = random_dossiers(seed=3, count=400)
    import_bytes(tmp_path, "dossiers", dossiers_csv(rows), "ho-so.csv")
    return rows


def test_the_api_pages_through_a_list_and_a_unit_sees_only_its_own(client, imported):
    office = factories.bearer(factories.user("office"))
    ward = db.session.scalar(select(Unit).where(Unit.code == "ANBINH"))
    own = factories.bearer(factories.user("unit", ward))
    db.session.commit()
    want = sorted(expected_lists(imported, "2024-01")["ANBINH", "received"])
    query = "/api/v1/dossiers?unit=ANBINH&period=2024-01&figure=received"

    first = client.get(f"{query}&limit=10", headers=office).json
    rest = client.get(f"{query}&limit=1000&offset=10", headers=own).json

    assert first["total"] == rest["total"] == len(want)
    codes = [item["dossier_code"] for item in first["items"] + rest["items"]]
    assert sorted(codes) == want and len(codes) == len(want)
    assert set(first["items"][0]) == {
        "dossier_code",
        "unit_code",
        "procedure_code",
        "channel",
        "received_at",
        "due_at",
        "returned_at",
        "finished_at",
        "delayed_by_unit_code",
        "exemption_state",
    }
    other = "/api/v1/dossiers?unit=TANMAI&period=2024-01&figure=received"
    assert client.get(other, headers=own).status_code == 404
    assert client.get(other, headers=office).status_code == 200
    wrong = client.get(f"{query.replace('received', 'late')}", headers=office)
    assert wrong.status_code == 422 and "figure" in json.dumps(wrong.json)


def test_the_command_prints_the_list_as_csv_and_json(runner, imported):
    want = expected_lists(imported, "2024-02")["TANMAI", "pending_overdue"]
    assert want
    args = ["dossiers", "--unit", "TANMAI", "--period", "2024-02", "--figure", "pending_overdue"]

    as_csv = runner.invoke(args=args)
    as_json = runner.invoke(args=[*args, "--format", "json"])

    assert as_csv.exit_code == 0, as_csv.output
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert {row["dossier_code"] for row in table} == want
    assert list(table[0])[:4] == ["dossier_code", "unit_code", "procedure_code", "channel"]
    assert {item["dossier_code"] for item in json.loads(as_json.stdout)} == want
    unknown = runner.invoke(
        args=["dossiers", "--unit", "KHONGCO", "--period", "2024-02", "--figure", "received"]
    )
    assert unknown.exit_code != 0 and "KHONGCO" in unknown.output


def test_the_page_lists_pages_and_exports_what_the_figure_counts(client, auth, imported):
    factories.user("office", username="vanphong")
    db.session.commit()
    auth.login("vanphong")
    want = expected_lists(imported, "2024-01")["BUUHOA", "resolved_on_time"]
    path = "/stats/dossiers?unit=BUUHOA&period=2024-01&figure=resolved_on_time"

    page = client.get(path).get_data(as_text=True)
    exported = client.get(path.replace("/stats/dossiers", "/stats/dossiers.xlsx"))

    assert f'data-testid="figure-total">{len(want)}<' in page
    assert "Giải quyết đúng hạn: UBND phường Bửu Hòa, tháng 01/2024" in page
    shown = set(re.findall(r'<tr data-code="([^"]+)">', page))
    assert shown == want  # fewer than a page
    sheet = load_workbook(io.BytesIO(exported.data)).active
    assert [cell.value for cell in sheet[1]][:2] == ["Mã hồ sơ", "Mã thủ tục"]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == want
    dashboard = client.get("/stats?period=2024-01").get_data(as_text=True)
    assert path.replace("&", "&amp;") in dashboard


def test_a_month_reported_by_the_unit_says_it_has_no_dossier_list(client, auth, city, tmp_path):
    ward = db.session.scalar(select(Unit).where(Unit.code == "TANMAI"))
    factories.month_figures(ward, "2024-01", resolved_on_time=40, resolved_late=3)
    factories.user("office", username="vanphong")
    db.session.commit()
    auth.login("vanphong")

    page = client.get("/stats/dossiers?unit=TANMAI&period=2024-01&figure=resolved_late").text

    assert "báo cáo tổng hợp của đơn vị" in page and "<strong>3</strong>" in page
    assert 'data-testid="dossier-list"' not in page


def test_a_unit_without_dossiers_has_zeros_and_one_without_a_report_is_flagged(
    client, auth, runner, city, tmp_path
):
    rows = [row for row in random_dossiers(seed=5) if row["unit"] != "BUUHOA"]
    import_bytes(tmp_path, "dossiers", dossiers_csv(rows), "ho-so.csv")
    late = factories.unit("LATE", "UBND xã Chưa Báo Cáo", kind="commune")
    factories.month_figures(late, "2023-11", resolved_on_time=5)  # a month known from a report
    factories.user("office", username="vanphong")
    db.session.commit()

    printed = runner.invoke(args=["stats", "--period", "2024-01", "--format", "json"])
    by_unit = {row["unit_code"]: row for row in json.loads(printed.stdout)}
    api = client.get(
        "/api/v1/stats?period=2023-11", headers=factories.bearer(factories.user("office"))
    ).json

    quiet = by_unit["BUUHOA"]
    assert [quiet[name] for name in LISTED_FIGURES] == [0] * len(LISTED_FIGURES)
    assert quiet["on_time_rate"] is None
    assert by_unit["ANBINH"]["received"] > 0
    # November is known only from one commune's report: the wards sent nothing.
    november = {row["unit_code"]: row for row in api}
    assert november["LATE"]["source"] == "report" and november["LATE"]["resolved_on_time"] == 5
    assert november["ANBINH"]["source"] is None and november["ANBINH"]["on_time_rate"] is None
    assert (
        client.get(
            "/api/v1/stats?period=2022-01", headers=factories.bearer(factories.user("office"))
        ).json
        == []
    )

    auth.login("vanphong")
    january = client.get("/stats?period=2024-01").text
    row = re.search(r'<tr data-unit="BUUHOA">.*?</tr>', january, re.S).group(0)
    assert 'data-testid="no-data"' not in row and "figure=received" in row
    november_page = client.get("/stats?period=2023-11").text
    flagged = re.findall(
        r'<tr data-unit="(\w+)">(?:(?!</tr>).)*data-testid="no-data"', november_page, re.S
    )
    assert sorted(flagged) == ["ANBINH", "BUUHOA", "TANMAI"]


def test_findings_on_the_dashboard_and_in_the_editor_link_to_their_lists(client, auth, app):
    city = factories.small_city()
    letter = draft_directive(city.office, "2024-01")
    db.session.commit()
    auth.login("vanphong")

    dashboard = client.get("/stats?period=2024-01").text
    editor = client.get(f"/directives/{letter.id}/edit").text

    def link(unit: str, figure: str) -> str:
        return f'href="/stats/dossiers?unit={unit}&amp;period=2024-01&amp;figure={figure}"'

    findings = dashboard.split('data-testid="findings"')[1].split("</section>")[0]
    basis = editor.split('data-testid="letter-basis"')[1].split("</section>")[0]
    for unit, figure in (
        ("TAMPHUOC", "resolved_late"),
        ("BUUHOA", "resolved_late"),
        ("ANBINH", "closed_late_in_software"),
        ("ANBINH", "complaints"),
    ):
        assert link(unit, figure) in findings, (unit, figure)
        assert link(unit, figure) in basis, (unit, figure)
    assert "Tỷ lệ giải quyết hồ sơ đúng hạn dưới ngưỡng · UBND phường Tam Phước:" in basis


def test_the_lists_follow_accepted_exemptions_and_ignore_rejected_ones(city, tmp_path):
    rows = random_dossiers(seed=9)
    import_bytes(tmp_path, "dossiers", dossiers_csv(rows), "ho-so.csv")
    late = [
        row
        for row in rows
        if row["unit"] == "ANBINH" and row["finished"] and row["finished"] > row["due"]
    ]
    accepted, rejected = late[0], late[1]
    ward = db.session.scalar(select(Unit).where(Unit.code == "ANBINH"))
    clerk = factories.user("unit", ward)
    decider = factories.user("office")
    for row, decide in ((accepted, accept_exemption), (rejected, reject_exemption)):
        asked = request_exemption(clerk, row["code"], "software_error", "Lỗi phần mềm.")
        decide(decider, asked, "Đã xem xét.")
    db.session.commit()

    period = period_of(accepted["finished"])
    expected = expected_lists(rows, period)
    # An accepted dossier counts on time (and no longer closed late); a rejected one stays late.
    expected["ANBINH", "resolved_late"].discard(accepted["code"])
    expected["ANBINH", "closed_late_in_software"].discard(accepted["code"])
    expected["ANBINH", "resolved_on_time"].add(accepted["code"])
    for figure in ("resolved_on_time", "resolved_late", "closed_late_in_software"):
        assert listed_codes("ANBINH", period, figure) == expected["ANBINH", figure], figure
        assert getattr(stored_figures("ANBINH", period), figure) == len(expected["ANBINH", figure])
    assert listed_codes("ANBINH", period, "exempted") == {accepted["code"]}
    assert rejected["code"] in listed_codes(
        "ANBINH", period_of(rejected["finished"]), "resolved_late"
    )

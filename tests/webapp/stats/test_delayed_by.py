"""Lateness caused by another unit: the dossiers file may name the unit whose step made a dossier
late; each unit's month counts its late dossiers others caused, and the late dossiers it caused
elsewhere; the portal's rate stays as it is."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select

from tests import factories
from tests.import_headers import DOSSIER_HEADER
from webapp.directives.operations import approve_directive, draft_directive, submit_directive
from webapp.extensions import db
from webapp.imports.operations import ImportRejected, import_file
from webapp.stats.dossier_lists import every_row
from webapp.stats.models import UnitPeriodFigures
from webapp.tasks.issuing import issue_directive
from webapp.units.models import Unit

HEADER = (*DOSSIER_HEADER, "delayed_by_unit_code")
RECEIVED, DUE = "03/01/2024 08:00", "10/01/2024 17:00"
ROWS = [
    # An Bình: two late, one of them made late by Quản lý đô thị; one on time.
    ("HS-1", "ANBINH", "1.1", "direct", RECEIVED, DUE, "", "15/01/2024 09:00", "QLDT"),
    ("HS-2", "ANBINH", "1.1", "direct", RECEIVED, DUE, "", "12/01/2024 09:00", ""),
    ("HS-3", "ANBINH", "1.1", "direct", RECEIVED, DUE, "", "05/01/2024 09:00", ""),
    # Tân Mai: one late made late by Quản lý đô thị; a dossier naming it but on time counts nothing.
    (
        "HS-4",
        "TANMAI",
        "1.1",
        "online",
        RECEIVED,
        "08/01/2024 17:00",
        "",
        "20/01/2024 09:00",
        "QLDT",
    ),
    (
        "HS-5",
        "TANMAI",
        "1.1",
        "online",
        RECEIVED,
        "18/01/2024 17:00",
        "",
        "10/01/2024 09:00",
        "QLDT",
    ),
]


def write(tmp_path, header, rows, name="ho-so.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def city(app):
    for code, name, kind in (
        ("QLDT", "Phòng Quản lý đô thị thành phố", "department"),
        ("ANBINH", "UBND phường An Bình", "ward"),
        ("TANMAI", "UBND phường Tân Mai", "ward"),
    ):
        factories.unit(code, name, kind)
    db.session.commit()


def month(code: str) -> UnitPeriodFigures:
    db.session.expire_all()
    return db.session.scalar(
        select(UnitPeriodFigures)
        .join(Unit, Unit.id == UnitPeriodFigures.unit_id)
        .where(Unit.code == code, UnitPeriodFigures.period == "2024-01")
    )


def test_each_side_of_a_delay_is_counted_and_the_rate_is_the_portals(city, tmp_path):
    path = write(tmp_path, HEADER, ROWS)
    import_file(None, "dossiers", path, path.name)
    db.session.commit()

    anbinh, tanmai, qldt = month("ANBINH"), month("TANMAI"), month("QLDT")
    assert (anbinh.resolved_late, anbinh.late_caused_by_others) == (2, 1)
    assert (tanmai.resolved_late, tanmai.late_caused_by_others) == (1, 1)
    # The department has no dossier of its own, yet appears: it made two dossiers late.
    assert (qldt.received, qldt.late_caused_elsewhere, qldt.late_caused_by_others) == (0, 2, 0)
    office = factories.user("office")
    assert [
        i["dossier_code"]
        for i in every_row(office, "ANBINH", "2024-01", "late_caused_by_others").items
    ] == ["HS-1"]
    elsewhere = every_row(office, "QLDT", "2024-01", "late_caused_elsewhere").items
    assert [(i["dossier_code"], i["unit_code"], i["delayed_by_unit_code"]) for i in elsewhere] == [
        ("HS-1", "ANBINH", "QLDT"),
        ("HS-4", "TANMAI", "QLDT"),
    ]


def test_the_column_is_optional_and_may_go_by_its_vietnamese_label(city, tmp_path):
    without = write(tmp_path, DOSSIER_HEADER, [row[:8] for row in ROWS], "khong-co-cot.csv")
    import_file(None, "dossiers", without, without.name)
    db.session.commit()
    assert month("ANBINH").late_caused_by_others == 0 and month("QLDT") is None

    labelled = write(tmp_path, (*DOSSIER_HEADER, "Đơn vị làm chậm"), ROWS, "co-cot.csv")
    import_file(None, "dossiers", labelled, labelled.name)
    db.session.commit()
    assert month("ANBINH").late_caused_by_others == 1 and month("QLDT").late_caused_elsewhere == 2


def test_an_unknown_or_own_unit_is_a_row_error_naming_the_field(city, tmp_path):
    rows = [ROWS[0][:8] + ("KHONGCO",), ROWS[1][:8] + ("ANBINH",)]
    path = write(tmp_path, HEADER, rows, "sai.csv")

    with pytest.raises(ImportRejected) as rejected:
        import_file(None, "dossiers", path, path.name)

    problems = [(p["row"], p["column"], p["value"]) for p in rejected.value.details]
    assert problems == [
        (2, "delayed_by_unit_code", "KHONGCO"),
        (3, "delayed_by_unit_code", "ANBINH"),
    ]
    assert "không có đơn vị mang mã này" in json.dumps(rejected.value.details, ensure_ascii=False)


def test_the_stats_command_and_api_give_both_counts(city, tmp_path, runner, client):
    path = write(tmp_path, HEADER, ROWS)
    import_file(None, "dossiers", path, path.name)
    headers = factories.bearer(factories.user("office"))
    db.session.commit()

    printed = json.loads(
        runner.invoke(args=["stats", "--period", "2024-01", "--format", "json"]).stdout
    )
    answered = client.get("/api/v1/stats?period=2024-01", headers=headers).json

    added = ["exempted", "late_caused_by_others", "late_caused_elsewhere"]
    assert list(printed[0])[-3:] == added  # after the existing fields, as the contract says
    for rows in (printed, answered):
        by_unit = {row["unit_code"]: row for row in rows}
        assert by_unit["QLDT"]["late_caused_elsewhere"] == 2
        assert by_unit["ANBINH"]["late_caused_by_others"] == 1


def test_the_draft_names_the_department_that_delayed_the_wards_and_gives_it_an_assignment(
    city, tmp_path
):
    body = factories.issuing_body()
    factories.signer(body)
    office = factories.user("office")
    path = write(tmp_path, HEADER, ROWS)
    import_file(None, "dossiers", path, path.name)
    db.session.commit()

    letter = draft_directive(office, "2024-01")

    delayed = next(a for a in letter.assignments if "liên thông" in (a.heading or ""))
    assert delayed.heading == (
        "Đối với các đơn vị làm chậm hồ sơ liên thông của đơn vị khác "
        "(Phòng Quản lý đô thị thành phố)"
    )
    assert [unit.code for unit in delayed.lead_units] == ["QLDT"]
    assert (
        "trong tháng 01/2024, Phòng Quản lý đô thị thành phố làm chậm 02 hồ sơ của An Bình, "
        "Tân Mai" in delayed.text
    )
    assert delayed.criterion == {"figure": "late_caused_elsewhere", "op": "==", "value": 0}
    assert "Phòng Quản lý đô thị thành phố" in letter.addressees
    assert "khâu giải quyết của Phòng Quản lý đô thị thành phố chậm trễ" in letter.opening[0]


def test_the_departments_task_is_judged_on_next_months_delays(city, tmp_path):
    body = factories.issuing_body()
    leader = factories.user("leader")
    factories.signer(body, account=leader)
    office = factories.user("office")
    path = write(tmp_path, HEADER, ROWS)
    import_file(None, "dossiers", path, path.name)
    db.session.commit()
    letter = draft_directive(office, "2024-01")
    submit_directive(office, letter)
    approve_directive(leader, letter)
    tasks = issue_directive(office, letter)
    db.session.commit()

    february = [
        (f"HS-T2-{n}", "TANMAI", "1.1", "online", "01/02/2024 08:00", "05/02/2024 17:00", "",
         "09/02/2024 09:00", "QLDT")
        for n in range(3)
    ]  # fmt: skip
    later = write(tmp_path, HEADER, february, "thang-2.csv")
    import_file(None, "dossiers", later, later.name)
    db.session.commit()

    (task,) = [t for t in tasks if t.unit.code == "QLDT"]
    db.session.refresh(task)
    (check,) = task.checks
    assert (check.period, check.met) == ("2024-02", False)
    assert "Hồ sơ liên thông của đơn vị khác bị làm chậm: 3" in check.text

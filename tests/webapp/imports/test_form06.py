"""Reports in the official form (Biểu số 06/VPCP/KSTT), in XLSX and old XLS, with and without
diacritics: each unit's figures stored cell by cell, units found by the names offices write,
sections and totals checked, never stored; each broken form refused whole with its reason."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from tests.form06_files import SECTIONS, Form, UnitRow
from tests.webapp.imports.test_bad_input import reject, write_bytes
from webapp.extensions import db
from webapp.imports.kinds.unit_stats import EXTRA_FIELDS
from webapp.imports.operations import import_file
from webapp.stats.models import FIGURE_FIELDS, ReportedFigures
from webapp.units.models import Unit, UnitAlias


@pytest.fixture
def city(make_unit):
    units = {
        code: make_unit(code, name, kind=kind)
        for code, name, kind in (
            ("NV", "Phòng Nội vụ thành phố", "department"),
            ("ANBINH", "UBND phường An Bình", "ward"),
            ("TANTIEN", "UBND phường Tân Tiến", "ward"),
            ("HIEPHOA", "UBND xã Hiệp Hòa", "commune"),
        )
    }
    db.session.commit()
    return units


def stored() -> dict[str, dict[str, int | None]]:
    rows = db.session.execute(select(Unit.code, ReportedFigures).join(Unit)).all()
    fields = ("period", *FIGURE_FIELDS, *EXTRA_FIELDS)
    return {code: {name: getattr(row, name) for name in fields} for code, row in rows}


def expected(online, direct, carried, early, on_time, late, within, overdue) -> dict:
    return {
        "period": "2024-01",
        "received": online + direct,
        "resolved_on_time": early + on_time,
        "resolved_late": late,
        "pending_on_time": within,
        "pending_overdue": overdue,
        "closed_late_in_software": 0,
        "complaints": 0,
        "received_online": online,
        "carried_over": carried,
    }


@pytest.mark.parametrize("diacritics", [True, False], ids=["with-diacritics", "without"])
@pytest.mark.parametrize("form", ["xlsx", "xls"])
def test_a_form_is_stored_unit_by_unit_cell_by_cell(tmp_path, city, form, diacritics):
    data = getattr(Form(diacritics=diacritics), form)()
    path = write_bytes(tmp_path, data, "tep-tai-len")  # uploads are stored under no name of theirs

    run = import_file(None, "unit_stats", path, f"bieu-06.{form}")

    # Four units; the two section rows and the total row are checked, not stored.
    assert (run.rows_added, run.periods) == (4, ["2024-01"])
    figures = {unit.name: unit.figures for _n, _t, units in SECTIONS for unit in units}
    assert stored() == {
        "NV": expected(*figures["Phòng Nội vụ thành phố"]),
        "ANBINH": expected(*figures["Phường An Bình"]),
        "TANTIEN": expected(*figures["P. Tân Tiến"]),
        "HIEPHOA": expected(*figures["UBND xã Hiệp Hòa"]),
    }


@pytest.mark.parametrize("form", ["xlsx", "xls"])
def test_a_header_of_two_rows_without_a_numbering_row_reads_the_same(tmp_path, city, form):
    data = getattr(Form(two_header_rows=True, numbering_row=False), form)()

    run = import_file(None, "unit_stats", write_bytes(tmp_path, data, "b"), f"b.{form}")

    assert run.rows_added == 4
    assert stored()["ANBINH"] == expected(*SECTIONS[1][2][0].figures)


def test_the_period_may_be_given_as_the_months_first_and_last_days(tmp_path, city):
    data = Form(period_line="Từ ngày 01/01/2024 đến ngày 31/01/2024").xlsx()

    import_file(None, "unit_stats", write_bytes(tmp_path, data, "b.xlsx"), "b.xlsx")

    assert {row["period"] for row in stored().values()} == {"2024-01"}


def test_the_names_a_form_matched_are_remembered_for_next_month(tmp_path, city):
    import_file(None, "unit_stats", write_bytes(tmp_path, Form().xlsx(), "b.xlsx"), "b.xlsx")
    remembered = dict(db.session.execute(select(UnitAlias.key, UnitAlias.unit_id)).all())
    assert remembered["ward:tân tiến"] == city["TANTIEN"].id

    # The unit is renamed; next month's form still writes "P. Tân Tiến" and still finds it.
    city["TANTIEN"].name = "UBND phường Tân Tiến Mới"
    db.session.commit()
    data = Form(period_line="Kỳ báo cáo: Tháng 02 năm 2024").xlsx()
    run = import_file(None, "unit_stats", write_bytes(tmp_path, data, "c.xlsx"), "c.xlsx")

    assert run.rows_added == 4


@pytest.mark.parametrize(
    ("form", "expected_problem"),
    [
        (
            Form(wrong_total={4: 1}),  # the resolved total of the total row
            (15, "resolved_total", "1", "dòng tổng ghi 1, cộng các đơn vị được 117"),
        ),
        (
            Form(
                sections=(
                    (
                        "I",
                        "Phòng ban",
                        [
                            UnitRow(
                                "Phòng Nội vụ thành phố",
                                (1, 1, 0, 0, 1, 0, 1, 0),
                                {"resolved_total": 5},
                            )
                        ],
                    ),
                )
            ),
            (10, "resolved_total", "5", "tổng số 5 khác tổng các cột thành phần 0 + 1 + 0 = 1"),
        ),
        (
            Form(header_swap=True),
            (5, "resolved_late", "I", "không đúng thứ tự của Biểu số 06"),
        ),
        (
            Form(merge_cut=True),
            (
                5,
                "carried_over",
                "",
                "thiếu cột “Số hồ sơ nhận giải quyết — Từ kỳ trước chuyển qua”",
            ),
        ),
        (
            Form(period_line="Kỳ báo cáo: Quý I năm 2024"),
            (5, "period", "", "không thấy kỳ báo cáo ở các dòng trên bảng"),
        ),
        (
            Form(period_line="Từ ngày 01/01/2024 đến ngày 15/01/2024"),
            (5, "period", "", "không trọn một tháng"),
        ),
    ],
    ids=["total-row", "unit-parts", "columns-moved", "merge-cut", "no-period", "half-a-month"],
)
def test_a_broken_form_is_refused_with_its_reason(tmp_path, city, form, expected_problem):
    problems = reject("unit_stats", write_bytes(tmp_path, form.xlsx(), "bieu-06.xlsx"))

    row, column, value, message = expected_problem
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [(row, column, value)]
    assert message in problems[0]["message"]
    assert problems[0]["sheet"] == "Biểu 06"


def test_a_unit_listed_twice_or_unknown_or_ambiguous_is_named(tmp_path, city, make_unit):
    make_unit("TANTIEN-XA", "UBND xã Tân Tiến", kind="commune")
    db.session.commit()
    units = [
        UnitRow("Phường An Bình", (1, 0, 0, 0, 1, 0, 0, 0)),
        UnitRow("An Bình", (1, 0, 0, 0, 1, 0, 0, 0)),
        UnitRow("Tân Tiến", (1, 0, 0, 0, 1, 0, 0, 0)),
        UnitRow("Phường Không Có", (1, 0, 0, 0, 1, 0, 0, 0)),
    ]
    data = Form(sections=(("I", "Cấp xã", units),)).xlsx()

    problems = reject("unit_stats", write_bytes(tmp_path, data, "bieu-06.xlsx"))

    by_row = {p["row"]: p for p in problems}
    assert sorted(by_row) == [11, 12, 13]
    assert by_row[11]["message"] == "đơn vị UBND phường An Bình đã có ở dòng 10"
    assert by_row[12]["message"] == (
        "tên này khớp nhiều đơn vị: UBND phường Tân Tiến (TANTIEN); UBND xã Tân Tiến "
        "(TANTIEN-XA); hãy ghi mã đơn vị"
    )
    assert (by_row[13]["value"], by_row[13]["message"]) == (
        "Phường Không Có",
        "không có đơn vị mang mã hoặc tên này",
    )


# ---------------------------------------------------------------- through the interfaces


@pytest.fixture
def uploads_in_tmp(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))


@pytest.fixture
def office(city, make_user):
    user = make_user("office", username="vanphong")
    db.session.commit()
    return user


def test_the_command_line_refuses_a_form_of_another_month_than_the_one_given(
    runner, tmp_path, city
):
    path = write_bytes(tmp_path, Form().xls(), "tep")

    refused = runner.invoke(
        args=["import", str(path), "--kind", "unit_stats", "--period", "2024-02"]
    )
    taken = runner.invoke(args=["import", str(path), "--kind", "unit_stats", "--period", "2024-01"])

    assert refused.exit_code == 1
    assert "biểu báo cáo kỳ 2024-01, nhưng khi tải lên đã chọn kỳ 2024-02" in refused.stderr
    assert taken.exit_code == 0, taken.output
    assert "4 dòng, thêm 4" in taken.stdout


def test_a_form_that_names_no_period_takes_the_one_given(runner, tmp_path, city):
    path = write_bytes(tmp_path, Form(period_line="Đơn vị báo cáo: UBND thành phố").xlsx(), "t")

    without = runner.invoke(args=["import", str(path), "--kind", "unit_stats"])
    given = runner.invoke(args=["import", str(path), "--kind", "unit_stats", "--period", "2024-03"])

    assert without.exit_code == 1 and "không thấy kỳ báo cáo" in without.stderr
    assert given.exit_code == 0, given.output
    assert {row["period"] for row in stored().values()} == {"2024-03"}


def test_the_api_reads_the_sheet_asked_for_and_names_the_sheets_of_a_wrong_one(
    client, api_token, office, uploads_in_tmp
):
    def post(**fields):
        data = {"kind": "unit_stats", "file": (io.BytesIO(Form().xlsx()), "bieu.xlsx"), **fields}
        return client.post("/api/v1/imports", data=data, headers=api_token(office))

    wrong = post(sheet="Trang 2")
    assert wrong.status_code == 422
    assert wrong.json["details"][0]["message"] == (
        "Tệp không có trang tính “Trang 2”; các trang tính: “Biểu 06”."
    )
    month = post(sheet="Biểu 06", period="2024-02")
    assert month.status_code == 422
    assert "đã chọn kỳ 2024-02" in month.json["details"][0]["message"]

    done = post(sheet="Biểu 06", period="2024-01")
    assert done.status_code == 201, done.json
    assert (done.json["rows_added"], done.json["sheet"], done.json["period"]) == (
        4,
        "Biểu 06",
        "2024-01",
    )


def test_the_page_imports_a_form_sent_as_xls(client, auth, office, uploads_in_tmp):
    auth.login("vanphong")
    response = client.post(
        "/imports",
        data={
            "csrf_token": auth.csrf_token("/imports"),
            "kind": "unit_stats",
            "period": "2024-01",
            "file": (io.BytesIO(Form(diacritics=False).xls()), "bao-cao-thang-1.xls"),
        },
        follow_redirects=True,
    )

    assert response.status_code == 200, response.text
    assert "Đã nhập 4 dòng: thêm 4" in response.text
    assert set(stored()) == {"NV", "ANBINH", "TANTIEN", "HIEPHOA"}


def test_a_form_refused_for_its_header_shows_the_forms_words_on_the_page(
    client, auth, office, uploads_in_tmp
):
    auth.login("vanphong")
    answer = client.post(
        "/imports",
        data={
            "csrf_token": auth.csrf_token("/imports"),
            "kind": "unit_stats",
            "file": (io.BytesIO(Form(header_swap=True).xlsx()), "bieu-06.xlsx"),
        },
        follow_redirects=True,
    )

    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert 'data-testid="import-errors"' in page
    assert 'data-testid="header-problem"' not in page  # no comparison with the plain columns
    assert "Số hồ sơ đã giải quyết — Quá hạn" in page
    assert "trang tính “Biểu 06”" in page

"""A preview reads and checks the whole file, says what the import would change, and stores
nothing but its audit event; the import that follows stores exactly what it showed."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.february import february_dossiers
from tests.webapp.imports.test_bad_input import write_bytes
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.imports.models import ImportRun
from webapp.imports.operations import import_file
from webapp.imports.preview import preview_import
from webapp.notifications.models import Notification
from webapp.stats.models import FIGURE_FIELDS, Dossier, ReportedFigures, UnitPeriodFigures
from webapp.tasks.models import CriterionCheck
from webapp.units.models import Unit, UnitAlias

FEBRUARY_REPORT = (
    "unit_code,period,received,resolved_on_time,resolved_late,pending_on_time,"
    "pending_overdue,closed_late_in_software,complaints\n"
    "P. Bửu Hòa,2024-02,20,20,0,0,0,0,0\n"
    "TAMPHUOC,2024-02,10,7,3,0,0,0,0\n"
)
KEPT = (ReportedFigures, UnitPeriodFigures, CriterionCheck, ImportRun, Notification, UnitAlias)


@pytest.fixture
def january(issued):
    """The issued January letter, its figures kept as reports (as an import would have)."""
    for row in db.session.scalars(select(UnitPeriodFigures)):
        db.session.add(
            ReportedFigures(
                unit_id=row.unit_id,
                period=row.period,
                **{name: getattr(row, name) for name in FIGURE_FIELDS},
            )
        )
    db.session.commit()
    return issued


def counts() -> dict[str, int]:
    found = {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in KEPT}
    found["events"] = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action != "preview")
    )
    return found


def report_file(tmp_path):
    return write_bytes(tmp_path, FEBRUARY_REPORT.encode(), "bao-cao-thang-2.csv")


def test_a_preview_says_what_would_change_and_stores_nothing(tmp_path, january):
    before = counts()

    preview = preview_import(january.city.office, "unit_stats", report_file(tmp_path), "t2.csv")
    db.session.commit()

    assert counts() == before
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "preview")).all()
    assert (event.entity, event.entity_id, event.actor_id) == (
        "import_preview",
        preview.checksum,
        january.city.office.id,
    )
    assert not preview.problems
    assert (preview.rows_total, preview.rows_added, preview.rows_updated) == (2, 2, 0)
    changes = {(c.where.unit_code, c.where.period): c for c in preview.figures}
    assert set(changes) == {("BUUHOA", "2024-02"), ("TAMPHUOC", "2024-02")}
    assert changes[("TAMPHUOC", "2024-02")].before is None
    assert changes[("TAMPHUOC", "2024-02")].after["resolved_late"] == 3
    appearing = {(f.where.unit_code, f.rule) for f in preview.findings if f.appears}
    assert ("TAMPHUOC", "Tỷ lệ giải quyết hồ sơ đúng hạn dưới ngưỡng") in appearing
    verdicts = {(v.where.unit_code, v.before, v.after) for v in preview.verdicts}
    assert ("BUUHOA", None, True) in verdicts and ("TAMPHUOC", None, False) in verdicts


def test_the_import_after_a_preview_stores_exactly_what_it_showed(tmp_path, january):
    preview = preview_import(january.city.office, "unit_stats", report_file(tmp_path), "t2.csv")
    db.session.commit()

    run = import_file(january.city.office, "unit_stats", report_file(tmp_path), "t2.csv")
    db.session.commit()

    assert (run.rows_total, run.rows_added, run.rows_updated) == (
        preview.rows_total,
        preview.rows_added,
        preview.rows_updated,
    )
    codes = dict(db.session.execute(select(Unit.id, Unit.code)).all())
    for change in preview.figures:
        row = db.session.scalar(
            select(UnitPeriodFigures)
            .join(Unit)
            .where(Unit.code == change.where.unit_code, UnitPeriodFigures.period == "2024-02")
        )
        assert {name: getattr(row, name) for name in change.after} == change.after
    judged = {
        (codes[check.task.unit_id], check.met)
        for check in db.session.scalars(
            select(CriterionCheck).where(CriterionCheck.period == "2024-02")
        )
    }
    # What the preview listed is what was judged; a task with nothing to judge is not listed.
    assert {(code, met) for code, met in judged if met is not None} == {
        (v.where.unit_code, v.after) for v in preview.verdicts
    }


def test_a_report_for_a_month_the_dossiers_already_give_is_named_with_the_source_that_wins(
    tmp_path, january
):
    dossiers = write_bytes(tmp_path, february_dossiers(), "ho-so-t2.csv")
    import_file(None, "dossiers", dossiers, dossiers.name)
    db.session.commit()
    stored = db.session.scalar(select(func.count()).select_from(Dossier))

    preview = preview_import(None, "unit_stats", report_file(tmp_path), "t2.csv")

    notes = {(n.where.unit_code, n.text) for n in preview.sources}
    assert (
        "BUUHOA",
        "Đã có hồ sơ của đơn vị trong tháng: số liệu vẫn tính từ hồ sơ, số liệu báo cáo chỉ "
        "được lưu kèm.",
    ) in notes
    assert not preview.figures  # the dossiers' figures stay
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == stored


def test_a_preview_of_a_broken_file_lists_its_problems_and_stores_nothing(tmp_path, january):
    broken = FEBRUARY_REPORT.replace("TAMPHUOC,2024-02,10", "TAMPHUOC,2024-02,mười")
    before = counts()

    preview = preview_import(None, "unit_stats", write_bytes(tmp_path, broken.encode()), "x.csv")
    db.session.commit()

    assert [(p["row"], p["column"]) for p in preview.problems.items] == [(3, "received")]
    assert not preview.figures and counts() == before


# ---------------------------------------------------------------- the page


@pytest.fixture
def uploads_in_tmp(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))


def preview_page(client, auth, content: str = FEBRUARY_REPORT):
    return client.post(
        "/imports",
        data={
            "csrf_token": auth.csrf_token("/imports"),
            "kind": "unit_stats",
            "preview": "Xem trước",
            "file": (io.BytesIO(content.encode()), "bao-cao-t2.csv"),
        },
    )


def confirm_fields(page: str) -> dict[str, str]:
    form = page[page.index('data-testid="preview-confirm"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', form))


def test_the_page_previews_then_imports_what_it_showed(client, auth, january, uploads_in_tmp):
    auth.login("vanphong")
    before = counts()

    shown = preview_page(client, auth)

    assert shown.status_code == 200, shown.text
    assert counts() == before
    page = shown.get_data(as_text=True)
    assert "Sẽ nhập 2 dòng: thêm 2, cập nhật 0, không đổi 0" in page
    assert 'data-unit="TAMPHUOC" data-period="2024-02"' in page
    assert "Giải quyết quá hạn: — → <strong>3</strong>" in page
    assert "Xuất hiện: UBND phường Tam Phước, tháng 02/2024" in page
    fields = confirm_fields(page)
    assert set(fields) >= {"csrf_token", "kind", "checksum", "file_name", "version"}

    stored = client.post("/imports/previewed", data={**fields, "submit": "Nhập"})

    assert stored.status_code == 302 and "/imports/" in stored.location
    run = db.session.scalars(select(ImportRun)).one()
    assert (run.file_name, run.rows_added, run.checksum) == (
        "bao-cao-t2.csv",
        2,
        fields["checksum"],
    )


def test_an_import_after_the_figures_changed_is_refused(client, auth, january, uploads_in_tmp):
    auth.login("vanphong")
    fields = confirm_fields(preview_page(client, auth).get_data(as_text=True))
    other = FEBRUARY_REPORT.replace("TAMPHUOC,2024-02,10,7,3", "TAMPHUOC,2024-02,10,8,2")
    client.post(
        "/imports",
        data={
            "csrf_token": auth.csrf_token("/imports"),
            "kind": "unit_stats",
            "file": (io.BytesIO(other.encode()), "sua.csv"),
        },
    )
    runs = db.session.scalar(select(func.count()).select_from(ImportRun))

    refused = client.post("/imports/previewed", data=fields, follow_redirects=True)

    assert "Số liệu đã thay đổi từ lúc xem trước" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ImportRun)) == runs


def test_a_changed_file_is_refused(client, auth, january, uploads_in_tmp, app):
    auth.login("vanphong")
    fields = confirm_fields(preview_page(client, auth).get_data(as_text=True))
    stored = Path(app.instance_path, "uploads", "imports", f"{fields['checksum']}.bin")
    stored.write_bytes(stored.read_bytes().replace(b"10,7,3", b"10,9,1"))

    refused = client.post("/imports/previewed", data=fields, follow_redirects=True)

    assert "Không còn tệp đã xem trước (hoặc tệp đã đổi)" in refused.get_data(as_text=True)
    assert not db.session.scalars(select(ImportRun)).all()


def test_a_preview_of_a_broken_file_on_the_page_lists_its_problems(
    client, auth, january, uploads_in_tmp
):
    auth.login("vanphong")
    shown = preview_page(client, auth, FEBRUARY_REPORT.replace(",10,7,3,", ",mười,7,3,"))

    assert shown.status_code == 422
    page = shown.get_data(as_text=True)
    assert 'data-testid="import-errors"' in page and "mười" in page
    assert 'data-testid="preview-confirm"' not in page


# ---------------------------------------------------------------- the API and the command line


def test_the_api_previews_with_dry_run_and_stores_nothing(
    client, api_token, january, uploads_in_tmp
):
    office = api_token(january.city.office)
    before = counts()

    answer = client.post(
        "/api/v1/imports",
        data={
            "kind": "unit_stats",
            "dry_run": "1",
            "file": (io.BytesIO(FEBRUARY_REPORT.encode()), "t2.csv"),
        },
        headers=office,
    )

    assert answer.status_code == 200, answer.json
    assert counts() == before
    body = answer.json
    assert (body["rows_total"], body["rows_added"], body["periods"]) == (2, 2, ["2024-02"])
    tam_phuoc = next(f for f in body["figures"] if f["unit_code"] == "TAMPHUOC")
    assert (tam_phuoc["before"], tam_phuoc["after"]["resolved_late"]) == (None, 3)
    assert {(v["unit_code"], v["after"]) for v in body["verdicts"]} == {
        ("BUUHOA", True),
        ("TAMPHUOC", False),
    }

    broken = client.post(
        "/api/v1/imports",
        data={
            "kind": "unit_stats",
            "dry_run": "true",
            "file": (io.BytesIO(FEBRUARY_REPORT.replace(",10,7,", ",x,7,").encode()), "t.csv"),
        },
        headers=office,
    )
    assert broken.status_code == 422
    assert broken.json["details"][0]["column"] == "received"
    assert counts() == before


def test_the_command_line_previews_with_dry_run(runner, tmp_path, january):
    before = counts()

    result = runner.invoke(
        args=["import", str(report_file(tmp_path)), "--kind", "unit_stats", "--dry-run"]
    )

    assert result.exit_code == 0, result.output
    assert counts() == before
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Xem trước bao-cao-thang-2.csv (unit_stats): 2 dòng, thêm 2, cập nhật 0, không đổi 0; "
        "sẽ tính lại số liệu các kỳ 2024-02. Chưa lưu gì."
    )
    assert any(
        line.startswith(
            "  UBND phường Tam Phước (2024-02): Tiếp nhận — → 10; Giải quyết đúng hạn — → 7; "
            "Giải quyết quá hạn — → 3;"
        )
        for line in lines
    )
    assert (
        "Nhiệm vụ 1 của văn bản 01/UBND-VP — UBND phường Bửu Hòa (2024-02): chưa đánh giá → đạt"
        in lines
    )

"""Storing rendered letters, the signed-content rule, and the rendering jobs."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.processes import run_flask
from webapp.directives.batch.models import LetterBatch
from webapp.directives.batch.operations import (
    BatchProgress,
    batch_progress,
    draft_reminders,
    start_batch_rendering,
)
from webapp.directives.models import Assignment, Directive, DirectiveState, LetterKind
from webapp.documents.models import RenderedDocument
from webapp.documents.storage import content_checksum, rendered_path, store_rendered
from webapp.extensions import db
from webapp.jobs.rendering import enqueue_rendering
from workflows.errors import Conflict, InvalidInput, PermissionDenied

pytest.importorskip("webapp.documents.render")
pytest.importorskip("webapp.documents.context")


@pytest.fixture(autouse=True)
def documents_folder(tmp_path, monkeypatch):
    """Keep this test's rendered files in a temporary folder."""
    folder = tmp_path / "documents"
    folder.mkdir()
    monkeypatch.setattr("webapp.documents.storage.documents_dir", lambda: folder)
    return folder


@pytest.fixture
def body(app):
    body = factories.issuing_body()
    factories.signer(body, "Nguyễn Hữu Đính", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH")
    return body


@pytest.fixture
def make_letter(body):
    """Build a reminder letter: make_letter(subject=..., signed=True)."""

    def build(subject: str = "đôn đốc khắc phục hồ sơ quá hạn", signed: bool = False, **fields):
        letter = factories.letter(
            body,
            kind=fields.pop("kind", LetterKind.REMINDER),
            signer=body.signers[0],
            subject=subject,
            period="2024-01",
            addressees=["UBND phường An Bình"],
            opening=["Tháng 01/2024, UBND phường An Bình còn 03 hồ sơ quá hạn."],
            lead_in="Chủ tịch UBND thành phố yêu cầu:",
            closing=["Đề nghị đơn vị nghiêm túc thực hiện."],
            assignments=[
                Assignment(position=1, text="Rà soát hồ sơ quá hạn.", deadline=date(2024, 2, 15))
            ],
            **fields,
        )
        if signed:
            sign(letter)
        return letter

    return build


def sign(letter: Directive, number: int = 7) -> None:
    letter.state = DirectiveState.SIGNED
    letter.number = number
    letter.symbol = "UBND-VP"
    letter.letter_date = date(2024, 2, 1)
    letter.signed_at = datetime.now(UTC)
    letter.template_version = "1"
    db.session.flush()


def documents_of(letter: Directive) -> dict[str, RenderedDocument]:
    rows = db.session.scalars(
        select(RenderedDocument).where(RenderedDocument.directive_id == letter.id)
    )
    return {doc.format: doc for doc in rows}


def test_store_keeps_the_file_by_hash_outside_the_web_root(make_letter, documents_folder):
    letter = make_letter()

    doc = store_rendered(letter, "pdf", b"%PDF-1 first", ["Dòng một", "Dòng hai"])

    assert rendered_path(doc) == documents_folder / f"{doc.checksum}.pdf"
    assert rendered_path(doc).read_bytes() == b"%PDF-1 first"
    assert doc.size == len(b"%PDF-1 first")
    assert doc.content_checksum == content_checksum(["Dòng một", "Dòng hai"])
    assert "static" not in rendered_path(doc).parts


def test_store_upserts_one_document_per_format(make_letter):
    letter = make_letter()
    first = store_rendered(letter, "docx", b"one", ["a"])
    second = store_rendered(letter, "docx", b"two", ["b"])
    store_rendered(letter, "pdf", b"three", ["b"])

    assert second.id == first.id
    assert second.size == 3
    assert rendered_path(second).read_bytes() == b"two"
    assert set(documents_of(letter)) == {"docx", "pdf"}


def test_signed_letter_refuses_changed_content(make_letter):
    letter = make_letter(signed=True)
    stored = store_rendered(letter, "pdf", b"signed bytes", ["Số: 07/UBND-VP", "nội dung"])

    with pytest.raises(Conflict) as refused:
        store_rendered(letter, "pdf", b"other bytes", ["Số: 07/UBND-VP", "nội dung đã sửa"])

    assert "07/UBND-VP" in refused.value.message
    assert "đã ký" in refused.value.message
    assert rendered_path(stored).read_bytes() == b"signed bytes"
    assert documents_of(letter)["pdf"].checksum == stored.checksum


def test_signed_letter_accepts_same_content_and_replaces_only_changed_bytes(make_letter):
    letter = make_letter(signed=True)
    lines = ["Số: 07/UBND-VP", "nội dung"]
    first = store_rendered(letter, "pdf", b"bytes A", lines)
    rendered_at = first.rendered_at

    same = store_rendered(letter, "pdf", b"bytes A", lines)
    assert (same.checksum, same.rendered_at) == (first.checksum, rendered_at)

    newer = store_rendered(letter, "pdf", b"bytes B (new PDF producer)", lines)
    assert rendered_path(newer).read_bytes() == b"bytes B (new PDF producer)"
    assert newer.content_checksum == content_checksum(lines)


def test_a_draft_rendering_does_not_lock_the_signed_letter(make_letter):
    letter = make_letter()
    store_rendered(letter, "pdf", b"draft", ["Số:      /UBND-VP", "nội dung"])
    documents_of(letter)["pdf"].rendered_at = datetime.now(UTC) - timedelta(hours=1)

    sign(letter)
    signed = store_rendered(letter, "pdf", b"signed", ["Số: 07/UBND-VP", "nội dung"])

    assert rendered_path(signed).read_bytes() == b"signed"
    with pytest.raises(Conflict):
        store_rendered(letter, "pdf", b"changed", ["Số: 07/UBND-VP", "nội dung khác"])


def test_render_directive_job_in_process_stores_docx_and_pdf(app, make_letter):
    from webapp.jobs.queue import enqueue
    from webapp.jobs.rendering import render_directive

    letter = make_letter(signed=True)

    handle = enqueue(render_directive, letter.id)

    assert handle.queued is False
    docs = documents_of(letter)
    assert set(docs) == {"docx", "pdf"}
    assert sorted(handle.result) == sorted(doc.id for doc in docs.values())
    assert rendered_path(docs["pdf"]).read_bytes().startswith(b"%PDF")
    with zipfile.ZipFile(BytesIO(rendered_path(docs["docx"]).read_bytes())) as docx:
        assert "word/document.xml" in docx.namelist()
    assert {doc.template_version for doc in docs.values()} == {"1"}
    assert docs["pdf"].content_checksum == docs["docx"].content_checksum


def test_render_directive_twice_keeps_a_signed_letter(app, make_letter):
    from webapp.jobs.rendering import render_directive

    letter = make_letter(signed=True)
    render_directive(letter.id)
    first = {fmt: doc.content_checksum for fmt, doc in documents_of(letter).items()}

    render_directive(letter.id)
    assert {fmt: doc.content_checksum for fmt, doc in documents_of(letter).items()} == first

    letter.subject = "nội dung bị sửa sau khi ký"
    db.session.flush()
    with pytest.raises(Conflict):
        render_directive(letter.id)


class FakeJob:
    """Stands in for RQ's current job: records every progress it is told."""

    def __init__(self):
        self.meta: dict = {}
        self.saved: list[float] = []

    def save_meta(self) -> None:
        self.saved.append(self.meta["progress"])


def test_render_batch_reports_progress_and_returns_the_ids_done(app, make_letter, monkeypatch):
    from webapp.jobs import rendering

    fake = FakeJob()
    monkeypatch.setattr(rendering, "get_current_job", lambda: fake)
    letters = [make_letter(subject=f"đôn đốc lần {n}") for n in range(3)]
    ids = [letter.id for letter in letters]

    done = rendering.render_batch([*ids, 999_999])

    assert done == ids
    assert fake.saved[0] == 0.0
    assert fake.saved[-1] == 1.0
    assert fake.saved == sorted(fake.saved)
    assert len(fake.saved) == len(ids) + 3
    assert fake.meta["done"] == 3
    count = select(func.count()).select_from(RenderedDocument)
    assert db.session.scalar(count.where(RenderedDocument.directive_id.in_(ids))) == 6


def test_render_batch_skips_a_refused_letter_and_renders_the_rest(app, make_letter):
    from webapp.jobs.rendering import render_batch

    changed = make_letter(subject="đã ký", signed=True)
    render_batch([changed.id])
    changed.subject = "đã ký rồi bị sửa"
    other = make_letter(subject="dự thảo")
    db.session.flush()

    assert render_batch([changed.id, other.id]) == [other.id]
    assert set(documents_of(other)) == {"docx", "pdf"}


def test_render_batch_of_nothing_finishes(app, monkeypatch):
    from webapp.jobs import rendering

    fake = FakeJob()
    monkeypatch.setattr(rendering, "get_current_job", lambda: fake)

    assert rendering.render_batch([]) == []
    assert fake.saved == [0.0, 1.0]


def test_draft_reminders_drafts_one_letter_per_failing_unit_and_renders_them(
    app, body, make_unit, make_user
):

    late = make_unit("ANBINH", "UBND phường An Bình")
    overdue = make_unit("BUUHOA", "UBND phường Bửu Hòa")
    fine = make_unit("TANHOA", "UBND phường Tân Hòa")
    factories.month_figures(late, resolved_on_time=90, resolved_late=10)
    factories.month_figures(overdue, pending_overdue=3, closed_late_in_software=2)
    factories.month_figures(fine)
    office = make_user("office")

    batch = draft_reminders(office, "2024-01")
    db.session.commit()
    assert batch_progress(batch) == BatchProgress("failed", 0.0, frozenset())
    start_batch_rendering(batch)
    letters = batch.directives

    assert batch.job_ids == []  # no Redis: rendered in this process
    assert batch_progress(batch) == BatchProgress("done", 1.0, frozenset(d.id for d in letters))
    assert len(letters) == 2
    assert {letter.kind for letter in letters} == {LetterKind.REMINDER}
    assert {letter.state for letter in letters} == {DirectiveState.DRAFT}
    lead_units = [{u.code for a in letter.assignments for u in a.lead_units} for letter in letters]
    assert sorted(lead_units, key=sorted) == [{"ANBINH"}, {"BUUHOA"}]
    for letter in letters:
        assert letter.subject and letter.opening and letter.assignments
        assert set(documents_of(letter)) == {"docx", "pdf"}
    by_unit = {next(iter(units)): letter for units, letter in zip(lead_units, letters, strict=True)}
    assert "Bửu Hòa" in " ".join(by_unit["BUUHOA"].addressees)
    assert "An Bình" not in " ".join(by_unit["BUUHOA"].addressees)


def test_draft_reminders_refuses_a_month_without_failures(app, body, make_unit, make_user):
    factories.month_figures(make_unit("TANHOA"))

    with pytest.raises(Conflict):
        draft_reminders(make_user("office"), "2024-01")
    with pytest.raises(PermissionDenied):
        draft_reminders(make_user("leader"), "2024-01")
    with pytest.raises(InvalidInput):
        draft_reminders(make_user("office"), "2024-13")


def test_large_batches_are_split_into_jobs(app, make_letter):
    ids = [make_letter(subject=f"đôn đốc {n}").id for n in range(5)]

    handles = enqueue_rendering(ids, per_job=2)

    assert [handle.result for handle in handles] == [ids[0:2], ids[2:4], ids[4:]]


def test_storing_is_tried_again_when_it_loses_a_lock_race(app, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from webapp.jobs import rendering

    monkeypatch.setattr(rendering.time, "sleep", lambda _seconds: None)
    attempts = []

    def store():
        attempts.append(1)
        if len(attempts) < 3:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return "stored"

    assert rendering._store_and_commit(store) == "stored"
    assert len(attempts) == 3

    def broken():
        raise OperationalError("INSERT", {}, Exception("no such table: rendered_documents"))

    with pytest.raises(OperationalError):
        rendering._store_and_commit(broken)


@pytest.mark.redis
def test_real_workers_render_a_queued_batch_and_report_progress(fresh_database, redis_url):
    from redis import Redis
    from rq.job import Job, JobStatus

    from tests.conftest import app_settings
    from webapp import create_app

    connection = Redis.from_url(redis_url)
    keys_before = set(connection.scan_iter(match="rq:*"))
    assert run_flask(fresh_database, redis_url, "db", "upgrade").returncode == 0
    live_app = create_app(app_settings(fresh_database, REDIS_URL=redis_url))
    try:
        with live_app.app_context():
            body = factories.issuing_body(name="ỦY BAN NHÂN DÂN THÀNH PHỐ")
            letters = [
                factories.letter(
                    body,
                    kind=LetterKind.REMINDER,
                    subject=f"đôn đốc qua hàng đợi {n}",
                    addressees=["UBND phường An Bình"],
                    opening=["Đề nghị khắc phục."],
                )
                for n in range(3)
            ]
            batch = LetterBatch(kind=LetterKind.REMINDER, period="2024-01", directives=letters)
            db.session.add(batch)
            db.session.commit()
            ids = [letter.id for letter in letters]
            handles = enqueue_rendering(ids, per_job=2)
            batch.job_ids = [handle.id for handle in handles]
            db.session.commit()
            assert batch_progress(batch) == BatchProgress("queued", 0.0, frozenset())
            batch_id = batch.id
            db.session.remove()
            db.engine.dispose()

        assert all(handle.queued for handle in handles)
        worked = run_flask(fresh_database, redis_url, "worker", "--burst")

        assert worked.returncode == 0, worked.stderr
        jobs = [Job.fetch(handle.id, connection=connection) for handle in handles]
        assert [job.get_status() for job in jobs] == [JobStatus.FINISHED] * 2, worked.stderr
        assert [job.return_value() for job in jobs] == [ids[:2], ids[2:]]
        assert [(job.meta["progress"], job.meta["done"]) for job in jobs] == [(1.0, 2), (1.0, 1)]
        with live_app.app_context():
            progress = batch_progress(db.session.get(LetterBatch, batch_id))
            assert progress == BatchProgress("done", 1.0, frozenset(ids))
            docs = list(db.session.scalars(select(RenderedDocument)))
            assert sorted((doc.directive_id, doc.format) for doc in docs) == sorted(
                (i, fmt) for i in ids for fmt in ("docx", "pdf")
            )
            for doc in docs:
                # The worker stored them under the app's own instance folder.
                path = Path(live_app.instance_path, "documents", f"{doc.checksum}.{doc.format}")
                assert path.stat().st_size == doc.size
                path.unlink()
            db.session.remove()
            db.engine.dispose()
    finally:
        created = set(connection.scan_iter(match="rq:*")) - keys_before
        if created:
            connection.delete(*created)
        connection.close()


def test_a_rendering_job_leaves_sqlite_free_for_other_writers_while_it_renders(
    fresh_database, monkeypatch
):
    """A worker begins its transactions as writers; rendering only reads, so while one worker
    renders, another may take the write lock (on SQLite, where a writer shuts out the others)."""
    import sqlite3

    from flask_migrate import upgrade

    from tests.conftest import app_settings
    from webapp import create_app
    from webapp.jobs import rendering

    if not fresh_database.startswith("sqlite"):
        pytest.skip("SQLite's single write lock: PostgreSQL writers do not shut one another out")
    live_app = create_app(app_settings(fresh_database, SQLITE_BEGIN_IMMEDIATE=True))
    path = fresh_database.removeprefix("sqlite:///")
    render_letter = rendering.render_letter
    lock_taken = []

    def render_while_another_writes(directive):
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails at once when this job holds the lock
            other.execute("ROLLBACK")
            lock_taken.append(directive.id)
        finally:
            other.close()
        return render_letter(directive)

    monkeypatch.setattr(rendering, "render_letter", render_while_another_writes)
    with live_app.app_context():
        upgrade()
        body = factories.issuing_body()
        ids = [factories.letter(body, subject=f"đôn đốc {n}").id for n in range(2)]
        db.session.commit()

        assert rendering.render_batch(ids) == ids
        assert rendering.render_directive(ids[0])

        assert lock_taken == [*ids, ids[0]]
        stored = select(func.count()).select_from(RenderedDocument)
        assert db.session.scalar(stored) == 4
        db.session.remove()
        db.engine.dispose()

"""Redis stopped: pages keep working and jobs run in the web process; Redis restarted empty: the
work it had queued is queued again from the database by the next worker, and done once."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.faults.files import dossier_file, upload
from webapp.directives.models import Directive
from webapp.directives.operations import draft_directive, submit_directive
from webapp.documents.models import RenderedDocument
from webapp.extensions import db
from webapp.imports.models import ImportRun, ImportStatus
from webapp.stats.models import Dossier

OFFICE_PAGES = ("/", "/stats?period=2024-01", "/imports", "/directives", "/tracking", "/register")


def submitted_letter(live) -> Directive:
    letter = draft_directive(live.city.office, "2024-01")
    submit_directive(live.city.office, letter)
    db.session.commit()
    return letter


def sign_through_the_page(live, letter: Directive):
    client = live.client("chutich")
    from tests.conftest import AuthActions

    token = AuthActions(client).csrf_token(f"/directives/{letter.id}")
    return client.post(
        f"/directives/{letter.id}/approve", data={"csrf_token": token, "confirmed": "1"}
    )


def files_of(letter_id: int) -> int:
    return db.session.scalar(select(func.count()).where(RenderedDocument.directive_id == letter_id))


def test_with_redis_stopped_pages_answer_and_jobs_run_in_the_web_process(live, tmp_path):
    letter = submitted_letter(live)
    live.redis.kill()
    office = live.client("vanphong")

    for path in OFFICE_PAGES:
        assert office.get(path).status_code == 200, path
    uploaded = upload(office, dossier_file(tmp_path / "hoso.csv", 50))
    signed = sign_through_the_page(live, letter)

    live.fresh()
    run = db.session.scalars(select(ImportRun)).one()
    assert uploaded.status_code == 302 and uploaded.location == f"/imports/{run.id}"
    assert (run.status, run.rows_added, run.job_id) == (ImportStatus.DONE, 50, "")
    assert office.get(f"/imports/{run.id}").status_code == 200
    assert office.get(f"/imports/{run.id}/progress").json["status"] == "done"
    assert signed.status_code == 302
    assert db.session.get(Directive, letter.id).number == 1
    assert files_of(letter.id) == 2


def test_work_queued_before_redis_was_emptied_is_done_once_by_the_next_worker(live, tmp_path):
    letter = submitted_letter(live)
    office = live.client("vanphong")
    upload(office, dossier_file(tmp_path / "hoso.csv", 50))
    sign_through_the_page(live, letter)
    live.fresh()
    run = db.session.scalars(select(ImportRun)).one()
    assert run.status == ImportStatus.QUEUED and run.job_id  # waiting on RQ, no worker yet
    assert files_of(letter.id) == 0

    live.redis.kill()
    live.redis.start()  # empty: it kept nothing on disk
    live.backdate("import_runs", "created_at", run.id)
    live.backdate("directives", "signed_at", letter.id)
    assert live.worker(tmp_path).run_burst() == 0

    live.fresh()
    run = db.session.get(ImportRun, run.id)
    assert (run.status, run.rows_added, run.attempts) == (ImportStatus.DONE, 50, 1)
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == 50
    assert files_of(letter.id) == 2
    assert db.session.get(Directive, letter.id).number == 1

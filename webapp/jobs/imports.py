"""The import job: runs one queued import and reports its progress through the job's meta."""

from __future__ import annotations

from rq import get_current_job

from webapp.extensions import db
from webapp.imports.models import ImportRun
from webapp.imports.operations import ImportRejected, import_file
from webapp.imports.runs import RunNotQueued, claim_import, fail_import
from webapp.imports.uploads import stored_upload
from webapp.jobs import job
from webapp.notifications.operations import send_emails_later

FAILED = "Nhập không thành công ({error}); không dữ liệu nào được lưu. Hãy nhập lại tệp."


@job
def run_import(run_id: int) -> str:
    """Import the file of a queued ImportRun once; return its final status.

    A run already done (by another job that had it) is left as it is. An import that fails
    unexpectedly is recorded as failed, with nothing of its file stored, and the job fails too.
    """
    run = claim_import(run_id)
    if run is None:
        run = db.session.get(ImportRun, run_id)
        return run.status.value if run else "missing"
    current = get_current_job()

    def report(fraction: float) -> None:
        if current is not None:
            current.meta["progress"] = round(fraction, 3)
            current.save_meta()

    try:
        run = import_file(
            run.user, run.kind, stored_upload(run.checksum), run.file_name, progress=report, run=run
        )
    except ImportRejected as rejected:
        run = rejected.run
    except RunNotQueued:
        db.session.rollback()
        return db.session.get(ImportRun, run_id).status.value
    except Exception as error:
        db.session.rollback()
        fail_import(run_id, FAILED.format(error=error.__class__.__name__))
        db.session.commit()
        raise
    db.session.commit()
    # The month's criteria were judged and the leaders told: their e-mails can go now.
    send_emails_later()
    return run.status.value

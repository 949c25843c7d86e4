"""The import job: runs one queued import and reports its progress through the job's meta."""

from __future__ import annotations

from rq import get_current_job

from workflows.jobs import job


@job
def run_import(run_id: int) -> str:
    """Import the file of a queued ImportRun; return its final status."""
    from webapp.extensions import db
    from webapp.imports.models import ImportRun, ImportStatus
    from webapp.imports.operations import ImportRejected, import_file
    from webapp.imports.uploads import stored_upload
    from webapp.notifications.operations import send_emails_later

    run = db.session.get(ImportRun, run_id)
    if run is None or run.status != ImportStatus.QUEUED:
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
    db.session.commit()
    # The month's criteria were judged and the leaders told: their e-mails can go now.
    send_emails_later()
    return run.status.value

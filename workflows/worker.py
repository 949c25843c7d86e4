"""`flask worker`: an RQ worker with its scheduler, on REDIS_URL."""

from __future__ import annotations

import click
from flask import current_app
from rq import Queue, Worker

from webapp.extensions import db
from workflows.queue import QUEUE_NAMES, redis_connection


@click.command("worker", help="Chạy tiến trình xử lý nền (RQ) cùng bộ lập lịch.")
@click.option("--burst", is_flag=True, help="Xử lý hết việc đang chờ rồi dừng.")
def worker(burst: bool) -> None:
    """Run an RQ worker with its scheduler on every queue."""
    connection = redis_connection()
    if connection is None:
        raise click.ClickException(
            "REDIS_URL chưa được đặt: không có hàng đợi để xử lý (các việc nền đang chạy ngay "
            "trong tiến trình web)."
        )
    queues = [Queue(name, connection=connection) for name in QUEUE_NAMES]
    current_app.logger.info("worker listening on %s", ", ".join(QUEUE_NAMES))
    from workflows.jobs.reminders import schedule_reminders

    schedule_reminders()
    # Each job runs in a forked child: it must open its own database connections.
    db.engine.dispose()
    Worker(queues, connection=connection).work(burst=burst, with_scheduler=True)

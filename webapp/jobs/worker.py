"""`flask worker`: an RQ worker with its scheduler, on REDIS_URL."""

from __future__ import annotations

import click
from flask import Flask, current_app
from rq import Queue, Worker

from webapp.extensions import db
from webapp.jobs.digest import schedule_digests
from webapp.jobs.queue import QUEUE_NAMES, redis_connection
from webapp.jobs.recovery import recover_pending_work
from webapp.jobs.reminders import schedule_reminders


def prepare_for_jobs(app: Flask) -> None:
    """Make this process ready to fork jobs: no connection of its own, writers that wait."""
    # Each job runs in a forked child: it must open its own database connections, so this
    # process gives back every connection it holds, the session's included.
    db.session.remove()
    db.engine.dispose()
    # A job nearly always writes: on SQLite it then waits for the write lock instead of failing.
    app.config["SQLITE_BEGIN_IMMEDIATE"] = True


@click.command("worker", help="Chạy tiến trình xử lý nền (RQ) cùng bộ lập lịch.")
@click.option("--burst", is_flag=True, help="Xử lý hết việc đang chờ rồi dừng.")
def worker(burst: bool) -> None:
    """Run an RQ worker with its scheduler on every queue."""
    connection = redis_connection(blocking=True)
    if connection is None:
        raise click.ClickException(
            "REDIS_URL chưa được đặt: không có hàng đợi để xử lý (các việc nền đang chạy ngay "
            "trong tiến trình web)."
        )
    queues = [Queue(name, connection=connection) for name in QUEUE_NAMES]
    current_app.logger.info("worker listening on %s", ", ".join(QUEUE_NAMES))
    schedule_reminders()
    schedule_digests()
    # What a worker killed before this one, or a Redis emptied by a restart, left undone.
    recover_pending_work()
    prepare_for_jobs(current_app)
    heartbeat = int(current_app.config["WORKER_HEARTBEAT_SECONDS"])
    Worker(queues, connection=connection, job_monitoring_interval=heartbeat).work(
        burst=burst, with_scheduler=True
    )


@click.command(
    "recover",
    help="Làm lại các việc nền bị mất (nhập dữ liệu, kết xuất văn bản, thư điện tử) theo cơ sở dữ liệu.",
)
def recover() -> None:
    """Run the recovery sweep once: queue again, or run here without Redis, the work left undone."""
    counts = recover_pending_work()
    click.echo(
        f"Đã đưa lại vào xử lý: {counts['imports']} lần nhập, {counts['letters']} văn bản, "
        f"{'có' if counts['emails'] else 'không có'} thư điện tử chờ gửi."
    )

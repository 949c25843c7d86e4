"""`flask digest`: send today's daily digests now, for set-ups without Redis (run it from cron)."""

from __future__ import annotations

import click

from webapp.notifications.digest import send_digests
from workflows.periods import local_today


@click.command(
    "digest",
    help="Gửi thư tổng hợp thông báo trong ngày cho người dùng chọn nhận hằng ngày "
    "(mỗi người tối đa một thư mỗi ngày).",
)
def digest_command() -> None:
    """Send today's digests; a user who had one today gets none."""
    sent = send_digests(local_today())
    click.echo(f"Đã gửi {sent} thư tổng hợp.")

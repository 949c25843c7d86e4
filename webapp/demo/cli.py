"""`flask demo`: load the demo city and print its logins."""

from __future__ import annotations

import os

import click

from webapp.cli import CommandError
from webapp.demo.loader import load_demo_city, load_demo_stats
from webapp.demo.sample_files import write_sample_files
from webapp.extensions import db
from webapp.files import instance_folder
from webapp.imports.summary import summarize
from workflows.errors import DomainError

# Where the demo puts the files its office may upload (under the instance folder).
SAMPLES_FOLDER = "demo-files"


@click.command(
    "demo",
    help="Nạp thành phố mẫu (đơn vị, người ký, tài khoản, số liệu 3 tháng) và in thông tin đăng nhập.",
)
def demo() -> None:
    """Load the demo city and print every login."""
    try:
        logins = load_demo_city(os.environ.get("DEMO_PASSWORD") or None)
        db.session.flush()
        runs = load_demo_stats()
        db.session.commit()
    except DomainError as refused:
        db.session.rollback()
        raise CommandError.from_domain(refused) from None
    for run in runs:
        click.echo(summarize(run))
    samples = write_sample_files(instance_folder(SAMPLES_FOLDER))
    click.echo("Tệp mẫu để thử nhập (Biểu số 06 của một phường, tệp XLS xuất từ một cửa):")
    for path in samples:
        click.echo(f"  {path}")
    click.echo("Đã nạp thành phố mẫu. Tài khoản đăng nhập:")
    click.echo(f"{'tên đăng nhập':<16} {'vai trò':<8} {'đơn vị':<12} mật khẩu")
    for login in logins:
        click.echo(f"{login.username:<16} {login.role:<8} {login.unit_code:<12} {login.password}")

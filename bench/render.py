"""Benchmark letter rendering: per letter, a 300-letter batch on RQ, and LibreOffice for scale.

    .venv/bin/python bench/render.py [--repeat 30] [--letters 300] [--per-job 50]
        [--redis redis://127.0.0.1:6379/9]

1. Builds a temporary SQLite database (migrated) with the city, a signer and signed notice
   letters, each with a 30-unit results table.
2. Ours, warm: DOCX and PDF of one letter, context building included, median of --repeat runs
   after 3 warm-up runs.
3. Batch: --letters letters queued as render_batch jobs of --per-job letters on a queue of its
   own, run by 2 `rq worker --burst` processes; wall time from the first enqueue to the last job
   done (worker start-up included). Only the Redis keys it created are removed, and the files
   the workers stored under instance/documents for the bench database's letters.
4. LibreOffice headless, DOCX -> PDF of the same letter: one file per call (cold process, median
   of 3) and 10 files in one call; profile created beforehand in a temporary folder.
5. Prints one table and the ratios.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

UNITS = 30
KIND = "notice"
WORKERS = 2
LIBREOFFICE_BATCH = 10
# Maintenance locks an RQ worker takes; removed only when this run created them.
SHARED_LOCKS = {b"rq:clean_groups", b"rq:clean_registries"}


def build_database(url: str, letters: int) -> list[int]:
    """Create the schema and the signed notice letters; return their ids."""
    from flask_migrate import upgrade

    from webapp.directives.models import Assignment, Directive, DirectiveState, LetterKind
    from webapp.extensions import db
    from webapp.signers.models import IssuingBody, Signer

    app = make_app(url)
    with app.app_context():
        upgrade()
        body = IssuingBody(
            name="ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA", place="Biên Hòa", symbol="UBND-VP"
        )
        signer = Signer(
            issuing_body=body, full_name="Đỗ Khôi Nguyên", title="CHỦ TỊCH", authority="TM. ỦY BAN"
        )
        columns = ["STT", "Đơn vị", "Tiếp nhận", "Đúng hạn", "Quá hạn", "Tỷ lệ đúng hạn (%)"]
        rows = [
            [str(n), f"UBND phường số {n}", str(100 + n), str(95 + n), str(n % 4), f"9{n % 10},5"]
            for n in range(1, UNITS + 1)
        ]
        for number in range(1, letters + 1):
            db.session.add(
                Directive(
                    kind=LetterKind.NOTICE,
                    state=DirectiveState.SIGNED,
                    issuing_body=body,
                    signer=signer,
                    period="2024-06",
                    subject="kết quả giải quyết hồ sơ thủ tục hành chính tháng 6/2024",
                    addressees=["UBND 30 phường, xã"],
                    opening=["UBND thành phố thông báo kết quả giải quyết hồ sơ tháng 6/2024:"],
                    table={"columns": columns, "rows": rows},
                    lead_in="Chủ tịch UBND thành phố yêu cầu:",
                    assignments=[
                        Assignment(
                            position=1,
                            text="Các đơn vị có tỷ lệ đúng hạn dưới 97% rà soát, khắc phục ngay.",
                            deadline=date(2024, 7, 15),
                        )
                    ],
                    closing=["Đề nghị các đơn vị nghiêm túc thực hiện."],
                    recipients=["Chủ tịch, các PCT UBND thành phố"],
                    number=number,
                    symbol="UBND-VP",
                    letter_date=date(2024, 6, 29),
                    signed_at=datetime.now(UTC),
                    template_version="1",
                )
            )
        db.session.commit()
        ids = list(db.session.scalars(db.select(Directive.id).order_by(Directive.id)))
        db.engine.dispose()
    return ids


def make_app(url: str, redis_url: str | None = None):
    """Return an app on the bench database."""
    from webapp import create_app

    return create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": os.environ["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": url,
            "REDIS_URL": redis_url,
        }
    )


def time_ours(url: str, directive_id: int, repeat: int, out: Path) -> dict[str, float]:
    """Return the median milliseconds of DOCX and PDF of one letter; keep one DOCX in out."""
    from webapp.directives.models import Directive
    from webapp.documents.context import letter_context
    from webapp.documents.render import render_docx, render_pdf
    from webapp.extensions import db

    app = make_app(url)
    results = {}
    with app.app_context():
        directive = db.session.get(Directive, directive_id)
        for name, render in (("docx", render_docx), ("pdf", render_pdf)):
            samples = []
            for run in range(repeat + 3):
                start = time.perf_counter()
                data = render(letter_context(directive), KIND, directive.template_version)
                elapsed = (time.perf_counter() - start) * 1000
                if run >= 3:
                    samples.append(elapsed)
            results[name] = statistics.median(samples)
            (out / f"letter.{name}").write_bytes(data)
        db.engine.dispose()
    return results


def time_batch(
    url: str, redis_url: str, ids: list[int], per_job: int, log_dir: Path
) -> dict[str, float]:
    """Queue the letters in jobs on a queue of our own, run 2 burst workers, time it all."""
    from redis import Redis
    from rq.job import Job, JobStatus

    from webapp.jobs.rendering import enqueue_rendering

    token = secrets.token_hex(4)
    queue = f"bench-render-{token}"
    redis = Redis.from_url(redis_url)
    keys_before = set(redis.keys("*"))
    app = make_app(url, redis_url)
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis_url, "APP_ENV": "testing"}
    workers = []
    job_ids: list[str] = []
    try:
        with app.app_context():
            start = time.perf_counter()
            job_ids = [handle.id for handle in enqueue_rendering(ids, per_job, queue=queue)]
        for number in range(WORKERS):
            command = [
                str(Path(sys.executable).with_name("rq")), "worker", "--burst", "--quiet",
                "--url", redis_url, "--path", str(ROOT), "--name", f"{queue}-{number}",
                "--worker-class", "webapp.jobs.standalone.AppWorker", queue,
            ]  # fmt: skip
            log = (log_dir / f"worker-{number}.log").open("wb")
            workers.append(
                subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            )
        while True:
            jobs = Job.fetch_many(job_ids, connection=redis)
            statuses = [job.get_status() for job in jobs]
            if all(s in (JobStatus.FINISHED, JobStatus.FAILED) for s in statuses):
                break
            if all(worker.poll() is not None for worker in workers):
                raise RuntimeError(f"workers stopped with jobs left, see {log_dir}: {statuses}")
            time.sleep(0.05)
        wall = time.perf_counter() - start
        failed = [job.id for job in jobs if job.get_status() == JobStatus.FAILED]
        if failed:
            raise RuntimeError(f"jobs failed, see {log_dir}: {failed}")
        done = sum(len(job.return_value() or []) for job in jobs)
        first_start = min(job.started_at for job in jobs)
        enqueued = min(job.enqueued_at for job in jobs)
        for worker in workers:
            worker.wait(timeout=60)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
        _clean_redis(redis, keys_before, token, job_ids, queue)
    return {
        "wall": wall,
        "done": done,
        "jobs": len(job_ids),
        "first_start": (first_start - enqueued).total_seconds(),
    }


def _clean_redis(redis, keys_before: set, token: str, job_ids: list[str], queue: str) -> None:
    """Delete the keys this run created; take our members out of shared RQ sets."""
    mine = [token.encode(), *(job_id.encode() for job_id in job_ids)]
    created = set(redis.keys("*")) - keys_before
    for key in created:
        if any(part in key for part in mine) or key in SHARED_LOCKS:
            redis.delete(key)
    workers = [f"rq:worker:{queue}-{n}" for n in range(WORKERS)]
    for shared in (b"rq:queues", b"rq:workers"):
        if redis.type(shared) == b"set":
            redis.srem(shared, f"rq:queue:{queue}", *workers)
            if shared in created and redis.scard(shared) == 0:
                redis.delete(shared)


def time_libreoffice(docx: Path, work: Path) -> dict[str, float]:
    """Return seconds of soffice DOCX -> PDF: one file per call (median of 3), 10 in one call."""
    profile = work / "lo-profile"
    base = [
        shutil.which("soffice") or "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
    ]

    def convert(files: list[Path], outdir: Path) -> float:
        outdir.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        subprocess.run(
            [*base, "--outdir", str(outdir), *map(str, files)], check=True, capture_output=True
        )
        elapsed = time.perf_counter() - start
        missing = [f.name for f in files if not (outdir / f.with_suffix(".pdf").name).exists()]
        if missing:
            raise RuntimeError(f"LibreOffice did not convert {missing}")
        return elapsed

    first = convert([docx], work / "lo-first")  # creates the profile
    single = statistics.median(convert([docx], work / f"lo-single-{n}") for n in range(3))
    copies = []
    for n in range(1, LIBREOFFICE_BATCH + 1):
        copy = work / "lo-batch-in" / f"letter-{n:02d}.docx"
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(docx, copy)
        copies.append(copy)
    batch = convert(copies, work / "lo-batch")
    return {"first": first, "single": single, "batch": batch}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--per-job", type=int, default=50)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    args = parser.parse_args()
    if args.repeat < 20:
        parser.error("--repeat must be at least 20")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))

    work = Path(tempfile.mkdtemp(prefix="bench-render-"))
    documents = ROOT / "instance" / "documents"
    files_before = set(documents.glob("*")) if documents.exists() else set()
    url = f"sqlite:///{work / 'bench.sqlite3'}"
    succeeded = False
    try:
        ids = build_database(url, args.letters)
        ours = time_ours(url, ids[0], args.repeat, work)
        batch = time_batch(url, args.redis, ids, args.per_job, work)
        office = time_libreoffice(work / "letter.docx", work)
        succeeded = True
    finally:
        # The workers stored the letters under the app's instance folder: remove those only.
        for path in stored_files(url, documents) - files_before:
            path.unlink(missing_ok=True)
        if succeeded:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"bench failed; its logs and database are kept in {work}", file=sys.stderr)
    report(ours, batch, office, args)


def stored_files(url: str, documents: Path) -> set[Path]:
    """Return the files the bench database says were rendered."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT checksum, format FROM rendered_documents"))
            return {documents / f"{checksum}.{fmt}" for checksum, fmt in rows}
    except Exception:
        return set()
    finally:
        engine.dispose()


def report(ours: dict, batch: dict, office: dict, args) -> None:
    """Print the results as one table and the ratios."""
    per_letter_batch = batch["wall"] * 1000 / batch["done"]
    office_batch = office["batch"] * 1000 / LIBREOFFICE_BATCH
    rows = [
        ("Ours, DOCX, one letter (warm, median)", f"{ours['docx']:.1f}"),
        ("Ours, PDF, one letter (warm, median)", f"{ours['pdf']:.1f}"),
        (
            f"Ours, batch of {batch['done']} letters (DOCX+PDF), {WORKERS} RQ workers, "
            f"{batch['jobs']} jobs: wall {batch['wall']:.2f} s",
            f"{per_letter_batch:.1f}",
        ),
        (
            "LibreOffice DOCX->PDF, one file per call (cold process)",
            f"{office['single'] * 1000:.0f}",
        ),
        (
            f"LibreOffice DOCX->PDF, {LIBREOFFICE_BATCH} files in one call: "
            f"{office['batch']:.2f} s",
            f"{office_batch:.0f}",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"\nNotice letter with a {UNITS}-unit table; {args.repeat} timed runs; ms per letter")
    print(f"{'measure'.ljust(width)} | ms/letter")
    print(f"{'-' * width}-+-{'-' * 9}")
    for name, value in rows:
        print(f"{name.ljust(width)} | {value:>9}")
    print()
    print(f"PDF(ours) / LibreOffice batch per letter: {ours['pdf'] / office_batch:.3f}")
    print(
        f"PDF(ours) / LibreOffice one-file call:     {ours['pdf'] / (office['single'] * 1000):.3f}"
    )
    print(
        f"Load average (1, 5, 15 min) at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(
        f"Batch: first job started {batch['first_start']:.2f} s after the first enqueue "
        f"(worker start-up); LibreOffice's first call (new profile) took {office['first']:.2f} s."
    )


if __name__ == "__main__":
    main()

"""Benchmark /verify: an ordinary signed letter, and a large signed letter whose appended update
adds thousands of signature fields pointing to its one signature.

    .venv/bin/python bench/verify.py [--repeat 5] [--fields 2000] [--megabytes 10] [--before 50]

1. Builds a temporary SQLite database (migrated) and instance folder: a local CA, a signer with
   a certificate of it, the directive letter of the test samples rendered and signed through the
   app (webapp.signing.pdf.sign_pdf).
2. The large file: the same letter with --megabytes of incompressible data added before
   signing, then an update adding --fields signature fields whose value is the signature's
   dictionary (tests/webapp/signing/appended.py, the file the tests check).
3. Times POST /verify through the app's test client, upload and the child process that checks
   it included, --repeat times per file (median); counts the signatures one check validates.
4. With --before N, times pyHanko validating the large file's first N fields one after another,
   as /verify did before it checked each distinct signature once, and scales it to every field.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def make_app(url: str, instance: Path):
    """Return an app on the bench database and instance folder, without CSRF or a check limit."""
    from webapp import create_app

    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SQLALCHEMY_DATABASE_URI": url,
            "REDIS_URL": None,
            "WTF_CSRF_ENABLED": False,
            "VERIFY_MAX_PER_ADDRESS": 1_000_000,
        }
    )
    app.instance_path = str(instance)
    return app


def build_files(megabytes: int, fields: int) -> tuple[bytes, bytes]:
    """Return the ordinary signed letter and the large one with its appended fields."""
    from flask_migrate import upgrade
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    from tests.webapp.signing import appended
    from tests.webapp.signing.certificates import letter_with_certificate
    from webapp.extensions import db
    from webapp.signing.letters import mark_place
    from webapp.signing.pdf import sign_pdf

    upgrade()
    letter, pdf, anchor = letter_with_certificate()
    ordinary = sign_pdf(pdf, letter.signer, mark_place(anchor), "Ký ban hành")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.add_object(generic.StreamObject(stream_data=os.urandom(megabytes * 2**20)))
    padded = io.BytesIO()
    writer.write(padded)
    large = sign_pdf(padded.getvalue(), letter.signer, mark_place(anchor), "Ký ban hành")
    db.session.commit()
    return ordinary, appended.with_fields_sharing_the_signature(large, fields)


def time_verify(client, data: bytes, repeat: int) -> tuple[float, list[str]]:
    """Return the median seconds of POST /verify for the file and the statuses it reported."""
    seconds, page = [], ""
    for _ in range(repeat):
        started = time.perf_counter()
        answer = client.post(
            "/verify",
            data={"file": (io.BytesIO(data), "cong-van.pdf")},
            content_type="multipart/form-data",
        )
        seconds.append(time.perf_counter() - started)
        assert answer.status_code == 200, answer.status_code
        page = answer.get_data(as_text=True)
    statuses = [part.split('"')[0] for part in page.split('data-status="')[1:]]
    return statistics.median(seconds), statuses


def count_validations(data: bytes) -> int:
    """Return how many signatures one check of the file validates, counted in this process."""
    # /verify checks in a child process, whose counts stay there.
    import webapp.signing.verify as verify

    validate, validated = verify.validate_pdf_signature, []

    def counting(*args, **kwargs):
        validated.append(1)
        return validate(*args, **kwargs)

    verify.validate_pdf_signature = counting
    try:
        verify.verify_pdf(data)
    finally:
        verify.validate_pdf_signature = validate
    return len(validated)


def time_before(data: bytes, count: int) -> tuple[float, int]:
    """Return the seconds pyHanko takes to validate the first `count` fields, and the fields."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from webapp.signing.verify import trust_roots

    started = time.perf_counter()
    signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    for signature in signatures[:count]:
        validate_pdf_signature(signature, signer_validation_context=context)
    return time.perf_counter() - started, len(signatures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fields", type=int, default=2000)
    parser.add_argument("--megabytes", type=int, default=10)
    parser.add_argument("--before", type=int, default=0, metavar="N")
    args = parser.parse_args()
    # pyHanko logs each rejected update with its traceback: once per check, and once per field
    # in --before, which would drown the figures.
    logging.getLogger("pyhanko").setLevel(logging.ERROR)

    work = Path(tempfile.mkdtemp(prefix="bench-verify-"))
    try:
        app = make_app(f"sqlite:///{work / 'bench.sqlite3'}", work / "instance")
        with app.app_context():
            ordinary, large = build_files(args.megabytes, args.fields)
            client = app.test_client()
            small = (*time_verify(client, ordinary, args.repeat), count_validations(ordinary))
            bounded = (*time_verify(client, large, args.repeat), count_validations(large))
            before = time_before(large, args.before) if args.before else None
    finally:
        shutil.rmtree(work, ignore_errors=True)

    fields = f"{args.fields:,}-field file"
    print(f"verify  ordinary letter  {small[0]:.2f} s   {fields}  {bounded[0]:.2f} s (bounded)")
    print(
        f"  ordinary letter: {len(ordinary) / 1024:.0f} KB, {small[2]} signature validated, "
        f"reported {', '.join(small[1])}"
    )
    print(
        f"  {fields}: {len(large) / 2**20:.1f} MB, {bounded[2]} signature validated, "
        f"reported {', '.join(bounded[1])}; median of {args.repeat}, upload included"
    )
    if before:
        spent, total = before
        per_field = spent / min(args.before, total)
        print(
            f"  before (pyHanko, every field in turn): {min(args.before, total)} fields "
            f"{spent:.2f} s, so {total:,} fields about {per_field * total:.0f} s"
        )
    print(f"  load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

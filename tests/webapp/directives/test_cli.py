"""`flask draft`, `flask sign` and `flask render`."""

from __future__ import annotations

import pytest

from tests.factories import lead_codes, small_city
from webapp.directives.models import Directive, DirectiveState, LetterKind
from webapp.extensions import db


@pytest.fixture
def city(app):
    built = small_city()
    db.session.commit()
    return built


def invoke(runner, *args: str):
    return runner.invoke(args=list(args))


def drafted_id(runner, *extra: str) -> int:
    result = invoke(runner, "draft", "--period", "2024-01", *extra)
    assert result.exit_code == 0, result.output
    return int(result.stdout.strip())


def test_draft_prints_the_new_letters_id(runner, city):
    directive = db.session.get(Directive, drafted_id(runner))

    assert directive.kind == LetterKind.DIRECTIVE
    assert directive.state == DirectiveState.DRAFT
    assert lead_codes(directive)[0] == {"TAMPHUOC", "BUUHOA"}
    notice = db.session.get(Directive, drafted_id(runner, "--kind", "notice"))
    assert notice.kind == LetterKind.NOTICE


def test_draft_refusals_go_to_stderr(runner, city):
    result = invoke(runner, "draft", "--period", "2023-01")
    assert result.exit_code == 1
    assert "Chưa có số liệu tháng 01/2023" in result.stderr
    assert result.stdout == ""

    assert invoke(runner, "draft", "--period", "2024-01", "--kind", "apology").exit_code == 2
    assert invoke(runner, "draft").exit_code == 2
    result = invoke(runner, "draft", "--period", "2024-1")
    assert result.exit_code == 1
    assert "YYYY-MM" in result.stderr


def test_sign_submits_a_draft_and_prints_number_and_symbol(runner, city, monkeypatch):
    from webapp.jobs import queue

    monkeypatch.setattr(queue, "enqueue", lambda func, *args: None)
    first, second = drafted_id(runner), drafted_id(runner, "--kind", "criticism")

    assert invoke(runner, "sign", str(first), "--as", "chutich").stdout == "01/UBND-VP\n"
    assert invoke(runner, "sign", str(second), "--as", "phochutich").stdout == "02/UBND-VP\n"

    directive = db.session.get(Directive, first)
    assert directive.state == DirectiveState.SIGNED
    assert directive.signer == city.chairman.signer
    assert directive.submitted_at is not None


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("vanphong", "Chỉ lãnh đạo được ký duyệt văn bản."),
        ("lanhdao-khac", "chưa được khai báo là người ký"),
        ("khongco", "Không có tài khoản đang hoạt động tên “khongco”."),
    ],
)
def test_sign_refuses_who_may_not_sign(runner, city, username, message):
    directive_id = drafted_id(runner)

    result = invoke(runner, "sign", str(directive_id), "--as", username)

    assert result.exit_code == 1
    assert message in result.stderr
    directive = db.session.get(Directive, directive_id)
    assert (directive.state, directive.number) == (DirectiveState.DRAFT, None)


def test_sign_refuses_a_missing_or_signed_letter(runner, city, monkeypatch):
    from webapp.jobs import queue

    monkeypatch.setattr(queue, "enqueue", lambda func, *args: None)
    directive_id = drafted_id(runner)
    assert invoke(runner, "sign", str(directive_id), "--as", "chutich").exit_code == 0

    again = invoke(runner, "sign", str(directive_id), "--as", "chutich")
    missing = invoke(runner, "sign", "999999", "--as", "chutich")

    assert again.exit_code == 1
    assert "Không thể ký duyệt văn bản đang ở trạng thái “Đã ký”" in again.stderr
    assert missing.exit_code == 1
    assert "Không có văn bản số hiệu 999999." in missing.stderr


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("pdf", b"%PDF")])
def test_render_writes_the_letter_to_a_file(runner, city, tmp_path, fmt, magic):
    out = tmp_path / f"cong-van.{fmt}"

    result = invoke(runner, "render", str(drafted_id(runner)), "--format", fmt, "--out", str(out))

    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    assert str(out) in result.stdout


def test_render_refuses_a_missing_letter_or_an_unwritable_path(runner, city, tmp_path):
    missing = invoke(runner, "render", "999999", "--format", "pdf", "--out", str(tmp_path / "x"))
    assert missing.exit_code == 1
    assert "Không có văn bản số hiệu 999999." in missing.stderr

    folder = tmp_path / "khong-co" / "x.pdf"
    result = invoke(
        runner, "render", str(drafted_id(runner)), "--format", "pdf", "--out", str(folder)
    )
    assert result.exit_code == 1
    assert "Không ghi được tệp" in result.stderr

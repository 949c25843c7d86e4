"""`flask demo`: the demo city of Biên Hòa with its units, signers and logins."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import func, select

from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.signers.models import IssuingBody, Signer
from webapp.units.models import Unit, UnitKind

DEMO_PASSWORD = "mat-khau-demo-2026"
ISSUING_BODY_NAME = "ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA"
STAFF_ROLES = {
    "vanphong": Role.OFFICE,
    "chutich": Role.LEADER,
    "phochutich": Role.LEADER,
    "admin": Role.ADMIN,
}


def _run_demo(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result


def _printed_logins(output: str) -> dict[str, tuple[str, str]]:
    """Read the printed table: username -> (role, password)."""
    lines = output.splitlines()
    table = lines[
        lines.index(next(line for line in lines if line.startswith("tên đăng nhập"))) + 1 :
    ]
    logins = {}
    for line in table:
        fields = line.split()
        if fields:
            logins[fields[0]] = (fields[1], fields[-1])
    return logins


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def demo_password(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    return DEMO_PASSWORD


def test_demo_creates_the_issuing_body_and_every_unit(runner, demo_password):
    _run_demo(runner)

    body = db.session.scalar(select(IssuingBody))
    assert body.name == ISSUING_BODY_NAME
    kinds = dict(db.session.execute(select(Unit.kind, func.count()).group_by(Unit.kind)).all())
    assert kinds == {UnitKind.DEPARTMENT: 4, UnitKind.WARD: 29, UnitKind.COMMUNE: 1}
    assert db.session.scalar(select(Unit.name).where(Unit.code == "HIEPHOA")) == "UBND xã Hiệp Hòa"


def test_demo_creates_staff_and_one_user_per_unit(runner, demo_password):
    _run_demo(runner)

    for username, role in STAFF_ROLES.items():
        user = db.session.scalar(select(User).where(User.username == username))
        assert user is not None, username
        assert user.role == role
        assert user.active
    units = db.session.scalars(select(Unit)).all()
    assert len(units) == 34
    for unit in units:
        user = db.session.scalar(select(User).where(User.username == unit.code.lower()))
        assert user is not None, unit.code
        assert user.role == Role.UNIT
        assert user.unit_id == unit.id
    assert _count(User) == len(STAFF_ROLES) + len(units)


def test_demo_signers_sign_with_their_titles(runner, demo_password):
    _run_demo(runner)

    signers = {s.user.username: s for s in db.session.scalars(select(Signer))}
    assert set(signers) == {"chutich", "phochutich"}
    chairman, vice_chairman = signers["chutich"], signers["phochutich"]
    assert (chairman.authority, chairman.title) == ("", "CHỦ TỊCH")
    assert (vice_chairman.authority, vice_chairman.title) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert chairman.signature_lines == ["CHỦ TỊCH"]
    assert vice_chairman.signature_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert {s.issuing_body.name for s in signers.values()} == {ISSUING_BODY_NAME}
    assert chairman.active and vice_chairman.active


def test_demo_prints_every_login_with_the_demo_password(runner, demo_password):
    result = _run_demo(runner)

    logins = _printed_logins(result.stdout)
    usernames = set(db.session.scalars(select(User.username)))
    assert set(logins) == usernames
    assert {logins[name][0] for name in STAFF_ROLES} == {"office", "leader", "admin"}
    assert {password for _role, password in logins.values()} == {DEMO_PASSWORD}
    assert "anbinh" in result.stdout and "ANBINH" in result.stdout


def test_demo_twice_creates_no_duplicates(runner, demo_password):
    _run_demo(runner)
    counts = {model: _count(model) for model in (IssuingBody, Unit, User, Signer)}

    _run_demo(runner)

    assert {model: _count(model) for model in counts} == counts
    assert counts == {IssuingBody: 1, Unit: 34, User: 38, Signer: 2}


def test_every_demo_user_logs_in_with_the_printed_password(runner, auth, demo_password):
    logins = _printed_logins(_run_demo(runner).stdout)
    assert len(logins) == 38

    for username, (_role, password) in logins.items():
        response = auth.login(username, password)
        assert response.status_code == 302, username
        assert auth.logout().status_code == 302


def test_demo_without_demo_password_prints_generated_passwords_that_work(runner, auth, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)

    logins = _printed_logins(_run_demo(runner).stdout)

    passwords = [password for _role, password in logins.values()]
    assert len(set(passwords)) == len(passwords) == 38
    for username in ("vanphong", "chutich", "anbinh"):
        assert auth.login(username, logins[username][1]).status_code == 302
        auth.logout()


def test_second_demo_run_refreshes_passwords(runner, auth, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "mat-khau-cu-2025")
    _run_demo(runner)
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    _run_demo(runner)

    assert auth.login("vanphong", "mat-khau-cu-2025").status_code == 401
    assert auth.login("vanphong", DEMO_PASSWORD).status_code == 302


def test_demo_names_and_output_are_nfc(runner, demo_password):
    output = _run_demo(runner).stdout

    texts = [
        *db.session.scalars(select(IssuingBody.name)),
        *db.session.scalars(select(IssuingBody.place)),
        *db.session.scalars(select(Unit.name)),
        *db.session.scalars(select(User.display_name)),
        *db.session.scalars(select(Signer.full_name)),
        *db.session.scalars(select(Signer.title)),
        *db.session.scalars(select(Signer.authority)),
    ]
    assert len(texts) == 2 + 34 + 38 + 3 * 2
    not_nfc = [text for text in [*texts, output] if unicodedata.normalize("NFC", text) != text]
    assert not_nfc == []

"""Taking numbers from the outgoing register: per body and year, from 01, no repeats, no gaps."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from tests import factories
from webapp.directives.models import Directive, LetterKind
from webapp.directives.numbering import take_number
from webapp.directives.register.models import RegisterCounter, RegisterEntry
from webapp.extensions import db
from webapp.signers.models import IssuingBody
from workflows.errors import Conflict, InvalidInput
from workflows.periods import LOCAL_ZONE, local_today


@pytest.fixture
def make_body(app):
    """Build an issuing body: make_body("UBND-VP")."""

    def build(symbol: str = "UBND-VP", name: str | None = None) -> IssuingBody:
        return factories.issuing_body(symbol, name=name or f"ỦY BAN NHÂN DÂN THÀNH PHỐ {symbol}")

    return build


@pytest.fixture
def make_directive(app):
    """Build an unnumbered directive: make_directive(body, date(2024, 1, 24))."""

    def build(body: IssuingBody, letter_date: date | None = None, **fields) -> Directive:
        return factories.letter(body, letter_date=letter_date, **fields)

    return build


def entries(body: IssuingBody, year: int) -> list[tuple[int, int]]:
    rows = db.session.execute(
        select(RegisterEntry.number, RegisterEntry.directive_id)
        .where(RegisterEntry.issuing_body_id == body.id, RegisterEntry.year == year)
        .order_by(RegisterEntry.number)
    )
    return [tuple(row) for row in rows]


def test_first_number_of_a_year_is_01(make_body, make_directive):
    body = make_body("UBND-VP")
    directive = make_directive(body, date(2024, 1, 1))

    assert take_number(directive) == 1

    assert directive.number == 1
    assert directive.symbol == "UBND-VP"
    assert directive.number_text == "01/UBND-VP"
    assert entries(body, 2024) == [(1, directive.id)]
    counter = db.session.scalar(select(RegisterCounter).where(RegisterCounter.year == 2024))
    assert (counter.issuing_body_id, counter.last_number) == (body.id, 1)


def test_numbers_follow_each_other(make_body, make_directive):
    body = make_body()
    letters = [make_directive(body, date(2024, 3, day)) for day in range(1, 13)]

    numbers = [take_number(letter) for letter in letters]

    assert numbers == list(range(1, 13))
    assert [letter.number_text for letter in letters[8:10]] == ["09/UBND-VP", "10/UBND-VP"]
    assert entries(body, 2024) == [
        (n, letter.id) for n, letter in zip(numbers, letters, strict=True)
    ]


def test_a_new_year_starts_again_at_01(make_body, make_directive):
    body = make_body()
    december = [make_directive(body, date(2023, 12, 30)) for _ in range(3)]
    for letter in december:
        take_number(letter)

    january = make_directive(body, date(2024, 1, 2))
    late_2023 = make_directive(body, date(2023, 12, 31))

    assert take_number(january) == 1
    assert january.number_text == "01/UBND-VP"
    assert take_number(late_2023) == 4
    assert [n for n, _ in entries(body, 2023)] == [1, 2, 3, 4]
    assert [n for n, _ in entries(body, 2024)] == [1]


def test_each_issuing_body_has_its_own_register(make_body, make_directive):
    city = make_body("UBND-VP")
    office = make_body("VP", name="VĂN PHÒNG UBND THÀNH PHỐ BIÊN HÒA")
    day = date(2024, 5, 6)

    assert take_number(make_directive(city, day)) == 1
    assert take_number(make_directive(city, day)) == 2
    office_letter = make_directive(office, day)
    assert take_number(office_letter) == 1
    assert office_letter.number_text == "01/VP"
    assert take_number(make_directive(city, day)) == 3
    assert [n for n, _ in entries(office, 2024)] == [1]


def test_a_rolled_back_signing_gives_its_number_back(make_body, make_directive):
    body = make_body()
    first = make_directive(body, date(2024, 2, 1))
    take_number(first)
    abandoned = make_directive(body, date(2024, 2, 2))
    abandoned_id = abandoned.id

    savepoint = db.session.begin_nested()
    assert take_number(abandoned) == 2
    savepoint.rollback()

    reloaded = db.session.get(Directive, abandoned_id)
    assert reloaded.number is None
    assert reloaded.symbol == ""
    assert entries(body, 2024) == [(1, first.id)]
    assert take_number(reloaded) == 2
    assert take_number(make_directive(body, date(2024, 2, 3))) == 3


def test_a_numbered_directive_is_refused(make_body, make_directive):
    body = make_body()
    directive = make_directive(body, date(2024, 1, 24))
    take_number(directive)

    with pytest.raises(Conflict, match="đã được lấy số 01/UBND-VP"):
        take_number(directive)

    assert entries(body, 2024) == [(1, directive.id)]
    assert take_number(make_directive(body, date(2024, 1, 25))) == 2


def test_a_number_set_by_hand_is_refused_too(make_body, make_directive):
    body = make_body()
    directive = make_directive(body, date(2024, 1, 24), number=7)

    with pytest.raises(Conflict, match="đã được lấy số 07"):
        take_number(directive)

    assert db.session.scalar(select(func.count()).select_from(RegisterEntry)) == 0


def test_an_undated_directive_is_dated_today_in_vietnam(make_body, make_directive):
    body = make_body()
    directive = make_directive(body)

    take_number(directive)

    today = datetime.now(LOCAL_ZONE).date()
    assert local_today() == today
    assert directive.letter_date == today
    assert entries(body, today.year) == [(1, directive.id)]


def test_a_directive_without_issuing_body_is_refused(app):
    directive = Directive(kind=LetterKind.NOTICE, subject="kết quả tháng 01/2024")

    with pytest.raises(InvalidInput, match="chưa có cơ quan ban hành"):
        take_number(directive)

    assert directive.number is None


def test_an_unsaved_directive_is_saved_and_numbered(make_body):
    body = make_body()
    directive = Directive(kind=LetterKind.REMINDER, issuing_body_id=body.id, subject="đôn đốc")

    assert take_number(directive) == 1

    assert directive.id is not None
    assert entries(body, directive.letter_date.year) == [(1, directive.id)]

"""What the register says was directed before: for each unit and finding rule, the issued letters
of earlier months that named the unit under that finding (an assignment it led, whose criterion
is the rule's figure). A draft may say "đã chỉ đạo tại Văn bản số …" only on this evidence."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.directives.models import Assignment, Directive, DirectiveState
from webapp.extensions import db
from webapp.signers.models import IssuingBody
from workflows.letters.draft_types import EarlierLetter
from workflows.rules.findings import Rule

SENT_STATES = (DirectiveState.ISSUED, DirectiveState.CLOSED)
# The criterion's figure a rule's assignment carries (wording.criterion).
RULE_OF_FIGURE = {
    "on_time_rate": Rule.RATE_BELOW_THRESHOLD,
    "closed_late_in_software": Rule.CLOSED_LATE_IN_SOFTWARE,
    "complaints": Rule.COMPLAINTS,
    "pending_overdue": Rule.PENDING_OVERDUE,
    "late_caused_elsewhere": Rule.DELAYED_OTHERS,
}


def directed_before(body: IssuingBody, period: str) -> dict[tuple[str, str], list[EarlierLetter]]:
    """{(unit code, rule): [earlier letters, oldest first]} from the letters sent before `period`."""
    letters = db.session.scalars(
        select(Directive)
        .where(
            Directive.issuing_body_id == body.id,
            Directive.state.in_(SENT_STATES),
            Directive.period < period,
            Directive.number.is_not(None),
            Directive.letter_date.is_not(None),
        )
        .options(selectinload(Directive.assignments).selectinload(Assignment.unit_links))
        .order_by(Directive.letter_date, Directive.id)
    )
    found: dict[tuple[str, str], list[EarlierLetter]] = defaultdict(list)
    for letter in letters:
        cited = EarlierLetter(letter.number_text, letter.letter_date, letter.subject)
        for assignment in letter.assignments:
            rule = RULE_OF_FIGURE.get((assignment.criterion or {}).get("figure"))
            if rule is None:
                continue
            for unit in assignment.lead_units:
                named = found[unit.code, rule.value]
                if cited not in named:
                    named.append(cited)
    return dict(found)

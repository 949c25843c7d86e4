"""Check the office's edits to a draft letter, apply them, and describe a letter for the audit trail."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from webapp.directives.annex import build_annex
from webapp.directives.models import Assignment, AssignmentUnit, Directive, UnitRole
from webapp.extensions import db
from webapp.grounds.queries import grounds_by_ids
from webapp.signers.models import Signer
from webapp.stats.models import FIGURE_FIELDS
from webapp.units.models import Unit
from workflows.errors import InvalidInput
from workflows.letters.grounds import grounds_clause, with_grounds

SUBJECT_MAX = 500
TEXT_MAX = 5000
LINE_MAX = 300
LEAD_IN_MAX = 1000
PARAGRAPHS_MAX = 30
LINES_MAX = 60
ASSIGNMENTS_MAX = 60
SUB_ITEMS_MAX = 20
LIST_FIELDS = {
    # field: (longest item, most items, at least one item, label)
    "addressees": (LINE_MAX, LINES_MAX, True, "nơi nhận"),
    "opening": (TEXT_MAX, PARAGRAPHS_MAX, False, "đoạn"),
    "closing": (TEXT_MAX, PARAGRAPHS_MAX, False, "đoạn"),
    "recipients": (LINE_MAX, LINES_MAX, False, "nơi nhận"),
}
EDITABLE = ("subject", "addressees", "opening", "lead_in", "closing", "recipients")
EDITABLE += ("signer_id", "assignments", "annex", "ground_ids")
ASSIGNMENT_KEYS = ("heading", "text", "sub_items", "deadline", "criterion")
ASSIGNMENT_KEYS += ("lead_unit_codes", "supporting_unit_codes")
CRITERION_FIGURES = ("on_time_rate", *FIGURE_FIELDS, "late_caused_elsewhere")
CRITERION_OPS = (">=", ">", "<=", "<", "==")


@dataclass
class CleanAssignment:
    heading: str
    text: str
    sub_items: list[str]
    deadline: date | None
    criterion: dict | None
    leads: list[Unit]
    supports: list[Unit]


class _Problems:
    def __init__(self) -> None:
        self.items: list[dict] = []

    def add(self, field: str, message: str) -> None:
        self.items.append({"field": field, "message": message})

    def text(self, value, field: str, maximum: int, required: bool = False) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(field, "Phải là chuỗi ký tự.")
            return ""
        value = unicodedata.normalize("NFC", value).strip()
        if required and not value:
            self.add(field, "Không được để trống.")
        elif len(value) > maximum:
            self.add(field, f"Dài tối đa {maximum} ký tự (hiện có {len(value)}).")
        return value

    def lines(self, value, field: str, longest: int, most: int, label: str) -> list[str]:
        if value is None:
            value = []
        if not isinstance(value, list | tuple):
            self.add(field, "Phải là một danh sách.")
            return []
        cleaned = [self.text(item, f"{field}.{i}", longest) for i, item in enumerate(value)]
        cleaned = [item for item in cleaned if item]
        if len(cleaned) > most:
            self.add(field, f"Tối đa {most} {label}.")
        return cleaned


def clean_changes(directive: Directive, changes: dict) -> dict:
    """Return the edits checked and normalised, or raise InvalidInput listing every problem."""
    problems = _Problems()
    if not isinstance(changes, dict):
        raise InvalidInput("Dữ liệu sửa dự thảo không đúng dạng.")
    for key in changes:
        if key not in EDITABLE:
            problems.add(key, "Trường này không sửa được.")
    cleaned: dict = {}
    if "subject" in changes:
        subject = problems.text(changes["subject"], "subject", SUBJECT_MAX, required=True)
        cleaned["subject"] = subject.removeprefix("V/v ").strip()
    if "lead_in" in changes:
        cleaned["lead_in"] = problems.text(changes["lead_in"], "lead_in", LEAD_IN_MAX)
    for key, (longest, most, required, label) in LIST_FIELDS.items():
        if key in changes:
            cleaned[key] = problems.lines(changes[key], key, longest, most, label)
            if required and not cleaned[key]:
                problems.add(key, f"Cần ít nhất một {label}.")
    if "signer_id" in changes:
        cleaned["signer"] = _signer(directive, changes["signer_id"], problems)
    if "assignments" in changes:
        cleaned["assignments"] = _assignments(directive, changes["assignments"], problems)
    if "annex" in changes:
        cleaned["annex"] = _annex(directive, changes["annex"], problems)
    if "ground_ids" in changes:
        cleaned["ground_ids"] = _grounds(changes["ground_ids"], problems)
    if problems.items:
        raise InvalidInput("Dự thảo chưa hợp lệ; chưa lưu thay đổi nào.", problems.items)
    return cleaned


def _grounds(value, problems: _Problems) -> list[int] | None:
    """The chosen grounds' ids, each one kept; None when one is unknown."""
    if not isinstance(value, list | tuple) or not all(
        isinstance(item, int) and not isinstance(item, bool) for item in value
    ):
        problems.add("ground_ids", "Phải là danh sách số hiệu căn cứ.")
        return None
    ids = list(dict.fromkeys(value))
    known = {ground.id for ground in grounds_by_ids(ids)}
    if unknown := [str(i) for i in ids if i not in known]:
        problems.add("ground_ids", f"Không có căn cứ số {', '.join(unknown)}.")
        return None
    return ids


def _annex(directive: Directive, wanted, problems: _Problems) -> dict | None:
    """The annex drafted now from the month's findings, when it is wanted."""
    if not isinstance(wanted, bool):
        problems.add("annex", "Phải là true hoặc false.")
        return None
    if not wanted:
        return None
    annex = build_annex(directive)
    if annex is None:
        problems.add("annex", "Tháng của văn bản không có đơn vị nào chưa đạt để lập Phụ lục.")
    return annex


def _signer(directive: Directive, value, problems: _Problems) -> Signer | None:
    if value in (None, ""):
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        problems.add("signer_id", "Phải là số nguyên.")
        return None
    signer = db.session.get(Signer, value)
    if signer is None or not signer.active or signer.issuing_body_id != directive.issuing_body_id:
        problems.add("signer_id", f"Không có người ký số {value} của cơ quan ban hành.")
    return signer


def _assignments(directive: Directive, value, problems: _Problems) -> list[CleanAssignment]:
    if not isinstance(value, list | tuple):
        problems.add("assignments", "Phải là một danh sách.")
        return []
    if len(value) > ASSIGNMENTS_MAX:
        problems.add("assignments", f"Tối đa {ASSIGNMENTS_MAX} nhiệm vụ.")
        return []
    codes = {
        code
        for item in value
        if isinstance(item, dict)
        for key in ("lead_unit_codes", "supporting_unit_codes")
        if isinstance(item.get(key), list | tuple)
        for code in item[key]
        if isinstance(code, str)
    }
    units = {u.code: u for u in db.session.scalars(select(Unit).where(Unit.code.in_(codes)))}
    criteria = {a.heading: a.criterion for a in directive.assignments}
    cleaned = []
    for index, item in enumerate(value):
        where = f"assignments.{index}"
        if not isinstance(item, dict):
            problems.add(where, "Mỗi nhiệm vụ phải là một đối tượng.")
            continue
        for key in item:
            if key not in ASSIGNMENT_KEYS:
                problems.add(f"{where}.{key}", "Trường này không sửa được.")
        heading = problems.text(item.get("heading"), f"{where}.heading", TEXT_MAX)
        text = problems.text(item.get("text"), f"{where}.text", TEXT_MAX, required=True)
        sub_items = problems.lines(
            item.get("sub_items"), f"{where}.sub_items", TEXT_MAX, SUB_ITEMS_MAX, "ý"
        )
        leads = _units(item.get("lead_unit_codes"), f"{where}.lead_unit_codes", units, problems)
        supports = _units(
            item.get("supporting_unit_codes"), f"{where}.supporting_unit_codes", units, problems
        )
        if not leads:
            problems.add(f"{where}.lead_unit_codes", "Cần ít nhất một đơn vị chủ trì.")
        if set(leads) & set(supports):
            problems.add(
                f"{where}.supporting_unit_codes",
                "Một đơn vị không thể vừa chủ trì vừa phối hợp cùng nhiệm vụ.",
            )
        if "criterion" in item:
            criterion = _criterion(item["criterion"], f"{where}.criterion", problems)
        else:
            # An item whose heading is kept keeps the measurable criterion it was drafted with.
            criterion = criteria.get(heading)
        deadline = _deadline(item.get("deadline"), f"{where}.deadline", problems)
        cleaned.append(
            CleanAssignment(heading, text, sub_items, deadline, criterion, leads, supports)
        )
    return cleaned


def _units(value, field: str, units: dict[str, Unit], problems: _Problems) -> list[Unit]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(c, str) for c in value):
        problems.add(field, "Phải là danh sách mã đơn vị.")
        return []
    found: list[Unit] = []
    for code in dict.fromkeys(value):
        if code in units:
            found.append(units[code])
        else:
            problems.add(field, f"Không có đơn vị mã “{code}”.")
    return found


def _deadline(value, field: str, problems: _Problems) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.add(field, f"Hạn hoàn thành phải là ngày dạng YYYY-MM-DD, nhận được {value!r}.")
    return None


def _criterion(value, field: str, problems: _Problems) -> dict | None:
    if value is None:
        return None
    valid = (
        isinstance(value, dict)
        and set(value) == {"figure", "op", "value"}
        and value["figure"] in CRITERION_FIGURES
        and value["op"] in CRITERION_OPS
        and isinstance(value["value"], int | float)
        and not isinstance(value["value"], bool)
    )
    if not valid:
        problems.add(
            field,
            'Tiêu chí phải có dạng {"figure": ..., "op": ">=", "value": số}, figure là '
            "một trong: " + ", ".join(CRITERION_FIGURES) + ".",
        )
        return None
    return dict(value)


def apply_changes(directive: Directive, cleaned: dict) -> None:
    """Write checked edits into the letter, replacing its assignments when they were given."""
    for key in ("subject", "lead_in", *LIST_FIELDS):
        if key in cleaned:
            setattr(directive, key, cleaned[key])
    if "signer" in cleaned:
        directive.signer = cleaned["signer"]
    if "annex" in cleaned:
        directive.annex = cleaned["annex"]
    if cleaned.get("ground_ids") is not None and cleaned["ground_ids"] != list(
        directive.ground_ids or []
    ):
        # Other grounds chosen: the opening cites them instead, its review and findings kept.
        directive.ground_ids = cleaned["ground_ids"]
        chosen = [ground.citation() for ground in grounds_by_ids(directive.ground_ids)]
        directive.opening = with_grounds(
            directive.opening or [], grounds_clause(chosen, directive.period or "")
        )
    if "assignments" in cleaned:
        # Delete the old items first: the new ones reuse their positions.
        directive.assignments.clear()
        db.session.flush()
        for position, item in enumerate(cleaned["assignments"], start=1):
            links = [AssignmentUnit(unit=u, role=UnitRole.LEAD) for u in item.leads]
            links += [AssignmentUnit(unit=u, role=UnitRole.SUPPORT) for u in item.supports]
            directive.assignments.append(
                Assignment(
                    position=position,
                    heading=item.heading,
                    text=item.text,
                    sub_items=item.sub_items,
                    deadline=item.deadline,
                    criterion=item.criterion,
                    unit_links=links,
                )
            )
    db.session.flush()


def snapshot(directive: Directive) -> dict:
    """Return the letter's state and content as plain JSON, for the audit trail."""
    return {
        "state": directive.state.value,
        "kind": directive.kind.value,
        "period": directive.period,
        "subject": directive.subject,
        "addressees": list(directive.addressees or []),
        "opening": list(directive.opening or []),
        "lead_in": directive.lead_in,
        "closing": list(directive.closing or []),
        "recipients": list(directive.recipients or []),
        "signer_id": directive.signer.id if directive.signer else directive.signer_id,
        "annex": directive.annex is not None,
        "ground_ids": list(directive.ground_ids or []),
        "assignments": [
            {
                "position": item.position,
                "heading": item.heading,
                "text": item.text,
                "sub_items": list(item.sub_items or []),
                "deadline": item.deadline.isoformat() if item.deadline else None,
                "lead_unit_codes": [unit.code for unit in item.lead_units],
                "supporting_unit_codes": [unit.code for unit in item.supporting_units],
            }
            for item in directive.assignments
        ],
    }

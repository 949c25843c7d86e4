"""Draft a letter's content from a month's findings, on the model of letter 1522/UBND-THNC."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from workflows.errors import Conflict, InvalidInput
from workflows.letters import follow_up_wording, wording
from workflows.letters.draft_types import (
    AssignmentDraft,
    DraftRequest,
    EarlierLetter,
    LetterDraft,
)
from workflows.letters.naming import Units, count_text, group_findings, names_of, rate_text
from workflows.periods import period_label
from workflows.rules.findings import CityMonth, Finding, Rule

# The city-wide overdue series quotes at most this many months, as the Bắc Giang letter does.
SERIES_MONTHS = 4
DRAFTABLE = ("directive", "reminder", "criticism", "notice")
NOTICE_COLUMNS = (
    "STT",
    "Đơn vị",
    "Tiếp nhận",
    "Giải quyết đúng hạn",
    "Giải quyết quá hạn",
    "Đang giải quyết quá hạn",
    "Quên bấm kết thúc",
    "Phản ánh, kiến nghị",
    "Tỷ lệ đúng hạn (%)",
)


def draft_letter(request: DraftRequest) -> LetterDraft:
    """Return the content of a letter of the requested kind drafted from the period's findings."""
    drafters = {
        "directive": _directive,
        "reminder": _reminder,
        "criticism": _criticism,
        "notice": _notice,
    }
    if request.kind not in drafters:
        raise InvalidInput(
            f"Không soạn được loại văn bản “{request.kind}” từ kết quả số liệu.",
            [{"field": "kind", "message": "Phải là một trong: " + ", ".join(DRAFTABLE) + "."}],
        )
    units = Units(request.units, request.level, request.it_support_code, request.flag_at)
    return drafters[request.kind](request, units)


def base_subject(period: str) -> str:
    """Return "kết quả giải quyết hồ sơ thủ tục hành chính tháng 01/2024"."""
    return f"kết quả giải quyết hồ sơ thủ tục hành chính {period_label(period)}"


def overdue_series(city: Sequence[CityMonth], period: str) -> str:
    """Return "tháng 11/2023 có 24 hồ sơ quá hạn, ... và tháng 01/2024 có 30 ..." (empty under 2 months)."""
    months = [month for month in city if month.period <= period][-SERIES_MONTHS:]
    if len(months) < 2:
        return ""
    parts = [f"{period_label(m.period)} có {count_text(m.overdue)} hồ sơ quá hạn" for m in months]
    return ", ".join(parts[:-1]) + " và " + parts[-1]


def _deadline(request: DraftRequest) -> date:
    return request.drafted_on + timedelta(days=request.deadline_days)


def _flagged_sentence(members: Sequence[Finding], units: Units) -> str:
    flagged = [f for f in members if f.flagged]
    if not flagged:
        return ""
    listed = ", ".join(
        f"{units.short(f.unit_code)} ({count_text(f.repeat_count)} lần trong 12 tháng)"
        for f in flagged
    )
    who = "các đơn vị" if len(flagged) > 1 else "đơn vị"
    return (
        f" Riêng {who} {listed} đã tái phạm từ {units.flag} lần trở lên phải có biện "
        "pháp xử lý trách nhiệm tập thể, cá nhân có liên quan và báo cáo kết quả xử lý về "
        f"{units.report_to}."
    )


def delays_clause(request: DraftRequest, members: Sequence[Finding], units: Units) -> str:
    """ "; trong tháng 01/2024, Phòng Quản lý đô thị thành phố làm chậm 05 hồ sơ của các phường An
    Bình, Tân Mai", for each unit of the group, from the month's inter-unit delays."""
    parts = []
    for finding in members:
        affected = request.delays.get(finding.unit_code, {})
        if not affected:
            continue
        total = sum(affected.values())
        names = names_of(units.ordered(affected), units)
        parts.append(
            f"{units.full(finding.unit_code)} làm chậm {count_text(total)} hồ sơ của {names}"
        )
    if not parts:
        return ""
    return f"; trong {period_label(request.period)}, " + "; ".join(parts)


def history_clause(
    request: DraftRequest, rule: Rule, members: Sequence[Finding], units: Units
) -> str:
    """ " (nội dung này UBND thành phố đã chỉ đạo tại Văn bản số 03/UBND-VP ngày 24/01/2024 nhưng
    chưa khắc phục)", citing the letters sent before that named the group's units under the same
    finding; empty when the register holds none."""
    cited: list[EarlierLetter] = []
    named: list[str] = []
    for finding in members:
        letters = request.directed_before.get((finding.unit_code, rule.value), ())
        if letters:
            named.append(finding.unit_code)
        cited += [letter for letter in letters if letter not in cited]
    if not cited:
        return ""
    cited.sort(key=lambda letter: (letter.letter_date, letter.number_text))
    where = ", ".join(
        f"Văn bản số {letter.number_text} ngày {letter.letter_date:%d/%m/%Y}" for letter in cited
    )
    which = "" if len(named) == len(members) else f"đối với {names_of(tuple(named), units)}, "
    return f" ({which}nội dung này {units.body} đã chỉ đạo tại {where} nhưng chưa khắc phục)"


def _group_assignments(request: DraftRequest, units: Units, texts: dict) -> list[AssignmentDraft]:
    deadline = _deadline(request)
    assignments = []
    for rule, members in group_findings(request.findings).items():
        codes = tuple(f.unit_code for f in members)
        often = all(f.repeat_count >= wording.OFTEN_FROM for f in members)
        heading = wording.group_heading(rule, members[0].threshold, names_of(codes, units), often)
        text = texts[rule](units, members)
        if rule == Rule.DELAYED_OTHERS:
            text += delays_clause(request, members, units)
        if texts is wording.DIRECTIVE_TEXTS:
            text += history_clause(request, rule, members, units)
        text += "." + _flagged_sentence(members, units)
        assignments.append(
            AssignmentDraft(
                heading=heading,
                text=text,
                lead_unit_codes=codes,
                deadline=deadline,
                criterion=wording.criterion(rule, members[0].threshold),
            )
        )
    return assignments


# An ongoing assignment (guidance, monitoring) has no deadline to invent: it says so.
ONGOING = " Thời gian thực hiện: thường xuyên."


def _department_assignments(request: DraftRequest, units: Units) -> list[AssignmentDraft]:
    assignments = []
    if units.vhtt is not None:
        reported = units.ordered(code for code in request.software_errors if code in units.by_code)
        if reported:
            # Wards reported software errors on dossiers they dispute: the department leads the
            # check, the wards concerned support it, by the deadline.
            total = sum(request.software_errors[code] for code in reported)
            assignments.append(
                AssignmentDraft(
                    heading=f"Giao {units.vhtt.name}",
                    text=wording.software_support_text(units)
                    + wording.software_errors_text(
                        units, request.period, names_of(tuple(reported), units), total
                    ),
                    lead_unit_codes=(units.vhtt.code,),
                    supporting_unit_codes=tuple(reported),
                    deadline=_deadline(request),
                )
            )
        else:
            assignments.append(
                AssignmentDraft(
                    heading=f"Giao {units.vhtt.name}",
                    text=wording.software_support_text(units) + ONGOING,
                    lead_unit_codes=(units.vhtt.code,),
                )
            )
    if units.nv is not None:
        assignments.append(
            AssignmentDraft(
                heading=f"Giao {units.nv.name}",
                text=wording.follow_up_text(units, request.period[:4]) + ONGOING,
                lead_unit_codes=(units.nv.code,),
            )
        )
    return assignments


def _addressees(assignments: Sequence[AssignmentDraft], units: Units) -> tuple[str, ...]:
    """Return the departments that lead an assignment, then "UBND các phường, xã" for the wards."""
    names: list[str] = []
    local = False
    for assignment in assignments:
        for code in assignment.lead_unit_codes:
            unit = units.by_code.get(code)
            if unit is not None and units.is_local(unit):
                local = True
            elif (name := unit.name if unit else code) not in names:
                names.append(name)
    if local:
        names.append(f"UBND các {units.local_words}")
    return tuple(names)


def _directive(request: DraftRequest, units: Units) -> LetterDraft:
    opening = [wording.findings_paragraph(request, units)]
    series = overdue_series(request.city, request.period)
    if series:
        opening.append(
            f"Theo thống kê, trên địa bàn {request.level} trong những tháng gần đây vẫn để xảy ra "
            f"tình trạng hồ sơ giải quyết quá hạn, cụ thể: {series}."
        )
    assignments = _group_assignments(request, units, wording.DIRECTIVE_TEXTS)
    if units.local:
        assignments.append(
            AssignmentDraft(
                heading=f"Giao Chủ tịch {units.local_scope}",
                text=wording.local_text(units) + ONGOING,
                lead_unit_codes=tuple(u.code for u in units.local),
            )
        )
    assignments += _department_assignments(request, units)
    return LetterDraft(
        kind="directive",
        subject=f"{base_subject(request.period)} và chấn chỉnh công tác giải quyết "
        "thủ tục hành chính",
        addressees=_addressees(assignments, units),
        opening=tuple(opening),
        lead_in=f"{units.chair} chỉ đạo như sau:",
        assignments=tuple(assignments),
        closing=(wording.closing_text(units),),
        recipients=units.recipients,
    )


def _reminder(request: DraftRequest, units: Units) -> LetterDraft:
    if not request.findings:
        raise Conflict(
            f"{period_label(request.period).capitalize()} không có đơn vị nào chưa đạt để đôn đốc."
        )
    assignments = _group_assignments(
        request, units, follow_up_wording.reminder_texts(request.earlier)
    )
    return LetterDraft(
        kind="reminder",
        subject=f"{base_subject(request.period)} và đôn đốc khắc phục tồn tại",
        addressees=tuple(units.full(code) for code in _unit_codes(request.findings)),
        opening=(follow_up_wording.reminder_paragraph(request, units),),
        lead_in=f"{units.chair} yêu cầu Thủ trưởng các đơn vị nêu trên:",
        assignments=tuple(assignments),
        closing=(
            f"Yêu cầu Thủ trưởng các đơn vị nghiêm túc thực hiện, báo cáo kết quả về "
            f"{units.report_to} đúng thời hạn./.",
        ),
        recipients=units.recipients,
    )


def _criticism(request: DraftRequest, units: Units) -> LetterDraft:
    flagged = [f for f in request.findings if f.flagged]
    if not flagged:
        raise Conflict(
            f"{period_label(request.period).capitalize()} không có đơn vị nào tái phạm từ "
            f"{units.flag} lần trở lên để phê bình."
        )
    codes = _unit_codes(flagged)
    assignments = [
        AssignmentDraft(
            heading=f"Đối với các đơn vị bị phê bình ({names_of(codes, units)})",
            text=follow_up_wording.criticism_text(units),
            lead_unit_codes=codes,
            deadline=_deadline(request),
        )
    ]
    if units.nv is not None:
        assignments.append(
            AssignmentDraft(
                heading=f"Giao {units.nv.name}",
                text=follow_up_wording.criticism_follow_up_text(units, request.period[:4]),
                lead_unit_codes=(units.nv.code,),
                deadline=_deadline(request),
            )
        )
    return LetterDraft(
        kind="criticism",
        subject=f"{base_subject(request.period)} và phê bình các đơn vị tái phạm nhiều lần",
        addressees=tuple(units.full(code) for code in codes),
        opening=follow_up_wording.criticism_paragraphs(request, flagged, units),
        lead_in=f"{units.chair} phê bình Thủ trưởng các đơn vị nêu trên và yêu cầu:",
        assignments=tuple(assignments),
        closing=("Yêu cầu Thủ trưởng các đơn vị nghiêm túc thực hiện./.",),
        recipients=units.recipients,
    )


def _notice(request: DraftRequest, units: Units) -> LetterDraft:
    if not request.figures:
        raise Conflict(f"Chưa có số liệu {period_label(request.period)} để thông báo.")
    rows = []
    for index, figures in enumerate(request.figures, start=1):
        rows.append(
            [
                str(index),
                units.full(figures.unit_code),
                count_text(figures.received, pad=False),
                count_text(figures.resolved_on_time, pad=False),
                count_text(figures.resolved_late, pad=False),
                count_text(figures.pending_overdue, pad=False),
                count_text(figures.closed_late_in_software, pad=False),
                count_text(figures.complaints, pad=False),
                rate_text(figures.on_time_rate),
            ]
        )
    reporting = [units.by_code.get(f.unit_code) for f in request.figures]
    addressees = []
    if any(u is None or not units.is_local(u) for u in reporting):
        addressees.append(f"Các cơ quan, đơn vị thuộc UBND {request.level}")
    if any(u is not None and units.is_local(u) for u in reporting):
        addressees.append(f"UBND các {units.local_words}")
    return LetterDraft(
        kind="notice",
        subject=base_subject(request.period),
        addressees=tuple(addressees),
        opening=follow_up_wording.notice_paragraphs(request, units),
        lead_in="",
        assignments=(),
        closing=(follow_up_wording.notice_closing(request.findings),),
        recipients=units.recipients,
        table={"columns": list(NOTICE_COLUMNS), "rows": rows},
    )


def _unit_codes(findings: Sequence[Finding]) -> tuple[str, ...]:
    codes: list[str] = []
    for finding in findings:
        if finding.unit_code not in codes:
            codes.append(finding.unit_code)
    return tuple(codes)

"""The sentences of follow-up letters: reminders, criticisms and monthly results notices."""

from __future__ import annotations

from collections.abc import Sequence

from workflows.letters.draft_types import DraftRequest, EarlierLetter
from workflows.letters.naming import (
    Units,
    count_text,
    names_of,
    rate_text,
    rule_groups,
    short_phrase,
    threshold_text,
)
from workflows.letters.wording import AssignmentText
from workflows.periods import period_label
from workflows.rules.findings import Finding, Rule


def reminder_texts(earlier: EarlierLetter | None) -> dict[Rule, AssignmentText]:
    """Return, per rule, the short demand of a reminder to the units still failing it."""
    goals = {
        Rule.RATE_BELOW_THRESHOLD: "Khẩn trương khắc phục, bảo đảm tỷ lệ giải quyết hồ sơ đúng "
        "hạn từ {threshold}% trở lên",
        Rule.CLOSED_LATE_IN_SOFTWARE: "Chấn chỉnh ngay tình trạng trả kết quả nhưng quên bấm kết "
        "thúc hồ sơ trên phần mềm",
        Rule.COMPLAINTS: "Làm rõ nội dung bị phản ánh, kiến nghị, xử lý trách nhiệm công chức có "
        "liên quan (nếu có vi phạm)",
        Rule.PENDING_OVERDUE: "Giải quyết dứt điểm các hồ sơ đang quá hạn, thực hiện xin lỗi "
        "người dân, tổ chức theo quy định",
        Rule.DELAYED_OTHERS: "Rà soát quy trình giải quyết hồ sơ liên thông, không để hồ sơ của "
        "đơn vị khác quá hạn do khâu của đơn vị mình",
    }
    explain = (
        f", giải trình nguyên nhân chưa thực hiện Văn bản số {earlier.number_text}"
        if (earlier)
        else ""
    )

    def text_for(goal: str) -> AssignmentText:
        def text(units: Units, members: Sequence[Finding]) -> str:
            demand = goal.format(threshold=threshold_text(members[0].threshold))
            return f"{demand}; báo cáo kết quả khắc phục{explain} về {units.report_to}"

        return text

    return {rule: text_for(goal) for rule, goal in goals.items()}


def _earlier_clause(earlier: EarlierLetter, units: Units) -> str:
    subject = earlier.subject.strip().removeprefix("V/v ").rstrip(".")
    return (
        f"Văn bản số {earlier.number_text} ngày {earlier.letter_date:%d/%m/%Y} của {units.body} "
        f"về việc {subject}"
    )


def reminder_paragraph(request: DraftRequest, units: Units) -> str:
    """Return what the earlier letter asked (when known) and who still fails, per rule."""
    label = period_label(request.period)
    listed = "; ".join(
        f"{short_phrase(rule, threshold)} ({names_of(codes, units)})"
        for rule, threshold, codes in rule_groups(request.findings)
    )
    found = (
        f"qua theo dõi kết quả giải quyết thủ tục hành chính {label}, một số đơn vị vẫn chưa "
        f"khắc phục các tồn tại, cụ thể: {listed}."
    )
    if request.earlier is None:
        return found[0].upper() + found[1:]
    return f"Thực hiện {_earlier_clause(request.earlier, units)}; {found}"


def criticism_paragraphs(
    request: DraftRequest, flagged: Sequence[Finding], units: Units
) -> tuple[str, ...]:
    """Return the repeated failings of each criticised unit and what they show."""
    per_unit: dict[str, list[str]] = {}
    for finding in flagged:
        per_unit.setdefault(finding.unit_code, []).append(
            f"{short_phrase(finding.rule, finding.threshold)}: "
            f"{count_text(finding.repeat_count)} lần"
        )
    listed = "; ".join(
        f"{units.short(code)} ({', '.join(items)})" for code, items in per_unit.items()
    )
    lead = f"Thực hiện {_earlier_clause(request.earlier, units)}, q" if request.earlier else "Q"
    return (
        f"{lead}ua theo dõi kết quả giải quyết thủ tục hành chính {period_label(request.period)}, "
        f"một số đơn vị đã để xảy ra vi phạm lặp lại từ {units.flag} lần trở lên trong 12 tháng gần "
        f"nhất, cụ thể: {listed}.",
        "Việc để xảy ra vi phạm lặp lại nhiều lần cho thấy người đứng đầu các đơn vị nêu trên "
        "chưa quan tâm đúng mức đến công tác chỉ đạo, kiểm tra việc giải quyết thủ tục hành "
        f"chính, ảnh hưởng đến kết quả cải cách hành chính của {units.level}.",
    )


def criticism_text(units: Units) -> str:
    return (
        "Tổ chức kiểm điểm, làm rõ trách nhiệm của tập thể, cá nhân có liên quan; đơn vị tái phạm "
        f"từ {units.flag} lần trở lên phải có biện pháp xử lý theo quy định; có giải pháp khắc phục dứt "
        f"điểm các tồn tại, báo cáo kết quả kiểm điểm, xử lý về {units.report_to}."
    )


def criticism_follow_up_text(units: Units, year: str) -> str:
    return (
        "Theo dõi, tổng hợp kết quả kiểm điểm, xử lý của các đơn vị bị phê bình; tham mưu "
        f"{units.chair} xem xét trách nhiệm người đứng đầu theo quy định, làm căn cứ đánh giá "
        f"mức độ hoàn thành nhiệm vụ năm {year}."
    )


def notice_paragraphs(request: DraftRequest, units: Units) -> tuple[str, ...]:
    """Return the notice's introduction, the month's totals and who fell short."""
    label = period_label(request.period)
    figures = request.figures
    on_time = sum(f.resolved_on_time for f in figures)
    late = sum(f.resolved_late for f in figures)
    rate = f"{rate_text(100.0 * on_time / (on_time + late))}%" if on_time + late else "—"
    paragraphs = [
        f"{units.body} thông báo kết quả giải quyết hồ sơ thủ tục hành chính {label} của "
        "các cơ quan, đơn vị (chi tiết từng đơn vị tại bảng kèm theo) như sau:",
        f"Trong {label}, toàn {units.level} tiếp nhận "
        f"{count_text(sum(f.received for f in figures))} hồ sơ; đã giải quyết "
        f"{count_text(on_time + late)} hồ sơ, trong đó đúng hạn {count_text(on_time)} hồ sơ, "
        f"quá hạn {count_text(late)} hồ sơ (tỷ lệ giải quyết đúng hạn {rate}); còn "
        f"{count_text(sum(f.pending_overdue for f in figures))} hồ sơ đang giải quyết quá hạn; "
        f"{count_text(sum(f.closed_late_in_software for f in figures))} hồ sơ quên bấm kết thúc "
        f"trên phần mềm; {count_text(sum(f.complaints for f in figures))} phản ánh, kiến nghị.",
    ]
    grouped = rule_groups(request.findings)
    if grouped:
        listed = "; ".join(
            f"{short_phrase(rule, threshold)} ({names_of(codes, units)})"
            for rule, threshold, codes in grouped
        )
        paragraphs.append(f"Các đơn vị chưa đạt yêu cầu: {listed}.")
    return tuple(paragraphs)


def notice_closing(findings: Sequence[Finding]) -> str:
    if findings:
        return (
            "Đề nghị các đơn vị chưa đạt yêu cầu nghiêm túc rút kinh nghiệm, có giải pháp khắc "
            "phục ngay trong tháng tiếp theo./."
        )
    return "Đề nghị các cơ quan, đơn vị tiếp tục duy trì kết quả đạt được./."

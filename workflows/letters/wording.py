"""The sentences of a drafted directive, worded as letter 1522/UBND-THNC words them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from workflows.letters.draft_types import DraftRequest
from workflows.letters.grounds import grounds_clause
from workflows.letters.naming import (
    Units,
    count_text,
    names_of,
    rule_groups,
    threshold_text,
)
from workflows.periods import period_label
from workflows.rules.findings import Finding, Rule

# "Thường xuyên" (often) is said of a group only when each of its units failed in two months or more
# of the window.
OFTEN_FROM = 2


def group_heading(rule: Rule, threshold: float, names: str, often: bool = False) -> str:
    """Return the text before an assignment's colon, naming the group's units."""
    who = {
        Rule.RATE_BELOW_THRESHOLD: f"có tỷ lệ giải quyết hồ sơ dưới {threshold_text(threshold)}%",
        Rule.CLOSED_LATE_IN_SOFTWARE: ("thường xuyên " if often else "")
        + "quên thao tác kết thúc hồ sơ",
        Rule.COMPLAINTS: "có công chức bị phản ánh trên Cổng dịch vụ công quốc gia, Tổng đài 1022",
        Rule.PENDING_OVERDUE: "còn hồ sơ quá hạn chưa giải quyết",
        Rule.DELAYED_OTHERS: "làm chậm hồ sơ liên thông của đơn vị khác",
    }[rule]
    return f"Đối với các đơn vị {who} ({names})"


def criterion(rule: Rule, threshold: float) -> dict:
    """Return what the next month's figures must show for the group's units to comply."""
    if rule == Rule.RATE_BELOW_THRESHOLD:
        return {"figure": "on_time_rate", "op": ">=", "value": threshold}
    if rule == Rule.DELAYED_OTHERS:
        return {"figure": "late_caused_elsewhere", "op": "==", "value": 0}
    return {"figure": rule.value, "op": "==", "value": 0}


def _finding_fragment(rule: Rule, threshold: float, names: str) -> str:
    return {
        Rule.RATE_BELOW_THRESHOLD: f"vẫn còn một số đơn vị thực hiện chưa đảm bảo như {names} "
        f"(có tỷ lệ giải quyết dưới {threshold_text(threshold)}%)",
        Rule.CLOSED_LATE_IN_SOFTWARE: "vẫn còn tình trạng công chức quên bấm kết thúc hồ sơ dẫn "
        f"đến trễ hạn trên phần mềm như ({names})",
        Rule.COMPLAINTS: "một số đơn vị có công chức bị phản ánh trên Cổng dịch vụ công quốc gia, "
        f"Tổng đài 1022 liên quan đến giải quyết thủ tục hành chính ({names})",
        Rule.PENDING_OVERDUE: f"một số đơn vị còn hồ sơ quá hạn chưa giải quyết ({names})",
        Rule.DELAYED_OTHERS: "một số hồ sơ liên thông bị quá hạn do khâu giải quyết của "
        f"{names} chậm trễ, làm giảm tỷ lệ giải quyết đúng hạn của đơn vị tiếp nhận hồ sơ",
    }[rule]


def report_scope(request: DraftRequest, units: Units) -> str:
    """Return where the month's figures come from: "UBND 30 phường, xã", departments first."""
    reporting = [units.by_code.get(f.unit_code) for f in request.figures]
    parts = []
    if any(unit is None or not units.is_local(unit) for unit in reporting):
        parts.append("các cơ quan, đơn vị")
    if any(unit is not None and units.is_local(unit) for unit in reporting):
        parts.append(units.local_scope)
    return " và ".join(parts) or "các cơ quan, đơn vị"


def findings_paragraph(request: DraftRequest, units: Units) -> str:
    """Return the grounds and the month's findings, naming the units of each group."""
    label = period_label(request.period)
    clause = grounds_clause(request.grounds, request.period)
    done_well = (
        "đã triển khai thực hiện tốt công tác giải quyết thủ tục hành chính cho người dân, "
        "tổ chức theo cơ chế một cửa, một cửa liên thông"
    )
    fragments = [
        _finding_fragment(rule, threshold, names_of(codes, units))
        for rule, threshold, codes in rule_groups(request.findings)
    ]
    reported = units.ordered(code for code in request.software_errors if code in units.by_code)
    if reported:
        fragments.append(
            "một số hồ sơ trễ hạn được các đơn vị báo do lỗi phần mềm, đang đề nghị xem xét "
            f"miễn trừ ({names_of(reported, units)})"
        )
    if fragments:
        found = f"ghi nhận một số đơn vị {done_well}; tuy nhiên bên cạnh đó " + "; ".join(fragments)
    else:
        found = f"ghi nhận các đơn vị {done_well}, không có đơn vị nào vi phạm"
    return (
        f"{clause}; qua xem xét báo cáo kết quả giải quyết thủ tục hành chính {label} tại "
        f"{report_scope(request, units)}, {found}."
    )


def _rate(units: Units, members: Sequence[Finding]) -> str:
    return (
        "Tập trung chỉ đạo, rà soát nguyên nhân, triển khai các giải pháp để thực hiện đảm bảo "
        f"đạt tỷ lệ từ {threshold_text(members[0].threshold)}% trở lên; thực hiện kiểm tra kết "
        "quả giải quyết hồ sơ hàng ngày, hàng tuần để kịp thời chấn chỉnh xử lý"
    )


def _closed_late(units: Units, members: Sequence[Finding]) -> str:
    return (
        "Kịp thời chấn chỉnh công chức được giao nhiệm vụ tiếp nhận và giải quyết hồ sơ khắc phục "
        "ngay tình trạng trả kết quả nhưng quên bấm kết thúc dẫn đến trễ hạn hồ sơ, làm giảm tỷ "
        f"lệ của đơn vị; trường hợp tái phạm từ {units.flag} lần trở lên phải có biện pháp xử lý; kết "
        "quả xử lý phải được công khai trong nội bộ cơ quan và báo cáo "
        f"{units.report_to} để theo dõi mức độ chuyển biến của đơn vị làm cơ sở đánh giá xếp "
        "loại công vụ hàng năm"
    )


def _complaints(units: Units, members: Sequence[Finding]) -> str:
    return (
        "Chỉ đạo rà soát, yêu cầu công chức giải trình cụ thể; trên cơ sở giải trình của công "
        "chức, đề xuất biện pháp xử lý theo quy định (nếu có vi phạm), kết quả xử lý phải được "
        f"công khai trong tập thể cơ quan, đơn vị đồng gửi {units.report_to} để theo dõi"
    )


def _pending(units: Units, members: Sequence[Finding]) -> str:
    return (
        "Khẩn trương giải quyết dứt điểm các hồ sơ đang quá hạn; thực hiện trách nhiệm xin lỗi "
        "người dân, tổ chức theo quy định; làm rõ nguyên nhân, trách nhiệm của tập thể, cá nhân "
        f"để xảy ra hồ sơ quá hạn và báo cáo {units.report_to}"
    )


def _delayed(units: Units, members: Sequence[Finding]) -> str:
    return (
        "Rà soát, chấn chỉnh quy trình giải quyết phần việc của đơn vị trong các thủ tục hành "
        "chính liên thông, bảo đảm đúng thời hạn; trường hợp hồ sơ có nguy cơ trễ hạn phải thông "
        f"tin kịp thời cho UBND các {units.local_words} tiếp nhận hồ sơ để thực hiện xin lỗi "
        "người dân theo quy định"
    )


AssignmentText = Callable[[Units, Sequence[Finding]], str]
DIRECTIVE_TEXTS: dict[Rule, AssignmentText] = {
    Rule.RATE_BELOW_THRESHOLD: _rate,
    Rule.CLOSED_LATE_IN_SOFTWARE: _closed_late,
    Rule.COMPLAINTS: _complaints,
    Rule.PENDING_OVERDUE: _pending,
    Rule.DELAYED_OTHERS: _delayed,
}


def local_text(units: Units) -> str:
    return (
        "Chỉ đạo thực hiện giải quyết thủ tục hành chính cho người dân đúng quy định; công chức "
        "được giao giải quyết hồ sơ phải hướng dẫn tận tình, rõ ràng, dễ hiểu; nghiêm cấm việc "
        "cản trở, gây phiền hà, gây khó dễ hoặc yêu cầu người dân nộp các giấy tờ ngoài quy định, "
        "tránh phát sinh phản ánh của người dân trên Cổng dịch vụ công quốc gia, Tổng đài 1022; "
        "các trường hợp giải quyết và trả hồ sơ trễ hạn hoặc bị phản ánh thái độ, yêu cầu các đơn "
        "vị thực hiện trách nhiệm xin lỗi người dân; trường hợp hồ sơ trễ hạn do lỗi công chức "
        "quên bấm kết thúc hoặc lỗi phần mềm phải có tài liệu minh chứng, báo cáo "
        f"{units.body} xem xét, chỉ đạo; đồng thời có biện pháp xử lý đối với các trường hợp "
        "công chức tái phạm nhiều lần."
    )


def software_support_text(units: Units) -> str:
    return (
        f"Chủ trì, làm đầu mối hướng dẫn hỗ trợ các {units.local_words} xử lý các trường hợp lỗi "
        "hệ thống, lỗi phần mềm; hoặc báo cáo Trung tâm Công nghệ thông tin, các sở, ngành của "
        "tỉnh hỗ trợ kịp thời đối với các nội dung vượt thẩm quyền."
    )


def software_errors_text(units: Units, period: str, names: str, dossiers: int) -> str:
    """The month's software errors the units reported on dossiers they ask to be exempted."""
    return (
        f" Đối với {count_text(dossiers)} hồ sơ {period_label(period)} các đơn vị ({names}) "
        "đề nghị miễn trừ do lỗi phần mềm: chủ trì, phối hợp với các đơn vị kiểm tra, xác minh "
        f"lỗi và báo cáo kết quả về {units.body} để xem xét."
    )


def follow_up_text(units: Units, year: str) -> str:
    return (
        "Theo dõi tiến độ xử lý, khắc phục của các đơn vị được giao nhiệm vụ nêu trên, đồng thời "
        "tăng cường công tác kiểm tra cải cách hành chính, kiểm soát thủ tục hành chính tại "
        f"{units.local_count} để kịp thời chấn chỉnh, làm căn cứ đánh giá mức độ hoàn thành công "
        f"vụ năm {year}."
    )


def closing_text(units: Units) -> str:
    copied = [unit.name for unit in (units.nv, units.vhtt) if unit is not None]
    also = f" đồng gửi {', '.join(copied)}" if copied else ""
    return (
        f"{units.chair} đề nghị các đơn vị nghiêm túc thực hiện; quá trình thực hiện có khó khăn, "
        f"vướng mắc, các đơn vị báo cáo {units.body}{also} để xử lý./."
    )

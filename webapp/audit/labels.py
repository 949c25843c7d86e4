"""The words the audit trail is read in: every recorded action, object kind, field and value."""

from __future__ import annotations

from webapp.auth.models import EmailFrequency
from webapp.imports.models import IMPORT_KIND_LABELS
from workflows.letters.grounds import GROUND_WORDS
from workflows.machines import directive as directive_machine
from workflows.machines import exemption as exemption_machine
from workflows.machines import task as task_machine
from workflows.rules.reminders import BEFORE, DUE, ESCALATION, OVERDUE
from workflows.vocabulary import LetterKind, Role, UnitKind, labels

# Every action the code records, with the words people read; a test reads the code's calls to
# record_event (and its wrappers) and fails on an action missing here.
AUDIT_ACTION_LABELS = {
    # accounts and security
    "login": "Đăng nhập",
    "logout": "Đăng xuất",
    "login_failed": "Đăng nhập sai",
    "login_throttled": "Chặn đăng nhập do sai nhiều lần",
    "login_refused_inactive": "Tài khoản bị khóa cố đăng nhập",
    "out_of_scope_access": "Truy cập dữ liệu đơn vị khác",
    "csrf_rejected": "Biểu mẫu hết hạn hoặc không hợp lệ",
    "change_password": "Đổi mật khẩu",
    "reset_password": "Đặt lại mật khẩu",
    "email_frequency": "Đổi cách nhận thư thông báo",
    "revoke_api_tokens": "Thu hồi mã truy cập API",
    "attach_certificate": "Gắn chứng thư số",
    # any object
    "create": "Tạo mới",
    "update": "Cập nhật",
    "enable": "Mở khóa",
    "disable": "Khóa",
    # letters
    "draft": "Tạo dự thảo",
    "edit": "Sửa dự thảo",
    "submit": "Trình ký",
    "approve": "Ký và cấp số",
    "return": "Trả lại",
    "issue": "Ban hành",
    "close": "Kết thúc",
    "withdraw": "Thu hồi",
    "uploaded": "Tải lên mẫu công văn",
    "activated": "Dùng phiên bản mẫu công văn",
    # tasks and reports
    "start": "Bắt đầu triển khai",
    "report": "Gửi báo cáo kết quả",
    "review_comment": "Ghi ý kiến rà soát báo cáo",
    "accept": "Chấp nhận",
    "confirm": "Xác nhận đã khắc phục",
    "request_extension": "Xin gia hạn",
    "decide_extension": "Quyết định gia hạn",
    "grant_extension": "Đồng ý gia hạn",
    "refuse_extension": "Không đồng ý gia hạn",
    "evaluate": "Đánh giá tiêu chí theo số liệu",
    "follow_up": "Chỉ đạo soạn văn bản tiếp theo",
    "remind": "Gửi nhắc hạn",
    # exemptions
    "request": "Đề nghị miễn trừ",
    "reject": "Không chấp nhận",
    "reopen": "Xem xét lại",
    # figures and publication
    "import": "Nhập số liệu",
    "preview": "Xem trước nhập số liệu",
    "publish": "Công bố kết quả",
    "correct": "Đính chính kết quả đã công bố",
}

# Where one action means something more precise on one kind of object.
ENTITY_ACTION_LABELS = {
    ("user", "create"): "Tạo tài khoản",
    ("user", "enable"): "Mở khóa tài khoản",
    ("user", "disable"): "Khóa tài khoản",
    ("api_token", "create"): "Tạo mã truy cập API",
    ("unit", "create"): "Tạo đơn vị",
    ("unit", "update"): "Sửa thông tin đơn vị",
    ("ground", "create"): "Thêm căn cứ",
    ("ground", "enable"): "Dùng lại căn cứ",
    ("ground", "disable"): "Ngừng dùng căn cứ",
    ("directive", "create"): "Tạo dự thảo",
    ("directive", "update"): "Sửa dự thảo",
    ("directive", "return"): "Trả lại dự thảo",
    ("directive", "withdraw"): "Thu hồi văn bản",
    ("letter_batch", "draft"): "Tạo lô công văn đôn đốc",
    ("unit_task", "create"): "Giao nhiệm vụ",
    ("unit_task", "report"): "Báo cáo kết quả",
    ("unit_task", "review_comment"): "Văn phòng rà soát",
    ("unit_task", "accept"): "Lãnh đạo xác nhận đạt",
    ("unit_task", "return"): "Lãnh đạo trả lại (chưa đạt)",
    ("unit_task", "evaluate"): "Đánh giá theo số liệu",
    ("unit_task", "follow_up"): "Chỉ đạo văn bản đôn đốc",
    ("unit_task", "remind"): "Nhắc việc",
    ("unit_task", "withdraw"): "Thu hồi nhiệm vụ",
    ("exemption", "accept"): "Chấp nhận miễn trừ",
    ("exemption", "reject"): "Không chấp nhận miễn trừ",
    ("exemption", "withdraw"): "Đơn vị rút đề nghị",
    ("exemption", "reopen"): "Xem xét lại do số liệu nhập lại",
}

# The kinds of object the trail names: the ones operations record, then the tables a refused
# access names (load_visible_or_404 records the model's table).
ENTITY_LABELS = {
    "unit_task": "Nhiệm vụ",
    "directive": "Văn bản",
    "letter_batch": "Lô công văn đôn đốc",
    "unit": "Đơn vị",
    "user": "Tài khoản",
    "api_token": "Mã truy cập API",
    "exemption": "Đề nghị miễn trừ",
    "import_run": "Lần nhập số liệu",
    "import_preview": "Bản xem trước nhập số liệu",
    "ground": "Căn cứ",
    "published_period": "Kết quả công bố",
    "template_version": "Mẫu công văn",
    "signer": "Người ký",
    "request": "Yêu cầu",
    "unit_tasks": "Nhiệm vụ",
    "directives": "Văn bản",
    "units": "Đơn vị",
    "exemptions": "Đề nghị miễn trừ",
    "dossiers": "Hồ sơ TTHC",
    "reports": "Báo cáo",
    "evidence": "Tệp minh chứng",
    "exemption_evidence": "Tệp minh chứng miễn trừ",
    "extension_requests": "Đề nghị gia hạn",
}
# Table names that are the same kind as an operation's entity, for naming and filtering.
ENTITY_ALIASES = {
    "unit_tasks": "unit_task",
    "directives": "directive",
    "units": "unit",
    "exemptions": "exemption",
}

FIELD_LABELS = {
    "email_frequency": "Cách nhận thư thông báo",
    "state": "Trạng thái",
    "unit": "Đơn vị",
    "unit_code": "Đơn vị",
    "parent_code": "Đơn vị cấp trên",
    "code": "Mã",
    "name": "Tên",
    "role": "Vai trò",
    "username": "Tên đăng nhập",
    "display_name": "Họ tên",
    "user": "Tài khoản",
    "active": "Đang dùng",
    "prefix": "Tiền tố mã",
    "tasks": "Số nhiệm vụ",
    "letters": "Số văn bản",
    "period": "Kỳ số liệu",
    "criterion": "Tiêu chí",
    "met": "Kết quả",
    "value": "Giá trị",
    "repeat_count": "Số lần vi phạm liên tiếp",
    "directive_id": "Văn bản",
    "kind": "Loại",
    "slot": "Ngày nhắc",
    "number": "Số, ký hiệu",
    "letter_date": "Ngày văn bản",
    "signer_id": "Người ký",
    "template_version": "Phiên bản mẫu",
    "report_id": "Báo cáo",
    "request_id": "Đề nghị gia hạn",
    "percent": "Mức độ hoàn thành (%)",
    "files": "Tệp minh chứng",
    "late": "Hoàn thành sau hạn",
    "requested_deadline": "Hạn đề nghị",
    "deadline": "Hạn xử lý",
    "previous_deadline": "Hạn trước đó",
    "figures": "Số liệu",
    "note": "Ghi chú",
    "subject": "Trích yếu",
    "addressees": "Kính gửi",
    "opening": "Mở đầu",
    "lead_in": "Câu dẫn",
    "closing": "Kết thúc",
    "recipients": "Nơi nhận",
    "annex": "Có phụ lục",
    "ground_ids": "Căn cứ",
    "assignments": "Các nhiệm vụ",
    "dossier_code": "Mã hồ sơ",
    "reason": "Lý do",
    "decision_comment": "Ý kiến quyết định",
    "number_text": "Số, ký hiệu",
    "issued_on": "Ngày ban hành",
    "issuer": "Cơ quan ban hành",
    "title": "Trích yếu",
    "file": "Tệp",
    "checksum": "Mã kiểm tra tệp",
    "rows": "Số dòng",
    "added": "Dòng thêm mới",
    "updated": "Dòng cập nhật",
    "expires": "Hết hạn",
}

TASK_ROLE_LABELS = {"lead": "Chủ trì", "support": "Phối hợp"}
REMINDER_KIND_LABELS = {
    BEFORE: "Nhắc trước hạn",
    DUE: "Nhắc đến hạn",
    OVERDUE: "Nhắc quá hạn",
    ESCALATION: "Báo lãnh đạo (quá hạn lâu)",
}

STATE_LABELS = {
    "unit_task": {state.value: state.label for state in task_machine.State},
    "directive": {state.value: state.label for state in directive_machine.State},
    "exemption": {state.value: state.label for state in exemption_machine.State},
}
# The values of a field whatever the object, where no two vocabularies share a value.
VALUE_LABELS = {
    "role": {**{str(k): v for k, v in labels(Role).items()}, **TASK_ROLE_LABELS},
    "kind": {
        **{str(k): v for k, v in labels(LetterKind).items()},
        **{str(k): v for k, v in labels(UnitKind).items()},
        **{str(k): v for k, v in GROUND_WORDS.items()},
        **{str(k): v for k, v in IMPORT_KIND_LABELS.items()},
        **REMINDER_KIND_LABELS,
    },
    "reason": {reason.value: reason.label for reason in exemption_machine.Reason},
    "email_frequency": {frequency.value: frequency.label for frequency in EmailFrequency},
}
# Yes/no fields whose answer reads better in words of their own.
BOOLEAN_LABELS = {
    "met": ("Đạt", "Chưa đạt"),
    "active": ("Đang dùng", "Đã khóa"),
}
# Keys of records that have no page of their own: shown as "số 12".
NUMBERED_FIELDS = frozenset({"report_id", "request_id"})
DATE_FIELDS = frozenset(
    {"deadline", "previous_deadline", "requested_deadline", "letter_date", "issued_on", "slot"}
)


def entity_kind(entity: str) -> str:
    """Return the operation's name of a kind of object recorded under its table's name."""
    return ENTITY_ALIASES.get(entity, entity)


def action_label(action: str, entity: str = "") -> str:
    """Return the Vietnamese words of an action, the object's own when it has them."""
    specific = ENTITY_ACTION_LABELS.get((entity_kind(entity), action))
    return specific or AUDIT_ACTION_LABELS.get(action, action)


def entity_action_labels(entity: str) -> dict[str, str]:
    """Return every action with its words on one kind of object (a letter's, a task's history)."""
    return {action: action_label(action, entity) for action in AUDIT_ACTION_LABELS}


def entity_label(entity: str) -> str:
    """Return the Vietnamese name of a kind of object."""
    return ENTITY_LABELS.get(entity, entity)


def field_label(field: str) -> str:
    """Return the Vietnamese name of a recorded field (the key itself for one not known)."""
    return FIELD_LABELS.get(field, field)


def value_label(entity: str, field: str, value: str) -> str | None:
    """Return the words of a coded value (a state, a role, a kind), or None when it has none."""
    if field == "state":
        return STATE_LABELS.get(entity_kind(entity), {}).get(value)
    return VALUE_LABELS.get(field, {}).get(value)

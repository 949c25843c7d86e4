"""Steps of a unit's task: start, ask for more time, decide on it, confirm compliance.

Each checks the actor's role and unit, asks the task machine, writes the task's audit trail and
tells whom it concerns; the caller commits.
"""

from __future__ import annotations

from datetime import date

from webapp.audit.operations import record_event
from webapp.auth.models import Role, User
from webapp.database import utcnow
from webapp.events import extension_decided, extension_requested, task_confirmed
from webapp.extensions import db
from webapp.security import require_actor
from webapp.tasks.compliance import met_proposals
from webapp.tasks.issuing import close_if_done
from webapp.tasks.models import ExtensionDecision, ExtensionRequest, UnitTask
from webapp.tasks.policies import DECIDERS
from webapp.tasks.queries import TASK_ENTITY
from webapp.text import user_text
from workflows.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from workflows.machines import task as machine
from workflows.periods import local_today

COMMENT_MAX = 2000


def require_own_task(actor: User | None, task: UnitTask, message: str) -> None:
    """Refuse anyone but a user of the task's own unit (another unit learns nothing: not found)."""
    if actor is None or actor.role != Role.UNIT:
        raise PermissionDenied(message)
    if actor.unit_id != task.unit_id:
        raise NotFound("Không tìm thấy nhiệm vụ.")


def record_step(actor, task: UnitTask, action: str, before, comment: str = "", **after) -> None:
    """Write one step of a task to its audit trail."""
    record_event(
        actor,
        TASK_ENTITY,
        task.id,
        action,
        before={"state": machine.State(before).value},
        after={"state": task.state.value, **after},
        comment=comment,
    )


def start_task(actor: User, task: UnitTask) -> UnitTask:
    """Mark a task as being worked on (đang triển khai)."""
    require_own_task(actor, task, "Chỉ đơn vị được giao mới bắt đầu triển khai nhiệm vụ.")
    before = task.state
    task.state = machine.guard(task.state, machine.Action.START)
    task.started_at = utcnow()
    record_step(actor, task, "start", before)
    return task


def request_extension(
    actor: User, task: UnitTask, deadline: date | None, reason: str
) -> ExtensionRequest:
    """Ask the leader for a later deadline, with the reason (at most two granted per task)."""
    require_own_task(actor, task, "Chỉ đơn vị được giao mới xin gia hạn nhiệm vụ.")
    reason = user_text(reason)
    machine.guard(task.state, machine.Action.REQUEST_EXTENSION, reason)
    _check_comment(reason, "reason")
    pending = any(r.decision == ExtensionDecision.PENDING for r in task.extensions)
    machine.guard_extension(
        task.extensions_granted,
        pending,
        task.deadline or local_today(),
        deadline,
        local_today(),
    )
    request = ExtensionRequest(
        task=task, requested_by_id=actor.id, requested_deadline=deadline, reason=reason
    )
    db.session.add(request)
    db.session.flush()
    record_step(
        actor,
        task,
        "request_extension",
        task.state,
        reason,
        requested_deadline=deadline.isoformat(),
        request_id=request.id,
    )
    extension_requested.send(request)
    return request


def decide_extension(
    actor: User, request: ExtensionRequest, grant: bool, comment: str = ""
) -> ExtensionRequest:
    """Grant or refuse a request for more time; a grant moves the task's deadline."""
    require_actor(actor, DECIDERS, "Chỉ lãnh đạo được quyết định gia hạn.")
    task = request.task
    if request.decision != ExtensionDecision.PENDING:
        raise Conflict(f"Đề nghị gia hạn này đã được quyết định ({request.decision.label}).")
    machine.guard(task.state, machine.Action.DECIDE_EXTENSION)
    comment = user_text(comment)
    _check_comment(comment, "comment", required=not grant)
    before_deadline = task.deadline
    if grant:
        if task.extensions_granted >= machine.MAX_EXTENSIONS:
            raise Conflict(f"Nhiệm vụ đã được gia hạn {machine.MAX_EXTENSIONS} lần.")
        task.deadline = request.requested_deadline
        task.extensions_granted += 1
    request.decision = ExtensionDecision.GRANTED if grant else ExtensionDecision.REFUSED
    request.decided_by_id = actor.id
    request.decided_at = utcnow()
    request.decision_comment = comment
    record_step(
        actor,
        task,
        "grant_extension" if grant else "refuse_extension",
        task.state,
        comment,
        deadline=task.deadline.isoformat() if task.deadline else None,
        previous_deadline=before_deadline.isoformat() if before_deadline else None,
    )
    extension_decided.send(request)
    return request


def confirm_compliance(actor: User, task: UnitTask, comment: str = "") -> UnitTask:
    """Confirm that the unit has complied (đã khắc phục); the letter closes with its last task."""
    require_actor(actor, DECIDERS, "Chỉ lãnh đạo được xác nhận đơn vị đã khắc phục.")
    comment = user_text(comment)
    _check_comment(comment, "comment")
    before = task.state
    task.state = machine.guard(task.state, machine.Action.CONFIRM)
    task.confirmed_at = utcnow()
    latest = task.checks[-1] if task.checks else None
    record_step(
        actor,
        task,
        "confirm",
        before,
        comment,
        period=latest.period if latest else None,
        figures=latest.text if latest else None,
    )
    task_confirmed.send(task, comment=comment)
    db.session.flush()
    close_if_done(actor, task.directive)
    return task


def confirm_month(
    actor: User, period: str, task_ids: list[int], comment: str = ""
) -> list[UnitTask]:
    """Confirm at once the chosen tasks whose criterion was met in a month (no commit).

    Every chosen task must still be proposed for that month: one that is not any more (confirmed
    meanwhile, reported, judged again) is named and nothing is confirmed, so the leader decides
    on what is shown. Each confirmed task is audited and its unit told, as one by one.
    """
    require_actor(actor, DECIDERS, "Chỉ lãnh đạo được xác nhận đơn vị đã khắc phục.")
    if not task_ids:
        raise InvalidInput(
            "Chưa chọn nhiệm vụ nào để xác nhận.",
            [{"field": "task", "message": "Chọn ít nhất một nhiệm vụ."}],
        )
    proposed = {p.task.id: p.task for p in met_proposals(actor, period).get(period, [])}
    stale = [task_id for task_id in dict.fromkeys(task_ids) if task_id not in proposed]
    if stale:
        names = [_task_label(db.session.get(UnitTask, task_id), task_id) for task_id in stale]
        raise Conflict(
            "Không xác nhận được vì không còn đề xuất xác nhận: "
            + "; ".join(names)
            + ". Chưa nhiệm vụ nào được xác nhận; tải lại trang để xem đề xuất hiện nay.",
            [{"field": "task", "message": name} for name in names],
        )
    return [confirm_compliance(actor, proposed[i], comment) for i in dict.fromkeys(task_ids)]


def _task_label(task: UnitTask | None, task_id: int) -> str:
    if task is None:
        return f"nhiệm vụ mã {task_id} (không tồn tại)"
    return (
        f"Nhiệm vụ {task.assignment.position} của văn bản {task.directive.number_text} — "
        f"{task.unit.name}"
    )


def _check_comment(text: str, field: str, required: bool = False) -> None:
    if required and not text:
        raise InvalidInput("Cần ghi rõ lý do.", [{"field": field, "message": "Vui lòng nhập."}])
    if len(text) > COMMENT_MAX:
        raise InvalidInput(
            f"Nội dung dài quá {COMMENT_MAX} ký tự.",
            [{"field": field, "message": f"Tối đa {COMMENT_MAX} ký tự."}],
        )

"""Pages: the office's tracking board with its export, the leader's inbox, and the steps that
issue a signed letter, withdraw it or order its follow-up."""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup

from webapp.confirmation import Confirmation, confirmation_page, is_confirmed
from webapp.database import integer
from webapp.directives.models import Directive
from webapp.directives.policies import directive_page_actions
from webapp.directives.queries import directive_or_404
from webapp.notifications.operations import send_emails_later
from webapp.security import STAFF_ROLES, staff_page
from webapp.spreadsheets import XLSX_MIMETYPE, workbook
from webapp.stats.rendered import PART_SLOT, kept, latest_event, page_around, rendered
from webapp.tasks.board.queries import (
    EXPORT_COLUMNS,
    EXPORT_WIDTHS,
    board,
    directive_choices,
    export_rows,
    inbox,
    unit_choices,
    units_by_name,
)
from webapp.tasks.compliance import met_proposals, order_follow_up
from webapp.tasks.forms import (
    BulkIssueForm,
    ConfirmMonthForm,
    FollowUpForm,
    IssueForm,
    WithdrawForm,
)
from webapp.tasks.issuing import (
    issue_directive,
    open_tasks_of,
    planned_tasks,
    withdraw_directive,
)
from webapp.tasks.operations import confirm_month
from webapp.tasks.policies import DECIDERS, ISSUERS
from webapp.tasks.queries import OVERDUE, TaskFilters
from webapp.unit_of_work import unit_of_work
from workflows.machines.task import State
from workflows.periods import PERIOD_PATTERN, local_today

# Its pages are among the tasks' templates (webapp/tasks/templates).
bp = Blueprint("board", __name__)

STATE_CHOICES = [("", "Tất cả"), *((s.value, s.label) for s in State), (OVERDUE, "Quá hạn")]


@dataclass(frozen=True)
class UnitOptions:
    """The units the board's filter offers: their names, and the filter's options rendered once,
    kept until the units change (a thousand options are most of the page's work)."""

    names: dict[int, str]
    html: str
    order: dict[int, int]  # each unit's place on the board (`units_by_name`)

    def selecting(self, unit_id: int | None) -> Markup:
        """The options with this unit's chosen."""
        if unit_id not in self.names:
            return Markup(self.html)
        option = f'<option value="{unit_id}">'
        return Markup(self.html.replace(option, option[:-1] + " selected>", 1))

    def __len__(self) -> int:  # the size the store of kept parts counts
        return len(self.html) * 2 + 96 * len(self.names)


def _unit_options(user) -> UnitOptions:
    units = unit_choices(user)
    names = {unit_id: name for unit_id, name in units}
    return UnitOptions(
        names, render_template("tasks/_unit_options.html", units=units), units_by_name(names)
    )


def _filters() -> TaskFilters:
    args = request.args
    period = args.get("period", "")
    state = args.get("state", "")
    return TaskFilters(
        state=state if state in dict(STATE_CHOICES) else "",
        unit_id=args.get("unit", type=integer),
        directive_id=args.get("directive", type=integer),
        period=period if PERIOD_PATTERN.match(period) else "",
        today=local_today(),
    )


def _query_args(filters: TaskFilters, page: int) -> dict[str, object]:
    """The board's query as its links repeat it: the filters that passed, and the page."""
    args = {
        "state": filters.state,
        "unit": filters.unit_id,
        "directive": filters.directive_id,
        "period": filters.period,
        "page": page if page > 1 else None,
    }
    return {name: value for name, value in args.items() if value}


@bp.route("/tracking")
@staff_page(*STAFF_ROLES)
def tracking():
    filters = _filters()
    page = request.args.get("page", 1, type=integer) or 1
    per_page = current_app.config["BOARD_UNITS_PER_PAGE"]

    def render_board() -> str:
        units = kept(current_user, ("board_units",), lambda: _unit_options(current_user))
        return render_template(
            "tasks/_tracking.html",
            board=board(current_user, filters, page, per_page, units.names, units.order),
            filters=filters,
            args=_query_args(filters, page),
            states=STATE_CHOICES,
            unit_options=units.selecting(filters.unit_id),
            directives=directive_choices(current_user),
        )

    # A page of the board is kept until a step is taken (its audit event) or the day turns.
    content = rendered(
        current_user, ("board", latest_event(), filters, page, per_page), render_board
    )
    return Response(
        page_around(render_template("tasks/tracking.html", content=PART_SLOT), content),
        mimetype="text/html",
    )


@bp.route("/tracking.xlsx")
@staff_page(*STAFF_ROLES)
def export():
    rows = export_rows(current_user, _filters(), local_today())
    content = workbook("Theo dõi nhiệm vụ", EXPORT_COLUMNS, EXPORT_WIDTHS, rows)
    return Response(
        content,
        mimetype=XLSX_MIMETYPE,
        headers={
            "Content-Disposition": 'attachment; filename="theo-doi-nhiem-vu.xlsx"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/inbox")
@staff_page(*DECIDERS)
def leader_inbox():
    return render_template(
        "tasks/inbox.html",
        inbox=inbox(current_user),
        follow_up_form=FollowUpForm(formdata=None),
        today=local_today(),
    )


@bp.route("/inbox/confirm", methods=["GET", "POST"])
@staff_page(*DECIDERS)
def confirm_met():
    """A month's tasks that met their criterion, each ticked; the leader confirms the ticked."""
    form = ConfirmMonthForm()
    period = form.period.data if request.method == "POST" else request.args.get("period", "")
    period = period if PERIOD_PATTERN.match(period or "") else ""
    problems, status = [], 200
    if form.validate_on_submit():
        chosen = [i for i in request.form.getlist("task", type=integer) if i is not None]
        with unit_of_work() as work:
            confirmed = confirm_month(current_user, period, chosen, form.comment.data)
        if not work.refused:
            send_emails_later()
            flash(f"Đã xác nhận đạt {len(confirmed)} nhiệm vụ.", "success")
            return redirect(url_for("board.confirm_met", period=period))
        problems, status = work.message_and_problems, 422
    elif request.method == "POST":
        problems, status = [{"message": e} for es in form.errors.values() for e in es], 422
    months = met_proposals(current_user)
    if not period and months:
        period = next(iter(months))
    return render_template(
        "tasks/confirm_met.html",
        form=form,
        period=period,
        months=list(months),
        proposals=months.get(period, []),
        chosen=set(request.form.getlist("task")) if request.method == "POST" else None,
        problems=problems,
    ), status


def _directive_step(directive_id: int, form, step, confirm=None):
    """Run one step on a letter; the step flashes its outcome and returns where to go.

    A step with `confirm` (its name on the letter's page and its Confirmation) is first answered
    with its confirmation page while the letter's page offers it, and taken once confirmed.
    """
    directive = directive_or_404(current_user, directive_id)
    if not form.validate_on_submit():
        flash("; ".join(e for errors in form.errors.values() for e in errors), "danger")
        return redirect(url_for("directives.show", directive_id=directive_id))
    if confirm and not is_confirmed():
        name, confirmation = confirm
        if directive_page_actions(current_user, directive)[name]:
            return confirmation_page(confirmation(directive))
    with unit_of_work() as work:
        result = step(directive)
    if work.refused:
        flash(
            " ".join(problem.get("message", "") for problem in work.message_and_problems), "danger"
        )
        return redirect(request.referrer or url_for("directives.show", directive_id=directive_id))
    send_emails_later()
    return result


@bp.route("/directives/<int:directive_id>/issue", methods=["POST"])
@staff_page(*ISSUERS)
def issue(directive_id: int):
    def step(directive):
        tasks = issue_directive(current_user, directive)
        units = len({task.unit_id for task in tasks})
        flash(f"Đã ban hành văn bản: đã giao {len(tasks)} nhiệm vụ cho {units} đơn vị.", "success")
        return redirect(url_for("board.tracking", directive=directive.id))

    return _directive_step(directive_id, IssueForm(), step, ("issue", _issue_confirmation))


def _issue_confirmation(directive: Directive) -> Confirmation:
    tasks, units = planned_tasks(directive)
    return Confirmation(
        title=f"Xác nhận ban hành văn bản {directive.number_text}",
        consequences=[f"Tạo {tasks} nhiệm vụ cho {units} đơn vị."],
        notes=[
            f"V/v {directive.subject}",
            "Mỗi đơn vị được báo nhiệm vụ và thời hạn của mình; văn bản đã ban hành chỉ có thể"
            " thu hồi, không hủy ban hành được.",
        ],
        confirm_label="Xác nhận ban hành",
        back_url=url_for("directives.show", directive_id=directive.id),
    )


@bp.route("/directives/issue", methods=["POST"])
@staff_page(*ISSUERS)
def issue_many():
    """Issue the signed letters ticked on the letters list, once confirmed, each on its own."""
    if not BulkIssueForm().validate_on_submit():
        flash("Phiên làm việc đã hết hạn, vui lòng chọn lại.", "danger")
        return redirect(url_for("directives.index"))
    chosen = [directive_or_404(current_user, i) for i in _chosen_ids("directive_ids")]
    if not chosen:
        flash("Chưa chọn văn bản nào để ban hành.", "warning")
        return redirect(url_for("directives.index"))
    if not is_confirmed():
        if not any(directive_page_actions(current_user, d)["issue"] for d in chosen):
            flash("Các văn bản đã chọn không có văn bản nào đang chờ ban hành.", "warning")
            return redirect(url_for("directives.index"))
        return confirmation_page(_bulk_issue_confirmation(chosen))
    # One transaction per letter: a letter refused is named, the others stay issued.
    issued, refused = [], []
    for directive in chosen:
        with unit_of_work() as work:
            tasks = issue_directive(current_user, directive)
        if work.refused:
            refused.append(f"{_letter_name(directive)}: {work.message}")
        else:
            issued.append(f"{directive.number_text} ({len(tasks)} nhiệm vụ)")
    send_emails_later()
    if issued:
        flash(f"Đã ban hành {len(issued)} văn bản: {'; '.join(issued)}.", "success")
    for line in refused:
        flash(f"Không ban hành được {line}", "danger")
    return redirect(url_for("directives.index"))


def _chosen_ids(name: str) -> list[int]:
    """The ids ticked in a form, each once, in order; anything else is no letter (404)."""
    try:
        return list(dict.fromkeys(integer(raw) for raw in request.form.getlist(name)))
    except ValueError:
        abort(404)


def _letter_name(directive: Directive) -> str:
    return f"{directive.number_text or 'văn bản chưa cấp số'} (V/v {directive.subject})"


def _bulk_issue_confirmation(chosen: list[Directive]) -> Confirmation:
    issuable = [d for d in chosen if directive_page_actions(current_user, d)["issue"]]
    skipped = [d for d in chosen if d not in issuable]
    items, units, tasks = [], set(), 0
    for directive in issuable:
        count, unit_count = planned_tasks(directive)
        tasks += count
        units.update(link.unit_id for a in directive.assignments for link in a.unit_links)
        items.append((_letter_name(directive), [f"Tạo {count} nhiệm vụ cho {unit_count} đơn vị."]))
    consequences = [
        f"Ban hành {len(issuable)} văn bản: tạo {tasks} nhiệm vụ cho {len(units)} đơn vị."
    ]
    notes = [
        "Mỗi văn bản được ban hành riêng: nếu một văn bản không ban hành được, các văn bản khác"
        " vẫn được ban hành, và trang sau nêu rõ văn bản nào không được, vì sao.",
        "Mỗi đơn vị được báo nhiệm vụ và thời hạn của mình.",
    ]
    if skipped:
        names = "; ".join(f"{_letter_name(d)} ({d.state.label.lower()})" for d in skipped)
        notes.insert(0, f"Không ban hành được vì không ở trạng thái Đã ký: {names}.")
    return Confirmation(
        title=f"Xác nhận ban hành {len(issuable)} văn bản",
        consequences=consequences,
        items=items,
        notes=notes,
        confirm_label=f"Xác nhận ban hành {len(issuable)} văn bản",
        back_url=url_for("directives.index"),
    )


@bp.route("/directives/<int:directive_id>/withdraw", methods=["POST"])
@staff_page(*DECIDERS)
def withdraw(directive_id: int):
    form = WithdrawForm()

    def step(directive):
        withdraw_directive(current_user, directive, form.reason.data)
        flash("Đã thu hồi văn bản.", "success")
        return redirect(url_for("directives.show", directive_id=directive.id))

    return _directive_step(
        directive_id, form, step, ("withdraw", lambda d: _withdraw_confirmation(d, form))
    )


def _withdraw_confirmation(directive: Directive, form: WithdrawForm) -> Confirmation:
    tasks, units = open_tasks_of(directive)
    consequences = [f"Văn bản {directive.number_text} sẽ bị thu hồi."]
    if tasks:
        consequences.append(
            f"{tasks} nhiệm vụ chưa hoàn thành của {units} đơn vị bị thu hồi theo;"
            " các đơn vị được báo."
        )
    return Confirmation(
        title=f"Xác nhận thu hồi văn bản {directive.number_text}",
        consequences=consequences,
        notes=[f"V/v {directive.subject}", f"Lý do thu hồi: {form.reason.data}"],
        confirm_label="Xác nhận thu hồi",
        back_url=url_for("directives.show", directive_id=directive.id),
    )


@bp.route("/directives/<int:directive_id>/follow-up", methods=["POST"])
@staff_page(*DECIDERS)
def follow_up(directive_id: int):
    form = FollowUpForm()

    def step(directive):
        letter = order_follow_up(current_user, directive, form.period.data)
        flash("Đã chỉ đạo soạn văn bản đôn đốc; Văn phòng hoàn thiện và trình ký.", "success")
        return redirect(url_for("directives.show", directive_id=letter.id))

    return _directive_step(directive_id, form, step)

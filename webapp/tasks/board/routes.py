"""Pages: the office's tracking board with its export, the leader's inbox, and the steps that
issue a signed letter, withdraw it or order its follow-up."""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup

from webapp.database import integer
from webapp.directives.queries import directive_or_404
from webapp.notifications.operations import send_emails_later
from webapp.security import STAFF_ROLES, staff_page
from webapp.spreadsheets import XLSX_MIMETYPE, workbook
from webapp.stats.rendered import kept
from webapp.tasks.board.queries import (
    EXPORT_COLUMNS,
    EXPORT_WIDTHS,
    board,
    directive_choices,
    export_rows,
    inbox,
    unit_choices,
)
from webapp.tasks.compliance import order_follow_up
from webapp.tasks.forms import FollowUpForm, IssueForm, WithdrawForm
from webapp.tasks.issuing import issue_directive, withdraw_directive
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

    def selecting(self, unit_id: int | None) -> Markup:
        """The options with this unit's chosen."""
        if unit_id not in self.names:
            return Markup(self.html)
        option = f'<option value="{unit_id}">'
        return Markup(self.html.replace(option, option[:-1] + " selected>", 1))

    def __len__(self) -> int:  # the size the store of kept parts counts
        return len(self.html) * 2 + 64 * len(self.names)


def _unit_options(user) -> UnitOptions:
    units = unit_choices(user)
    return UnitOptions(
        {unit_id: name for unit_id, name in units},
        render_template("tasks/_unit_options.html", units=units),
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


@bp.route("/tracking")
@staff_page(*STAFF_ROLES)
def tracking():
    filters = _filters()
    units = kept(current_user, ("board_units",), lambda: _unit_options(current_user))
    return render_template(
        "tasks/tracking.html",
        board=board(
            current_user,
            filters,
            page=request.args.get("page", 1, type=integer) or 1,
            per_page=current_app.config["BOARD_UNITS_PER_PAGE"],
            names=units.names,
        ),
        filters=filters,
        states=STATE_CHOICES,
        unit_options=units.selecting(filters.unit_id),
        directives=directive_choices(current_user),
        today=local_today(),
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


def _directive_step(directive_id: int, form, step):
    """Run one step on a letter; the step flashes its outcome and returns where to go."""
    directive = directive_or_404(current_user, directive_id)
    if not form.validate_on_submit():
        flash("; ".join(e for errors in form.errors.values() for e in errors), "danger")
        return redirect(url_for("directives.show", directive_id=directive_id))
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

    return _directive_step(directive_id, IssueForm(), step)


@bp.route("/directives/<int:directive_id>/withdraw", methods=["POST"])
@staff_page(*DECIDERS)
def withdraw(directive_id: int):
    form = WithdrawForm()

    def step(directive):
        withdraw_directive(current_user, directive, form.reason.data)
        flash("Đã thu hồi văn bản.", "success")
        return redirect(url_for("directives.show", directive_id=directive.id))

    return _directive_step(directive_id, form, step)


@bp.route("/directives/<int:directive_id>/follow-up", methods=["POST"])
@staff_page(*DECIDERS)
def follow_up(directive_id: int):
    form = FollowUpForm()

    def step(directive):
        letter = order_follow_up(current_user, directive, form.period.data)
        flash("Đã chỉ đạo soạn văn bản đôn đốc; Văn phòng hoàn thiện và trình ký.", "success")
        return redirect(url_for("directives.show", directive_id=letter.id))

    return _directive_step(directive_id, form, step)

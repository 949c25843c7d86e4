"""The admin's pages for user accounts."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from webapp.admin.forms import NewUserForm, ResetPasswordForm
from webapp.admin.policies import ADMINISTRATORS
from webapp.admin.queries import (
    SEARCH_MAX,
    STATE_CHOICES,
    UserFilters,
    find_users,
    user_or_404,
)
from webapp.auth.models import Role
from webapp.auth.operations import create_user, reset_password, set_user_active
from webapp.database import integer
from webapp.security import roles_required
from webapp.unit_of_work import unit_of_work
from webapp.units.queries import visible_units

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


@bp.route("/users")
@roles_required(*ADMINISTRATORS)
def users():
    filters = _filters()
    listed = find_users(current_user, filters, _page())
    return render_template(
        "admin/users.html",
        listed=listed,
        filters=filters,
        query=filters.as_query(),
        here={**filters.as_query(), **({"page": listed.page} if listed.page > 1 else {})},
        roles=list(Role),
        states=STATE_CHOICES,
        reset_form=ResetPasswordForm(),
    )


def _filters() -> UserFilters:
    """Read the list's search and filters; a value that is not one of the choices is dropped."""
    args = request.args
    role, state = args.get("role", ""), args.get("state", "")
    return UserFilters(
        text=args.get("q", "").strip()[:SEARCH_MAX],
        role=role if role in {r.value for r in Role} else "",
        state=state if state in STATE_CHOICES else "",
    )


def _page() -> int:
    return request.args.get("page", 1, type=integer) or 1


def _back_to_list():
    """Return to the list as it was searched and paged when the step was taken."""
    page = _page()
    return redirect(
        url_for("admin.users", **_filters().as_query(), **({"page": page} if page > 1 else {}))
    )


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(*ADMINISTRATORS)
def new_user():
    form = NewUserForm()
    form.unit_code.choices = [SelectChoice("", "— Không —")] + [
        SelectChoice(unit.code, f"{unit.name} ({unit.code})")
        for unit in visible_units(current_user)
    ]
    problems = []
    if form.validate_on_submit():
        with unit_of_work() as work:
            user = create_user(
                current_user,
                username=form.username.data,
                display_name=form.display_name.data,
                role=form.role.data,
                password=form.password.data,
                unit_code=form.unit_code.data or None,
            )
        problems = work.problems
        if not work.refused:
            flash(f"Đã tạo tài khoản {user.username}.", "success")
            return redirect(url_for("admin.users"))
    status = 422 if (problems or form.errors) else 200
    return render_template("admin/new_user.html", form=form, problems=problems), status


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@roles_required(*ADMINISTRATORS)
def toggle_active(user_id: int):
    user = user_or_404(current_user, user_id)
    activate = request.form.get("active") == "1"
    with unit_of_work() as work:
        set_user_active(current_user, user, activate)
    if work.refused:
        flash(work.message, "danger")
    else:
        flash(f"Đã {'mở khóa' if activate else 'khóa'} tài khoản {user.username}.", "success")
    return _back_to_list()


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@roles_required(*ADMINISTRATORS)
def reset_user_password(user_id: int):
    user = user_or_404(current_user, user_id)
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "danger")
        return _back_to_list()
    with unit_of_work() as work:
        reset_password(current_user, user, form.password.data)
    if work.refused:
        flash(work.message, "danger")
    else:
        flash(f"Đã đặt lại mật khẩu cho {user.username}.", "success")
    return _back_to_list()

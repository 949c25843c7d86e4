"""Pages listing units, one unit's page, and the admin's unit form."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from webapp.auth.models import Role
from webapp.security import STAFF_ROLES, roles_required
from webapp.unit_of_work import unit_of_work
from webapp.units.forms import UnitForm
from webapp.units.operations import create_unit, update_unit
from webapp.units.policies import UNIT_MANAGERS
from webapp.units.queries import visible_unit_or_404, visible_units

bp = Blueprint("units", __name__, template_folder="templates")


@bp.route("/units")
@roles_required(*STAFF_ROLES)
def index():
    return render_template("units/index.html", units=visible_units(current_user))


@bp.route("/units/mine")
@roles_required(Role.UNIT)
def mine():
    return redirect(url_for("units.show", code=current_user.unit.code))


@bp.route("/units/<code>")
@login_required
def show(code: str):
    return render_template("units/show.html", unit=visible_unit_or_404(current_user, code))


@bp.route("/admin/units/new", methods=["GET", "POST"], endpoint="new")
@roles_required(*UNIT_MANAGERS)
def new_unit():
    form = _unit_form()
    return _save_unit_form(
        form,
        lambda: create_unit(
            current_user,
            code=form.code.data,
            name=form.name.data,
            kind=form.kind.data,
            parent_code=form.parent_code.data or None,
        ),
        "Đã thêm đơn vị.",
    )


@bp.route("/admin/units/<code>/edit", methods=["GET", "POST"], endpoint="edit")
@roles_required(*UNIT_MANAGERS)
def edit_unit(code: str):
    unit = visible_unit_or_404(current_user, code)
    form = _unit_form(obj=unit)
    form.code.render_kw = {"readonly": True}
    if not form.is_submitted():
        form.parent_code.data = unit.parent.code if unit.parent else ""
    form.code.data = unit.code
    return _save_unit_form(
        form,
        lambda: update_unit(
            current_user,
            unit,
            name=form.name.data,
            kind=form.kind.data,
            parent_code=form.parent_code.data or None,
        ),
        "Đã lưu đơn vị.",
        unit=unit,
    )


def _unit_form(obj=None) -> UnitForm:
    form = UnitForm(obj=obj)
    form.parent_code.choices = [SelectChoice("", "— Không —")] + [
        SelectChoice(unit.code, unit.name) for unit in visible_units(current_user)
    ]
    return form


def _save_unit_form(form: UnitForm, save, done_message: str, unit=None):
    problems = []
    if form.validate_on_submit():
        with unit_of_work() as work:
            saved = save()
        problems = work.problems
        if not work.refused:
            flash(done_message, "success")
            return redirect(url_for("units.show", code=saved.code))
    status = 422 if (problems or form.errors) else 200
    return render_template("units/form.html", form=form, problems=problems, unit=unit), status

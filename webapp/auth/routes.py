"""Pages to log in, log out and manage one's own account."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from webapp.auth.forms import ChangePasswordForm, EmailFrequencyForm, LoginForm
from webapp.auth.operations import (
    LoginRefused,
    authenticate,
    change_password,
    record_logout,
    set_email_frequency,
)
from webapp.extensions import db
from webapp.unit_of_work import unit_of_work

bp = Blueprint("auth", __name__, template_folder="templates")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data, form.password.data)
        except LoginRefused as refused:
            db.session.commit()
            error = refused.message
        else:
            db.session.commit()
            # A fresh session: nothing set before login (the CSRF secret included) carries over.
            session.clear()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    status = 401 if error else (422 if form.errors else 200)
    return render_template("auth/login.html", form=form, error=error), status


def _safe_next(target: str | None) -> str:
    """Follow ?next= only within this site."""
    # Browsers read a backslash as a slash and drop tabs and line breaks from an address, so
    # "/\host" and "/<tab>/host" would lead to another site.
    if target and not any(char == "\\" or not char.isprintable() for char in target):
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
        ):
            return target
    return url_for("main.home")


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    record_logout(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash("Bạn đã đăng xuất.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ChangePasswordForm()
    problems = []
    if form.validate_on_submit():
        with unit_of_work() as work:
            change_password(current_user, form.current_password.data, form.new_password.data)
        problems = list(work.refused.details) if work.refused else []
        if not work.refused:
            login_user(current_user)  # this session follows the new version; others end
            flash("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất.", "success")
            return redirect(url_for("auth.account"))
    status = 422 if (problems or form.errors) else 200
    return _account_page(form=form, problems=problems, status=status)


@bp.route("/account/notifications", methods=["POST"])
@login_required
def email_frequency():
    form = EmailFrequencyForm()
    if form.validate_on_submit():
        with unit_of_work() as work:
            set_email_frequency(current_user, form.email_frequency.data)
        if not work.refused:
            flash("Đã lưu cách nhận thông báo qua thư điện tử.", "success")
            return redirect(url_for("auth.account"))
        return _account_page(mail_form=form, mail_problems=work.problems, status=422)
    return _account_page(mail_form=form, status=422)


def _account_page(form=None, problems=(), mail_form=None, mail_problems=(), status=200):
    """The account page with its two forms: the password, and how notifications are e-mailed."""
    if mail_form is None:
        mail_form = EmailFrequencyForm(
            formdata=None, email_frequency=current_user.email_frequency.value
        )
    return render_template(
        "auth/account.html",
        form=form or ChangePasswordForm(formdata=None),
        problems=list(problems),
        mail_form=mail_form,
        mail_problems=list(mail_problems),
    ), status

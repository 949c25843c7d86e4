"""Pages: the list of letters, drafting, the structured editor with live preview, signing."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import current_user, login_required

from webapp.audit.labels import entity_action_labels
from webapp.audit.queries import trail_of
from webapp.auth.models import Role
from webapp.confirmation import Confirmation, confirmation_page, is_confirmed
from webapp.directives.forms import (
    ApproveForm,
    DirectiveForm,
    DraftForm,
    ReturnForm,
    SubmitForm,
)
from webapp.directives.index_page import render_index
from webapp.directives.models import Directive, LetterKind
from webapp.directives.numbering import next_number_text
from webapp.directives.operations import (
    approve_directive,
    draft_directive,
    return_directive,
    submit_directive,
    update_draft,
)
from webapp.directives.policies import EDITORS, SIGNERS, directive_page_actions
from webapp.directives.queries import directive_or_404
from webapp.documents.context import letter_context
from webapp.documents.render import DOC_TEMPLATES, render_html
from webapp.documents.render import template_folder as kind_folder
from webapp.documents.storage import letter_file
from webapp.documents.templates_admin import active_version
from webapp.events import directive_returned, directive_signed, directive_submitted
from webapp.extensions import db
from webapp.grounds.queries import offered_grounds
from webapp.notifications.operations import send_emails_later
from webapp.security import STAFF_ROLES, require_role, sees_all_units, staff_page
from webapp.stats.basis import findings_basis
from webapp.tasks.forms import IssueForm, WithdrawForm
from webapp.unit_of_work import unit_of_work
from webapp.units.queries import visible_units
from workflows.errors import DomainError
from workflows.machines.directive import Action, guard
from workflows.periods import local_today

bp = Blueprint("directives", __name__, template_folder="templates")

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
# The letter's own HTML, framed by our pages only: styles and fonts from here, nothing else.
LETTER_POLICY = (
    "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
PDF_POLICY = "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
ACTION_LABELS = entity_action_labels("directive")


def _directive(directive_id: int, *roles: Role) -> Directive:
    """Load a letter the user may see (404 otherwise), then hold one of the roles (403)."""
    directive = directive_or_404(current_user, directive_id)
    if roles:
        require_role(current_user, *roles)
    return directive


def _editable(directive_id: int) -> Directive:
    directive = _directive(directive_id, *EDITORS)
    guard(directive.state.value, Action.EDIT)
    return directive


def _version(directive: Directive) -> str:
    return directive.template_version or active_version(directive.kind.value)


@bp.route("/directives")
@staff_page(*STAFF_ROLES)
def index():
    return render_index()


@bp.route("/directives/draft", methods=["POST"])
@staff_page(*EDITORS)
def draft():
    form = DraftForm()
    if not form.validate_on_submit():
        return render_index(form, status=422)
    with unit_of_work() as work:
        directive = draft_directive(current_user, form.period.data, kind=form.kind.data)
    if work.refused:
        return render_index(form, problems=work.message_and_problems, status=422)
    flash("Đã soạn dự thảo từ số liệu; hãy rà soát trước khi trình ký.", "success")
    return redirect(url_for("directives.edit", directive_id=directive.id))


def _editor_form(directive: Directive) -> DirectiveForm:
    signers = [s for s in directive.issuing_body.signers if s.active]
    grounds = offered_grounds(directive.issuing_body_id, directive.ground_ids or [])
    return DirectiveForm.for_directive(directive, visible_units(current_user), signers, grounds)


@bp.route("/directives/<int:directive_id>/edit", methods=["GET", "POST"])
@login_required
def edit(directive_id: int):
    directive = _editable(directive_id)
    form = _editor_form(directive)
    if form.wants_new_assignment() or form.removed_assignment(
        request.form.get("remove_assignment")
    ):
        return _render_editor(directive, form, unsaved=True)
    problems = []
    if form.validate_on_submit():
        # "Lưu và trình ký": the draft as it stands is what goes to the leaders, in one step.
        submitting = (
            form.save_and_submit.data and directive_page_actions(current_user, directive)["submit"]
        )
        with unit_of_work() as work:
            update_draft(current_user, directive, form.changes())
            if submitting:
                submit_directive(current_user, directive)
                directive_submitted.send(directive)
        if work.refused:
            problems = form.attach(work.refused.details) or [{"message": work.message}]
        elif submitting:
            send_emails_later()
            flash("Đã lưu và trình ký văn bản.", "success")
            return redirect(url_for("directives.show", directive_id=directive.id))
        else:
            flash("Đã lưu dự thảo.", "success")
            return redirect(url_for("directives.edit", directive_id=directive.id))
    status = 422 if (problems or form.errors) else 200
    return _render_editor(directive, form, problems), status


def _render_editor(directive, form, problems=(), unsaved=False) -> str:
    return render_template(
        "directives/edit.html",
        directive=directive,
        form=form,
        problems=problems,
        unsaved=unsaved,
        basis=findings_basis(current_user, directive.period),
        may_submit=directive_page_actions(current_user, directive)["submit"],
    )


@bp.route("/directives/<int:directive_id>/preview")
@login_required
def preview(directive_id: int):
    directive = _directive(directive_id)
    return _letter_response(_letter_html(directive))


@bp.route("/directives/<int:directive_id>/preview", methods=["POST"])
@login_required
def preview_draft(directive_id: int):
    directive = _editable(directive_id)
    form = _editor_form(directive)
    if not form.validate_on_submit():
        return _preview_errors(form.errors)
    try:
        html = _unsaved_letter_html(directive, form.changes())
    except DomainError as refused:
        return _preview_errors([p["message"] for p in refused.details] or [refused.message])
    return _letter_response(html)


def _unsaved_letter_html(directive: Directive, changes: dict) -> str:
    """Render the letter as it would read with the changes, then forget them."""
    savepoint = db.session.begin_nested()
    try:
        update_draft(current_user, directive, changes)
        db.session.flush()
        return _letter_html(directive)
    finally:
        savepoint.rollback()


def _letter_html(directive: Directive) -> str:
    """The letter's HTML template output, with links to its stylesheets served below."""
    version = _version(directive)
    html = render_html(letter_context(directive), directive.kind.value, version)
    links = render_template(
        "directives/_letter_links.html", kind=directive.kind.value, version=version
    )
    head_end = html.find("</head>")
    if head_end < 0:
        return links + html
    return html[:head_end] + links + html[head_end:]


def _letter_response(html: str, status: int = 200):
    response = make_response(html, status)
    response.headers["Content-Security-Policy"] = LETTER_POLICY
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _preview_errors(errors: dict):
    messages = [str(m) for m in _flatten(errors)]
    return _letter_response(
        render_template("directives/preview_errors.html", messages=messages), 422
    )


def _flatten(errors):
    if isinstance(errors, dict):
        for value in errors.values():
            yield from _flatten(value)
    elif isinstance(errors, list | tuple):
        for value in errors:
            yield from _flatten(value)
    elif errors:
        yield errors


@bp.route("/directives/letter-assets/<folder>/<name>")
@login_required
def letter_asset(folder: str, name: str):
    if folder == "fonts" and name.endswith(FONT_SUFFIXES):
        return send_from_directory(DOC_TEMPLATES / "fonts", name, max_age=86400)
    if name != "style.css":
        abort(404)
    if folder == "_base":
        return send_from_directory(DOC_TEMPLATES / "_base", name, mimetype="text/css")
    if folder == "screen":
        return render_template("directives/letter_screen.css"), {"Content-Type": "text/css"}
    if folder not in {kind.value for kind in LetterKind}:
        abort(404)
    try:
        path = kind_folder(folder, request.args.get("v") or None)
    except LookupError:
        abort(404)
    return send_from_directory(path, name, mimetype="text/css")


@bp.route("/directives/<int:directive_id>")
@login_required
def show(directive_id: int):
    directive = _directive(directive_id)
    return _render_show(directive)


def _render_show(directive: Directive, return_form: ReturnForm | None = None, status: int = 200):
    actions = directive_page_actions(current_user, directive)
    forms = {
        "submit": SubmitForm(formdata=None),
        "approve": ApproveForm(formdata=None),
        "return": return_form or ReturnForm(formdata=None),
        "issue": IssueForm(formdata=None),
        "withdraw": WithdrawForm(formdata=None),
    }
    timeline = (
        trail_of(current_user, "directive", str(directive.id))
        if sees_all_units(current_user)
        else None
    )
    return render_template(
        "directives/show.html",
        directive=directive,
        actions=actions,
        forms=forms,
        timeline=timeline,
        action_labels=ACTION_LABELS,
    ), status


def _act(
    directive_id: int,
    roles: tuple,
    form,
    operation,
    done: str,
    *,
    signs: bool = False,
    announce=None,
    confirm=None,
):
    """Run one step on a letter from its page: a refused step comes back as a message; the step's
    event (`announce`) is sent inside its transaction, the signing's after it.

    A step with `confirm` (the step's name and its Confirmation) is first answered with its
    confirmation page while the letter's page offers it, and taken once confirmed.
    """
    directive = _directive(directive_id, *roles)
    if not form.validate_on_submit():
        return _render_show(directive, form if isinstance(form, ReturnForm) else None, 422)
    if confirm and not is_confirmed():
        step, confirmation = confirm
        if directive_page_actions(current_user, directive)[step]:
            return confirmation_page(confirmation(directive))
    comment = (form.comment.data or "").strip() if isinstance(form, ReturnForm) else None
    with unit_of_work() as work:
        operation(current_user, directive, *([comment] if comment is not None else []))
        if announce is not None:
            announce.send(directive)
    if work.refused:
        flash(work.message, "danger")
        return redirect(url_for("directives.show", directive_id=directive_id))
    send_emails_later()
    if signs:
        directive_signed.send(directive)
    flash(done.format(number=directive.number_text), "success")
    return redirect(url_for("directives.show", directive_id=directive_id))


@bp.route("/directives/<int:directive_id>/submit", methods=["POST"])
@login_required
def submit(directive_id: int):
    return _act(
        directive_id,
        EDITORS,
        SubmitForm(),
        submit_directive,
        "Đã trình ký văn bản.",
        announce=directive_submitted,
    )


@bp.route("/directives/<int:directive_id>/approve", methods=["POST"])
@login_required
def approve(directive_id: int):
    return _act(
        directive_id,
        SIGNERS,
        ApproveForm(),
        approve_directive,
        "Đã ký và cấp số {number}.",
        signs=True,
        confirm=("approve", _signing_confirmation),
    )


def _signing_confirmation(directive: Directive) -> Confirmation:
    return Confirmation(
        title="Xác nhận ký và cấp số",
        consequences=[f"Văn bản sẽ được cấp số {next_number_text(directive)} và ký số."],
        notes=[
            f"V/v {directive.subject}",
            f"Ngày văn bản: {local_today().strftime('%d/%m/%Y')}. Số được lấy từ sổ văn bản đi"
            " khi xác nhận; nếu văn bản khác được ký trước, văn bản này nhận số kế tiếp.",
            "Sau khi ký, văn bản không sửa được nữa; Văn phòng sẽ ban hành cho các đơn vị.",
        ],
        confirm_label="Xác nhận ký và cấp số",
        back_url=url_for("directives.show", directive_id=directive.id),
        read=("Đọc toàn văn văn bản", url_for("directives.pdf", directive_id=directive.id)),
    )


@bp.route("/directives/<int:directive_id>/return", methods=["POST"])
@login_required
def return_(directive_id: int):
    return _act(
        directive_id,
        SIGNERS,
        ReturnForm(),
        return_directive,
        "Đã trả lại dự thảo cho Văn phòng.",
        announce=directive_returned,
    )


@bp.route("/directives/<int:directive_id>/document.<any(docx, pdf):fmt>")
@login_required
def document(directive_id: int, fmt: str):
    directive = _directive(directive_id)
    inline = fmt == "pdf" and request.args.get("inline") == "1"
    response = make_response(letter_file(directive, fmt))
    response.mimetype = FORMATS[fmt]
    disposition = "inline" if inline else "attachment"
    name = _file_name(directive)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    if inline:
        response.headers["Content-Security-Policy"] = PDF_POLICY
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _file_name(directive: Directive) -> str:
    if directive.number:
        return f"{directive.number:02d}-{directive.symbol}".replace("/", "-")
    return f"du-thao-{directive.id}"


@bp.route("/directives/<int:directive_id>/pdf")
@login_required
def pdf(directive_id: int):
    directive = _directive(directive_id)
    return render_template("directives/pdf.html", directive=directive)

"""API routes for imports."""

from flask import jsonify, url_for

from webapp.api.blueprints import api_blueprint, api_user
from webapp.extensions import db
from webapp.imports.models import ImportOptions, ImportStatus
from webapp.imports.operations import ImportRejected
from webapp.imports.preview import PreviewRejected
from webapp.imports.queries import run_or_404
from webapp.imports.schemas import (
    ImportFileSchema,
    ImportFormSchema,
    ImportPreviewSchema,
    ImportRunSchema,
)
from webapp.imports.submission import preview_upload, submit_import
from webapp.imports.uploads import import_limit
from webapp.request_checks import accepts_files

blp = api_blueprint(
    "imports_api", __name__, "Nhập số liệu: đơn vị, hồ sơ, số liệu tổng hợp, phản ánh"
)


@blp.route("/imports", methods=["POST"])
@blp.arguments(ImportFormSchema, location="form")
@blp.arguments(ImportFileSchema, location="files")
@blp.response(201, ImportRunSchema)
@blp.alt_response(202, schema=ImportRunSchema, description="Đã đưa vào hàng đợi xử lý nền")
@blp.alt_response(
    200, schema=ImportPreviewSchema, description="Xem trước (dry_run): những gì sẽ thay đổi"
)
@blp.alt_response(
    422, description="Tệp vi phạm hợp đồng nhập liệu: mọi lỗi được liệt kê, không lưu gì"
)
@accepts_files(import_limit)
def create_import(form, files):
    """Import one file (CSV, XLSX, XLS, or a report in the official form Biểu số 06); every
    problem is listed and nothing is stored on any error."""
    options = ImportOptions(form["sheet"].strip(), form["period"] or None)
    if form["dry_run"]:
        preview = preview_upload(api_user(), form["kind"].value, files["file"], options)
        db.session.commit()  # the "previewed" event, and nothing else
        if preview.problems:
            raise PreviewRejected(preview)
        # A response of its own: the route's schema is the import run's.
        return jsonify(ImportPreviewSchema().dump(preview))
    run = submit_import(api_user(), form["kind"].value, files["file"], options)
    if run.status == ImportStatus.REJECTED:
        raise ImportRejected(run)
    if run.status == ImportStatus.QUEUED:
        location = url_for("imports_api.get_import", run_id=run.id)
        return run, 202, {"Location": location}
    return run


@blp.route("/imports/<int:run_id>")
@blp.response(200, ImportRunSchema)
def get_import(run_id: int):
    """Read one import's status and counts."""
    return run_or_404(api_user(), run_id)

"""API schemas for imports."""

import marshmallow as ma
from flask_smorest.fields import Upload

from webapp.api.schemas import Id
from webapp.imports.models import SHEET_MAX, ImportKind, ImportStatus
from workflows.periods import PERIOD_PATTERN


class ImportFormSchema(ma.Schema):
    kind = ma.fields.Enum(ImportKind, by_value=True, required=True)
    sheet = ma.fields.String(
        load_default="",
        validate=ma.validate.Length(max=SHEET_MAX),
        metadata={"description": "Trang tính cần đọc; để trống: trang đầu tiên có dòng tiêu đề"},
    )
    period = ma.fields.String(
        load_default=None,
        validate=ma.validate.Regexp(PERIOD_PATTERN, error="Kỳ phải có dạng YYYY-MM."),
        metadata={"description": "Kỳ (YYYY-MM) tệp báo cáo; kỳ ghi trong tệp phải khớp"},
    )


class ImportFileSchema(ma.Schema):
    file = Upload(required=True)


class ImportRunSchema(ma.Schema):
    id = Id(required=True)
    kind = ma.fields.Enum(ImportKind, by_value=True, required=True)
    status = ma.fields.Enum(ImportStatus, by_value=True, required=True)
    file_name = ma.fields.String(required=True)
    checksum = ma.fields.String(required=True)
    rows_total = ma.fields.Integer()
    rows_added = ma.fields.Integer()
    rows_updated = ma.fields.Integer()
    rows_unchanged = ma.fields.Integer()
    periods = ma.fields.List(ma.fields.String(), allow_none=True)
    note = ma.fields.String()
    problem_count = ma.fields.Integer()
    sheet = ma.fields.String()
    period = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime()
    finished_at = ma.fields.AwareDateTime(allow_none=True)

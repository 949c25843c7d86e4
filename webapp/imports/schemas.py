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
    dry_run = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "1: chỉ xem trước những gì sẽ thay đổi, không lưu gì"},
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


class UnitMonthSchema(ma.Schema):
    unit_code = ma.fields.String(attribute="where.unit_code")
    unit_name = ma.fields.String(attribute="where.unit_name")
    period = ma.fields.String(attribute="where.period")


class FigureChangeSchema(UnitMonthSchema):
    before = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), allow_none=True)
    after = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), allow_none=True)
    changed = ma.fields.List(ma.fields.String())


class FindingChangeSchema(UnitMonthSchema):
    rule = ma.fields.String()
    appears = ma.fields.Boolean()


class VerdictChangeSchema(UnitMonthSchema):
    task_id = Id()
    letter = ma.fields.String()
    position = ma.fields.Integer()
    before = ma.fields.Boolean(allow_none=True)
    after = ma.fields.Boolean(allow_none=True)


class SourceNoteSchema(UnitMonthSchema):
    text = ma.fields.String()


class ImportPreviewSchema(ma.Schema):
    """What importing the file would change; nothing was stored."""

    kind = ma.fields.Enum(ImportKind, by_value=True)
    file_name = ma.fields.String()
    checksum = ma.fields.String()
    sheet = ma.fields.String(attribute="checked.sheet")
    period = ma.fields.String(attribute="options.period", allow_none=True)
    version = ma.fields.Integer(metadata={"description": "Phiên bản số liệu lúc xem trước"})
    rows_total = ma.fields.Integer()
    rows_added = ma.fields.Integer()
    rows_updated = ma.fields.Integer()
    rows_unchanged = ma.fields.Integer()
    periods = ma.fields.List(ma.fields.String())
    figures_count = ma.fields.Integer()
    figures = ma.fields.List(ma.fields.Nested(FigureChangeSchema))
    findings = ma.fields.List(ma.fields.Nested(FindingChangeSchema))
    verdicts = ma.fields.List(ma.fields.Nested(VerdictChangeSchema))
    sources = ma.fields.List(ma.fields.Nested(SourceNoteSchema))

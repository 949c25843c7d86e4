"""API schemas of unit tasks and their reports."""

import marshmallow as ma

from webapp.api.schemas import Id, Text
from workflows.machines.task import display_label, is_overdue
from workflows.periods import local_today


class TaskSchema(ma.Schema):
    id = Id(required=True)
    directive_id = Id(attribute="directive.id")
    directive_number = ma.fields.Function(
        lambda task: task.directive.number_text, metadata={"example": "01/UBND-VP"}
    )
    assignment_position = ma.fields.Function(lambda task: task.assignment.position)
    text = ma.fields.Function(lambda task: task.assignment.text)
    criterion = ma.fields.Function(lambda task: task.assignment.criterion)
    unit_code = ma.fields.Function(lambda task: task.unit.code)
    role = ma.fields.Function(
        lambda task: task.role.value, metadata={"description": "lead (chủ trì) hoặc support"}
    )
    state = ma.fields.Function(lambda task: task.state.value)
    status = ma.fields.Function(
        lambda task: display_label(task.state, task.deadline, local_today(), task.completed_late),
        metadata={"description": "Trạng thái theo cách gọi của văn bản theo dõi"},
    )
    deadline = ma.fields.Date(allow_none=True)
    overdue = ma.fields.Function(lambda task: is_overdue(task.state, task.deadline, local_today()))
    completed_late = ma.fields.Boolean()
    extensions_granted = ma.fields.Integer()


class EvidenceSchema(ma.Schema):
    id = Id(required=True)
    file_name = ma.fields.String(required=True)
    content_type = ma.fields.String(required=True)
    size = ma.fields.Integer(required=True)
    sha256 = ma.fields.String(required=True)


class ReportSchema(ma.Schema):
    id = Id(required=True)
    task_id = Id(required=True)
    text = ma.fields.String(required=True)
    percent = ma.fields.Integer(required=True)
    submitted_at = ma.fields.AwareDateTime(required=True)
    decision = ma.fields.Function(lambda report: report.decision.value)
    decision_comment = ma.fields.String()
    evidence = ma.fields.List(ma.fields.Nested(EvidenceSchema))


class ReportCreateSchema(ma.Schema):
    text = Text(required=True, validate=ma.validate.Length(min=1, max=5000))
    percent = ma.fields.Integer(
        load_default=100, validate=ma.validate.Range(0, 100, error="Từ 0 đến 100.")
    )


class CommentSchema(ma.Schema):
    comment = Text(load_default="", validate=ma.validate.Length(max=2000))


class RequiredCommentSchema(ma.Schema):
    comment = Text(required=True, validate=ma.validate.Length(min=1, max=2000))

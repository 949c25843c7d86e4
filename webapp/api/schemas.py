"""Schemas shared by every API route."""

import marshmallow as ma


class ProblemSchema(ma.Schema):
    location = ma.fields.String(metadata={"description": "json, query, form, files, or a file name"})
    field = ma.fields.String(metadata={"description": "The field (or row and column) at fault"})
    message = ma.fields.String(required=True)


class ErrorSchema(ma.Schema):
    """The body of every error answer."""

    error = ma.fields.String(required=True, metadata={"description": "What went wrong, in Vietnamese"})
    details = ma.fields.List(
        ma.fields.Dict(), required=True, metadata={"description": "Every problem found"}
    )

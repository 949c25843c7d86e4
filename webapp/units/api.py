"""API routes for units."""

from webapp.api.blueprints import api_blueprint, api_user
from webapp.units.queries import visible_unit_or_404, visible_units
from webapp.units.schemas import UnitSchema

blp = api_blueprint("units_api", __name__, "Đơn vị: phòng ban, phường, xã, cơ quan ngành dọc")


@blp.route("/units")
@blp.response(200, UnitSchema(many=True))
def list_units():
    """List the units the caller may see (a unit user: only its own)."""
    return visible_units(api_user())


@blp.route("/units/<code>")
@blp.response(200, UnitSchema)
@blp.alt_response(404, description="Không có đơn vị này, hoặc người gọi không được xem")
def get_unit(code: str):
    """Read one unit by its code."""
    return visible_unit_or_404(api_user(), code)

"""API routes about the caller."""

from webapp.api.blueprints import api_blueprint, api_user
from webapp.auth.schemas import MeSchema

blp = api_blueprint("auth_api", __name__, "Tài khoản của người gọi")


@blp.route("/me")
@blp.response(200, MeSchema)
def me():
    """Read the account the token belongs to."""
    return api_user()

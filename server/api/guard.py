"""Who is calling: JWT identity, role and device, checked on every protected call."""
from functools import wraps

from flask import current_app, g
from flask_jwt_extended import get_jwt, get_jwt_identity, verify_jwt_in_request

from ..errors import ApiError
from ..extensions import db, jwt
from ..rls import set_tenant
from ..services.auth import check_access


def require(*roles: str):
    """Decorate a view: valid access token, open session, active account, device, role."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request()
            claims = get_jwt()
            user = check_access(db.session, current_app.config, get_jwt_identity(), claims)
            g.device_id, g.family = claims["dev"], claims["fam"]
            if roles and user.role not in roles:
                raise ApiError("Votre rôle ne permet pas cette action.", 403, code="forbidden")
            g.user = user
            set_tenant(db.session)  # this transaction, begun by the checks, works for it too
            return view(*args, **kwargs)

        return wrapper

    return decorator


def init_jwt_errors() -> None:
    """Answer token problems as problem+json 401s."""
    from ..errors import problem

    def unauthorized(detail):
        return problem(401, detail, code="unauthorized")

    jwt.unauthorized_loader(lambda reason: unauthorized("Jeton d'accès manquant."))
    jwt.invalid_token_loader(lambda reason: unauthorized("Jeton invalide."))
    jwt.expired_token_loader(lambda header, payload: unauthorized("Jeton expiré."))
    jwt.revoked_token_loader(lambda header, payload: unauthorized("Jeton révoqué."))
    jwt.needs_fresh_token_loader(lambda header, payload: unauthorized("Jeton trop ancien."))
    jwt.user_lookup_error_loader(lambda header, payload: unauthorized("Compte inconnu."))

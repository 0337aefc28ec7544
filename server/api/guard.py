"""Who is calling: JWT identity, role and device, checked on every protected call."""
from functools import wraps

from flask import g
from flask_jwt_extended import get_jwt, get_jwt_identity, verify_jwt_in_request

from ..errors import ApiError
from ..extensions import db, jwt
from ..models import User
from ..services.auth import AuthError, check_device


def require(*roles: str):
    """Decorate a view: valid access token, active account, device not revoked, role."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request()
            user = db.session.get(User, get_jwt_identity())
            if user is None or not user.active:
                raise AuthError("Compte inconnu ou désactivé.")
            g.device_id = get_jwt().get("dev")
            check_device(db.session, g.device_id, user.id)
            if roles and user.role not in roles:
                raise ApiError("Votre rôle ne permet pas cette action.", 403, code="forbidden")
            g.user = user
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

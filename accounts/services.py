"""Account writes: signup, login, token issue and revocation."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from knox.models import AuthToken
from rest_framework.exceptions import ValidationError

from accounts import throttling
from tomato_agent.errors import DomainError, NotFound

User = get_user_model()


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status = 400
    message = "Invalid username or password."


def token_issue(*, user) -> tuple[str, datetime]:
    """A new token for one device/client; only its hash is stored."""
    instance, token = AuthToken.objects.create(user=user)
    return token, instance.expiry


def user_signup(*, request, username: str, password: str, email: str = "") -> tuple[object, str, datetime]:
    """Create an account and its first token; throttled per client IP (RateLimited)."""
    throttling.signup_check(request)
    username = username.strip()
    if User.objects.filter_by_username(username).exists():
        raise ValidationError({"username": ["A user with that username already exists."]})
    candidate = User(username=username, email=email)
    try:
        validate_password(password, user=candidate)
    except DjangoValidationError as exc:
        raise ValidationError({"password": list(exc.messages)}) from None
    candidate.set_password(password)
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:  # a concurrent signup won the race; the DB constraint holds
        raise ValidationError({"username": ["A user with that username already exists."]}) from None
    token, expires_at = token_issue(user=candidate)
    return candidate, token, expires_at


def user_authenticate(*, request, username: str, password: str):
    """Check credentials; the same error for unknown user and bad password.

    Raises RateLimited (the throttle lives in the authentication backend,
    ``accounts.backends``) or InvalidCredentials. Used by the API and the login page alike.
    """
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise InvalidCredentials()
    return user


def user_login(*, request, username: str, password: str) -> tuple[object, str, datetime]:
    """API login: the checked user and a new token for this device."""
    user = user_authenticate(request=request, username=username, password=password)
    token, expires_at = token_issue(user=user)
    return user, token, expires_at


def token_revoke(*, token: AuthToken) -> None:
    token.delete()


def tokens_revoke_all(*, user) -> int:
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted


# --- browser sessions (the settings page) -----------------------------------------------------------


def session_record(*, request, user) -> None:
    """Remember a new browser session of ``user`` (called on every login: ``accounts.apps``)."""
    from accounts.models import LoginSession

    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    meta = getattr(request, "META", {}) or {}
    ip = throttling.client_ip(request) if meta.get("REMOTE_ADDR") else None
    LoginSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={"user": user, "user_agent": meta.get("HTTP_USER_AGENT", "")[:300], "ip": ip or None},
    )


def _session_end(session_key: str) -> None:
    from importlib import import_module

    from django.conf import settings

    import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key).delete()


def session_revoke(*, user, session_id: int) -> None:
    """End one of the person's browser sessions; NotFound if it is not theirs."""
    from accounts.models import LoginSession

    record = LoginSession.objects.filter(user=user, pk=session_id).first()
    if record is None:
        raise NotFound("Session not found.")
    _session_end(record.session_key)
    record.delete()


def sessions_revoke_all(*, user) -> int:
    """Log the person out everywhere: every browser session and every login token (API keys stay)."""
    from accounts.models import LoginSession

    records = list(LoginSession.objects.filter(user=user))
    for record in records:
        _session_end(record.session_key)
    LoginSession.objects.filter(user=user).delete()
    return len(records) + tokens_revoke_all(user=user)


def token_revoke_by_key(*, user, token_key: str) -> None:
    """Revoke one of the person's login tokens by its shown prefix; NotFound if it is not theirs."""
    deleted, _ = AuthToken.objects.filter(user=user, token_key=str(token_key)[:64]).delete()
    if not deleted:
        raise NotFound("Token not found.")


def password_change(*, request, user, form) -> None:
    """A checked password change (``form``: Django's PasswordChangeForm): this session stays, every other
    session ends (Django's session hash) and the person's login tokens are revoked."""
    from django.contrib.auth import update_session_auth_hash

    from accounts.models import LoginSession

    form.save()
    update_session_auth_hash(request, user)
    tokens_revoke_all(user=user)
    current = request.session.session_key
    for record in LoginSession.objects.filter(user=user).exclude(session_key=current):
        _session_end(record.session_key)
        record.delete()


def user_delete(*, user) -> None:
    """Delete the user: their rows go by cascade, the bytes of their sandbox files here (no row points at them)."""
    from sandbox.files import files_delete

    files_delete(user_id=user.pk)
    user.delete()

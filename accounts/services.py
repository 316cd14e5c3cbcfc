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
from tomato_agent.errors import DomainError

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

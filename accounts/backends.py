"""The one authentication backend: Django's model backend behind the login throttle.

Every ``django.contrib.auth.authenticate`` call — the API login, the login
page and the admin login — comes through here, so all three share one
throttle (``accounts.throttling``), counted before the password is checked.
Over the limit it raises :class:`~tomato_agent.errors.RateLimited`; callers
turn that into a 429 (API), a form error (login page) or an admin form error
(:class:`accounts.admin.ThrottledAdminLoginForm`).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from accounts import throttling


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        ip = throttling.client_ip(request) if request is not None else "local"
        with throttling.login_attempt(username=username, ip=ip) as attempt:
            user = super().authenticate(request, username=username, password=password, **kwargs)
            if user is not None:
                attempt.succeeded()
        return user

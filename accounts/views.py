"""Server-rendered login, signup, logout and settings pages (session auth, CSRF)."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.forms import LoginForm, SignupForm
from tomato_agent.errors import NotFound, RateLimited


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def login_page(request):
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_authenticate(request=request, **form.cleaned_data)
        except services.InvalidCredentials as exc:
            form.add_error(None, exc.message)
            status = 400
        except RateLimited as exc:
            form.add_error(None, exc.message)
            status = 429
        else:
            login(request, user)
            return redirect(_next_url(request))
    response = render(request, "accounts/login.html", {"form": form, "next": _next_url(request)}, status=status)
    return response


@require_http_methods(["GET", "POST"])
def signup_page(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.signup(request)
        if user is not None:
            login(request, user, backend="accounts.backends.ThrottledModelBackend")
            return redirect("/")
    status = (429 if getattr(form, "rate_limited", False) else 400) if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def logout_page(request):
    if request.method == "POST":
        logout(request)
        return redirect("/login")
    return render(request, "accounts/logout.html")


# --- the settings page ------------------------------------------------------------------------------


def _settings_context(request, password_form=None) -> dict:
    return {
        "password_form": password_form or PasswordChangeForm(request.user),
        "sessions": selectors.sessions_for(user=request.user, current_key=request.session.session_key),
        "tokens": selectors.tokens_for(user=request.user),
        "usage": selectors.usage_this_month(user=request.user),
    }


@login_required
@require_http_methods(["GET"])
def settings_page(request):
    """Password, sessions and tokens, usage against the budget, the theme (API keys: /settings/developer)."""
    return render(request, "accounts/settings.html", _settings_context(request))


@login_required
@require_POST
def settings_password(request):
    form = PasswordChangeForm(request.user, request.POST)
    if not form.is_valid():
        return render(request, "accounts/settings.html", _settings_context(request, form), status=400)
    services.password_change(request=request, user=request.user, form=form)
    messages.success(request, "Password changed. Your other sessions and login tokens were signed out.")
    return redirect("settings")


@login_required
@require_POST
def settings_session_revoke(request, session_id: int):
    try:
        services.session_revoke(user=request.user, session_id=session_id)
    except NotFound:
        raise Http404("No such session") from None
    messages.success(request, "The session was signed out.")
    return redirect("settings")


@login_required
@require_POST
def settings_token_revoke(request):
    try:
        services.token_revoke_by_key(user=request.user, token_key=request.POST.get("token", ""))
    except NotFound:
        raise Http404("No such token") from None
    messages.success(request, "The token was revoked.")
    return redirect("settings")


@login_required
@require_POST
def settings_logout_everywhere(request):
    services.sessions_revoke_all(user=request.user)
    logout(request)
    return redirect("/login")

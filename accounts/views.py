"""Server-rendered login, signup and logout pages (session auth, CSRF)."""

from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import LoginForm, SignupForm
from tomato_agent.errors import RateLimited


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

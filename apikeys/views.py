"""The developer settings page: API keys (and how to use them) and chat widgets, one section each."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def developer_settings(request):
    return render(request, "apikeys/developer.html", {"openai_default_model": settings.OPENAI_DEFAULT_MODEL})

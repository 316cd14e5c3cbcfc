from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def chat_page(request):
    return render(request, "agents/chat.html")


@login_required
def snippets_page(request):
    return render(request, "agents/snippets.html")


@login_required
def agents_page(request):
    """The agent builder: your agents, a form to create and edit one, a preview chat beside it."""
    return render(request, "agents/builder.html")

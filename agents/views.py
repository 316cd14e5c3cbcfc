from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def chat_page(request):
    return render(request, "agents/chat.html")


@login_required
def snippets_page(request):
    return render(request, "agents/snippets.html")

from django.urls import path

from agents import sse, views

urlpatterns = [
    path("", views.chat_page, name="chat"),
    path("snippets", views.snippets_page, name="snippets"),
    path("agents", views.agents_page, name="agents-page"),
    path("chat/stream", sse.genos_chat_stream, name="genos-chat-stream"),
]

from django.urls import path

from agents import sse, views

urlpatterns = [
    path("", views.chat_page, name="chat"),
    path("snippets", views.snippets_page, name="snippets"),
    path("chat/stream", sse.genos_chat_stream, name="genos-chat-stream"),
]

from django.urls import path

from embeds import views

urlpatterns = [
    path("embed.js", views.widget_script, name="embed-js"),
    path("embed/<str:token>/session", views.session, name="embed-session"),
    path("embed/<str:token>/conversations", views.conversations, name="embed-conversations"),
    path("embed/<str:token>/conversations/<str:conversation_id>/messages", views.messages, name="embed-messages"),
    path("embed/<str:token>/chat", views.chat, name="embed-chat"),
    path("embed/<str:token>/runs/<str:run_id>/events", views.run_events, name="embed-run-events"),
]

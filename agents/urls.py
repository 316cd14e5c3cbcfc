from django.urls import path

from agents import views

urlpatterns = [
    path("", views.chat_page, name="chat"),
]

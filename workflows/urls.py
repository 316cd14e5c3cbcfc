from django.urls import path

from workflows import views

urlpatterns = [
    path("workflows/", views.workflows_page, name="workflows-page"),
]

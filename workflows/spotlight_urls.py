"""The SpotLight execution plane under /v1/ (beside the OpenAI-compatible routes, which live elsewhere)."""

from django.urls import path

from workflows import spotlight

urlpatterns = [
    path("run_workflow", spotlight.run_workflow, name="spotlight-run-workflow"),
    path("workflows", spotlight.workflows_listing, name="spotlight-workflows"),
]

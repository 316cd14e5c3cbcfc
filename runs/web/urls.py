from django.urls import path

from runs.web import api, sse

urlpatterns = [
    path("runs/<str:run_id>", api.RunDetailApi.as_view(), name="run"),
    path("runs/<str:run_id>/cancel", api.RunCancelApi.as_view(), name="run-cancel"),
    path("runs/<str:run_id>/events", sse.run_events, name="run-events"),
]

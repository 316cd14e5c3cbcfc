from django.urls import path

from sandbox import api

urlpatterns = [
    path("sandbox/files/<uuid:file_id>", api.SandboxFileApi.as_view(), name="api-sandbox-file"),
]

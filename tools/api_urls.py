from django.urls import path

from tools import api

urlpatterns = [
    path("tools", api.ToolListApi.as_view(), name="api-tools"),
]

from django.urls import path

from providers import api

urlpatterns = [
    path("providers", api.ProviderListApi.as_view(), name="api-providers"),
]

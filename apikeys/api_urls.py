from django.urls import path

from apikeys import api

urlpatterns = [
    path("keys", api.KeyListApi.as_view(), name="api-keys"),
    path("keys/<int:key_id>", api.KeyDetailApi.as_view(), name="api-key"),
    path("keys/<int:key_id>/usage", api.KeyUsageApi.as_view(), name="api-key-usage"),
]

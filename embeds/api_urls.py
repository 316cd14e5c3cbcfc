from django.urls import path

from embeds import api

urlpatterns = [
    path("embeds", api.EmbedListApi.as_view(), name="api-embeds"),
    path("embeds/<int:embed_id>", api.EmbedDetailApi.as_view(), name="api-embed"),
]

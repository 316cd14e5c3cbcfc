from django.urls import path

from rag import api

urlpatterns = [
    path("snippets", api.SnippetListApi.as_view(), name="api-snippets"),
    path("snippets/search", api.SnippetSearchApi.as_view(), name="api-snippets-search"),
    path("snippets/<int:snippet_id>", api.SnippetDetailApi.as_view(), name="api-snippet"),
]

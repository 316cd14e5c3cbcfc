from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tomato_agent.api_docs import RedocView
from tomato_agent.health import health
from tomato_agent.metrics import metrics_view

urlpatterns = [
    path("health", health, name="health"),
    path("metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI and Redoc from drf-spectacular-sidecar (no CDN); the split view serves the init script as a file.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", RedocView.as_view(url_name="schema"), name="api-redoc"),
    path("api/auth/", include("accounts.api_urls")),
    path("api/", include("runs.web.urls")),
    path("api/", include("agents.api_urls")),
    path("api/", include("tools.api_urls")),
    path("api/", include("rag.api_urls")),
    path("api/", include("providers.api_urls")),
    path("api/", include("sandbox.urls")),
    path("api/", include("apikeys.api_urls")),
    path("v1/", include("openai_api.urls")),
    path("api/", include("embeds.api_urls")),
    path("", include("embeds.urls")),
    path("", include("apikeys.urls")),
    path("api/", include("workflows.api_urls")),
    path("v1/", include("workflows.spotlight_urls")),
    path("", include("workflows.urls")),
    path("", include("agents.urls")),
    path("", include("accounts.urls")),
]

"""``GET /api/sandbox/files/{id}``: a file the sandbox produced, to its owner only."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from sandbox.files import file_for


class SandboxFileApi(APIView):
    @extend_schema(
        operation_id="sandbox_file",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        description="A file produced by `run_python` (a plot, a CSV). Only its owner may read it; anyone "
        "else gets 404. PNG, JPEG, GIF and WebP images are served inline; everything else as an attachment.",
    )
    def get(self, request, file_id):
        row, path = file_for(user=request.user, file_id=file_id)
        response = FileResponse(
            path.open("rb"), content_type=row.content_type, as_attachment=not row.is_image, filename=row.name
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, max-age=86400"
        return response

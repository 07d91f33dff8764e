"""The browsable documentation: Swagger UI from drf-spectacular-sidecar's files, its start-up
script served as a file of its own, so the page keeps the site's Content Security Policy."""

from __future__ import annotations

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView


# Swagger UI draws its icons as data: images.
@method_decorator(csp_update({"img-src": ["data:"]}), name="dispatch")
class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "GiaiNgan API: tài liệu"

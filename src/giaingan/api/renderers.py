"""The browsable API's page, with the answer's status named in Vietnamese."""

from __future__ import annotations

from rest_framework.renderers import BrowsableAPIRenderer

from giaingan.api.naming import STATUS_TEXTS


class BrowsablePage(BrowsableAPIRenderer):
    def get_context(self, data, accepted_media_type, renderer_context):
        context = super().get_context(data, accepted_media_type, renderer_context)
        status = renderer_context["response"].status_code
        context["status_text"] = STATUS_TEXTS.get(status, "")
        return context

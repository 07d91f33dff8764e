"""drf-spectacular's schema of each operation, described in Vietnamese (`api.naming`)."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema

from giaingan.api.naming import operation_description


class Operations(AutoSchema):
    def get_description(self) -> str:
        return operation_description(self.view)

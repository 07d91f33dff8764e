"""The OpenAPI document says how the API refuses, too: every operation may answer 400, 401,
403, 404 or 429 with a Vietnamese `detail` (or, for 400, the fields at fault)."""

from __future__ import annotations

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A bad parameter or field: its name -> its messages (or `detail` alone).
INVALID = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
}
REFUSALS = {
    "400": ("Tham số hoặc tệp không hợp lệ: mỗi trường lỗi với lý do.", INVALID),
    "401": ("Chưa xác thực, hoặc mã truy cập sai hay đã bị thu hồi.", ERROR),
    "403": ("Tài khoản không được phép.", ERROR),
    "404": ("Không tìm thấy (hoặc không thuộc phạm vi được xem).", ERROR),
    "429": ("Quá nhiều yêu cầu: chờ số giây được nói.", ERROR),
}


# No text parameter may hold a control character (refused with 400, in Vietnamese).
PLAIN_TEXT = "^[^\\x00-\\x1f\\x7f]*$"


def error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook: add the refusals to every operation, and say
    that text parameters hold no control character."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if schema.get("type") == "string" and not {"enum", "format"} & set(schema):
                    schema.setdefault("pattern", PLAIN_TEXT)
            responses = operation.setdefault("responses", {})
            for code, (description, schema) in REFUSALS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": schema}},
                    },
                )
    return result

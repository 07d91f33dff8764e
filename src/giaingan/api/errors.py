"""Every refusal of the API in Vietnamese, as `{"detail": "..."}` (with `problems` where a
file or a parameter is at fault)."""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

MESSAGES = {
    exceptions.NotAuthenticated: (
        "Cần xác thực: gửi tiêu đề «Authorization: Token <mã>» hoặc đăng nhập."
    ),
    exceptions.PermissionDenied: "Tài khoản này không được phép xem hoặc làm việc này.",
    exceptions.NotFound: "Không tìm thấy.",
    exceptions.MethodNotAllowed: "Phương thức này không được dùng ở địa chỉ này.",
    exceptions.NotAcceptable: "Không trả lời được theo định dạng yêu cầu (tiêu đề Accept).",
    exceptions.UnsupportedMediaType: "Kiểu nội dung gửi lên không được nhận.",
}


def throttled_message(wait: float | None) -> str:
    if wait is None:
        return "Quá nhiều yêu cầu: hãy chờ rồi gửi lại."
    # The same whole seconds as the Retry-After header (DRF has already rounded them up).
    return f"Quá nhiều yêu cầu: hãy chờ {math.ceil(wait)} giây rồi gửi lại."


def exception_handler(error: Exception, context: dict):
    if isinstance(error, Http404):
        error = exceptions.NotFound()
    elif isinstance(error, PermissionDenied):
        error = exceptions.PermissionDenied()
    if isinstance(error, exceptions.Throttled):
        error.detail = throttled_message(error.wait)
    else:
        for kind, message in MESSAGES.items():
            # Only DRF's own English default is replaced; a message of ours stays.
            if type(error) is kind and error.detail == kind.default_detail:
                error.detail = message
                break
    return drf_exception_handler(error, context)

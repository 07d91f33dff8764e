"""What the browsable API calls each page and how it describes it: in Vietnamese, from a
view's `title` and `summary` (DRF would use the class name, "Project List", and the English
docstring)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

# DRF's suffix for a viewset's two pages.
SUFFIXES = {"List": "danh sách", "Instance": "chi tiết"}

# The answer's status as the page shows it ("HTTP 404 Không tìm thấy").
STATUS_TEXTS = {
    200: "Thành công",
    201: "Đã tạo",
    202: "Đã nhận",
    204: "Không có nội dung",
    400: "Yêu cầu không hợp lệ",
    401: "Chưa xác thực",
    403: "Không được phép",
    404: "Không tìm thấy",
    405: "Phương thức không được dùng",
    406: "Không đáp ứng được định dạng",
    409: "Xung đột",
    413: "Nội dung quá lớn",
    415: "Kiểu nội dung không được nhận",
    429: "Quá nhiều yêu cầu",
    500: "Lỗi máy chủ",
}


def view_name(view) -> str:
    """settings.REST_FRAMEWORK["VIEW_NAME_FUNCTION"]."""
    name = getattr(view, "name", None)
    if name is not None:  # an extra action names itself
        return name
    title = getattr(view, "title", None) or view.__class__.__name__
    suffix = getattr(view, "suffix", None)
    return f"{title}: {SUFFIXES.get(suffix, suffix)}" if suffix else title


def view_description(view, html: bool = False) -> str:
    """settings.REST_FRAMEWORK["VIEW_DESCRIPTION_FUNCTION"]."""
    summary = getattr(view, "summary", "")
    return mark_safe(f"<p>{escape(summary)}</p>") if html and summary else summary


def operation_description(view) -> str:
    """The OpenAPI description of an operation: the view's Vietnamese `summary` (an extra
    action's own, when it has one), never the English docstring."""
    action = getattr(view, getattr(view, "action", "") or "", None)
    return getattr(action, "summary", "") or getattr(view, "summary", "")

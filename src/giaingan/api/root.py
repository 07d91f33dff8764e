"""The API's root page (/api/v1/): its name and description in Vietnamese. (Apart from
`naming`, which the renderer imports: DRF's views module imports the renderers.)"""

from __future__ import annotations

from rest_framework.routers import APIRootView


class Root(APIRootView):
    title = "API phiên bản 1"
    summary = (
        "Các danh mục và số liệu đọc được qua API; mỗi địa chỉ dưới đây mở một danh sách. "
        "Xác thực: tiêu đề «Authorization: Token <mã>» hoặc đăng nhập."
    )

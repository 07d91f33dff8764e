"""Pages as DRF users expect: ?page=N&page_size=M, with count, next and previous."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    invalid_page_message = "Không có trang này."

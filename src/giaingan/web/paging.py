"""One table of a page shown a page at a time, its navigator keeping the other parameters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 100


@dataclass(frozen=True)
class TablePage:
    """A page of a table; `query` is the address's other parameters, for the navigator."""

    page: Page
    param: str
    query: str

    def link(self, number: int) -> str:
        prefix = f"{self.query}&" if self.query else ""
        return f"?{prefix}{self.param}={number}"

    @property
    def first_link(self) -> str:
        return self.link(1)

    @property
    def last_link(self) -> str:
        return self.link(self.page.paginator.num_pages)

    @property
    def previous_link(self) -> str:
        return self.link(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_link(self) -> str:
        return self.link(self.page.next_page_number()) if self.page.has_next() else ""


def table_page(
    request: HttpRequest, rows: Sequence, param: str, per_page: int = PAGE_SIZE
) -> TablePage:
    """The page `?<param>=N` of `rows` (a queryset is counted and sliced in SQL); a bad
    or too large number shows the nearest page."""
    page = Paginator(rows, per_page).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    return TablePage(page=page, param=param, query=query.urlencode())

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from giaingan.org.issuers import home_committee
from giaingan.org.places import level_of


def area_level() -> str:
    """The level of the area this system serves ("huyện", "tỉnh", "xã"), from its home
    committee's name (`org.places`)."""
    committee = home_committee()
    return level_of(committee.name if committee is not None else "")


def area(request: HttpRequest) -> dict:
    """`area_level` for the pages that say "Toàn huyện", "của huyện": read only when a page
    shows it."""
    return {"area_level": SimpleLazyObject(area_level)}

"""The figures' store: an immutable value is kept and given back as it is (no pickling on a
warm page), anything else is copied both ways, so a caller can never change what is cached."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import namedtuple
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from giaingan.figures.selectors import Base, FigureRow, Grouping
from giaingan.figures.store import FrozenMemoryCache, frozen
from giaingan.web.projects import ProjectListing

_names = itertools.count(1)


def store() -> FrozenMemoryCache:
    return FrozenMemoryCache(f"store-test-{next(_names)}", {})


@dataclass(frozen=True)
class Point:
    x: int
    label: str


@dataclass(frozen=True)
class Holder:
    items: tuple | list


@dataclass
class Mutable:
    x: int = 0


@dataclass(frozen=True)
class WithDefaultList:
    items: list = field(default_factory=list)


Pair = namedtuple("Pair", "a b")


class Plain:
    pass


FROZEN = [
    None,
    True,
    3,
    2.5,
    "chữ",
    b"bytes",
    Decimal("12.34"),
    dt.date(2024, 9, 30),
    dt.datetime(2024, 9, 30, 8, 0),
    Base.ASSIGNED,
    Grouping.INVESTOR,
    mark_safe("<td>1</td>"),
    (1, ("a", Decimal("1")), frozenset({2, 3})),
    Point(1, "a"),
    Holder((Point(1, "a"), (2, 3))),
    Pair(1, (2, "b")),
]
MUTABLE = [
    [1],
    {"a": 1},
    {1, 2},
    bytearray(b"x"),
    Mutable(),
    FigureRow(key=1, code="A", name="B"),
    (1, [2]),
    Holder([1]),
    Holder((1, {"a": 2})),
    WithDefaultList(),
    Pair(1, [2]),
    Plain(),
    (Point(1, "x"), [3]),
]


def test_what_is_frozen():
    assert all(frozen(value) for value in FROZEN)
    assert not any(frozen(value) for value in MUTABLE)


def test_a_frozen_dataclass_given_an_attribute_around_its_fields_is_not_frozen():
    point = Point(1, "a")
    object.__setattr__(point, "extra", [1])
    assert not frozen(point)


def test_a_frozen_value_is_given_back_as_it_is():
    cache = store()
    value = (("DA-1", 10, Decimal("1.50")), ("DA-2", 20, None))
    cache.set("key", value)
    assert cache.get("key") is value
    assert cache.get("missing", "default") == "default"


def test_a_mutable_value_is_copied_both_ways():
    cache = store()
    value = {"rows": [FigureRow(key=1, code="A", name="B", plan=5)]}
    cache.set("key", value)
    value["rows"][0].plan = -1  # the caller changes what it stored
    value["rows"].append("x")
    got = cache.get("key")
    assert got == {"rows": [FigureRow(key=1, code="A", name="B", plan=5)]}
    got["rows"][0].plan = -2  # and what it was given
    got["rows"].clear()
    assert cache.get("key") == {"rows": [FigureRow(key=1, code="A", name="B", plan=5)]}


def test_add_incr_and_expiry_work_as_local_memorys():
    cache = store()
    assert cache.add("n", 1)
    assert not cache.add("n", 5)
    assert cache.incr("n", 2) == 3
    assert cache.get("n") == 3
    cache.set("gone", (1, 2), timeout=-1)
    assert cache.get("gone") is None
    cache.set("list", [1, 2])
    cache.clear()
    assert cache.get("list") is None


def test_a_project_listing_is_kept_as_it_is_and_makes_fresh_rows():
    cache = store()
    total = FigureRow(None, "", "Tổng cộng", 10, 5, 0, Decimal("50.00"), None, Decimal("-1.5"))
    listing = ProjectListing(
        entries=(
            (1, "DA-1", "Cầu", False, "Ban", None, 1, "DA-1", "Cầu", 10, 5, 0, 5000, 1, -150),
        ),
        total_entry=(None, "", "Tổng cộng", 10, 5, 0, Decimal("50.00"), None, Decimal("-1.5")),
    )
    cache.set("listing", listing)
    got = cache.get("listing")
    assert got is listing
    row = got[0:1][0]
    row.figures.plan = -1  # a page's own row: the cached entries are tuples
    got.total.plan = -1
    assert got[0:1][0].figures.plan == 10
    assert got[0:1][0].figures.rate_percent == Decimal("50.00")
    assert got.total == total


VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=5)
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.dates(),
    lambda children: (
        st.lists(children, max_size=3)
        | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=3), children, max_size=3)
        | st.builds(Holder, st.lists(children, max_size=3).map(tuple))
    ),
    max_leaves=12,
)


def _has_mutable(value) -> bool:
    if isinstance(value, (list, dict)):
        return True
    if isinstance(value, tuple):
        return any(_has_mutable(item) for item in value)
    if isinstance(value, Holder):
        return _has_mutable(value.items)
    return False


@given(value=VALUES)
def test_any_value_comes_back_equal_and_shared_only_when_frozen(value):
    cache = store()
    cache.set("key", value)
    got = cache.get("key")
    assert got == value
    assert frozen(value) == (not _has_mutable(value))
    if _has_mutable(value):
        assert got is not value

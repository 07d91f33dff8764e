"""`read_ahead`: the items in order from a thread, its errors raised where they belong, no
database from the thread, and the thread gone once the caller stops."""

from __future__ import annotations

import sys
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giaingan.lib.ahead import DatabaseInThread, read_ahead
from giaingan.org.models import Unit


def readers() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "read-ahead"]


@given(items=st.lists(st.integers()), depth=st.integers(min_value=1, max_value=4))
def test_items_come_in_their_order(items, depth):
    assert list(read_ahead(iter(items), depth=depth)) == items
    assert not readers()


def test_an_error_is_raised_after_the_items_before_it():
    def items():
        yield 1
        yield 2
        raise ValueError("hỏng")

    got = []
    with pytest.raises(ValueError, match="hỏng"):
        for item in read_ahead(items()):
            got.append(item)
    assert got == [1, 2]
    assert not readers()


def test_the_thread_stops_when_the_caller_stops():
    produced = []

    def items():
        for number in range(10_000):
            produced.append(number)
            yield number

    ahead = read_ahead(items(), depth=2)
    assert next(ahead) == 0
    ahead.close()
    assert not readers()
    assert len(produced) < 10  # a few ahead, never the whole


def test_the_switch_interval_is_restored():
    interval = sys.getswitchinterval()
    ahead = read_ahead(iter(range(3)))
    next(ahead)
    assert sys.getswitchinterval() < interval
    ahead.close()
    assert sys.getswitchinterval() == interval


@pytest.mark.django_db
def test_the_thread_may_not_query_the_database():
    def items():
        yield Unit.objects.count()

    with pytest.raises(DatabaseInThread):
        list(read_ahead(items()))
    assert not readers()

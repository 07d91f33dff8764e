"""The database throttle: at most `limit` attempts in any window, counted across processes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giaingan.public.models import ThrottleBucket
from giaingan.public.throttle import throttle_admit

START = dt.datetime(2025, 2, 10, 8, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


@pytest.mark.django_db
def test_the_sixth_attempt_in_an_hour_is_refused_and_the_window_slides():
    at = [START + dt.timedelta(minutes=10 * i) for i in range(6)]
    assert [throttle_admit(key="k", limit=5, window=HOUR, now=moment) for moment in at] == [
        True,
        True,
        True,
        True,
        True,
        False,
    ]
    # An hour after the first attempt, one place is free again, and only one.
    later = START + HOUR + dt.timedelta(seconds=1)
    assert throttle_admit(key="k", limit=5, window=HOUR, now=later) is True
    assert throttle_admit(key="k", limit=5, window=HOUR, now=later) is False


@pytest.mark.django_db
def test_quiet_clients_are_forgotten():
    throttle_admit(key="old", limit=5, window=HOUR, now=START)
    throttle_admit(key="new", limit=5, window=HOUR, now=START + 2 * HOUR)
    assert list(ThrottleBucket.objects.values_list("key", flat=True)) == ["new"]


@pytest.mark.django_db
@settings(max_examples=40, deadline=None)
@given(
    gaps=st.lists(st.integers(min_value=0, max_value=40 * 60), min_size=1, max_size=30),
    limit=st.integers(min_value=1, max_value=6),
)
def test_no_window_ever_admits_more_than_the_limit(gaps, limit):
    ThrottleBucket.objects.all().delete()
    moment, admitted, refused = START, [], []
    for gap in gaps:
        moment += dt.timedelta(seconds=gap)
        if throttle_admit(key="k", limit=limit, window=HOUR, now=moment):
            admitted.append(moment)
        else:
            refused.append(moment)
    for first in admitted:
        inside = [m for m in admitted if first <= m < first + HOUR]
        assert len(inside) <= limit
    # An attempt is refused only when the hour before it is really full.
    for moment in refused:
        assert len([m for m in admitted if moment - HOUR < m <= moment]) == limit

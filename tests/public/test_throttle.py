"""The database throttles: at most `limit` attempts in any sliding window (objections), or in
any fixed window (the API), counted across processes."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from giaingan.public import throttle
from giaingan.public.models import ThrottleBucket, ThrottleCounter
from giaingan.public.throttle import throttle_admit, throttle_count, window_bounds

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


@pytest.mark.django_db
def test_the_fixed_window_admits_the_limit_then_says_when_the_next_opens():
    at = [START + dt.timedelta(minutes=10 * i) for i in range(6)]  # 08:00 ... 08:50
    answers = [throttle_count(key="k", limit=5, window=HOUR, now=moment) for moment in at]
    assert [a.admitted for a in answers] == [True] * 5 + [False]
    assert answers[-1].retry_after == dt.timedelta(minutes=10)  # 09:00
    counter = ThrottleCounter.objects.get()
    assert (counter.window_start, counter.hits) == (START, 5)  # the refusal was not counted
    assert throttle_count(key="k", limit=5, window=HOUR, now=START + HOUR).admitted
    assert throttle_count(key="other", limit=5, window=HOUR, now=START + HOUR).admitted


@pytest.mark.django_db
def test_ended_windows_are_forgotten_when_a_new_one_opens():
    throttle_count(key="old", limit=5, window=HOUR, now=START)
    throttle_count(key="day", limit=5, window=24 * HOUR, now=START)
    throttle_count(key="new", limit=5, window=HOUR, now=START + 2 * HOUR)
    kept = ThrottleCounter.objects.order_by("key").values_list("key", flat=True)
    assert list(kept) == ["day", "new"]


@pytest.mark.django_db
@settings(max_examples=40, deadline=None)
@given(
    gaps=st.lists(st.integers(min_value=0, max_value=40 * 60), min_size=1, max_size=30),
    limit=st.integers(min_value=1, max_value=6),
)
def test_no_fixed_window_ever_admits_more_than_the_limit(gaps, limit):
    ThrottleCounter.objects.all().delete()
    moment, admitted, refused = START, [], []
    for gap in gaps:
        moment += dt.timedelta(seconds=gap)
        answer = throttle_count(key="k", limit=limit, window=HOUR, now=moment)
        (admitted if answer.admitted else refused).append(moment)
    windows = {window_bounds(m, HOUR) for m in admitted + refused}
    for start, end in windows:
        assert len([m for m in admitted if start <= m < end]) <= limit
    # A request is refused only when its window is really full.
    for moment in refused:
        start, end = window_bounds(moment, HOUR)
        assert len([m for m in admitted if start <= m < end]) == limit


@pytest.mark.django_db
@pytest.mark.parametrize("theirs, admitted", [(2, True), (3, False)])
def test_a_window_opened_by_another_worker_meanwhile_is_counted_in(monkeypatch, theirs, admitted):
    """Two workers see no row and both insert: the loser counts in the winner's row."""

    def another_worker_first(*args, **kwargs):
        # The other worker's row, with its count, lands just before our insert.
        ThrottleCounter.objects.create(
            key="k", window_start=START, hits=theirs, expires_at=START + HOUR
        )
        return transaction.atomic(*args, **kwargs)

    monkeypatch.setattr(throttle, "transaction", SimpleNamespace(atomic=another_worker_first))
    answer = throttle_count(key="k", limit=3, window=HOUR, now=START)
    assert answer.admitted is admitted
    assert ThrottleCounter.objects.get().hits == 3

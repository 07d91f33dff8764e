"""The store the workers share: a figure that took long to compute in one worker is read by
the others instead of computed again, as a copy, and never once the ledger has moved; a
quick figure stays in its worker. Committed, as in test_figures_cache."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giaingan.capital.catalogue import funding_sources_ensure
from giaingan.figures import cache as figures_cache
from giaingan.figures.selectors import Figures
from giaingan.figures.store import FrozenMemoryCache
from tests.conftest import make_project, pay, plan

pytestmark = pytest.mark.django_db(transaction=True)

ARGUMENTS = {"year": 2024, "as_of": dt.date(2024, 9, 30)}
_names = itertools.count(1)


@pytest.fixture
def shared(settings, tmp_path):
    settings.FIGURES_CACHE_SECONDS = 600
    settings.FIGURES_SHARED_MIN_MS = "0"  # every figure is "slow" here
    funding_sources_ensure()
    return FileBasedCache(str(tmp_path / "shared"), {})


@pytest.fixture
def projects(district):
    made = [
        make_project("DA-1", district["board"], district["tandoan"]),
        make_project("DA-2", district["tandoan"], district["vanan"]),
    ]
    for project in made:
        plan(project, 1_000_000_000)
    pay(made[0], 200_000_000, on=dt.date(2024, 3, 1))
    return made


def worker(shared) -> dict:
    """A worker's caches: its own memory, the shared files."""
    caches = {
        "figures": FrozenMemoryCache(f"shared-test-{next(_names)}", {}),
        "figures_shared": shared,
    }
    return caches


def test_one_workers_cold_figure_serves_the_others(
    projects, shared, monkeypatch, django_assert_num_queries
):
    first, second = worker(shared), worker(shared)
    monkeypatch.setattr(figures_cache, "caches", first)
    expected = Figures(**ARGUMENTS, summary=False).table("investor").as_dict()
    assert Figures(**ARGUMENTS).table("investor").as_dict() == expected
    monkeypatch.setattr(figures_cache, "caches", second)
    with django_assert_num_queries(1):  # the generation; the table from the shared files
        table = Figures(**ARGUMENTS).table("investor")
    assert table.as_dict() == expected
    table.rows[0].plan = -1  # the caller's own copy
    table.rows.clear()
    with django_assert_num_queries(1):  # now from this worker's memory
        assert Figures(**ARGUMENTS).table("investor").as_dict() == expected


def test_a_write_is_never_answered_from_the_shared_files(projects, shared, monkeypatch):
    first, second = worker(shared), worker(shared)
    for caches in (first, second):
        monkeypatch.setattr(figures_cache, "caches", caches)
        before = Figures(**ARGUMENTS).table("investor").as_dict()
    pay(projects[1], 70_000_000, on=dt.date(2024, 9, 2))
    expected = Figures(**ARGUMENTS, summary=False).table("investor").as_dict()
    assert expected != before
    for caches in (second, first, worker(shared)):
        monkeypatch.setattr(figures_cache, "caches", caches)
        assert Figures(**ARGUMENTS).table("investor").as_dict() == expected


@pytest.mark.parametrize("least", ["3600000", "off"])
def test_a_quick_figure_stays_in_its_worker(
    projects, shared, monkeypatch, settings, least, tmp_path
):
    settings.FIGURES_SHARED_MIN_MS = least
    first, second = worker(shared), worker(shared)
    monkeypatch.setattr(figures_cache, "caches", first)
    Figures(**ARGUMENTS).table("investor")
    folder = tmp_path / "shared"
    assert not folder.exists() or not any(folder.iterdir())
    monkeypatch.setattr(figures_cache, "caches", second)
    table = Figures(**ARGUMENTS).table("investor")
    assert table.as_dict() == Figures(**ARGUMENTS, summary=False).table("investor").as_dict()


def test_a_file_of_other_code_or_damaged_is_never_read(projects, shared, monkeypatch, tmp_path):
    expected = Figures(**ARGUMENTS, summary=False).table("investor").as_dict()
    monkeypatch.setattr(figures_cache, "caches", worker(shared))
    monkeypatch.setattr(figures_cache, "code_version", lambda: "before-deployment")
    Figures(**ARGUMENTS).table("investor")
    monkeypatch.setattr(figures_cache, "caches", worker(shared))
    monkeypatch.setattr(figures_cache, "code_version", lambda: "after-deployment")
    with CaptureQueriesContext(connection) as queries:
        assert Figures(**ARGUMENTS).table("investor").as_dict() == expected
    assert len(queries) > 1  # computed: the other code's file was not read
    for path in (tmp_path / "shared").iterdir():
        path.write_bytes(b"damaged")
    monkeypatch.setattr(figures_cache, "caches", worker(shared))
    assert Figures(**ARGUMENTS).table("investor").as_dict() == expected


def test_a_copied_database_never_reads_the_other_copys_figures(shared, projects, monkeypatch):
    """A copy of a database file keeps its generation's token and counter: the key names the
    database too, so the files the workers share never answer one copy with the other's."""
    plan(projects[0], 1_000)
    here = figures_cache.ledger_generation()
    monkeypatch.setitem(connection.settings_dict, "NAME", "/elsewhere/copy.sqlite3")
    there = figures_cache.ledger_generation()
    assert here is not None and there is not None
    assert here.rsplit(":", 1)[1] == there.rsplit(":", 1)[1]  # the same token and counter
    assert here != there

"""The figures cache: cached figures are the ledger's own after every kind of write, seen by
every worker, never shared with a caller, and left alone by a transaction that rolls back.

These tests commit (transaction=True): a test wrapped in one transaction never caches (a
transaction that has bumped the generation reads around the cache)."""

from __future__ import annotations

import datetime as dt
import itertools
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.catalogue import funding_sources_ensure
from giaingan.capital.ledger import LineInput
from giaingan.capital.models import DisbursementTarget, LineKind, PlanKind
from giaingan.capital.projects import projects_save
from giaingan.capital.services import treasury_line_record
from giaingan.figures import cache as figures_cache
from giaingan.figures.cache import ledger_generation, scope_key
from giaingan.figures.models import LedgerGeneration
from giaingan.figures.selectors import Base, Figures
from giaingan.figures.store import FrozenMemoryCache
from giaingan.imports.importers import ProjectRow
from giaingan.org.models import Unit, UnitKind
from tests.conftest import make_project, pay, plan, source, transfer

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = 2024
DAYS = [dt.date(2024, 3, 15), dt.date(2024, 6, 30), dt.date(2024, 9, 30), dt.date(2025, 1, 31)]
_documents = itertools.count(1)


@pytest.fixture(autouse=True)
def fresh_store(settings, monkeypatch):
    """Each test its own store (one worker), the cache on."""
    settings.FIGURES_CACHE_SECONDS = 600
    store = FrozenMemoryCache(f"test-{next(_documents)}", {})
    monkeypatch.setattr(figures_cache, "caches", {"figures": store})
    funding_sources_ensure()
    return store


@contextmanager
def worker(monkeypatch, store):
    """Run the block as a gunicorn worker holding `store` as its cache."""
    with monkeypatch.context() as patch:
        patch.setattr(figures_cache, "caches", {"figures": store})
        yield


@pytest.fixture
def ledger(district):
    board, commune, other = district["board"], district["tandoan"], district["vanan"]
    projects = [
        make_project("DA-1", board, commune),
        make_project("DA-2", board, other),
        make_project("DA-3", commune, commune),
    ]
    for project in projects:
        plan(project, 1_000_000_000)
    plan(projects[0], 300_000_000, source_code="NSTW")
    pay(projects[0], 200_000_000, on=dt.date(2024, 3, 1))
    pay(projects[1], 150_000_000, on=dt.date(2024, 7, 1), kind=LineKind.ADVANCE)
    DisbursementTarget.objects.create(
        plan_year=YEAR, due_date=dt.date(2024, 6, 30), share_percent=Decimal("40")
    )
    return {"projects": projects, "units": [board, commune, other]}


SCOPES = [None, "board"]


def views(figures: Figures) -> dict:
    """Everything a page reads from one `Figures`, as plain data."""
    return {
        "pairs": figures.pair_sums(),
        "totals": figures.totals(),
        **{by: figures.table(by).as_dict() for by in ("project", "investor", "source", "commune")},
        "series": figures.series(),
        "series_by_source": figures.series("source"),
    }


def assert_cached_equals_ledger(ledger) -> None:
    board = ledger["units"][0]
    for as_of in DAYS:
        for base in Base:
            for scope in (None, Q(investor_id__in=[board.pk])):
                arguments = {"year": YEAR, "as_of": as_of, "base": base, "scope": scope}
                reference = views(Figures(**arguments, summary=False))
                assert views(Figures(**arguments)) == reference  # computed, or cached
                assert views(Figures(**arguments)) == reference  # cached


def add_line(ledger, draw):
    project = draw(st.sampled_from(ledger["projects"]))
    pay(project, draw(st.integers(1, 90)) * 1_000_000, on=draw(st.sampled_from(DAYS)))


def reverse_line(ledger, draw):
    project = draw(st.sampled_from(ledger["projects"]))
    number = f"G-{next(_documents)}"
    day = draw(st.sampled_from(DAYS[:3]))
    pay(project, 40_000_000, on=day, number=number)
    later = day + dt.timedelta(days=draw(st.integers(0, 40)))
    pay(project, -40_000_000, on=later, reverses=number)


def move_plan(ledger, draw):
    giver, taker = draw(st.permutations(ledger["projects"]))[:2]
    amount = draw(st.integers(1, 50)) * 1_000_000
    transfer([(giver, -amount), (taker, amount)], on=draw(st.sampled_from(DAYS)))


def change_investor(ledger, draw):
    project = draw(st.sampled_from(ledger["projects"]))
    project.investor = draw(st.sampled_from(ledger["units"]))
    project.save()


def change_target(ledger, draw):
    DisbursementTarget.objects.update_or_create(
        plan_year=YEAR,
        due_date=draw(st.sampled_from(DAYS)),
        defaults={"share_percent": Decimal(draw(st.integers(1, 100)))},
    )


def add_carry_over(ledger, draw):
    project = draw(st.sampled_from(ledger["projects"]))
    plan(project, 10_000_000, year=YEAR - 1, on=dt.date(2023, 1, 10))
    pay(project, 5_000_000, year=YEAR - 1, on=dt.date(2023, 6, 1))
    plan(project, 1_000_000, year=YEAR - 1, kind=PlanKind.CARRY_OVER, on=dt.date(2024, 2, 20))


WRITES = [add_line, reverse_line, move_plan, change_investor, change_target, add_carry_over]


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_cached_figures_are_the_ledgers_after_every_write(ledger, data):
    assert_cached_equals_ledger(ledger)
    for write in data.draw(st.lists(st.sampled_from(WRITES), min_size=1, max_size=4)):
        write(ledger, data.draw)
        assert_cached_equals_ledger(ledger)


def test_a_warm_table_costs_one_query_for_the_generation(ledger, django_assert_num_queries):
    arguments = {"year": YEAR, "as_of": dt.date(2024, 9, 30)}
    cold = Figures(**arguments).table("investor")
    with django_assert_num_queries(1):
        warm = Figures(**arguments).table("investor")
    assert warm.as_dict() == cold.as_dict()


def test_it_is_off_at_zero_seconds(ledger, settings):
    settings.FIGURES_CACHE_SECONDS = 0
    arguments = {"year": YEAR, "as_of": dt.date(2024, 9, 30)}
    Figures(**arguments).table("investor")
    with CaptureQueriesContext(connection) as queries:
        again = Figures(**arguments).table("investor")
    assert len(queries) > 1  # read from the ledger again
    assert again.as_dict() == Figures(**arguments, summary=False).table("investor").as_dict()


def test_a_caller_cannot_change_what_is_cached(ledger):
    arguments = {"year": YEAR, "as_of": dt.date(2024, 9, 30)}
    expected = views(Figures(**arguments, summary=False))
    first = Figures(**arguments)
    table = first.table("project")
    table.rows[0].plan = -1
    table.rows.append(table.rows[0])
    first.pair_sums()[(0, 0)] = [1, 2, 3]
    next(iter(first.pair_sums().values()))[0] = -5
    first.series()[None][0:0] = ["changed"]
    first.totals()[0] = -7
    assert views(Figures(**arguments)) == expected


def test_a_write_in_one_worker_is_seen_by_the_others(ledger, monkeypatch):
    arguments = {"year": YEAR, "as_of": dt.date(2024, 9, 30)}
    first, second = FrozenMemoryCache("worker-1", {}), FrozenMemoryCache("worker-2", {})
    for store in (first, second):
        with worker(monkeypatch, store):
            before = Figures(**arguments).table("investor").as_dict()
    with worker(monkeypatch, first):
        pay(ledger["projects"][2], 70_000_000, on=dt.date(2024, 9, 2))
    expected = Figures(**arguments, summary=False).table("investor").as_dict()
    assert expected != before
    for store in (second, first):
        with worker(monkeypatch, store):
            assert Figures(**arguments).table("investor").as_dict() == expected


def test_a_rolled_back_write_leaves_nothing_in_the_cache(ledger):
    arguments = {"year": YEAR, "as_of": dt.date(2024, 9, 30)}
    before = Figures(**arguments).totals()
    with pytest.raises(RuntimeError), transaction.atomic():
        pay(ledger["projects"][0], 90_000_000, on=dt.date(2024, 9, 1))
        inside = Figures(**arguments).totals()  # its own write, read around the cache
        assert inside[1] == before[1] + 90_000_000
        raise RuntimeError("roll back")
    assert Figures(**arguments).totals() == before == Figures(**arguments, summary=False).totals()
    # The next committed write gets the generation the rolled-back one had: nothing of
    # the rolled-back state was stored under it.
    pay(ledger["projects"][0], 10_000_000, on=dt.date(2024, 9, 1))
    after = Figures(**arguments).totals()
    assert after[1] == before[1] + 10_000_000


# Every writer bumps the generation.


def _counter() -> int:
    return LedgerGeneration.objects.get(pk=1).counter


def write_line(ledger):
    pay(ledger["projects"][0], 1_000_000, on=dt.date(2024, 9, 2))


def write_plan(ledger):
    plan(ledger["projects"][1], 5_000_000, kind=PlanKind.SUPPLEMENT, on=dt.date(2024, 5, 5))


def write_line_through_the_book_service(ledger):
    treasury_line_record(
        line=LineInput(
            document_number=f"S-{next(_documents)}",
            value_date=dt.date(2024, 8, 8),
            project_id=ledger["projects"][2].pk,
            source_id=source().pk,
            plan_year=YEAR,
            kind=LineKind.PAYMENT,
            amount=3_000_000,
        )
    )


def write_investor(ledger):
    project = ledger["projects"][0]
    project.investor = ledger["units"][1]
    project.save()


def write_communes(ledger):
    ledger["projects"][0].communes.add(ledger["units"][2])


def write_unit_name(ledger):
    unit = ledger["units"][0]
    unit.name = "Ban QLDA mới"
    unit.save()


def write_new_unit(ledger):
    Unit.objects.create(code="XA-MOI", name="UBND xã Mới", kind=UnitKind.COMMUNE)


def write_source_name(ledger):
    found = source("NSTW")
    found.name = "Ngân sách trung ương (đổi tên)"
    found.save()


def write_target(ledger):
    target = DisbursementTarget.objects.get(plan_year=YEAR)
    target.share_percent = Decimal("45")
    target.save()


def delete_target(ledger):
    DisbursementTarget.objects.filter(plan_year=YEAR).get().delete()


def write_project_import(ledger):
    board = ledger["units"][0]
    row = ProjectRow(
        code="DA-NEW",
        name="Dự án mới",
        investor=board.pk,
        agency=None,
        communes=[],
        group="C",
        sector="",
        total_investment=0,
        start_year=None,
        end_year=None,
        is_key=False,
    )
    projects_save(rows=[row])


def write_rebuild(ledger):
    call_command("rebuild_ledger_months", verbosity=0)


WRITERS = [
    write_line,
    write_plan,
    write_line_through_the_book_service,
    write_investor,
    write_communes,
    write_unit_name,
    write_new_unit,
    write_source_name,
    write_target,
    delete_target,
    write_project_import,
    write_rebuild,
]


@pytest.mark.parametrize("write", WRITERS, ids=lambda write: write.__name__)
def test_every_writer_bumps_the_generation(ledger, write):
    before = _counter()
    write(ledger)
    assert _counter() == before + 1  # once per transaction, however many rows


def test_a_restore_draws_a_new_token(ledger):
    before = ledger_generation()
    figures_cache.ledger_generation_reset()
    assert ledger_generation().split(".")[0] != before.split(".")[0]


def test_a_scope_key_is_stable_and_a_subquery_is_not_cached(ledger):
    board = ledger["units"][0]
    assert scope_key(Q(investor_id__in={3, 1, 2})) == scope_key(Q(investor_id__in={2, 3, 1}))
    assert scope_key(Q(pk=1)) != scope_key(Q(pk=2))
    assert scope_key(None) == scope_key(Q()) == ""
    subquery = Q(id__in=Unit.objects.filter(pk=board.pk).values("id"))
    assert scope_key(subquery) is None
    arguments = {"year": YEAR, "as_of": dt.date(2024, 9, 30), "scope": Q(investor=board)}
    assert views(Figures(**arguments)) == views(Figures(**arguments, summary=False))

"""What the province's pages cache beside `Figures`: the forecast, the payables by investor
and the project list's rows equal what they compute with the cache off, before and after a
contract's write (which bumps the generation too). Committed, as in test_figures_cache."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from giaingan.capital.catalogue import funding_sources_ensure
from giaingan.capital.models import LineKind
from giaingan.figures import cache as figures_cache
from giaingan.figures.forecast import district_forecast
from giaingan.figures.models import LedgerGeneration
from giaingan.figures.payables import payables_by_investor
from giaingan.figures.selectors import Base
from giaingan.figures.store import FrozenMemoryCache
from giaingan.org.models import Unit, UnitKind
from giaingan.web.params import FigureParams
from giaingan.web.projects import ProjectFilters, list_choices, project_listing, project_rows
from tests.conftest import make_project, pay, plan
from tests.contracts.conftest import accept, works_contract

pytestmark = pytest.mark.django_db(transaction=True)

AS_OF = dt.date(2024, 9, 30)
_stores = itertools.count(1)


@pytest.fixture(autouse=True)
def fresh_store(settings, monkeypatch):
    settings.FIGURES_CACHE_SECONDS = 600
    monkeypatch.setattr(
        figures_cache, "caches", {"figures": FrozenMemoryCache(f"pages-{next(_stores)}", {})}
    )
    funding_sources_ensure()


@pytest.fixture
def projects(district):
    made = [
        make_project("DA1", district["board"], district["tandoan"]),
        make_project("DA2", district["board"], district["vanan"]),
        make_project("DA3", district["tandoan"], district["tandoan"]),
    ]
    for number, project in enumerate(made, start=1):
        plan(project, number * 1_000_000_000)
        pay(project, number * 100_000_000, on=dt.date(2024, 3, 1), kind=LineKind.ADVANCE)
    pay(made[0], 50_000_000, on=dt.date(2024, 12, 15))
    return made


def uncached(settings, compute):
    settings.FIGURES_CACHE_SECONDS = 0
    try:
        return compute()
    finally:
        settings.FIGURES_CACHE_SECONDS = 600


def views() -> dict:
    params = FigureParams(2024, AS_OF, Base.ASSIGNED)
    filters = ProjectFilters(sort="rate")
    listing = project_listing(params, filters, None)
    return {
        "forecast": district_forecast(year=2024, as_of=AS_OF).as_dict(),
        "payables": payables_by_investor(as_of=AS_OF, plan_year=2024),
        "listing": (listing[0 : len(listing)], listing.total),
    }


def reference() -> dict:
    params = FigureParams(2024, AS_OF, Base.ASSIGNED)
    rows, table = project_rows(params, ProjectFilters(sort="rate"), None)
    return {
        "forecast": district_forecast(year=2024, as_of=AS_OF).as_dict(),
        "payables": payables_by_investor(as_of=AS_OF, plan_year=2024),
        "listing": (rows, table.total),
    }


def test_the_pages_cached_figures_follow_a_contracts_writes(projects, people, settings):
    expected = uncached(settings, reference)
    assert views() == expected
    assert views() == expected  # from the cache
    contract = works_contract(projects[0], people)
    accept(contract, people["bqlda"], 2_000_000_000, dt.date(2024, 6, 1))
    changed = uncached(settings, reference)
    assert changed["forecast"] != expected["forecast"]  # the accepted value is owed
    assert views() == changed


def test_a_contracts_write_bumps_the_generation(projects, people):
    before = LedgerGeneration.objects.get(pk=1).counter
    contract = works_contract(projects[0], people)
    after_contract = LedgerGeneration.objects.get(pk=1).counter
    accept(contract, people["bqlda"], 1_000_000_000, dt.date(2024, 6, 1))
    assert before < after_contract < LedgerGeneration.objects.get(pk=1).counter


def test_the_list_pages_through_the_same_rows(projects):
    params = FigureParams(2024, AS_OF, Base.ASSIGNED)
    for sort in ("code", "-rate", "name", "plan"):
        filters = ProjectFilters(sort=sort)
        rows, table = project_rows(params, filters, None)
        listing = project_listing(params, filters, None)
        assert len(listing) == len(rows)
        assert listing[1:3] == rows[1:3]
        assert listing[0 : len(listing)] == rows
        assert listing.total == table.total


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.mark.parametrize("login", ["tckh", "bqlda"])
def test_the_cached_dashboard_is_the_uncached_one(projects, people, settings, client, login):
    client.force_login(people[login])
    path = "/?year=2024&as_of=30/09/2024"
    expected = uncached(settings, lambda: _page(client, path))
    assert "Ban QLDA" in expected and "&lt;table" not in expected
    assert _page(client, path) == expected
    assert _page(client, path) == expected  # rendered tables from the cache
    contract = works_contract(projects[0], people)
    accept(contract, people["bqlda"], 2_000_000_000, dt.date(2024, 6, 1))
    changed = uncached(settings, lambda: _page(client, path))
    assert changed != expected
    assert _page(client, path) == changed


def test_the_lists_choices_are_kept_and_follow_the_catalogue(projects, people, district):
    tckh, board = people["tckh"], people["bqlda"]
    first = list_choices(tckh)
    assert list_choices(tckh) is first  # immutable: kept as it is, never copied
    assert [choice.name for choice in first.communes] == ["UBND xã Tân Đoàn", "UBND xã Văn An"]
    assert {choice.name for choice in first.investors} == {
        "Ban QLDA ĐTXD huyện",
        "UBND xã Tân Đoàn",
    }
    # An investor sees only its own projects' investor: a scope of its own in the key.
    assert [choice.name for choice in list_choices(board).investors] == ["Ban QLDA ĐTXD huyện"]
    Unit.objects.create(
        code="XA-AA", name="UBND xã Ái Quốc", kind=UnitKind.COMMUNE, parent=district["committee"]
    )
    again = list_choices(tckh)
    assert [choice.name for choice in again.communes] == [
        "UBND xã Ái Quốc",
        "UBND xã Tân Đoàn",
        "UBND xã Văn An",
    ]

"""A plan may not go below zero on any date: the check made by the database (running sums
by a window function) names the same keys, dates, amounts and rows as the check it
replaced, which summed every date of every touched key in Python."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from giaingan.capital.ledger import PlanBook, PlanInput
from giaingan.capital.models import FundingSource, PlanEntry, PlanKind
from giaingan.imports.models import ImportBatch, ImportKind
from giaingan.lib.money import format_number
from tests.conftest import make_project, plan

D = dt.date
SOURCES = ["NSTW", "NSDP-HUYEN"]


@pytest.fixture
def cast(district):
    projects = [
        make_project("P0", district["board"], district["tandoan"]),
        make_project("P1", district["tandoan"], district["tandoan"]),
    ]
    sources = {source.code: source for source in FundingSource.objects.filter(code__in=SOURCES)}
    return projects, sources


def reference(book: PlanBook) -> list[tuple]:
    """The check as it was: every touched key's sums by date, run through in Python."""
    rows = (
        PlanEntry.objects.filter(project_id__in={key[0] for key in book.touched})
        .exclude(kind=PlanKind.CARRY_OVER)
        .values(
            "project_id",
            "project__code",
            "source_id",
            "source__code",
            "plan_year",
            "decision_date",
        )
        .annotate(amount=Sum("amount"))
        .order_by("project_id", "source_id", "plan_year", "decision_date")
    )
    found = []
    running: dict = defaultdict(int)
    reported: set = set()
    for row in rows:
        key = (row["project_id"], row["source_id"], row["plan_year"])
        if key not in book.touched or key in reported:
            continue
        running[key] += row["amount"]
        if running[key] < 0:
            reported.add(key)
            found.append(
                (
                    f"kế hoạch vốn của dự án {row['project__code']}, nguồn "
                    f"{row['source__code']}, năm {row['plan_year']} sẽ âm "
                    f"({format_number(running[key])} đồng) vào ngày "
                    f"{row['decision_date']:%d/%m/%Y}",
                    book.first_row.get(("key", *key, row["decision_date"])),
                    "so_tien",
                )
            )
    return found


entries = st.lists(
    st.tuples(
        st.integers(0, 1),  # project
        st.sampled_from(SOURCES),
        st.sampled_from([2023, 2024]),
        st.sampled_from(
            [PlanKind.INITIAL, PlanKind.SUPPLEMENT, PlanKind.ADJUSTMENT, PlanKind.CARRY_OVER]
        ),
        st.dates(min_value=D(2023, 11, 1), max_value=D(2024, 3, 31)),
        st.integers(-(10**6), 10**6),
        st.integers(0, 3),  # decision number: some entries share a decision
    ),
    max_size=12,
)


class Done(Exception):
    pass


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=entries, now=entries, by_batch=st.booleans())
def test_the_database_check_names_what_the_python_check_named(cast, before, now, by_batch):
    projects, sources = cast

    def inputs(items, prefix):
        return [
            (
                row,
                PlanInput(
                    decision_number=f"{prefix}{number}-{kind}-{day:%m%d}",
                    decision_date=day,
                    kind=kind,
                    project_id=projects[p].pk,
                    source_id=sources[code].pk,
                    plan_year=year,
                    amount=amount,
                ),
            )
            for row, (p, code, year, kind, day, amount, number) in enumerate(items, start=2)
        ]

    try:
        with transaction.atomic():
            # An earlier state of the ledger, written as it may be (negative dates included).
            earlier = PlanBook()
            earlier.add(inputs(before, "A"))
            batch = None
            if by_batch:
                batch = ImportBatch.objects.create(
                    kind=ImportKind.PLAN, file_name="kh.csv", sha256="0" * 64
                )
            book = PlanBook(batch=batch, by_batch=by_batch)
            items = inputs(now, "B")
            for start in range(0, len(items), 5):
                book.add(items[start : start + 5])
            found = [
                (problem.reason, problem.row, problem.column) for problem in book._negative_plans()
            ]
            event("a negative plan" if found else "none")
            assert found == reference(book)
            raise Done
    except Done:
        pass


def test_a_cut_below_zero_is_named_with_its_date_and_row(cast):
    projects, sources = cast
    plan(projects[0], 100, on=D(2023, 12, 20))
    book = PlanBook()
    problems = book.add(
        [
            (
                7,
                PlanInput(
                    decision_number="9/QĐ-UBND",
                    decision_date=D(2024, 2, 1),
                    kind=PlanKind.ADJUSTMENT,
                    project_id=projects[0].pk,
                    source_id=sources["NSDP-HUYEN"].pk,
                    plan_year=2024,
                    amount=-150,
                ),
            )
        ]
    )
    assert problems == []
    [problem] = book.finish()
    assert problem.reason == (
        "kế hoạch vốn của dự án P0, nguồn NSDP-HUYEN, năm 2024 sẽ âm (-50 đồng) vào ngày 01/02/2024"
    )
    assert (problem.row, problem.column) == (7, "so_tien")

"""Every figure the system shows: plan, disbursed, outstanding advance, rate, rank, targets.

The only place figures are computed (ARCHITECTURE principle 1). The report command, the
dashboard, the API, the documents and the award evaluation all call these functions.
Aggregation happens in SQL: one grouped query per ledger table, merged here.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from operator import attrgetter
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import BigIntegerField, Case, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast

from giaingan.capital.models import (
    DisbursementTarget,
    FundingSource,
    LedgerMonth,
    LineKind,
    PlanEntry,
    PlanKind,
    Project,
    TreasuryLine,
)
from giaingan.capital.months import MONTH, QUARTER, YEAR, span_start
from giaingan.figures.cache import FiguresMemo
from giaingan.figures.catalogue import ProjectEntry, project_catalogue
from giaingan.lib.collector import collector_paused
from giaingan.lib.dates import disbursement_deadline
from giaingan.lib.money import rate_percent, shown_rate
from giaingan.org.models import Unit

T = TypeVar("T")


class Base(StrEnum):
    """Which plan a rate is measured against."""

    ASSIGNED = "assigned"
    WITH_CARRYOVER = "with_carryover"

    @property
    def label(self) -> str:
        return BASE_LABELS[self]


BASE_LABELS = {
    Base.ASSIGNED: "Kế hoạch vốn giao trong năm (kể cả giao bổ sung, không gồm vốn kéo dài)",
    Base.WITH_CARRYOVER: "Kế hoạch vốn giao trong năm và vốn năm trước kéo dài",
}


class Grouping(StrEnum):
    PROJECT = "project"
    INVESTOR = "investor"
    AGENCY = "agency"
    COMMUNE = "commune"
    SOURCE = "source"

    @property
    def label(self) -> str:
        return GROUPING_LABELS[self]


GROUPING_LABELS = {
    Grouping.PROJECT: "Dự án",
    Grouping.INVESTOR: "Chủ đầu tư",
    Grouping.AGENCY: "Cơ quan chủ quản",
    Grouping.COMMUNE: "Xã, thị trấn (địa bàn chính)",
    Grouping.SOURCE: "Nguồn vốn",
}

# The column each grouping reads, relative to a plan entry or a treasury line.
GROUP_FIELDS = {
    Grouping.PROJECT: "project_id",
    Grouping.INVESTOR: "project__investor_id",
    Grouping.AGENCY: "project__agency_id",
    Grouping.COMMUNE: "project__main_commune_id",
    Grouping.SOURCE: "source_id",
}
UNGROUPED_NAMES = {
    Grouping.AGENCY: "Chưa xác định cơ quan chủ quản",
    Grouping.COMMUNE: "Chưa xác định địa bàn",
}


@dataclass(frozen=True)
class Target:
    due_date: dt.date
    share_percent: Decimal


@dataclass(slots=True)  # a nation's table has 10^5 of these
class FigureRow:
    key: int | None
    code: str
    name: str
    plan: int = 0
    disbursed: int = 0
    outstanding_advance: int = 0
    rate_percent: Decimal | None = None
    rank: int | None = None
    target_gap_points: Decimal | None = None  # rate minus the target share due by as_of

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "plan": self.plan,
            "disbursed": self.disbursed,
            "outstanding_advance": self.outstanding_advance,
            "rate_percent": None if self.rate_percent is None else float(self.rate_percent),
            "rank": self.rank,
        }


@dataclass
class DisbursementTable:
    year: int
    as_of: dt.date
    base: Base
    by: Grouping
    rows: list[FigureRow]
    total: FigureRow
    target: Target | None = None
    next_target: Target | None = None

    def ranked(self) -> list[FigureRow]:
        """The rows best rate first; rows without a plan last."""
        return sorted(self.rows, key=rank_order)

    def subset(self, rows: list[FigureRow]) -> DisbursementTable:
        """The same table narrowed to `rows` (e.g. a filtered list), with its own total.
        Ranks stay those of the whole table."""
        return DisbursementTable(
            year=self.year,
            as_of=self.as_of,
            base=self.base,
            by=self.by,
            rows=rows,
            total=total_row(rows, self.target),
            target=self.target,
            next_target=self.next_target,
        )

    def as_dict(self) -> dict:
        total = self.total.as_dict()
        del total["rank"]
        return {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "base": str(self.base),
            "by": str(self.by),
            "rows": [row.as_dict() for row in self.rows],
            "total": total,
            "target": None
            if self.target is None
            else {
                "due_date": self.target.due_date.isoformat(),
                "share_percent": float(self.target.share_percent),
            },
        }


@dataclass
class LedgerFilters:
    """Which plan entries and treasury lines a figure for year N, as of D, counts."""

    plan: Q
    lines: Q  # lines whose money counts as disbursed
    # Lines whose advances and recoveries make the outstanding advance: with carry-over, an
    # advance of year N-1 paid before 01/02/N is still outstanding until recovered.
    advance_lines: Q | None = None


def ledger_filters(
    year: int,
    as_of: dt.date,
    base: Base,
    scope: Q | None = None,
    since: dt.date | None = None,
) -> LedgerFilters:
    """FORMATS.md, "Which entries a figure for plan year N, as of date D, counts";
    with `since`, only those dated from that day on."""
    plan = Q(plan_year=year, decision_date__lte=as_of) & ~Q(kind=PlanKind.CARRY_OVER)
    # A year-N line dated after 31/01/N+1 spends what was carried over: it belongs to the
    # carry-over base of year N+1, never to year N's own disbursement.
    lines = Q(plan_year=year, value_date__lte=min(as_of, disbursement_deadline(year)))
    advance_lines = None
    if base == Base.WITH_CARRYOVER:
        plan |= Q(plan_year=year - 1, kind=PlanKind.CARRY_OVER, decision_date__lte=as_of)
        advance_lines = Q(plan_year=year, value_date__lte=as_of) | Q(
            plan_year=year - 1, value_date__lte=as_of
        )
        lines |= Q(plan_year=year - 1, value_date__gte=dt.date(year, 2, 1), value_date__lte=as_of)
    if since is not None:
        plan &= Q(decision_date__gte=since)
        lines &= Q(value_date__gte=since)
        if advance_lines is not None:
            advance_lines &= Q(value_date__gte=since)
    if scope:  # an empty Q() narrows nothing
        projects = _in_scope(scope)
        plan &= projects
        lines &= projects
        if advance_lines is not None:
            advance_lines &= projects
    return LedgerFilters(plan=plan, lines=lines, advance_lines=advance_lines)


def _in_scope(scope: Q) -> Q:
    return Q(project__in=Project.objects.filter(scope).values("id"))


def month_cut(as_of: dt.date) -> dt.date:
    """The first day that `LedgerMonth` does not hold whole for a figure as of `as_of`:
    the next day if `as_of` ends its month, else the first of its month. Before it the
    figures read month sums; from it to `as_of`, the ledger's own rows."""
    following = as_of + dt.timedelta(days=1)
    return following if following.day == 1 else as_of.replace(day=1)


@dataclass
class MonthFilters:
    """Which `LedgerMonth` rows, and which of their sums, make the figures of year N for
    the whole months before `month_cut(D)`: `ledger_filters` in months, quarters and years.
    A row counts where the ledger rows it sums would: its counts say whether there are any.
    A filter of None takes the sum over every row."""

    rows: Q
    plan: Q | None  # rows whose plan (not carried over) counts: year N
    carried: Q | None  # rows whose carried-over plan counts: year N-1, with carry-over
    disbursed: Q | None
    advances: Q | None  # rows whose advances and recoveries count (outstanding advance)
    # Ranges of the table's key holding every row `rows` picks, none overlapping: (plan
    # year, span, first month or None for any, end). The queries read each range apart
    # and stack them (UNION ALL): a range scan of the key each, where one filter over them
    # all makes the database read every span of the plan year or the table itself.
    ranges: list[KeyRange] = field(default_factory=list)


KeyRange = tuple[int, int, dt.date | None, dt.date]


def month_filters(
    year: int, cut: dt.date, base: Base, scope: Q | None = None, *, by_month: bool = False
) -> MonthFilters:
    """For the tables: the fewest rows, each span of years, quarters and months before
    `cut` tiling them once. `by_month`: for the series, month rows only."""
    shown = Q(plan_count__gt=0) | Q(line_count__gt=0)  # the ledger has rows there
    carried_shown = Q(carried_count__gt=0) | Q(line_count__gt=0)
    extension = dt.date(year, 2, 1)  # from it, year N-1's capital is disbursed in year N
    # Per plan year, the (span, first, end) pieces its rows are read from.
    spans: dict[int, set[tuple[int, dt.date | None, dt.date]]] = defaultdict(set)
    if by_month:
        spans[year].add((MONTH, None, cut))
        spans[year - 1].add((MONTH, None, cut))
        months = Q(span=MONTH, month__lt=cut)
        this_year = Q(plan_year=year) & months
        last_year = Q(plan_year=year - 1) & months
        extended = last_year & Q(month__gte=extension)
    else:
        this_year = Q(plan_year=year) & _tiles(None, cut, spans[year])
        last_year = Q(plan_year=year - 1) & _tiles(None, cut, spans[year - 1])
        extended = None
        if base == Base.WITH_CARRYOVER and extension < cut:  # read on that base only
            extended = Q(plan_year=year - 1) & _tiles(extension, cut, spans[year - 1])
    # Year N's own disbursement stops at 31/01/N+1 (see `ledger_filters`). Past it, year
    # N's rows tiling the months to `cut` give the plan and the advance, and those tiling
    # them to 01/02/N+1 the money disbursed (some rows are in both tilings).
    stop = dt.date(year + 1, 2, 1)
    whole: Q | None = None  # year N's rows that count for their plan and advance
    money: Q | None = None  # year N's rows that count for the money disbursed
    this_shown = this_year & shown
    if cut > stop:
        if by_month:
            money = this_year & Q(month__lt=stop)
            this_shown = this_year & Q(plan_count__gt=0) | money & shown
        else:
            whole = this_year
            money = Q(plan_year=year) & _tiles(None, stop, spans[year])
            this_shown = whole & Q(plan_count__gt=0) | money & shown
    if base == Base.ASSIGNED:
        # On this base the advance outstanding is that of the lines counted, as in the ledger.
        filters = MonthFilters(this_shown, whole, None, money, money)
    else:
        # In the tables the advances of year N's later lines still count: their rows are
        # shown; the series shows money only.
        year_rows = this_shown if by_month or money is None else (this_year | money) & shown
        rows = year_rows | last_year & (Q(carried_count__gt=0) if by_month else carried_shown)
        disbursed = Q(plan_year=year) if money is None else money
        if extended is not None:
            rows |= extended & Q(line_count__gt=0)
            disbursed |= extended
        own = Q(plan_year=year) if whole is None else whole
        filters = MonthFilters(
            rows=rows,
            plan=own,
            carried=last_year,
            disbursed=disbursed,
            advances=own | last_year,
        )
    years = [year] if base == Base.ASSIGNED else [year - 1, year]  # the others read none
    filters.ranges = key_ranges([(read, *piece) for read in years for piece in spans[read]])
    if scope:
        filters.rows &= _in_scope(scope)
    return filters


def key_ranges(pieces: list[KeyRange]) -> list[KeyRange]:
    """The same rows as `pieces`, in the fewest ranges of the key, none overlapping: those
    of one plan year and span that meet or overlap made one."""
    merged: list[KeyRange] = []
    for year, span, first, end in sorted(pieces, key=_range_order):
        if merged:
            last_year, last_span, last_first, last_end = merged[-1]
            if (last_year, last_span) == (year, span) and (first is None or first <= last_end):
                merged[-1] = (year, span, last_first, max(last_end, end))
                continue
        merged.append((year, span, first, end))
    return merged


def _range_order(piece: KeyRange) -> tuple:
    year, span, first, end = piece
    return (year, span, first is not None, first or end, end)


def _tiles(
    start: dt.date | None, cut: dt.date, ranges: set[tuple[int, dt.date | None, dt.date]]
) -> Q:
    """`LedgerMonth` rows whose spans tile the months from `start` (None: from the first)
    to `cut`: `tile_pieces` as a filter. Adds the pieces to `ranges` (without the plan
    year, which the caller's key is)."""
    tiles = Q()
    for span, first, end in tile_pieces(start, cut):
        ranges.add((span, first, end))
        piece = Q(span=span, month__lt=end)
        tiles |= piece if first is None else piece & Q(month__gte=first)
    return tiles


def tile_pieces(start: dt.date | None, cut: dt.date) -> list[tuple[int, dt.date | None, dt.date]]:
    """(span, first, end): the rows of that span from `first` (None: any) to before `end`
    tile the months from `start` (None: from the first) to `cut`, both a month's first day,
    each month once and with the fewest rows: whole years, then quarters, then months (and
    the other way at the start)."""
    if start is None:  # every earlier year whole; then cut's year by quarters and months
        year_start, quarter_start = cut.replace(month=1), span_start(cut, QUARTER)
        pieces = [(YEAR, None, year_start)]
        if year_start < quarter_start:
            pieces.append((QUARTER, year_start, quarter_start))
        if quarter_start < cut:
            pieces.append((MONTH, quarter_start, cut))
        return pieces
    pieces = []
    month = start
    while month < cut:
        span = next(
            span
            for span in (YEAR, QUARTER, MONTH)
            if span_start(month, span) == month and _plus(month, span) <= cut
        )
        if pieces and pieces[-1][0] == span:
            pieces[-1] = (span, pieces[-1][1], _plus(month, span))
        else:
            pieces.append((span, month, _plus(month, span)))
        month = _plus(month, span)
    return pieces


def _plus(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class Total(Sum):
    """SUM as a whole number of đồng. PostgreSQL sums bigints as numeric, which Django would
    turn into a Decimal row by row: cast there, in SQL. SQLite sums integers as integers."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = self.as_sql(compiler, connection, **extra)
        return f"CAST({sql} AS bigint)", params


DISBURSED = Total(F("amount") - F("recovered_advance"))
ADVANCED = Total("amount", filter=Q(kind=LineKind.ADVANCE))
RECOVERED = Total("recovered_advance")


class Figures:
    """The figures of plan year N as of date D on one base (and scope), computed lazily.

    One page, report or evaluation makes one of these and asks it for several tables and
    series: the ledger is scanned once per kind of sum and the results are shared.

    Whole years, quarters and months come from `LedgerMonth`, the days of an unfinished
    month from the ledger itself. `summary=False` reads only the ledger: the reference the
    summary is tested against (tests/figures), and what the figures were before it.
    """

    def __init__(
        self,
        *,
        year: int,
        as_of: dt.date,
        base: Base | str = Base.ASSIGNED,
        scope: Q | None = None,
        summary: bool = True,
    ):
        self.year, self.as_of, self.base, self.scope = year, as_of, Base(base), scope
        self.summary = summary
        self.filters = ledger_filters(year, as_of, self.base, scope)
        self._sums: dict[str, dict[int | None, list[int]]] = {}
        self._projects: list[tuple] | None = None  # `_project_columns`, read once
        self._targets: tuple[Target | None, Target | None] | None = None
        self._catalogue: dict[int, ProjectEntry] | None = None  # `projects`, read once
        # The summary's reads are cached per state of the ledger (figures.cache); the
        # ledger-only reference never is.
        self._memo = FiguresMemo(kind="Figures", parts=(year, as_of, self.base), scope=scope)
        self._memo.enabled &= summary

    def remembered(self, name: str, compute: Callable[[], T], *args: Any) -> T:
        """A value derived from these figures (a page's slowest projects, say), cached with
        them: `compute` is called only when this state of the ledger has none."""
        return self._memo.remember(name, compute, *args)

    def _grouped(self, keys: list[str]) -> dict[Any, list[int]]:
        """[plan, disbursed, outstanding advance] per value of `keys` (a tuple, or the value
        itself for one key): the summary up to `month_cut`, plus the ledger's rows from it
        to `as_of`."""
        if not self.summary:
            sums = _ledger_sums(self.filters, keys)
            return sums if len(keys) > 1 else {key: amounts for (key,), amounts in sums.items()}
        return _month_sums(*self._month_and_days(), keys)

    def _month_and_days(self) -> tuple[MonthFilters, LedgerFilters | None]:
        """The summary's rows up to `month_cut`, and the ledger's from it to `as_of` (None
        when `as_of` ends its month)."""
        cut = month_cut(self.as_of)
        months = month_filters(self.year, cut, self.base, self.scope)
        if cut > self.as_of:
            return months, None
        return months, ledger_filters(self.year, self.as_of, self.base, self.scope, since=cut)

    def pair_sums(self) -> dict[tuple, list[int]]:
        """[plan, disbursed, outstanding advance] per (project id, source id)."""
        if "pairs" not in self._sums:
            with collector_paused():  # a province's 10^4 pairs and no garbage
                self._sums["pairs"] = self._memo.remember(
                    "pairs", lambda: self._grouped(["project_id", "source_id"])
                )
        return self._sums["pairs"]

    def totals(self) -> list[int]:
        """[plan, disbursed, outstanding advance] of the whole scope: one aggregate over the
        summary's rows (and the ledger's days of an unfinished month), no grouping. Equal to
        the sum of `pair_sums` (tests/figures)."""
        if "pairs" in self._sums or not self.summary:
            found = [0, 0, 0]
            for row in self.pair_sums().values():
                found[0] += row[0]
                found[1] += row[1]
                found[2] += row[2]
            return found
        return self._memo.remember("totals", self._totals)

    def _totals(self) -> list[int]:
        months, days = self._month_and_days()
        for plan, disbursed, outstanding in _month_query(months, [], days):
            return [plan or 0, disbursed or 0, outstanding or 0]
        return [0, 0, 0]

    def sums(self, key: str) -> dict[int | None, list[int]]:
        """[plan, disbursed, outstanding advance] per project_id or source_id.

        Folded from `pair_sums` when they have been read (a dashboard's project and source
        tables share them); otherwise read grouped by `key` alone: a nation's report needs
        its 10^5 projects, not the pairs to fold into them.
        """
        if key not in self._sums:
            if "pairs" not in self._sums:
                self._sums[key] = self._memo.remember("sums", lambda: self._grouped([key]), key)
                return self._sums[key]
            position = 0 if key == "project_id" else 1
            self._sums[key] = fold_amounts(
                (pair[position], *amounts) for pair, amounts in self.pair_sums().items()
            )
        return self._sums[key]

    def projects(self) -> dict[int, ProjectEntry]:
        """The catalogue entry (code, name, units) of every project with figures here,
        read once and shared by the tables and the forecast of a page."""
        if self._catalogue is None:
            self._catalogue = project_catalogue(self.sums("project_id").keys() - {None})
        return self._catalogue

    def targets(self) -> tuple[Target | None, Target | None]:
        if self._targets is None:
            self._targets = targets_around(self.year, self.as_of)
        return self._targets

    def table(self, by: Grouping | str = Grouping.PROJECT) -> DisbursementTable:
        """Plan, disbursed, outstanding advance, rate and rank per group, with the total.

        Groups with neither plan nor disbursement are left out; a group whose plan went to
        zero (all transferred away) stays, with rate and rank None.
        """
        by = Grouping(by)
        with collector_paused():  # a nation's table: 10^5 rows and no garbage
            return self._memo.remember("table", lambda: self._table(by), by)

    def _project_columns(self) -> list[tuple]:
        """The columns of `PROJECT_ROW`, one tuple each, a value per project with a row:
        the summary's sums per project, named and with the project's units, read in one
        statement (no name or unit looked up per row). Kept as columns: 9 objects for the
        garbage collector to walk, not 10^5 rows."""
        if self._projects is None:
            # Every project (no scope): merged in project order, see MERGING_SETTINGS. A
            # scope's few projects are found faster by the planner's own choice.
            rows = _named_project_query(*self._month_and_days(), merged=not self.scope)
            self._projects = list(zip(*rows, strict=True)) if rows else [()] * len(PROJECT_ROW)
        return self._projects

    def _table(self, by: Grouping) -> DisbursementTable:
        target, next_target = self.targets()
        if self.summary and "pairs" not in self._sums and by != Grouping.SOURCE:
            # A nation's 10^5 projects: summed, named and given their units by the
            # database, each row made once here; units folded from the projects' rows.
            columns = self._project_columns()
            if by == Grouping.PROJECT:
                rows = named_figure_rows(zip(*columns[:6], strict=True), target)
            else:
                unit = columns[PROJECT_ROW.index(PROJECT_UNITS[by])]
                sums = fold_amounts(zip(unit, *columns[3:6], strict=True))
                rows = figure_rows(sums, _names(by, sums), target)
            # Every project is in one group: the total is the projects'.
            total = summed_row(sum(columns[3]), sum(columns[4]), sum(columns[5]), target)
        else:
            if by == Grouping.SOURCE:
                sums = self.sums("source_id")
            else:
                # Sum per project in SQL, then fold projects into units here: a few
                # thousand rows instead of joining every treasury line to its project.
                sums = self.sums("project_id")
                if by != Grouping.PROJECT:
                    unit = attrgetter(PROJECT_UNITS[by])
                    owners = {pk: unit(entry) for pk, entry in self.projects().items()}
                    # The projects' sums per owner (investor, agency...).
                    sums = fold_amounts((owners[pk], *amounts) for pk, amounts in sums.items())
            if by == Grouping.PROJECT:
                names = {pk: (entry.code, entry.name) for pk, entry in self.projects().items()}
                names[None] = ("", UNGROUPED_NAMES.get(by, "Chưa xác định"))
            else:
                names = _names(by, sums)
            rows = figure_rows(sums, names, target)
            total = None
        # By code, those without one ("" sorts first) moved last.
        rows.sort(key=CODE)
        nameless = 0
        while nameless < len(rows) and rows[nameless].code == "":
            nameless += 1
        rows = rows[nameless:] + rows[:nameless]
        rank_rows(rows)
        return DisbursementTable(
            year=self.year,
            as_of=self.as_of,
            base=self.base,
            by=by,
            rows=rows,
            total=total_row(rows, target) if total is None else total,
            target=target,
            next_target=next_target,
        )

    def series(self, by: Grouping | str | None = None) -> dict[int | None, list[MonthPoint]]:
        """Cumulative plan and disbursement at each month's end, per group (or the whole
        under the key None), from January of the plan year to `as_of`."""
        return self._memo.remember("series", lambda: self._series(by), by and Grouping(by))

    def _series(self, by: Grouping | str | None) -> dict[int | None, list[MonthPoint]]:
        key = GROUP_FIELDS[Grouping(by)] if by else None
        keys = [key] if key else []
        plan_by: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        paid_by: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        ledger: LedgerFilters | None = self.filters
        if self.summary:
            cut = month_cut(self.as_of)
            for group, month, plan, paid in _month_series(
                month_filters(self.year, cut, self.base, self.scope, by_month=True), keys
            ):
                plan_by[group][month] += plan
                paid_by[group][month] += paid
            ledger = None
            if cut <= self.as_of:
                ledger = ledger_filters(self.year, self.as_of, self.base, self.scope, since=cut)
        if ledger is not None:
            # Group by day in SQL (in index order) and into months here: grouping by a
            # formatted month would make the database sort every line.
            for row in (
                PlanEntry.objects.filter(ledger.plan)
                .values(*keys, "decision_date")
                .annotate(amount=Total("amount"))
                .order_by()
            ):
                plan_by[row[key] if key else None][_month(row["decision_date"])] += row["amount"]
            for row in (
                TreasuryLine.objects.filter(ledger.lines)
                .values(*keys, "value_date")
                .annotate(amount=DISBURSED)
                .order_by()
            ):
                paid_by[row[key] if key else None][_month(row["value_date"])] += row["amount"]
        months = _months(dt.date(self.year, 1, 1), self.as_of)
        if not months:  # as of a day before the plan year: no month to show yet
            return {}
        targets = targets_for(self.year)
        series: dict[int | None, list[MonthPoint]] = {}
        for group in plan_by.keys() | paid_by.keys():
            plan_months, paid_months = plan_by[group], paid_by[group]
            # Amounts decided or paid before January of the year count from the first month.
            plan = sum(amount for month, amount in plan_months.items() if month < months[0])
            paid = sum(amount for month, amount in paid_months.items() if month < months[0])
            points = []
            for month, month_end in months_with_ends(months, self.as_of):
                plan += plan_months.get(month, 0)
                paid += paid_months.get(month, 0)
                due = [target for target in targets if target.due_date <= month_end]
                points.append(
                    MonthPoint(
                        month=month,
                        plan=plan,
                        disbursed=paid,
                        rate_percent=rate_percent(paid, plan),
                        target_percent=due[-1].share_percent if due else None,
                    )
                )
            series[group] = points
        return series


def figure_rows(
    sums: dict[int | None, list[int]],
    names: dict[int | None, tuple[str, str]],
    target: Target | None,
) -> list[FigureRow]:
    """One FigureRow per group, unranked: `named_figure_rows` of the groups' sums and
    names (NAMELESS for a group `names` does not know)."""
    find = names.get
    return named_figure_rows(
        (
            (group, *find(group, NAMELESS), plan, disbursed, outstanding)
            for group, (plan, disbursed, outstanding) in sums.items()
        ),
        target,
    )


def named_figure_rows(named: Iterable[tuple], target: Target | None) -> list[FigureRow]:
    """One FigureRow per (key, code, name, plan, disbursed, outstanding advance), unranked:
    rate (`rate_percent`) and gap to the target (`_gap`) computed in whole hundredths of a
    percent, each Decimal made once per value (`percent_decimal`): a nation's table has
    10^5 rows. The same Decimals as `rate_percent` and `_gap` give (tests/figures)."""
    share = None if target is None else target.share_percent
    # The share in hundredths when the gap can be done in integers: a share of at most two
    # decimals (a DisbursementTarget's), so the gap has exactly two, as `_gap`'s has.
    share_hundredths = None
    if share is not None and share.is_finite() and share.as_tuple().exponent >= -2:
        share_hundredths = int(share.scaleb(2))
    plain = share is not None and share_hundredths is None
    shared, percent = RATES, percent_decimal
    rows: list[FigureRow] = []
    append = rows.append
    for group, code, name, plan, disbursed, outstanding in named:
        if plan <= 0:
            append(FigureRow(group, code, name, plan, disbursed, outstanding, None, None, None))
            continue
        if disbursed < 0 or plain:
            # Rare (reversals beyond what was paid, or an odd share): the plain functions.
            rate = _rate(disbursed, plan)
            gap = None if share is None else shown_rate(disbursed, plan) - share
            append(FigureRow(group, code, name, plan, disbursed, outstanding, rate, None, gap))
            continue
        cut, rest = divmod(disbursed * 10000, plan)  # the rate cut, as shown
        hundredths = cut + 1 if 2 * rest >= plan else cut  # rounded half-up
        rate = shared.get(hundredths)
        if rate is None:
            rate = percent(hundredths)
        gap = None
        if share_hundredths is not None:
            gap = shared.get(cut - share_hundredths)
            if gap is None:
                gap = percent(cut - share_hundredths)
        append(FigureRow(group, code, name, plan, disbursed, outstanding, rate, None, gap))
    return rows


def percent_decimal(hundredths: int) -> Decimal:
    """`hundredths` / 100 as a Decimal with two decimals (1234 -> 12.34), shared: a Decimal
    never changes, and a table's rates and gaps take few distinct values."""
    found = RATES.get(hundredths)
    if found is None:
        found = Decimal(hundredths).scaleb(-2)
        if -MAX_SHARED_RATE <= hundredths <= MAX_SHARED_RATE:
            RATES[hundredths] = found
    return found


def disbursement_table(
    *,
    year: int,
    as_of: dt.date,
    by: Grouping | str = Grouping.PROJECT,
    base: Base | str = Base.ASSIGNED,
    scope: Q | None = None,
) -> DisbursementTable:
    """One table of `Figures`; `scope` narrows to some projects (a Q over Project)."""
    return Figures(year=year, as_of=as_of, base=base, scope=scope).table(by)


def monthly_series(
    *,
    year: int,
    as_of: dt.date,
    by: Grouping | str | None = None,
    base: Base | str = Base.ASSIGNED,
    scope: Q | None = None,
) -> dict[int | None, list[MonthPoint]]:
    """The monthly cumulative series of `Figures`."""
    return Figures(year=year, as_of=as_of, base=base, scope=scope).series(by)


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def total_row(rows: list[FigureRow], target: Target | None = None) -> FigureRow:
    plan = disbursed = outstanding = 0
    for row in rows:  # one pass: a nation's table has 10^5 rows
        plan += row.plan
        disbursed += row.disbursed
        outstanding += row.outstanding_advance
    return summed_row(plan, disbursed, outstanding, target)


def summed_row(plan: int, disbursed: int, outstanding: int, target: Target | None) -> FigureRow:
    """The total row of these sums, with its rate and its gap to `target`."""
    total = FigureRow(
        key=None,
        code="",
        name="Tổng cộng",
        plan=plan,
        disbursed=disbursed,
        outstanding_advance=outstanding,
    )
    total.rate_percent = rate_percent(total.disbursed, total.plan)
    total.target_gap_points = _gap(total, target)
    return total


def _rate(part: int, whole: int) -> Decimal | None:
    """`rate_percent` in integers: the same Decimal, a few times faster, for 10^5 rows.
    Half-up is away from zero, as ROUND_HALF_UP rounds; a tested twin of `rate_percent`."""
    if whole <= 0:
        return None
    hundredths, remainder = divmod(abs(part) * 10000, whole)
    if 2 * remainder >= whole:
        hundredths += 1
    if part < 0:
        return Decimal(hundredths).scaleb(-2).copy_negate()  # -0.00 stays negative
    return percent_decimal(hundredths)


# The common rates and gaps, made once and shared: -1000.00 to 1000.00 %.
RATES: dict[int, Decimal] = {}
MAX_SHARED_RATE = 100_000


CODE = attrgetter("code")


PROJECT_UNITS = {
    Grouping.INVESTOR: "investor_id",
    Grouping.AGENCY: "agency_id",
    Grouping.COMMUNE: "main_commune_id",
}
# Past this many ids an IN list costs more than reading the whole (small) table.
MANY_IDS = 5000


def _ledger_sums(filters: LedgerFilters, keys: list[str]) -> dict[tuple, list[int]]:
    """[plan, disbursed, outstanding advance] per value of `keys`: one query per table."""
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    plans = PlanEntry.objects.filter(filters.plan).values(*keys).annotate(plan=Total("amount"))
    for *group, plan in _fetch(plans.values_list(*keys, "plan")):
        sums[tuple(group)][0] = plan or 0
    if filters.advance_lines is None:
        lines = TreasuryLine.objects.filter(filters.lines)
        disbursed = DISBURSED
    else:
        lines = TreasuryLine.objects.filter(filters.advance_lines)
        disbursed = Total(F("amount") - F("recovered_advance"), filter=filters.lines)
    lines = lines.values(*keys).annotate(
        disbursed=disbursed, advanced=ADVANCED, recovered=RECOVERED
    )
    for *group, paid, advanced, recovered in _fetch(
        lines.values_list(*keys, "disbursed", "advanced", "recovered")
    ):
        row = sums[tuple(group)]
        row[1] = paid or 0
        row[2] = (advanced or 0) - (recovered or 0)
    return dict(sums)


def _month_sums(
    filters: MonthFilters, days: LedgerFilters | None, keys: list[str]
) -> dict[Any, list[int]]:
    """`_ledger_sums` for whole months, from `LedgerMonth`, and the ledger's rows `days`
    picks: one query. Keyed by tuples, or by the value itself for one key."""
    rows = _month_query(filters, keys, days)
    # The common cases, a nation's 10^5 projects or pairs: read plainly.
    if len(keys) == 1:  # keyed by the value itself
        return {
            key: [plan or 0, disbursed or 0, outstanding or 0]
            for key, plan, disbursed, outstanding in rows
        }
    if len(keys) == 2:
        return {
            (first, second): [plan or 0, disbursed or 0, outstanding or 0]
            for first, second, plan, disbursed, outstanding in rows
        }
    width = len(keys)
    return {row[:width]: [amount or 0 for amount in row[width:]] for row in rows}


def _month_amounts(filters: MonthFilters, advances: bool = True) -> dict[str, Any]:
    """Each row's plan (with what is carried over), disbursed [, outstanding advance], as
    counted: filtered only where rows differ (on the default base every row counts whole)."""
    whole = BigIntegerField()
    plan: Any = F("plan")
    if filters.carried is not None:
        plan = Case(
            When(filters.plan, then=F("plan")),
            When(filters.carried, then=F("carried_over")),
            default=Value(0),
            output_field=whole,
        )
    elif filters.plan is not None:
        plan = Case(When(filters.plan, then=F("plan")), default=Value(0), output_field=whole)
    disbursed: Any = F("disbursed")
    if filters.disbursed is not None:
        disbursed = Case(
            When(filters.disbursed, then=F("disbursed")), default=Value(0), output_field=whole
        )
    amounts = {"plan": plan, "disbursed": disbursed}
    if advances:
        outstanding: Any = F("advanced") - F("recovered")
        if filters.advances is not None:
            outstanding = Case(
                When(filters.advances, then=outstanding), default=Value(0), output_field=whole
            )
        amounts["outstanding"] = outstanding
    return amounts


def _month_query(
    filters: MonthFilters,
    keys: list[str],
    days: LedgerFilters | None = None,
    *,
    advances: bool = True,
    summed_ranges: bool = False,
) -> list[tuple]:
    """(*keys, plan, disbursed[, outstanding advance]) summed per value of `keys` (one row
    without keys) over the `LedgerMonth` rows of `filters` and the plan entries and
    treasury lines `days` picks (the days of an unfinished month): each key range of
    `LedgerMonth` read apart (a range scan of the key each, the sums in the index on
    PostgreSQL) and the ledger's rows, stacked with UNION ALL and summed in one
    statement. Amounts are whole đồng, None where no row counts.

    `summed_ranges`: each range is summed per `keys` on its own first (keys that follow
    the table's key within a range, such as `month` for the month-by-month series: summed
    in key order, no sort), and the few sums stacked and added up."""
    parts, names = _month_pieces(
        filters, keys, days, advances=advances, summed_ranges=summed_ranges
    )
    return stacked_sums(parts, keys, names)


def stacked(parts: list[QuerySet]) -> tuple[str, tuple, Any] | None:
    """The rows of `parts` stacked with UNION ALL: (SQL, its parameters, the database the
    router chose: the read replica for a report), or None when no row can come."""
    if not parts:
        return None
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # e.g. a scope of no project
        return None
    return sql, params, connections[rows.db]


def stacked_sums(parts: list[QuerySet], keys: list[str], names: list[str]) -> list[tuple]:
    """(*keys, *names summed) per value of `keys` (one row without keys) over the rows of
    `parts` stacked (`stacked`), in one statement (`summing_cursor`): each part a range
    scan of its own, the sums whole đồng (bigint), None where no row counts. The one
    statement that sums pieces of the ledger's month sums (the tables, the series, the
    payables' year-end sums)."""
    found = stacked(parts)
    if found is None:
        return []
    sql, params, database = found
    quote = database.ops.quote_name
    columns = [quote(key) for key in keys]
    sums = [f"CAST(SUM({quote(name)}) AS bigint)" for name in names]
    grouped = f" GROUP BY {', '.join(columns)}" if columns else ""
    with summing_cursor(database) as cursor:
        cursor.execute(f"SELECT {', '.join(columns + sums)} FROM ({sql}) pieces{grouped}", params)
        return cursor.fetchall()


# PostgreSQL's defaults are made for small statements. A nation's report groups 10^5
# projects from up to 10^6 rows: with 4 MB (`work_mem`) its hash of groups spills to disk
# in 20 batches, a fifth of the statement's time; and its cost is near the threshold past
# which PostgreSQL compiles it (JIT) first, 0.1 s more to save nothing on such a statement.
SUMMING_SETTINGS = {"work_mem": "64MB", "jit": "off"}
# The per-project statement reads each piece in project order (`_month_pieces(ordered=
# True)`), so the pieces can be merged and summed as they come (a sorted GroupAggregate
# over a Merge Append: no hash table of 10^5 groups) and joined to the projects read in
# their key's order (a merge join). PostgreSQL cannot see that it should: it guesses 200
# groups from stacked pieces, so it would hash them (in parallel workers that each build
# most of the groups, then sort and merge them again) and look each project up by its
# index. A nation's month end: 0.5-0.7 s on the server before, about half after.
MERGING_SETTINGS = {
    **SUMMING_SETTINGS,
    "enable_hashagg": "off",
    "enable_hashjoin": "off",
    "enable_nestloop": "off",
    "max_parallel_workers_per_gather": "0",
}


@contextmanager
def summing_cursor(database: Any, settings: dict[str, str] | None = None) -> Iterator[Any]:
    """A cursor for a statement summing the ledger; on PostgreSQL in a transaction (or a
    savepoint of the caller's) with `settings` (`SUMMING_SETTINGS` by default), local to
    that transaction."""
    if database.vendor != "postgresql":
        with database.cursor() as cursor:
            yield cursor
        return
    settings = SUMMING_SETTINGS if settings is None else settings
    names = list(settings)
    setting = "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names))
    # In a caller's transaction, a savepoint released keeps what was set in it until that
    # transaction ends: the settings found are set back after the statement.
    nested = database.in_atomic_block
    with transaction.atomic(using=database.alias), database.cursor() as cursor:
        if nested:
            cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(names)), names)
            found = cursor.fetchone()
        cursor.execute(setting, [value for name in names for value in (name, settings[name])])
        yield cursor
        if nested:
            cursor.execute(
                setting, [value for pair in zip(names, found, strict=True) for value in pair]
            )


def _month_pieces(
    filters: MonthFilters,
    keys: list[str],
    days: LedgerFilters | None,
    *,
    advances: bool,
    ordered: bool = False,
    summed_ranges: bool = False,
) -> tuple[list[QuerySet], list[str]]:
    """The rows `_month_query` sums, unsummed (`summed_ranges`: each range's rows summed
    per `keys`), in pieces to stack (`stacked`), and the amounts' column names.

    `ordered` (on PostgreSQL): each piece in the order of `keys`, for the database to merge
    them in that order: the ranges read a period apart (`period_ranges`), each by the
    key's equality on (plan year, span, month), in which the key's rows are in `keys`
    order already; the others sorted."""
    amounts = _month_amounts(filters, advances)
    names = {f"counted_{name}": amount for name, amount in amounts.items()}
    if summed_ranges and not keys:
        raise ValueError("summed_ranges sums per keys: give at least one")
    database = connections[LedgerMonth.objects.all().db]  # as the router chooses
    ordered &= database.vendor == "postgresql"  # SQLite orders no member of a UNION
    ranges = period_ranges(filters.ranges, years_before=1) if ordered else filters.ranges
    order = keys if ordered else []
    parts: list[QuerySet] = []
    for year, span, first, end in ranges:
        if first is not None and _plus(first, span) == end:  # one period: its key
            piece = Q(plan_year=year, span=span, month=first)
        else:
            piece = Q(plan_year=year, span=span, month__lt=end)
            if first is not None:
                piece &= Q(month__gte=first)
        rows = LedgerMonth.objects.filter(piece, filters.rows).order_by(*order)
        if summed_ranges:
            rows = rows.values(*keys).annotate(
                **{name: Total(amount) for name, amount in names.items()}
            )
        else:
            rows = rows.annotate(**names)
        parts.append(rows.values_list(*keys, *names))
    if days is not None:
        parts += _ledger_parts(days, keys, list(names), ordered=ordered)
    return parts, list(names)


# The columns of `_named_project_query`'s rows, in order.
PROJECT_ROW = (
    "id",
    "code",
    "name",
    "plan",
    "disbursed",
    "outstanding",
    "investor_id",
    "agency_id",
    "main_commune_id",
)


def _named_project_query(
    filters: MonthFilters, days: LedgerFilters | None, *, merged: bool = False
) -> list[tuple]:
    """`_month_query` per project, each with its code, name and units (`PROJECT_ROW`):
    the sums joined to their project in the same statement. A project not found (none:
    the ledger's key is a foreign key) has the code and name NAMELESS and no unit."""
    # `merged`: in project order on PostgreSQL, merged, summed and joined in that order
    # (MERGING_SETTINGS).
    parts, names = _month_pieces(filters, ["project_id"], days, advances=True, ordered=merged)
    found = stacked(parts)
    if found is None:
        return []
    sql, params, database = found
    quote = database.ops.quote_name
    key = quote("project_id")
    sums = ", ".join(f"CAST(SUM({quote(name)}) AS bigint) AS {quote(name)}" for name in names)
    amounts = ", ".join(f"COALESCE(sums.{quote(name)}, 0)" for name in names)
    blank = "''"  # NAMELESS
    units = ", ".join(f"project.{quote(column)}" for column in PROJECT_ROW[6:])
    project_id = f"project.{quote('id')}"
    if database.vendor == "postgresql" and not merged:
        # PostgreSQL cannot know how many groups the stacked pieces make (it guesses 200)
        # and would look each of 10^4 projects up by its index; joined on an expression,
        # the projects are read once into a hash join.
        project_id += " + 0"
    select = (
        f"SELECT sums.{key}, COALESCE(project.{quote('code')}, {blank}), "
        f"COALESCE(project.{quote('name')}, {blank}), {amounts}, {units} "
        f"FROM (SELECT {key}, {sums} FROM ({sql}) pieces GROUP BY {key}) sums "
        f"LEFT JOIN {quote(Project._meta.db_table)} project ON {project_id} = sums.{key}"
    )
    with summing_cursor(database, MERGING_SETTINGS if merged else None) as cursor:
        cursor.execute(select, params)
        return cursor.fetchall()


def fold_amounts(rows: Iterable[tuple]) -> dict[Any, list[int]]:
    """(group, plan, disbursed, outstanding advance) rows: [plan, disbursed, outstanding
    advance] added up per group: the one fold of the three amounts (projects into their
    units, pairs into their projects or sources)."""
    folded: dict[int | None, list[int]] = {}
    find = folded.get
    for key, plan, disbursed, outstanding in rows:
        group = find(key)
        if group is None:
            folded[key] = [plan, disbursed, outstanding]
        else:
            group[0] += plan
            group[1] += disbursed
            group[2] += outstanding
    return folded


def _ledger_parts(
    filters: LedgerFilters, keys: list[str], names: list[str], *, ordered: bool = False
) -> list[QuerySet]:
    """The plan entries and treasury lines of `filters`, one row each, with the amounts
    `_ledger_sums` sums (named `names`: plan, disbursed[, outstanding advance]), to stack
    with `LedgerMonth`'s rows. `ordered`: in the order of `keys`, every amount a bigint as
    `LedgerMonth`'s are (PostgreSQL merges ordered pieces only when their columns have the
    same types: a plain 0 is an integer)."""
    whole = BigIntegerField()
    zero = Cast(Value(0), whole) if ordered else Value(0, output_field=whole)
    plan_name, disbursed_name, *outstanding_name = names
    plans = PlanEntry.objects.filter(filters.plan).annotate(
        **{plan_name: F("amount"), disbursed_name: zero},
        **dict.fromkeys(outstanding_name, zero),
    )
    paid = F("amount") - F("recovered_advance")
    if filters.advance_lines is None:
        lines = TreasuryLine.objects.filter(filters.lines)
    else:  # the advances of more lines than those whose money counts
        lines = TreasuryLine.objects.filter(filters.advance_lines)
        paid = Case(When(filters.lines, then=paid), default=zero, output_field=whole)
    outstanding = Case(
        When(kind=LineKind.ADVANCE, then=F("amount")), default=zero, output_field=whole
    ) - F("recovered_advance")
    lines = lines.annotate(
        **{plan_name: zero, disbursed_name: paid},
        **dict.fromkeys(outstanding_name, outstanding),
    )
    order = keys if ordered else []
    return [rows.order_by(*order).values_list(*keys, *names) for rows in (plans, lines)]


def _month_series(
    filters: MonthFilters, keys: list[str], *, summed_ranges: bool = True
) -> list[tuple]:
    """(group, 'YYYY-MM', plan, disbursed) per group and month, from `LedgerMonth`.
    `summed_ranges=False`: every row stacked and summed once, the statement before
    (tests/figures hold them equal)."""
    filters = replace(filters, ranges=period_ranges(filters.ranges, years_before=0, spans=[MONTH]))
    # Each month's rows summed apart (in key order: a range of one month has one month),
    # then the months' sums stacked: no sort of a year's rows to group them by month.
    rows = _month_query(filters, [*keys, "month"], advances=False, summed_ranges=summed_ranges)
    if keys:
        return [
            (group, _month(_as_date(month)), plan or 0, disbursed or 0)
            for group, month, plan, disbursed in rows
        ]
    return [
        (None, _month(_as_date(month)), plan or 0, disbursed or 0)
        for month, plan, disbursed in rows
    ]


def period_ranges(
    ranges: list[KeyRange], *, years_before: int, spans: Collection[int] = (MONTH, QUARTER, YEAR)
) -> list[KeyRange]:
    """The same rows as `ranges`, those of `spans` from the January `years_before` years
    before their plan year on read one period (month, quarter or year: their span) apart,
    one value of the key's month each; what comes before that January (rarely any row)
    stays one range, and the other spans' ranges stay whole.

    A range of one period is read by the key's equality (`_month_pieces`): PostgreSQL
    reads it in the key's order (project after project: the per-project statement's merge,
    `years_before=1`, every span), where for a range of months it reads the whole table,
    each row filtered (the month-by-month series, `years_before=0`, months only)."""
    split: list[KeyRange] = []
    for year, span, first, end in ranges:
        start = dt.date(year - years_before, 1, 1)  # the first day of a period of any span
        if span not in spans or end <= start:
            split.append((year, span, first, end))
            continue
        period = start
        if first is None or first < start:
            split.append((year, span, first, start))
        else:
            period = first
        while period < end:
            following = _plus(period, span)
            split.append((year, span, period, min(following, end)))
            period = following
    return split


def _fetch(queryset: QuerySet) -> list[tuple]:
    """The rows of a grouped `values_list` as the database gives them: whole numbers and
    ids need none of Django's per-row conversion, which costs more than the query at 10^5
    rows. (Total casts PostgreSQL's numeric sums to bigint in SQL.)"""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. id__in=[]: Django knows there is nothing to ask
        return []
    # The queryset's database, as the router chose it (the read replica for a report).
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# A rate as an integer that orders rates exactly: floor(disbursed / plan x 10^40). Plans are
# at most 10^18 đồng (a year's whole plan), so two different rates differ by at least
# 10^-36 and never share a key, and equal rates (1/3, 2/6) always do.
EXACT_RATE_SCALE = 10**40


def rank_rows(rows: list[FigureRow]) -> None:
    """Competition ranking by rate: 1, 2, 2, 4. Rows without a plan get None.

    Rates are compared in đồng, never rounded: 99,996% ranks below 100%, and two rows share
    a rank only when their disbursed / plan are equal. The rows are bucketed by their shown
    rate first (rounding keeps the order: a nation's 10^5 rows fall in a few thousand
    buckets, cheap to sort), and only a bucket of several rows is ordered by the exact rate
    (`exact_rate_groups`)."""
    by_rate: dict[Decimal, list[FigureRow]] = {}
    for row in rows:
        rate = row.rate_percent
        if rate is None or row.plan <= 0:
            row.rank = None
            continue
        found = by_rate.get(rate)
        if found is None:
            by_rate[rate] = [row]
        else:
            found.append(row)
    rank = 1
    for rate in sorted(by_rate, reverse=True):
        same = by_rate[rate]
        for group in exact_rate_groups(same) if len(same) > 1 else (same,):
            for row in group:
                row.rank = rank
            rank += len(group)


def exact_rate_groups(rows: list[FigureRow]) -> list[list[FigureRow]]:
    """`rows` (each with a positive plan) in groups of equal disbursed / plan, best first.
    Python divides integers correctly rounded, so a smaller rate never gets a larger float;
    only rows whose floats are equal (rare) are told apart by `EXACT_RATE_SCALE`'s integer
    key."""
    by_float: dict[float, list[FigureRow]] = {}
    for row in rows:
        by_float.setdefault(row.disbursed / row.plan, []).append(row)
    groups: list[list[FigureRow]] = []
    for rate in sorted(by_float, reverse=True):
        same = by_float[rate]
        if len(same) == 1:
            groups.append(same)
            continue
        exact: dict[int, list[FigureRow]] = {}
        for row in same:
            exact.setdefault(row.disbursed * EXACT_RATE_SCALE // row.plan, []).append(row)
        groups += [exact[key] for key in sorted(exact, reverse=True)]
    return groups


def rank_order(row: Any) -> tuple:
    """The order of a ranked list (a table's rows, a movement's standing, the public page):
    best rank first, equal ranks by code, those without a plan (no rank) last."""
    return (row.rank is None, row.rank or 0, row.code)


# Comparisons on money compare đồng: a rate rounded to 100,00% is not 100%.


def full_plan(disbursed: int, plan: int) -> bool:
    """100% of a positive plan: `disbursed >= plan` in đồng."""
    return plan > 0 and disbursed >= plan


def below_share(disbursed: int, plan: int, percent: Decimal | int) -> bool:
    """A positive plan of which less than `percent`% is disbursed, exactly:
    `disbursed * 100 < percent * plan`."""
    return plan > 0 and disbursed * 100 < Fraction(percent) * plan


def reaches_share(disbursed: int, plan: int, percent: Decimal | int) -> bool:
    """A positive plan of which at least `percent`% is disbursed, exactly."""
    return plan > 0 and disbursed * 100 >= Fraction(percent) * plan


def exact_rate(row: Any) -> Fraction | None:
    """disbursed / plan as an exact fraction (for ordering); None without a plan."""
    return Fraction(row.disbursed, row.plan) if row.plan > 0 else None


RATE_BANDS: dict[str, tuple[str, int | None, int | None]] = {
    "0-30": ("Dưới 30%", 0, 30),
    "30-60": ("Từ 30% đến dưới 60%", 30, 60),
    "60-90": ("Từ 60% đến dưới 90%", 60, 90),
    "90-100": ("Từ 90% đến dưới 100%", 90, 100),
    "100": ("Đạt 100% trở lên", 100, None),
    "none": ("Chưa có kế hoạch", None, None),
}


def in_rate_band(row: Any, band: str) -> bool:
    """Whether a row (plan, disbursed) is in one of `RATE_BANDS` ("" is every row), by its
    exact amounts: 99,999% is below 100%."""
    if not band:
        return True
    _, low, high = RATE_BANDS[band]
    if band == "none":
        return row.plan <= 0
    if row.plan <= 0:
        return False
    return (low is None or reaches_share(row.disbursed, row.plan, low)) and (
        high is None or below_share(row.disbursed, row.plan, high)
    )


def slowest_rows(rows: list[FigureRow], count: int = 10) -> list[FigureRow]:
    """The `count` rows with a plan and the lowest exact rate; of equal rates the larger
    plan first. The exact reference: pages and papers call `figures.laggards.slowest`, the
    same rule in whole numbers, tested equal to this (tests/figures/test_laggards.py)."""
    rated = [row for row in rows if row.plan > 0]
    # The same as sorted(...)[:count], without ordering a province's 10^4 rows in full.
    return heapq.nsmallest(count, rated, key=lambda row: (exact_rate(row), -row.plan))


NAMELESS = ("", "")  # a group whose unit or project is not found


def _names(by: Grouping, groups: dict[int | None, Any]) -> dict[int | None, tuple[str, str]]:
    """(code, name) per group key; None is the group of projects without that unit."""
    ids = [group for group in groups if group is not None]
    model = {Grouping.PROJECT: Project, Grouping.SOURCE: FundingSource}.get(by, Unit)
    found = model.objects.all() if len(ids) > MANY_IDS else model.objects.filter(id__in=ids)
    names: dict[int | None, tuple[str, str]] = {
        pk: (code, name)
        for pk, code, name in _fetch(found.order_by().values_list("id", "code", "name"))
    }
    names[None] = ("", UNGROUPED_NAMES.get(by, "Chưa xác định"))
    return names


def _gap(row: FigureRow, target: Target | None) -> Decimal | None:
    """The row's rate as shown (cut, `shown_rate`) minus the share due: negative exactly
    when less than the share of the plan is disbursed, in đồng (shares have 2 decimals)."""
    if row.plan <= 0 or target is None:
        return None
    return shown_rate(row.disbursed, row.plan) - target.share_percent


def targets_for(year: int) -> list[Target]:
    return [
        Target(due_date=due, share_percent=share)
        for due, share in DisbursementTarget.objects.filter(plan_year=year)
        .order_by("due_date")
        .values_list("due_date", "share_percent")
    ]


def targets_around(year: int, as_of: dt.date) -> tuple[Target | None, Target | None]:
    """The latest milestone due on or before `as_of` (what should have been reached by
    now) and the next one still ahead."""
    due, ahead = None, None
    for target in targets_for(year):
        if target.due_date <= as_of:
            due = target
        elif ahead is None:
            ahead = target
    return due, ahead


@dataclass(frozen=True)
class MonthPoint:
    month: str  # 'YYYY-MM'
    plan: int  # plan in force at the month's end (or as_of)
    disbursed: int  # cumulative disbursed to the month's end (or as_of)
    rate_percent: Decimal | None
    target_percent: Decimal | None  # the milestone due by the month's end


def _months(start: dt.date, end: dt.date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def months_with_ends(months: list[str], as_of: dt.date) -> list[tuple[str, dt.date]]:
    ends = []
    for month in months:
        year, number = int(month[:4]), int(month[5:])
        following = dt.date(year + 1, 1, 1) if number == 12 else dt.date(year, number + 1, 1)
        ends.append((month, min(following - dt.timedelta(days=1), as_of)))
    return ends


def completion_dates(
    *,
    year: int,
    as_of: dt.date,
    by: Grouping | str = Grouping.INVESTOR,
    base: Base | str = Base.ASSIGNED,
    scope: Q | None = None,
) -> dict[int | None, dt.date | None]:
    """Per group, its completion date (`completion_day`) as of `as_of`, stopping at the
    disbursement deadline: None below 100% of the plan in force then, or without a plan.

    Two grouped queries give the days on which the plan or the disbursement changes; the
    walk over those change points is linear in their number (never day by day)."""
    changes = _change_points(year=year, as_of=as_of, by=Grouping(by), base=Base(base), scope=scope)
    return {group: completion_day(days.items()) for group, days in changes.items()}


def _change_points(
    *, year: int, as_of: dt.date, by: Grouping, base: Base, scope: Q | None
) -> dict[int | None, dict[dt.date, list[int]]]:
    """Per group, {day: [plan change, disbursement change]} up to `as_of`, stopping at the
    disbursement deadline: what `completion_day` walks."""
    cutoff = min(as_of, disbursement_deadline(year))
    key = GROUP_FIELDS[by]
    filters = ledger_filters(year, cutoff, base, scope)
    changes: dict[int | None, dict[dt.date, list[int]]] = defaultdict(dict)
    plans = (
        PlanEntry.objects.filter(filters.plan)
        .values(key, "decision_date")
        .annotate(amount=Total("amount"))
        .order_by()
        .values_list(key, "decision_date", "amount")
    )
    for group, day, amount in _fetch(plans):
        changes[group].setdefault(_as_date(day), [0, 0])[0] += amount or 0
    paid = (
        TreasuryLine.objects.filter(filters.lines)
        .values(key, "value_date")
        .annotate(amount=DISBURSED)
        .order_by()
        .values_list(key, "value_date", "amount")
    )
    for group, day, amount in _fetch(paid):
        changes[group].setdefault(_as_date(day), [0, 0])[1] += amount or 0
    return changes


def completion_day(changes) -> dt.date | None:
    """The completion date of one unit from its change points: (day, [plan change,
    disbursement change]) in any order, each day once, none after the as-of date.

    The first day from which the cumulative disbursement stays at or above the plan in
    force (a positive plan) on every later day: a supplement or a reversal that takes it
    below moves the date to when it got back; a transfer out that brings it to 100% dates
    it on the transfer's day. None when it is below 100%, or has no plan, at the end."""
    plan = disbursed = 0
    since: dt.date | None = None
    for day, (plan_change, paid_change) in sorted(changes):
        plan += plan_change
        disbursed += paid_change
        if plan > 0 and disbursed >= plan:
            if since is None:
                since = day
        else:
            since = None
    return since


def _as_date(value: dt.date | str) -> dt.date:
    """A date column read raw (`_fetch`): SQLite gives text, PostgreSQL a date."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


@dataclass
class UnitMeasure:
    """What an award evaluation reads about one unit: its row of the table (plan,
    disbursed, rate, all on `as_of`), its completion date, and its plan and disbursement on
    each disbursement target due by then."""

    row: FigureRow
    completion_date: dt.date | None
    milestones: list[tuple[Target, int, int]]  # (target, plan, disbursed on its due date)

    def missed_targets(self) -> list[tuple[Target, int, int]]:
        """The targets whose share of the plan was not disbursed on their date, in đồng."""
        return [
            (target, plan, disbursed)
            for target, plan, disbursed in self.milestones
            if not reaches_share(disbursed, plan, target.share_percent)
        ]


def unit_measures(
    *,
    year: int,
    as_of: dt.date,
    by: Grouping | str,
    units: list[int],
    base: Base | str = Base.ASSIGNED,
) -> dict[int, UnitMeasure]:
    """Per unit of `units` with a plan or a disbursement, judged as `by` (its projects as
    investor, or as governing agency): one `Figures` for the day, one per target due."""
    by = Grouping(by)
    scope = Q(**{f"{PROJECT_UNITS[by]}__in": units})
    rows = {
        row.key: row
        for row in Figures(year=year, as_of=as_of, base=base, scope=scope).table(by).rows
        if row.key is not None
    }
    done = completion_dates(year=year, as_of=as_of, by=by, base=base, scope=scope)
    due = [target for target in targets_for(year) if target.due_date <= as_of]
    sums_on_due = [
        (
            target,
            {
                row.key: (row.plan, row.disbursed)
                for row in Figures(year=year, as_of=target.due_date, base=base, scope=scope)
                .table(by)
                .rows
            },
        )
        for target in due
    ]
    return {
        unit: UnitMeasure(
            row=row,
            completion_date=done.get(unit),
            milestones=[(target, *sums.get(unit, (0, 0))) for target, sums in sums_on_due],
        )
        for unit, row in rows.items()
    }


def units_scope(units: dict[Grouping, set[int]]) -> Q:
    """The projects of some units, each on its own grouping (an investor's projects, an
    office's as governing agency...), as one Q over Project: a project counted once however
    many of the units it belongs to. No unit: no project."""
    scope = Q(pk__in=[])
    for by, ids in units.items():
        if ids:
            scope |= Q(**{f"{PROJECT_UNITS[Grouping(by)]}__in": sorted(ids)})
    return scope


def project_set_measures(
    *,
    year: int,
    as_of: dt.date,
    sets: dict[int, list[int]],
    base: Base | str = Base.ASSIGNED,
) -> dict[int, UnitMeasure]:
    """`unit_measures` for named sets of projects (e.g. the projects a person is responsible
    for), one per key of `sets`: the set's projects added up as if they were one unit, with
    the set's own completion date (the sum's, not the latest of its projects'). An empty set
    has no measure. Sets may share projects: each is summed on its own."""
    base = Base(base)
    projects = sorted({project for members in sets.values() for project in members})
    if not projects:
        return {}
    scope = Q(id__in=projects)

    def summed(rows: dict[int | None, FigureRow], members: list[int]) -> FigureRow:
        return total_row([rows[project] for project in members if project in rows])

    rows = {
        row.key: row
        for row in Figures(year=year, as_of=as_of, base=base, scope=scope)
        .table(Grouping.PROJECT)
        .rows
    }
    changes = _change_points(year=year, as_of=as_of, by=Grouping.PROJECT, base=base, scope=scope)
    on_due = [
        (
            target,
            {
                row.key: row
                for row in Figures(year=year, as_of=target.due_date, base=base, scope=scope)
                .table(Grouping.PROJECT)
                .rows
            },
        )
        for target in targets_for(year)
        if target.due_date <= as_of
    ]
    measures = {}
    for key, members in sets.items():
        members = sorted(set(members))
        if not members:
            continue
        merged: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
        for project in members:
            for day, (plan_change, paid_change) in changes.get(project, {}).items():
                merged[day][0] += plan_change
                merged[day][1] += paid_change
        row = summed(rows, members)
        row.key, row.name = key, ""
        milestones = []
        for target, due_rows in on_due:
            total = summed(due_rows, members)
            milestones.append((target, total.plan, total.disbursed))
        measures[key] = UnitMeasure(
            row=row, completion_date=completion_day(merged.items()), milestones=milestones
        )
    return measures

"""From acceptance to payment: what has been accepted and not yet paid, how long it waited,
and how much of a year's disbursement piled up at its end. The only place these figures are
computed (ARCHITECTURE principle 1): the project page, the investor page, the exports, the
forecast and the reallocation advisor all read them here.

Accepted as of D: the stage acceptances dated on or before D (their value, đồng).
Paid as of D: the treasury payment lines linked to the acceptances' dossiers, dated on or
before D, at their gross amount (the part that recovers an advance settles the acceptance
too), less the corrections of those lines dated on or before D.
Accepted but not yet paid = accepted - paid. A dossier's payments settle its oldest
acceptances first, so the figure for one calendar year of acceptances (`year`) is the part
of each dossier's unpaid value that falls on that year's acceptances, and the years' figures
add up to the whole.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import BigIntegerField, Case, F, Q, QuerySet, Sum, Value, When

from giaingan.capital.models import LedgerMonth, Project, TreasuryLine
from giaingan.capital.months import MONTH
from giaingan.contracts.models import (
    Acceptance,
    Contract,
    DossierPayment,
    DossierStatus,
    PaymentDossier,
)
from giaingan.figures.cache import figures_remembered
from giaingan.figures.selectors import MANY_IDS, Total, month_cut, stacked_sums, tile_pieces
from giaingan.lib.collector import collector_paused

ZERO = 0


@dataclass
class PayablesRow:
    """One project's (or one investor's) road from acceptance to payment, as of a date."""

    accepted: int = 0
    paid: int = 0
    unpaid: int = 0
    # Sums and counts, so rows fold into an investor's without averaging averages.
    to_dossier_days: int = 0
    to_dossier_count: int = 0
    to_payment_days: int = 0
    to_payment_count: int = 0
    waiting_dossiers: int = 0
    year_disbursed: int = 0
    year_end_disbursed: int = 0

    @property
    def days_to_dossier(self) -> Decimal | None:
        """Average days from an acceptance to the dossier that asks its payment."""
        return average(self.to_dossier_days, self.to_dossier_count)

    @property
    def days_to_payment(self) -> Decimal | None:
        """Average days from a dossier's first sending to its payment (paid dossiers)."""
        return average(self.to_payment_days, self.to_payment_count)

    @property
    def pile_up(self) -> Fraction | None:
        """Year-end pile-up index: the share of the year's disbursement paid in December and
        the next January, exact (a Fraction of 1); None when nothing was disbursed."""
        if self.year_disbursed <= 0:
            return None
        return Fraction(max(self.year_end_disbursed, 0), self.year_disbursed)

    def add(self, other: PayablesRow) -> None:
        """Fold `other` in: every field of FOLDED (spelt out: a province folds 10^4 rows)."""
        self.accepted += other.accepted
        self.paid += other.paid
        self.unpaid += other.unpaid
        self.to_dossier_days += other.to_dossier_days
        self.to_dossier_count += other.to_dossier_count
        self.to_payment_days += other.to_payment_days
        self.to_payment_count += other.to_payment_count
        self.waiting_dossiers += other.waiting_dossiers
        self.year_disbursed += other.year_disbursed
        self.year_end_disbursed += other.year_end_disbursed


FOLDED = (
    "accepted",
    "paid",
    "unpaid",
    "to_dossier_days",
    "to_dossier_count",
    "to_payment_days",
    "to_payment_count",
    "waiting_dossiers",
    "year_disbursed",
    "year_end_disbursed",
)


def average(days: int, count: int) -> Decimal | None:
    if count <= 0:
        return None
    return (Decimal(days) / count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def pile_up_percent(row: PayablesRow) -> Decimal | None:
    """The pile-up index as a percentage cut to 2 decimals (never rounded up)."""
    share = row.pile_up
    if share is None:
        return None
    return Decimal((share.numerator * 10000) // share.denominator).scaleb(-2)


def scoped_projects(projects: Q | None) -> Q:
    """A filter on Acceptance/PaymentDossier's contract's project from one on Project."""
    if projects is None:
        return Q()
    return Q(contract__project__in=Project.objects.filter(projects).values("id"))


def dossier_paid(
    *, as_of: dt.date, projects: Q | None = None, dossier_id: int | None = None
) -> dict[int, int]:
    """Dossier id -> đồng paid by its linked lines (and their corrections) dated <= as_of;
    of the dossiers of `projects`, or of the one dossier `dossier_id` (an index lookup)."""
    paid: dict[int, int] = defaultdict(int)
    scope = Q() if projects is None else Q(dossier__in=_dossiers(projects))
    if dossier_id is not None:
        scope &= Q(dossier_id=dossier_id)
    links = DossierPayment.objects.filter(scope, treasury_line__value_date__lte=as_of)
    # The loops name their rows `paid_dossier`: rebinding `dossier_id` here once narrowed the
    # corrections below to the last dossier read, so a reversed payment still paid.
    for paid_dossier, amount in (
        links.values("dossier_id")
        .annotate(amount=Sum("treasury_line__amount"))
        .values_list("dossier_id", "amount")
    ):
        paid[paid_dossier] += amount or 0
    corrections = TreasuryLine.objects.filter(
        reverses__dossier_payment__isnull=False, value_date__lte=as_of
    )
    if projects is not None:
        corrections = corrections.filter(reverses__dossier_payment__dossier__in=_dossiers(projects))
    if dossier_id is not None:
        corrections = corrections.filter(reverses__dossier_payment__dossier_id=dossier_id)
    for paid_dossier, amount in (
        corrections.values("reverses__dossier_payment__dossier_id")
        .annotate(amount=Sum("amount"))
        .values_list("reverses__dossier_payment__dossier_id", "amount")
    ):
        paid[paid_dossier] += amount or 0
    return paid


@dataclass(frozen=True)
class DossierStanding:
    """Where a payment dossier stood on a date, decided from the ledger: paid only while
    the treasury lines linked to it, less their corrections dated by then, cover its amount
    (a payment later reversed by a correction line no longer pays it)."""

    status: str
    paid: int
    paid_on: dt.date | None
    corrected: bool = False  # recorded as paid by then, its payment since reversed

    @property
    def label(self) -> str:
        return DossierStatus(self.status).label

    @property
    def returnable(self) -> bool:
        """The treasury may return it: waiting, with no payment in force (none linked, or
        every one linked reversed)."""
        return self.status == DossierStatus.SENT and self.paid <= 0


def standing_of(
    *, status: str, amount: int, paid: int, paid_on: dt.date | None, as_of: dt.date
) -> DossierStanding:
    """The one rule: a dossier recorded as paid counts as paid on `as_of` only if its
    payment date is on or before `as_of` and the ledger's net payment covers its amount;
    otherwise it is still waiting at the treasury (or returned, if the treasury returned
    it)."""
    if status == DossierStatus.PAID and paid_on is not None and paid_on <= as_of and paid >= amount:
        return DossierStanding(DossierStatus.PAID, paid, paid_on)
    if status == DossierStatus.RETURNED:
        return DossierStanding(DossierStatus.RETURNED, paid, None)
    corrected = status == DossierStatus.PAID and paid_on is not None and paid_on <= as_of
    return DossierStanding(DossierStatus.SENT, paid, None, corrected)


def dossier_standings(
    *, as_of: dt.date, projects: Q | None = None, dossier_id: int | None = None
) -> dict[int, DossierStanding]:
    """Dossier id -> its DossierStanding as of `as_of` (every dossier of `projects`, or the
    one dossier `dossier_id`)."""
    paid = dossier_paid(as_of=as_of, projects=projects, dossier_id=dossier_id)
    return {
        dossier_id: standing_of(
            status=status,
            amount=amount,
            paid=paid.get(dossier_id, 0),
            paid_on=paid_on,
            as_of=as_of,
        )
        for dossier_id, status, amount, paid_on in PaymentDossier.objects.filter(
            scoped_projects(projects), **({} if dossier_id is None else {"pk": dossier_id})
        ).values_list("id", "status", "amount", "paid_on")
    }


def dossier_standings_now(
    *, projects: Q | None = None, dossier_id: int | None = None
) -> dict[int, DossierStanding]:
    """Where the dossiers stand for acting on them (link a payment, return, raise an
    obstacle): from every line the ledger holds, whatever date a page shows its figures
    as of. The services check an action by it, and the pages offer an action by it."""
    return dossier_standings(as_of=dt.date.max, projects=projects, dossier_id=dossier_id)


def _dossiers(projects: Q):
    return PaymentDossier.objects.filter(scoped_projects(projects)).values("id")


def unpaid_parts(
    *,
    as_of: dt.date,
    year: int | None = None,
    projects: Q | None = None,
    paid: dict[int, int] | None = None,
) -> dict[int, tuple[int, int, int]]:
    """Project id -> (accepted, paid, accepted-not-paid) as of `as_of`; with `year`, only
    the acceptances dated in that calendar year and the payments that settle them. `paid`:
    the caller's `dossier_paid` of the same day and projects, if it has it."""
    acceptances = Acceptance.objects.filter(scoped_projects(projects), accepted_on__lte=as_of)
    if year is None:
        in_year = Q(accepted_on__lte=as_of)
        later = Q(accepted_on__gt=as_of)  # none: all acceptances are in
    else:
        in_year = Q(accepted_on__gte=dt.date(year, 1, 1), accepted_on__lte=dt.date(year, 12, 31))
        later = Q(accepted_on__gt=dt.date(year, 12, 31))
    groups = (
        acceptances.values("contract__project_id", "dossier_id")
        .annotate(
            total=Sum("value"),
            in_year=Sum(Case(When(in_year, then=F("value")), default=ZERO)),
            later=Sum(Case(When(later, then=F("value")), default=ZERO)),
        )
        .values_list("contract__project_id", "dossier_id", "total", "in_year", "later")
    )
    if paid is None:
        paid = dossier_paid(as_of=as_of, projects=projects)
    parts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for project_id, dossier_id, total, in_year_value, later_value in groups:
        if not in_year_value:
            continue
        settled = paid.get(dossier_id, 0) if dossier_id is not None else 0
        left = max(total - settled, 0)
        # Payments settle the oldest acceptances first: what is left unpaid lies on the
        # latest ones, so the acceptances after the year take it first.
        unpaid = min(in_year_value, max(left - later_value, 0))
        part = parts[project_id]
        part[0] += in_year_value
        part[1] += in_year_value - unpaid
        part[2] += unpaid
    return {project_id: (a, p, u) for project_id, (a, p, u) in parts.items()}


def accepted_unpaid_by_project(
    *, as_of: dt.date, year: int | None = None, projects: Q | None = None
) -> dict[int, int]:
    """Project id -> đồng accepted on or before `as_of` and not yet paid by then (only the
    projects with such a value). With `year`: only the acceptances dated in that year.
    `projects` filters Project (None: all); a project's value is the same either way (a
    dossier pays the acceptances of its own contract only)."""
    parts = unpaid_parts(as_of=as_of, year=year, projects=projects)
    return {project_id: unpaid for project_id, (_, _, unpaid) in parts.items() if unpaid}


def accepted_by_contract(*, contract_ids: list[int]) -> dict[int, int]:
    """Contract id -> đồng accepted of it so far (only contracts with acceptances)."""
    return dict(
        Acceptance.objects.filter(contract_id__in=contract_ids)
        .values("contract_id")
        .annotate(total=Sum("value"))
        .values_list("contract_id", "total")
    )


def scheduled_by_project(
    *, as_of: dt.date, deadline: dt.date, projects: Q | None = None
) -> dict[int, int]:
    """Project id -> đồng of contract work still due by `deadline`: for each contract signed
    on or before `as_of` whose schedule ends on or before the deadline, its value less what
    was accepted of it by `as_of` (never below 0). Only projects with such work."""
    contracts = Contract.objects.filter(signed_on__lte=as_of, schedule_end__lte=deadline).annotate(
        accepted=Sum(
            Case(
                When(acceptances__accepted_on__lte=as_of, then=F("acceptances__value")),
                default=ZERO,
            )
        )
    )
    if projects is not None:
        contracts = contracts.filter(project__in=Project.objects.filter(projects).values("id"))
    due: dict[int, int] = defaultdict(int)
    for project_id, value, accepted in contracts.values_list("project_id", "value", "accepted"):
        left = value - (accepted or 0)
        if left > 0:
            due[project_id] += left
    return dict(due)


def payables_by_project(
    *,
    as_of: dt.date,
    year: int | None = None,
    projects: Q | None = None,
    plan_year: int | None = None,
) -> dict[int, PayablesRow]:
    """Project id -> its PayablesRow as of `as_of`: accepted, paid, unpaid (all acceptances,
    or those of `year`), the days to dossier and to payment, and the pile-up index of
    `plan_year` (else `year`, else as_of's year). `projects` filters Project (None: all).
    Cached per state of the ledger and the contracts (`figures.cache`)."""
    return figures_remembered(
        "payables_by_project",
        lambda: _payables_by_project(
            as_of=as_of, year=year, projects=projects, plan_year=plan_year
        ),
        parts=(as_of, year, plan_year),
        scope=projects,
    )


@collector_paused()  # a row per project, 10^4 of them in a province, and no garbage
def _payables_by_project(
    *,
    as_of: dt.date,
    year: int | None,
    projects: Q | None,
    plan_year: int | None,
    year_sums: bool = True,
) -> dict[int, PayablesRow]:
    """`payables_by_project`; `year_sums=False` leaves out the year's disbursement
    (`year_end_sums`), for a caller that folds it itself."""
    rows: dict[int, PayablesRow] = defaultdict(PayablesRow)
    paid = dossier_paid(as_of=as_of, projects=projects)  # read once, for both uses below
    for project_id, (accepted, settled, unpaid) in unpaid_parts(
        as_of=as_of, year=year, projects=projects, paid=paid
    ).items():
        row = rows[project_id]
        row.accepted, row.paid, row.unpaid = accepted, settled, unpaid
    scope = scoped_projects(projects)
    for project_id, accepted_on, sent_on in Acceptance.objects.filter(
        scope, dossier__isnull=False, dossier__sent_on__lte=as_of, accepted_on__lte=as_of
    ).values_list("contract__project_id", "accepted_on", "dossier__sent_on"):
        row = rows[project_id]
        row.to_dossier_days += max((sent_on - accepted_on).days, 0)
        row.to_dossier_count += 1
    for dossier_id, project_id, status, amount, sent_on, paid_on in PaymentDossier.objects.filter(
        scope, sent_on__lte=as_of
    ).values_list("id", "contract__project_id", "status", "amount", "sent_on", "paid_on"):
        row = rows[project_id]
        standing = standing_of(
            status=status,
            amount=amount,
            paid=paid.get(dossier_id, 0),
            paid_on=paid_on,
            as_of=as_of,
        )
        if standing.paid_on is not None:
            row.to_payment_days += (standing.paid_on - sent_on).days
            row.to_payment_count += 1
        else:
            row.waiting_dossiers += 1
    if not year_sums:
        return dict(rows)
    for project_id, disbursed, year_end in year_end_sums(
        plan_year=pile_up_year(as_of=as_of, year=year, plan_year=plan_year),
        as_of=as_of,
        projects=projects,
    ):
        row = rows[project_id]
        row.year_disbursed, row.year_end_disbursed = disbursed, year_end
    return dict(rows)


def pile_up_year(*, as_of: dt.date, year: int | None, plan_year: int | None) -> int:
    """The plan year whose pile-up a PayablesRow shows: `plan_year`, else `year`, else
    as_of's year."""
    if plan_year is not None:
        return plan_year
    return as_of.year if year is None else year


def year_end_sums(
    *, plan_year: int, as_of: dt.date, projects: Q | None = None
) -> list[tuple[int, int, int]]:
    """(project id, disbursed, disbursed in December and the next January) of plan year
    `plan_year`, lines dated on or before `as_of`, for each project with such lines.

    The whole months before `month_cut(as_of)` come from `LedgerMonth` (the years, quarters
    and months that tile them, each a range of its key; December and January as months),
    the days of an unfinished month from the lines themselves: a few rows per project where
    a province's year has 10^5 lines. Equal to `year_end_sums_from_lines` (tests/figures)."""
    cut = month_cut(as_of)
    window_start, window_end = dt.date(plan_year, 12, 1), dt.date(plan_year + 1, 2, 1)
    scope = (
        Q() if projects is None else Q(project__in=Project.objects.filter(projects).values("id"))
    )
    months = LedgerMonth.objects.filter(scope, plan_year=plan_year, line_count__gt=0).order_by()
    sums: dict[int, list[int]] = {}
    # Each range of the key read apart and stacked, (project, disbursed, in the window),
    # summed per project in one statement: grouped apart, SQLite would read a range with
    # no row through the project index, every project's rows of the plan year.
    whole = BigIntegerField()
    zero = Value(0, output_field=whole)
    parts = [
        months.filter(span=span, month__lt=end, **({} if first is None else {"month__gte": first}))
        .annotate(in_year=F("disbursed"), in_window=zero)
        .values_list("project_id", "in_year", "in_window")
        for span, first, end in tile_pieces(None, cut)
    ]
    if window_start < min(window_end, cut):
        parts.append(
            months.filter(span=MONTH, month__gte=window_start, month__lt=min(window_end, cut))
            .annotate(in_year=zero, in_window=F("disbursed"))
            .values_list("project_id", "in_year", "in_window")
        )
    for project_id, disbursed, year_end in stacked_sums(
        parts, ["project_id"], ["in_year", "in_window"]
    ):
        sums[project_id] = [disbursed or 0, year_end or 0]
    if cut <= as_of:  # the days of as_of's month, from the lines
        days = TreasuryLine.objects.filter(
            scope, plan_year=plan_year, value_date__gte=cut, value_date__lte=as_of
        )
        for project_id, disbursed, year_end in _line_sums(days, window_start, window_end):
            found = sums.setdefault(project_id, [0, 0])
            found[0] += disbursed or 0
            found[1] += year_end or 0
    return [(project_id, disbursed, year_end) for project_id, (disbursed, year_end) in sums.items()]


def year_end_sums_from_lines(
    *, plan_year: int, as_of: dt.date, projects: Q | None = None
) -> list[tuple[int, int, int]]:
    """`year_end_sums` from the treasury lines alone: every line of the year read. The
    reference the month sums are tested against."""
    lines = TreasuryLine.objects.filter(plan_year=plan_year, value_date__lte=as_of)
    if projects is not None:
        lines = lines.filter(project__in=Project.objects.filter(projects).values("id"))
    return [
        (project_id, disbursed or 0, year_end or 0)
        for project_id, disbursed, year_end in _line_sums(
            lines, dt.date(plan_year, 12, 1), dt.date(plan_year + 1, 2, 1)
        )
    ]


def _line_sums(lines: QuerySet, window_start: dt.date, window_end: dt.date):
    """(project id, disbursed, disbursed from `window_start` to before `window_end`) of
    `lines`, in one grouped query."""
    disbursed = F("amount") - F("recovered_advance")
    window = Q(value_date__gte=window_start, value_date__lt=window_end)
    return (
        lines.order_by()
        .values("project_id")
        .annotate(
            disbursed=Total(disbursed),
            year_end=Total(Case(When(window, then=disbursed), default=ZERO)),
        )
        .values_list("project_id", "disbursed", "year_end")
    )


def payables_by_investor(
    *,
    as_of: dt.date,
    year: int | None = None,
    projects: Q | None = None,
    plan_year: int | None = None,
) -> dict[int, PayablesRow]:
    """Investor unit id -> the PayablesRow of its projects, folded. Cached per state of the
    ledger and the contracts (`figures.cache`): it reads every treasury line of the year."""

    def compute() -> dict[int, PayablesRow]:
        # The contracts' figures per project (a few projects), and the year's
        # disbursement per project (every one) added to its investor's row as it is read:
        # no row per project for a province's 10^4 projects.
        by_project = _payables_by_project(
            as_of=as_of, year=year, projects=projects, plan_year=plan_year, year_sums=False
        )
        year_rows = year_end_sums(
            plan_year=pile_up_year(as_of=as_of, year=year, plan_year=plan_year),
            as_of=as_of,
            projects=projects,
        )
        ids = by_project.keys() | {project_id for project_id, _, _ in year_rows}
        # Past MANY_IDS projects (a province's dashboard: every one) the whole small table
        # costs less than an IN list of them all.
        chosen = (
            Project.objects.all()
            if len(ids) > MANY_IDS
            else Project.objects.filter(id__in=list(ids))
        )
        investors = dict(chosen.order_by().values_list("id", "investor_id"))
        rows: dict[int, PayablesRow] = defaultdict(PayablesRow)
        for project_id, row in by_project.items():
            rows[investors[project_id]].add(row)
        for project_id, disbursed, year_end in year_rows:
            row = rows[investors[project_id]]
            row.year_disbursed += disbursed
            row.year_end_disbursed += year_end
        return dict(rows)

    return figures_remembered(
        "payables_by_investor", compute, parts=(as_of, year, plan_year), scope=projects
    )


def payables_total(rows: dict[int, PayablesRow]) -> PayablesRow:
    total = PayablesRow()
    for row in rows.values():
        total.add(row)
    return total


@dataclass(frozen=True)
class DossierWait:
    """A dossier and the days it has waited (to its payment, or to `as_of` if unpaid)."""

    dossier_id: int
    number: str
    project_id: int
    project_code: str
    contractor: str
    amount: int
    paid: int
    status: str
    sent_on: dt.date
    paid_on: dt.date | None
    days: int
    return_count: int = 0
    return_reason: str = field(default="")


def slowest_dossiers(
    *, as_of: dt.date, projects: Q | None = None, count: int = 10, unpaid_only: bool = False
) -> list[DossierWait]:
    """The dossiers sent on or before `as_of` that waited longest from their first sending
    to payment (to `as_of` for those not paid by then), longest first."""
    dossiers = PaymentDossier.objects.filter(scoped_projects(projects), sent_on__lte=as_of)
    paid = dossier_paid(as_of=as_of, projects=projects)
    waits = []
    for row in dossiers.values(
        "id",
        "number",
        "contract__project_id",
        "contract__project__code",
        "contract__contractor__name",
        "amount",
        "status",
        "sent_on",
        "paid_on",
        "return_count",
        "return_reason",
    ):
        standing = standing_of(
            status=row["status"],
            amount=row["amount"],
            paid=paid.get(row["id"], 0),
            paid_on=row["paid_on"],
            as_of=as_of,
        )
        paid_on = standing.paid_on
        if unpaid_only and paid_on is not None:
            continue
        status = standing.status
        waits.append(
            DossierWait(
                dossier_id=row["id"],
                number=row["number"],
                project_id=row["contract__project_id"],
                project_code=row["contract__project__code"],
                contractor=row["contract__contractor__name"],
                amount=row["amount"],
                paid=paid.get(row["id"], 0),
                status=status,
                sent_on=row["sent_on"],
                paid_on=paid_on,
                days=((paid_on or as_of) - row["sent_on"]).days,
                return_count=row["return_count"],
                return_reason=row["return_reason"],
            )
        )
    waits.sort(key=lambda wait: (-wait.days, wait.project_code, wait.number))
    return waits[:count]

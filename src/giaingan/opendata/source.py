"""What a snapshot's open-data files are made of, read from the ledger in one go and kept
as plain data, so the files can be written later (by the background worker) exactly as
they would have been at the moment the source was taken.

The OCDS package and the IATI file render from a `Source` only; `source_take` is the one
place that reads the ledger for them. Publishing takes the source in its transaction and
keeps it (`source_dump`): a line recorded, a project renamed or a contract signed after
that moment cannot reach the files, however late the worker runs.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from giaingan.capital.models import PlanEntry, Project, TreasuryLine
from giaingan.contracts.models import Contract
from giaingan.figures.selectors import Figures, Grouping
from giaingan.public.models import PublishedSnapshot

SOURCE_VERSION = 1


@dataclass(frozen=True)
class Party:
    pk: int
    code: str
    name: str
    tax_code: str


@dataclass(frozen=True)
class Entry:
    """A plan entry the snapshot's figures count."""

    decision_date: dt.date
    amount: int
    decision_number: str
    kind_label: str


@dataclass(frozen=True)
class Line:
    """A treasury line the snapshot's figures count."""

    pk: int
    value_date: dt.date
    amount: int
    disbursed: int
    kind: str
    kind_label: str
    document_number: str


@dataclass(frozen=True)
class Payment:
    """A treasury line that paid one of a contract's dossiers."""

    pk: int
    value_date: dt.date
    amount: int
    document_number: str


@dataclass(frozen=True)
class Deal:
    """A contract signed by the snapshot's date, with the lines that paid it."""

    pk: int
    number: str
    package: str
    value: int
    signed_on: dt.date
    schedule_end: dt.date
    contractor: Party
    payments: list[Payment] = field(default_factory=list)


@dataclass(frozen=True)
class Item:
    """One project of the snapshot, its plan in force (đồng) and what the files list of it."""

    pk: int
    code: str
    name: str
    start_year: int | None
    investor: Party
    agency: Party | None
    plan: int
    entries: list[Entry] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    deals: list[Deal] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    items: list[Item]


def party(unit: Any) -> Party | None:
    if unit is None:
        return None
    return Party(pk=unit.pk, code=unit.code, name=unit.name, tax_code=unit.tax_code or "")


def source_take(snapshot: PublishedSnapshot) -> Source:
    """Read, now, everything the snapshot's files show: its projects (code order) with their
    plan in force from `figures`, the plan entries and treasury lines those figures count,
    and the contracts signed by `as_of` with the lines of the year that paid them."""
    figures = Figures(year=snapshot.plan_year, as_of=snapshot.as_of, base=snapshot.base)
    plans = {row.code: int(row.plan) for row in figures.table(Grouping.PROJECT).rows}
    projects = list(
        Project.objects.filter(code__in=plans).select_related("investor", "agency").order_by("code")
    )
    ids = [project.pk for project in projects]
    entries, lines, deals = defaultdict(list), defaultdict(list), defaultdict(list)
    for entry in PlanEntry.objects.filter(figures.filters.plan, project_id__in=ids).order_by(
        "decision_date", "id"
    ):
        entries[entry.project_id].append(
            Entry(
                decision_date=entry.decision_date,
                amount=int(entry.amount),
                decision_number=entry.decision_number,
                kind_label=str(entry.get_kind_display()),
            )
        )
    for line in TreasuryLine.objects.filter(figures.filters.lines, project_id__in=ids).order_by(
        "value_date", "id"
    ):
        lines[line.project_id].append(
            Line(
                pk=line.pk,
                value_date=line.value_date,
                amount=int(line.amount),
                disbursed=int(line.disbursed),
                kind=str(line.kind),
                kind_label=str(line.get_kind_display()),
                document_number=line.document_number,
            )
        )
    contracts = (
        Contract.objects.filter(project_id__in=ids, signed_on__lte=snapshot.as_of)
        .select_related("contractor")
        .order_by("signed_on", "id")
    )
    paid = defaultdict(list)
    year_by_date = {"plan_year": snapshot.plan_year, "value_date__lte": snapshot.as_of}
    for line in TreasuryLine.objects.filter(
        dossier_payment__dossier__contract__in=contracts, **year_by_date
    ).select_related("dossier_payment__dossier"):
        paid[line.dossier_payment.dossier.contract_id].append(line)
    # A correction of a paying line is a transaction of that contract too (negative): a
    # payment reversed by the snapshot's date pays nothing, as the figures say.
    for line in TreasuryLine.objects.filter(
        reverses__dossier_payment__dossier__contract__in=contracts, **year_by_date
    ).select_related("reverses__dossier_payment__dossier"):
        paid[line.reverses.dossier_payment.dossier.contract_id].append(line)
    for contract in contracts:
        deals[contract.project_id].append(
            Deal(
                pk=contract.pk,
                number=contract.number,
                package=contract.package,
                value=int(contract.value),
                signed_on=contract.signed_on,
                schedule_end=contract.schedule_end,
                contractor=party(contract.contractor),
                payments=[
                    Payment(
                        pk=line.pk,
                        value_date=line.value_date,
                        amount=int(line.amount),
                        document_number=line.document_number,
                    )
                    for line in sorted(paid[contract.pk], key=lambda ln: (ln.value_date, ln.pk))
                ],
            )
        )
    return Source(
        items=[
            Item(
                pk=project.pk,
                code=project.code,
                name=project.name,
                start_year=project.start_year,
                investor=party(project.investor),
                agency=party(project.agency),
                plan=plans[project.code],
                entries=entries[project.pk],
                lines=lines[project.pk],
                deals=deals[project.pk],
            )
            for project in projects
        ]
    )


# Kept as compact rows (gzip'd JSON): a province's source has hundreds of thousands of lines.
def source_dump(source: Source) -> bytes:
    """The source as bytes to keep until the files are written."""
    units: dict[int, list] = {}

    def unit_ref(unit: Party | None) -> int | None:
        if unit is None:
            return None
        units[unit.pk] = [unit.code, unit.name, unit.tax_code]
        return unit.pk

    items = []
    for item in source.items:
        items.append(
            [
                item.pk,
                item.code,
                item.name,
                item.start_year,
                unit_ref(item.investor),
                unit_ref(item.agency),
                item.plan,
                [
                    [e.decision_date.isoformat(), e.amount, e.decision_number, e.kind_label]
                    for e in item.entries
                ],
                [
                    [
                        line.pk,
                        line.value_date.isoformat(),
                        line.amount,
                        line.disbursed,
                        line.kind,
                        line.kind_label,
                        line.document_number,
                    ]
                    for line in item.lines
                ],
                [
                    [
                        deal.pk,
                        deal.number,
                        deal.package,
                        deal.value,
                        deal.signed_on.isoformat(),
                        deal.schedule_end.isoformat(),
                        unit_ref(deal.contractor),
                        [
                            [p.pk, p.value_date.isoformat(), p.amount, p.document_number]
                            for p in deal.payments
                        ],
                    ]
                    for deal in item.deals
                ],
            ]
        )
    data = {"version": SOURCE_VERSION, "units": units, "items": items}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # mtime=0: the same source always gives the same bytes.
    return gzip.compress(text.encode(), mtime=0)


def source_load(blob: bytes) -> Source:
    """The source `source_dump` kept, as it was taken."""
    data = json.loads(gzip.decompress(blob))
    units = {
        int(pk): Party(pk=int(pk), code=code, name=name, tax_code=tax)
        for pk, (code, name, tax) in data["units"].items()
    }
    day = dt.date.fromisoformat

    def unit(pk: int | None) -> Party | None:
        return None if pk is None else units[pk]

    items = [
        Item(
            pk=pk,
            code=code,
            name=name,
            start_year=start_year,
            investor=unit(investor),
            agency=unit(agency),
            plan=plan,
            entries=[Entry(day(d), amount, number, label) for d, amount, number, label in entries],
            lines=[
                Line(lpk, day(d), amount, disbursed, kind, label, document)
                for lpk, d, amount, disbursed, kind, label, document in lines
            ],
            deals=[
                Deal(
                    pk=dpk,
                    number=number,
                    package=package,
                    value=value,
                    signed_on=day(signed),
                    schedule_end=day(end),
                    contractor=unit(contractor),
                    payments=[Payment(ppk, day(d), amount, doc) for ppk, d, amount, doc in pays],
                )
                for dpk, number, package, value, signed, end, contractor, pays in deals
            ],
        )
        for (
            pk,
            code,
            name,
            start_year,
            investor,
            agency,
            plan,
            entries,
            lines,
            deals,
        ) in data["items"]
    ]
    return Source(items=items)

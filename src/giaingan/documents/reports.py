"""The disbursement table as a Decree-30 Word report (`report disbursement --format docx`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from giaingan.documents.official import render_docx
from giaingan.figures.selectors import DisbursementTable, FigureRow
from giaingan.lib.money import shown_rate
from giaingan.org.issuers import home_committee
from giaingan.org.places import name_within, place_of, standing_bodies
from giaingan.org.signers import finance_planning_office, unit_signer

BLANK = "......"
# The issuer of a report where the tree has no Finance-Planning office (a district's name).
FINANCE_PLANNING = "Phòng Tài chính - Kế hoạch"


def _row(row: FigureRow) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "plan": row.plan,
        "disbursed": row.disbursed,
        "outstanding_advance": row.outstanding_advance,
        "rate_percent": shown_rate(row.disbursed, row.plan),
        "rank": row.rank,
    }


def disbursement_report_context(
    table: DisbursementTable,
    *,
    issued_on: dt.date,
    issuer_parent: str | None = None,
    issuer: str | None = None,
    place: str | None = None,
    number: str = "      /BC-TCKH",
    signer_titles: Sequence[str] = ("Trưởng phòng",),
    signer_name: str = "",
    recipients: Sequence[str] | None = None,
) -> dict:
    """The context of `bao_cao_giai_ngan.docx`; the number is left for the drafter; the
    Finance-Planning office issues it and its head signs, unless given."""
    committee = home_committee()
    committee_name = committee.name if committee else ""
    if issuer_parent is None:
        issuer_parent = committee_name
    if place is None:
        place = place_of(committee_name) if committee else BLANK
    office = finance_planning_office(committee=committee)
    if issuer is None:
        issuer = name_within(office.name, committee_name) if office else FINANCE_PLANNING
    if recipients is None:
        recipients = (f"{standing_bodies(committee_name)} (b/c)", "Các chủ đầu tư")
    if not signer_name.strip():
        # The Finance-Planning office's head signs (`org.signers`): never a blank name.
        signer = unit_signer(office, titles=signer_titles, what="báo cáo giải ngân")
        signer_titles, signer_name = signer.titles, signer.name
    return {
        "issuer_parent": issuer_parent,
        "issuer": issuer,
        "number": number,
        "place": place or BLANK,
        "date": issued_on,
        "subject": f"Tình hình giải ngân vốn đầu tư công năm {table.year}",
        "signer_titles": list(signer_titles),
        "signer_name": signer_name,
        "recipients": list(recipients),
        "year": table.year,
        "as_of": table.as_of,
        "base_label": table.base.label,
        "by_label": table.by.label,
        "rows": [_row(row) for row in table.rows],
        "total": _row(table.total),
    }


def table_docx(table: DisbursementTable, *, issued_on: dt.date | None = None, **extra) -> bytes:
    """A Word report of the table: a portrait cover note and the table in landscape; a
    draft (no `issued_on`) leaves its day blank, like its number and signer."""
    context = disbursement_report_context(table, issued_on=issued_on, **extra)
    return render_docx("bao_cao_giai_ngan", context)

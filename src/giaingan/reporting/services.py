"""Issuing a report: number it (sequential per year and kind), make its papers from the
figures of its date, archive them with their SHA-256 and the figures, in one transaction,
in the event log. An issued report is never changed afterwards."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.text import control_character, control_character_reason
from giaingan.reporting.content import (
    TEXT_BLOCKS,
    TEXT_LIMIT,
    ReportRequest,
    periodic_content,
    treasury_content,
)
from giaingan.reporting.models import IssuedReport, Paper
from giaingan.reporting.papers import (
    Header,
    number_text,
    periodic_docx,
    periodic_xlsx,
    report_signer,
    treasury_docx,
    treasury_xlsx,
)
from giaingan.reporting.periods import TREASURY_KINDS, ReportKind

PERMISSIONS = {
    Paper.PERIODIC: "reporting.issue_periodic",
    Paper.TREASURY: "reporting.issue_treasury",
}
ATTEMPTS = 3  # two issuers taking the same number: the later one takes the next


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def texts_problems(texts: dict[str, str]) -> list[Problem]:
    problems = []
    for key, label in TEXT_BLOCKS.items():
        text = texts.get(key, "")
        if len(text) > TEXT_LIMIT:
            problems.append(Problem(f"Mục «{label}» dài quá {TEXT_LIMIT} ký tự.", column=label))
        if code := control_character(text, multiline=True):
            reason = control_character_reason(code)
            problems.append(Problem(f"Mục «{label}» {reason}.", column=label))
    return problems


def request_problems(paper: str, request: ReportRequest, today: dt.date) -> list[Problem]:
    problems = []
    if paper == Paper.TREASURY and request.kind not in TREASURY_KINDS:
        problems.append(
            Problem(
                "Kho bạc báo cáo tháng, quý hoặc năm.",
                column="Kỳ báo cáo",
                value=ReportKind(request.kind).label,
            )
        )
    if request.as_of > today:
        problems.append(
            Problem(
                "Không phát hành báo cáo với số liệu tính đến một ngày trong tương lai.",
                column="Số liệu tính đến ngày",
                value=request.as_of.strftime("%d/%m/%Y"),
            )
        )
    return problems


def report_issue(
    *,
    user,
    paper: str,
    request: ReportRequest,
    texts: dict[str, str] | None = None,
    signer_name: str = "",
    today: dt.date | None = None,
) -> IssuedReport:
    """Number, make, archive and log a report as of `request.as_of`; InvalidInput (nothing
    written) on bad input, PermissionDenied for a user who may not issue it."""
    paper = Paper(paper)
    if not user.has_perm(PERMISSIONS[paper]):
        raise PermissionDenied
    today = today or timezone.localdate()
    texts = {key: (texts or {}).get(key, "").strip() for key in TEXT_BLOCKS}
    problems = request_problems(paper, request, today)
    if paper == Paper.PERIODIC:
        problems += texts_problems(texts)
    signer_name = signer_name.strip()
    if len(signer_name) > 200:
        problems.append(Problem("Tên người ký dài quá 200 ký tự.", column="Người ký"))
    if problems:
        raise InvalidInput(problems)
    # Who signs is decided now and kept with the report: typed, else the unit's head.
    signer_name = report_signer(paper, signer_name, user)
    content = periodic_content(request) if paper == Paper.PERIODIC else treasury_content(request)
    if paper == Paper.TREASURY:
        texts = {}
    for attempt in range(ATTEMPTS):
        try:
            return report_number_and_archive(
                user=user,
                paper=paper,
                request=request,
                content=content,
                texts=texts,
                signer_name=signer_name,
                today=today,
            )
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def report_number_and_archive(
    *,
    user,
    paper: Paper,
    request: ReportRequest,
    content: dict,
    texts: dict[str, str],
    signer_name: str,
    today: dt.date,
) -> IssuedReport:
    """Take the next number, make the papers, keep them. Two issuers at once may read the
    same last number: the unique (paper, kind, year, sequence) refuses the second row
    before any file is written, and `report_issue` tries again with the next number."""
    with transaction.atomic():
        taken = IssuedReport.objects.filter(
            paper=paper, kind=request.kind, year=today.year
        ).aggregate(last=Max("sequence"))["last"]
        sequence = (taken or 0) + 1
        number = number_text(paper, request.kind, sequence)
        header = Header(number=number, issued_on=today, signer_name=signer_name)
        if paper == Paper.PERIODIC:
            docx, xlsx = periodic_docx(content, texts, header), periodic_xlsx(content)
        else:
            docx, xlsx = treasury_docx(content, header), treasury_xlsx(content)
        report = IssuedReport(
            paper=paper,
            kind=request.kind,
            year=today.year,
            sequence=sequence,
            number=number,
            plan_year=content["year"],
            period=content["period"],
            period_phrase=content["period_phrase"],
            as_of=request.as_of,
            base=str(request.base),
            issued_on=today,
            author=user,
            signer_name=signer_name,
            texts=texts,
            content=content,
            docx_sha256=sha256(docx),
            xlsx_sha256=sha256(xlsx),
        )
        report.save()  # the number is taken here, or IntegrityError before any file is kept
        stem = f"{paper}-{request.kind}-{today.year}-{sequence:03d}"
        report.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
        report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        report.save(update_fields=["docx", "xlsx"])
        log_action(
            "reporting.report.issued",
            user=user,
            obj=report,
            data={
                "paper": str(paper),
                "kind": str(request.kind),
                "number": number,
                "as_of": request.as_of.isoformat(),
                "docx_sha256": report.docx_sha256,
                "xlsx_sha256": report.xlsx_sha256,
            },
        )
    return report

"""A periodic report as the Decree 30 paper the unit's head signs (bao_cao_dinh_ky.docx)."""

from __future__ import annotations

from django.utils import timezone

from giaingan.documents.official import render_docx
from giaingan.documents.reports import BLANK, FINANCE_PLANNING
from giaingan.lib.dates import format_date
from giaingan.monitoring.models import PeriodicReport
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reports import report_as_of, report_figures
from giaingan.org.issuers import home_committee
from giaingan.org.models import UnitKind
from giaingan.org.places import committee_level, name_within, place_of
from giaingan.org.signers import finance_planning_office, unit_signer

# Who signs for the unit: a commune's committee signs for its collective, a board its director.
SIGNERS = {
    UnitKind.COMMUNE: ["TM. Ủy ban nhân dân", "Chủ tịch"],
    UnitKind.PROJECT_BOARD: ["Giám đốc"],
}
NOTHING = "Không có."


def report_paper_context(report: PeriodicReport) -> dict:
    period = period_parse(report.period)
    figures = report_figures(report)
    unit = report.unit
    committee = home_committee()
    committee_name = committee.name if committee else ""
    office = finance_planning_office(committee=committee)  # it receives the report
    parent = unit.parent.name if unit.parent_id else committee_name
    if report.project_id:
        scope = f"dự án {report.project.code} - {report.project.name}"
    else:
        scope = "các dự án do đơn vị làm chủ đầu tư hoặc thực hiện trên địa bàn"
    # Dated on its submission; a draft's day is left blank (documents.official.date_line).
    issued = timezone.localdate(report.submitted_at) if report.submitted_at else None
    # The unit's head signs; none recorded: the officer who sent it (or fills it).
    signer = unit_signer(
        unit,
        titles=SIGNERS.get(unit.kind, ["Thủ trưởng đơn vị"]),
        what="báo cáo định kỳ",
        issued_by=report.submitted_by or report.created_by,
    )
    return {
        "issuer_parent": parent,
        "issuer": unit.name,
        "number": "      /BC",
        "place": place_of(committee_name) if committee else BLANK,
        "date": issued,
        "subject": f"Tình hình thực hiện và giải ngân vốn đầu tư công {period.phrase}",
        "signer_titles": signer.titles,
        "signer_name": signer.name,
        "recipients": ["Như trên", f"Lãnh đạo {committee_level(committee_name)} (b/c)"],
        "addressee": name_within(office.name, committee_name) if office else FINANCE_PLANNING,
        "scope": scope,
        "period_label": period.label,
        "as_of": report_as_of(report),
        "year": period.year,
        "plan": figures.plan,
        "disbursed": figures.disbursed,
        "rate_percent": figures.rate_percent,
        "work_done_value": report.work_done_value,
        "accepted_unpaid_value": report.accepted_unpaid_value,
        "reported_disbursed": report.reported_disbursed,
        "progress": report.progress.strip() or NOTHING,
        "obstacles_text": report.obstacles_text.strip() or NOTHING,
        "obstacles": [
            f"{obstacle.get_kind_display()} ({obstacle.project.code}): {obstacle.description}; "
            f"đơn vị tháo gỡ: {obstacle.responsible_unit.name}, hạn {format_date(obstacle.due_date)}"
            for obstacle in report.obstacles.select_related("project", "responsible_unit")
        ],
        "proposals": report.proposals.strip() or NOTHING,
    }


def report_paper(report: PeriodicReport) -> bytes:
    return render_docx("bao_cao_dinh_ky", report_paper_context(report))

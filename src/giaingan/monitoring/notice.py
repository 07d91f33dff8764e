"""The notice of a briefing's conclusions (Thông báo kết luận), issued by the committee's
office from the agenda's figures and the chair's action items (thong_bao_ket_luan.docx)."""

from __future__ import annotations

from giaingan.documents.official import render_docx
from giaingan.documents.reports import BLANK
from giaingan.monitoring.agenda import Agenda, briefing_agenda
from giaingan.monitoring.models import Briefing
from giaingan.org.issuers import home_committee
from giaingan.org.places import level_of, name_within, place_of
from giaingan.org.signers import office_named, unit_signer

ISSUER = "Văn phòng HĐND và UBND"  # where the tree has no such office
SIGNER_TITLES = ["Chánh Văn phòng"]


def briefing_notice_context(briefing: Briefing, agenda: Agenda) -> dict:
    committee = home_committee()
    committee_name = committee.name if committee else ""
    scope = (
        f"trên địa bàn {level_of(committee_name)}"
        if briefing.scope_unit_id is None
        else f"của {briefing.scope_unit.name}"
    )
    actions = briefing.actions.select_related("responsible_unit", "project").order_by(
        "due_date", "id"
    )
    target = agenda.target
    # The committee's office issues it and its chief signs; where the tree has no such
    # office or it records no chief, the official who opened the briefing.
    office = office_named(committee, "Văn phòng")
    signer = unit_signer(
        office,
        titles=SIGNER_TITLES,
        what="thông báo kết luận",
        issued_by=briefing.created_by,
    )
    return {
        "issuer_parent": committee_name,
        "issuer": name_within(office.name, committee_name) if office else ISSUER,
        "number": "      /TB-VP",
        "place": place_of(committee_name) if committee else BLANK,
        # A notice is issued once, on its briefing's conclusions: dated on the briefing's
        # day whatever day it is downloaded.
        "date": briefing.held_on,
        "subject": f"Kết luận của {briefing.chair} tại cuộc họp giao ban tình hình giải ngân "
        f"vốn đầu tư công ngày {briefing.held_on:%d/%m/%Y}",
        "signer_titles": signer.titles,
        "signer_name": signer.name,
        # Each body once: the committee's leaders, those who attended, and any unit given a
        # task without attending.
        "recipients": list(
            dict.fromkeys(
                [
                    f"Chủ tịch, các Phó Chủ tịch {committee_name}".strip(),
                    "Các thành phần dự họp",
                    *[action.responsible_unit.name for action in actions],
                ]
            )
        ),
        "held_on": briefing.held_on,
        "venue": briefing.venue,
        "chair": briefing.chair,
        "attendees": [line for line in briefing.attendees.splitlines() if line.strip()],
        "year": agenda.year,
        "scope": scope,
        "plan": agenda.total.plan,
        "disbursed": agenda.total.disbursed,
        "rate_percent": agenda.total.rate_percent,
        "target_percent": None if target is None else target.share_percent,
        "target_date": None if target is None else target.due_date,
        "behind_count": agenda.behind_count,
        "slowest": agenda.slowest[:5],
        "held": [group for group in agenda.register.groups if group.open],
        "obstacles_open": agenda.obstacles_open,
        "obstacles_overdue": agenda.obstacles_overdue,
        "missing": [unit.name for unit in agenda.missing],
        "period_phrase": agenda.period.phrase if agenda.period else "",
        "conclusion": briefing.conclusion,
        "actions": [
            {
                "unit": action.responsible_unit.name,
                "task": action.task,
                "project": action.project.code if action.project_id else "",
                "due": action.due_date,
            }
            for action in actions
        ],
    }


def briefing_notice(briefing: Briefing) -> bytes:
    return render_docx(
        "thong_bao_ket_luan", briefing_notice_context(briefing, briefing_agenda(briefing))
    )

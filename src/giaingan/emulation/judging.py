"""Who is judged on what (DOMAIN.md section 6): which figures each participant of a movement
is judged on, in one place for the evaluation, its pages, the statistics and the papers.

Investors and communes on the projects they invest in; an office on the projects it governs
(the `agency` grouping of the figures); organisations and offices without a plan on their
manual criteria only, never awarded or reviewed on a zero plan; a person on the projects on
their list (`ResponsibleProject`), else on their unit's figures.
"""

from __future__ import annotations

from collections import defaultdict

from giaingan.capital.models import Project
from giaingan.emulation.models import Category, Nomination, Registration, ResponsibleProject
from giaingan.figures.selectors import Grouping
from giaingan.org.models import UnitKind

# How each category is judged on the figures: an office on the projects it governs (the
# `agency` grouping), every other collective on the projects it invests in. A person
# without a list of projects is judged on the figures of the unit they work in, as that
# unit would be.
JUDGED_AS = {Category.OFFICE: Grouping.AGENCY}
GOVERNING_KINDS = {UnitKind.OFFICE, UnitKind.COMMITTEE, UnitKind.ORGANISATION}
# Without a plan these are judged on their manual criteria only (Mặt trận, đoàn thể, an
# office that governs no project, a person whose unit has none): the automatic criteria do
# not apply to them. An investor or a commune without a plan cannot be awarded.
MANUAL_WITHOUT_PLAN = {Category.OFFICE, Category.ORGANISATION, Category.INDIVIDUAL}


JUDGED_ON = {
    Grouping.INVESTOR: "Các dự án đơn vị làm chủ đầu tư",
    Grouping.AGENCY: "Các dự án cơ quan là cơ quan chủ quản",
}
NO_PLAN = "Không có kế hoạch vốn được giao năm này"
MANUAL_ONLY = "Không có kế hoạch vốn: chỉ xét các tiêu chí có minh chứng"


def judged_on_text(
    registration: Registration, *, plan: int, projects: list[str] | None = None
) -> str:
    """What the participant's figures are, in words: an individual's projects (by code) or,
    without a list, their unit's; a collective's projects as investor or governing agency."""
    unit = JUDGED_ON[judged_as(registration)]
    collective = registration.category != Category.INDIVIDUAL
    if plan <= 0 and collective and registration.category in MANUAL_WITHOUT_PLAN:
        return MANUAL_ONLY  # Mặt trận, đoàn thể, an office governing no project
    if projects:
        text = f"{len(projects)} dự án cá nhân phụ trách: " + ", ".join(projects)
    elif not collective:
        text = (
            f"Số liệu của đơn vị công tác ({unit[0].lower()}{unit[1:]}); "
            "chưa có danh sách dự án cá nhân phụ trách"
        )
    else:
        text = unit
    if plan <= 0:
        without = MANUAL_ONLY if registration.category in MANUAL_WITHOUT_PLAN else NO_PLAN
        text += f". {without}"
    return text


def judged_as(registration: Registration) -> Grouping:
    """Which grouping of the figures a participant is judged on."""
    if registration.category == Category.INDIVIDUAL or (
        registration.category == Category.ORGANISATION
    ):
        return Grouping.AGENCY if registration.unit.kind in GOVERNING_KINDS else Grouping.INVESTOR
    return JUDGED_AS.get(registration.category, Grouping.INVESTOR)


def responsible_projects(registration_ids: list[int]) -> dict[int, list[int]]:
    """Per registration, the ids of the projects on its list; registrations without a list
    are absent. The list as it stands: it records who was given which projects during the
    movement, often written down after it, and its row history shows every change."""
    found: dict[int, list[int]] = defaultdict(list)
    for registration, project in ResponsibleProject.objects.filter(
        registration_id__in=registration_ids
    ).values_list("registration_id", "project_id"):
        found[registration].append(project)
    return dict(found)


def project_codes(lists: dict[int, list[int]]) -> dict[int, list[str]]:
    ids = {project for projects in lists.values() for project in projects}
    code = dict(Project.objects.filter(id__in=ids).values_list("id", "code"))
    return {key: sorted(code[project] for project in projects) for key, projects in lists.items()}


def rank_peers(registration: Registration) -> str:
    """Who a participant is ranked against: collectives judged on the same grouping of the
    figures (investors with communes; offices as governing agencies among themselves), and
    individuals among individuals, never against the units whose projects they share."""
    if registration.category == Category.INDIVIDUAL:
        return "ca_nhan"
    return str(judged_as(registration))


def nomination_judged_on(nomination: Nomination) -> str:
    """What a dossier's figures are, for its papers: from the nominee's registration (""
    for a nominee added by hand, who has none)."""
    registration = (
        Registration.objects.select_related("unit")
        .filter(
            movement_id=nomination.proposal.movement_id,
            unit_id=nomination.unit_id,
            person_name=nomination.person_name,
        )
        .first()
    )
    if registration is None:
        return ""
    lists = responsible_projects([registration.pk])
    return judged_on_text(
        registration,
        plan=nomination.plan,
        projects=project_codes(lists).get(registration.pk),
    )

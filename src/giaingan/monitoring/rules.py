"""Who may do what in the month's cycle (ARCHITECTURE principle 4).

An investor or a commune files reports on its own projects, and registers their obstacles;
Finance-Planning sees every unit's reports, returns or accepts them and keeps the obstacle
register; the district's other officials read.
"""

from __future__ import annotations

import rules

from giaingan.org.models import Role
from giaingan.org.rules import (
    is_admin,
    is_chairman,
    is_finance_planning,
    is_investor_or_commune,
    own_unit_ids,
    owns_project,
    sees_district,
)

REPORTING_ROLES = {Role.INVESTOR.value, Role.COMMUNE.value}


def reporting_unit_ids(user) -> set[int]:
    """The units `user` files reports for: where they are an investor's or a commune's officer."""
    return own_unit_ids(user, REPORTING_ROLES)


def project_belongs_to(project, unit_id: int) -> bool:
    """The project is the unit's own: it invests in it, or it is built in that commune."""
    if project.investor_id == unit_id or project.main_commune_id == unit_id:
        return True
    return project.communes.filter(id=unit_id).exists()


@rules.predicate
def reports_for_unit(user, target) -> bool:
    """The user reports for `target`: a Unit, or a report (anything with a `unit_id`)."""
    if target is None:
        return False
    unit_id = getattr(target, "unit_id", None) or getattr(target, "pk", None)
    return unit_id in reporting_unit_ids(user)


@rules.predicate
def owns_obstacle_project(user, obstacle) -> bool:
    return obstacle is not None and owns_project(user, obstacle.project)


reviews_reports = is_admin | is_finance_planning

rules.add_perm("monitoring.view_reports", sees_district | is_investor_or_commune)
rules.add_perm("monitoring.file_report", is_admin | reports_for_unit)
rules.add_perm("monitoring.view_report", sees_district | reports_for_unit)
rules.add_perm("monitoring.review_report", reviews_reports)
rules.add_perm("monitoring.view_board", sees_district)


@rules.predicate
def asked_for_report(user, request) -> bool:
    """An ad hoc report request names one of the units the user reports for."""
    if request is None:
        return False
    unit_ids = reporting_unit_ids(user)
    return bool(unit_ids) and request.recipients.filter(id__in=unit_ids).exists()


# Ad hoc report requests: Finance-Planning asks (review_report), the district reads them
# with who answered, and each unit asked reads and answers its own.
rules.add_perm("monitoring.view_request", sees_district | asked_for_report)

rules.add_perm("monitoring.view_obstacles", sees_district | is_investor_or_commune)
rules.add_perm("monitoring.view_obstacle", sees_district | owns_obstacle_project)
# Without an object: may the user register any obstacle (the page shows the button).
rules.add_perm("monitoring.add_obstacle", reviews_reports | is_investor_or_commune)
# With a project: may the user register an obstacle on that project.
rules.add_perm("monitoring.add_project_obstacle", reviews_reports | owns_project)
rules.add_perm("monitoring.change_obstacle", reviews_reports | owns_obstacle_project)


# Briefings (giao ban): Finance-Planning prepares and records them, the chairman chairs;
# the district's officials read them. An action item is done by its responsible unit:
# any member of that unit (an office's staff hold no investor role) says it is done.
holds_briefings = is_admin | is_finance_planning | is_chairman


@rules.predicate
def acts_for_responsible_unit(user, action) -> bool:
    return action is not None and action.responsible_unit_id in own_unit_ids(user)


@rules.predicate
def belongs_to_a_unit(user) -> bool:
    return bool(own_unit_ids(user))


@rules.predicate
def tasked_by_briefing(user, briefing) -> bool:
    """One of the user's units was given a task at the briefing (its notice concerns them)."""
    if briefing is None:
        return False
    unit_ids = own_unit_ids(user)
    return bool(unit_ids) and briefing.actions.filter(responsible_unit_id__in=unit_ids).exists()


rules.add_perm("monitoring.view_briefings", sees_district)
# The Thông báo kết luận: the district reads it, and so does every unit it gave a task.
rules.add_perm("monitoring.view_briefing_notice", sees_district | tasked_by_briefing)
rules.add_perm("monitoring.hold_briefing", holds_briefings)
# The list of action items: the district sees all; a unit sees those it must carry out.
rules.add_perm("monitoring.view_actions", sees_district | belongs_to_a_unit)
rules.add_perm("monitoring.view_action", sees_district | acts_for_responsible_unit)
rules.add_perm("monitoring.complete_action", holds_briefings | acts_for_responsible_unit)

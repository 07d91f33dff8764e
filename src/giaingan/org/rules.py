"""Who may do what: predicates over memberships, shared by every page, action, command and API.

The same permission names decide what a page shows and what the server accepts
(ARCHITECTURE principle 4): templates ask `{% has_perm %}`, views call `require(...)`.
"""

from __future__ import annotations

import rules
from django.db.models import Q

from giaingan.org.models import Role

# Roles that see the whole district's figures; investors and communes see their own.
DISTRICT_ROLES = {
    Role.CHAIRMAN,
    Role.VICE_CHAIRMAN,
    Role.FINANCE_PLANNING,
    Role.TREASURY,
    Role.INTERNAL_AFFAIRS,
    Role.COUNCIL_MEMBER,
    Role.VIEWER,
}


def roles_of(user) -> set[str]:
    """The roles `user` holds anywhere, read once per request object."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_giaingan_roles", None)
    if cached is None:
        cached = set(user.memberships.values_list("role", flat=True))
        user._giaingan_roles = cached
    return cached


def own_unit_ids(user, roles: set[str] | None = None) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    memberships = user.memberships.all()
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return set(memberships.values_list("unit_id", flat=True))


def role_predicate(*roles: Role) -> rules.Predicate:
    wanted = {role.value for role in roles}

    @rules.predicate(name="has_role_" + "_or_".join(sorted(wanted)))
    def predicate(user) -> bool:
        return bool(roles_of(user) & wanted)

    return predicate


is_admin = rules.is_superuser
is_chairman = role_predicate(Role.CHAIRMAN, Role.VICE_CHAIRMAN)
is_finance_planning = role_predicate(Role.FINANCE_PLANNING)
is_treasury = role_predicate(Role.TREASURY)
is_investor_or_commune = role_predicate(Role.INVESTOR, Role.COMMUNE)
sees_district = is_admin | role_predicate(*DISTRICT_ROLES)


@rules.predicate
def owns_project(user, project) -> bool:
    """The user's unit is the project's investor, or a commune where it is built."""
    if project is None:
        return False
    units = own_unit_ids(user, {Role.INVESTOR.value, Role.COMMUNE.value})
    if not units:
        return False
    if project.investor_id in units or project.main_commune_id in units:
        return True
    return project.communes.filter(id__in=units).exists()


def project_scope(user) -> Q | None:
    """The projects `user` may see, as a filter on Project; None means all of them."""
    if sees_district(user):
        return None
    from giaingan.capital.models import Project

    units = own_unit_ids(user, {Role.INVESTOR.value, Role.COMMUNE.value})
    located = Project.communes.through.objects.filter(unit_id__in=units).values("project_id")
    return Q(investor_id__in=units) | Q(main_commune_id__in=units) | Q(id__in=located)


# Pages
rules.add_perm("web.view_dashboard", sees_district | is_investor_or_commune)
rules.add_perm("capital.view_project_list", sees_district | is_investor_or_commune)
rules.add_perm("capital.view_project", sees_district | owns_project)
rules.add_perm("audit.view_history", sees_district | owns_project)

# Money: Finance-Planning writes plans; the treasury writes its lines. Finance-Planning also
# brings in the treasury's statement, which it receives every month.
rules.add_perm("imports.import_units", is_admin | is_finance_planning)
rules.add_perm("imports.import_projects", is_admin | is_finance_planning)
rules.add_perm("imports.import_plan", is_admin | is_finance_planning)
rules.add_perm("imports.import_treasury", is_admin | is_finance_planning | is_treasury)
rules.add_perm("imports.view_history", is_admin | is_finance_planning | is_treasury)


@rules.predicate
def uploaded_it(user, job) -> bool:
    """The user uploaded the file this background import job reads."""
    return job is not None and job.user_id == user.pk


# A background preview or import: its uploader, Finance-Planning and the administrator.
rules.add_perm("imports.view_job", is_admin | is_finance_planning | uploaded_it)
rules.add_perm("capital.add_plan_decision", is_admin | is_finance_planning)
rules.add_perm("capital.add_treasury_line", is_admin | is_treasury)

# Publishing figures for the public
rules.add_perm("public.publish_snapshot", is_admin | is_finance_planning)

"""Who may do what: predicates over memberships, shared by every page, action, command and API.

The same permission names decide what a page shows and what the server accepts
(ARCHITECTURE principle 4): templates ask `{% has_perm %}`, views call `require(...)`.
"""

from __future__ import annotations

import rules
from django.db.models import Q

from giaingan.org.models import Role, Unit, UnitKind

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


# A unit's own projects are those it is the investor of; a commune also sees, apart, the
# projects built on its land, whoever invests in them. Every scope below follows this rule.
SPEAKS_FOR_UNIT = {Role.INVESTOR.value, Role.COMMUNE.value}


def invested_unit_ids(user) -> set[int]:
    """The units whose projects are the user's own (as their investor)."""
    return own_unit_ids(user, SPEAKS_FOR_UNIT)


def commune_unit_ids(user) -> set[int]:
    """The communes the user speaks for, whose land's projects it sees apart."""
    return own_unit_ids(user, {Role.COMMUNE.value})


@rules.predicate
def owns_project(user, project) -> bool:
    """The user's unit is the project's investor, or a commune where it is built."""
    if project is None:
        return False
    if project.investor_id in invested_unit_ids(user):
        return True
    communes = commune_unit_ids(user)
    if not communes:
        return False
    if project.main_commune_id in communes:
        return True
    return project.communes.filter(id__in=communes).exists()


def own_project_scope(user) -> Q | None:
    """The projects whose figures are the user's unit's own, as a filter on Project: those
    it is the investor of. None means the whole district (for the district's roles)."""
    if sees_district(user):
        return None
    return Q(investor_id__in=invested_unit_ids(user))


def located_project_scope(user) -> Q | None:
    """The projects built in the user's commune ("Dự án trên địa bàn xã"), whoever invests
    in them; None when the user speaks for no commune."""
    communes = commune_unit_ids(user)
    if sees_district(user) or not communes:
        return None
    return located_in(communes)


def located_in(communes: set[int] | list[int]) -> Q:
    """Projects built in any of `communes` (their main commune or another), as a filter on
    Project: the one meaning of "trên địa bàn xã", for scopes and for the list's filter."""
    # The projects' m2m to their communes, reached from Unit (org does not import capital).
    links = Unit.projects_located.through.objects
    located = links.filter(unit_id__in=communes).values("project_id")
    return Q(main_commune_id__in=communes) | Q(id__in=located)


def project_scope(user) -> Q | None:
    """The projects `user` may see, as a filter on Project; None means all of them: its
    own projects and, for a commune, those built on its land."""
    own = own_project_scope(user)
    if own is None:
        return None
    located = located_project_scope(user)
    return own if located is None else own | located


# Pages
rules.add_perm("web.view_dashboard", sees_district | is_investor_or_commune)
rules.add_perm("capital.view_project_list", sees_district | is_investor_or_commune)
rules.add_perm("capital.view_project", sees_district | owns_project)
rules.add_perm("audit.view_history", sees_district | owns_project)

# Money: Finance-Planning writes plans; the treasury writes its lines. Finance-Planning also
# brings in the treasury's statement, which it receives every month. Whoever may bring a kind
# of record in by file may also type it into its form: one predicate decides both doors.
writes_catalogue = is_admin | is_finance_planning
writes_plan = is_admin | is_finance_planning
writes_treasury = is_admin | is_finance_planning | is_treasury
rules.add_perm("imports.import_units", writes_catalogue)
rules.add_perm("imports.import_projects", writes_catalogue)
rules.add_perm("imports.import_plan", writes_plan)
rules.add_perm("capital.add_plan_decision", writes_plan)
rules.add_perm("imports.import_treasury", writes_treasury)
rules.add_perm("capital.add_treasury_line", writes_treasury)
rules.add_perm("imports.view_history", writes_plan | writes_treasury)


def recordable_treasury_ids(user) -> set[int] | None:
    """The treasuries whose documents a treasury officer may record, by file or by form:
    the treasury units it holds the treasury role in. None means no such limit: the
    administrator, Finance-Planning (which brings in every treasury's statement), a command
    run without a user. Whether a user may record lines at all is the permission
    `capital.add_treasury_line`, which every page and upload checks first."""
    if not getattr(user, "is_authenticated", False):
        return None
    if is_admin(user) or is_finance_planning(user) or not is_treasury(user):
        return None
    ids = own_unit_ids(user, {Role.TREASURY.value})
    return set(Unit.objects.filter(id__in=ids, kind=UnitKind.TREASURY).values_list("id", flat=True))


@rules.predicate
def records_for_treasury(user, treasury) -> bool:
    """The user may record documents of this treasury unit."""
    if treasury is None or treasury.kind != UnitKind.TREASURY:
        return False
    allowed = recordable_treasury_ids(user)
    return allowed is None or treasury.pk in allowed


# A document of one treasury: the right to record treasury lines, for that treasury.
rules.add_perm("capital.add_treasury_line_for", writes_treasury & records_for_treasury)


@rules.predicate
def uploaded_it(user, job) -> bool:
    """The user uploaded the file this background import job reads."""
    return job is not None and job.user_id == user.pk


# A background preview or import: its uploader, Finance-Planning and the administrator.
rules.add_perm("imports.view_job", is_admin | is_finance_planning | uploaded_it)
# An imported file's summary: whoever reads the import history, and its uploader (an
# investor who imported its contracts).
rules.add_perm("imports.view_batch", writes_plan | writes_treasury | uploaded_it)

# Publishing figures for the public
rules.add_perm("public.publish_snapshot", is_admin | is_finance_planning)

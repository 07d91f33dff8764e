"""Who may draft, issue and read the reports of Finance-Planning and the treasury
(ARCHITECTURE principle 4): Finance-Planning writes its periodic report, the treasury its
result tables; the chairman and vice-chairmen read both, Finance-Planning reads the
treasury's; no one else does."""

from __future__ import annotations

import rules

from giaingan.org.rules import is_admin, is_chairman, is_finance_planning, is_treasury

writes_periodic = is_admin | is_finance_planning
writes_treasury_tables = is_admin | is_treasury
reads_periodic = writes_periodic | is_chairman
reads_treasury_tables = writes_treasury_tables | is_finance_planning | is_chairman


@rules.predicate
def reads_issued(user, report) -> bool:
    """The user may read this issued report: by its paper."""
    if report is None:
        return False
    if report.paper == "treasury":
        return reads_treasury_tables(user)
    return reads_periodic(user)


rules.add_perm("reporting.draft_periodic", writes_periodic)
rules.add_perm("reporting.issue_periodic", writes_periodic)
rules.add_perm("reporting.draft_treasury", reads_treasury_tables)
rules.add_perm("reporting.issue_treasury", writes_treasury_tables)
# The registry: the list shows each user the papers they may read.
rules.add_perm("reporting.view_registry", reads_periodic | reads_treasury_tables)
rules.add_perm("reporting.view_issued", reads_issued)

"""The demo district: loaded once per module, inside a transaction rolled back at the end."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Sum

from giaingan.capital.models import LineKind, PlanEntry, PlanKind, TreasuryLine
from giaingan.contracts.models import Acceptance, DossierPayment, PaymentDossier
from giaingan.demo.district import ACCOUNTS, PASSWORD, load_demo
from giaingan.demo.story import build_story
from giaingan.figures.advisor import district_advice
from giaingan.figures.selectors import completion_dates, disbursement_table
from giaingan.org.models import Membership, Role, Unit
from giaingan.reallocation.models import CapitalNeed, ProposalStatus, ReallocationProposal
from giaingan.reallocation.selectors import needs_for, proposal_outcome
from giaingan.reallocation.services import proposal_approve

DEADLINE = dt.date(2025, 1, 31)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load twice (the second run must find everything in place), share it with the module's
    tests, then roll it all back so other modules see an empty database."""
    with django_db_blocker.unblock(), transaction.atomic():
        first = load_demo()
        second = load_demo()
        yield first, second
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo, db):
    return demo[0]


def planner_rows(models) -> dict[str, float] | None:
    """What PostgreSQL's planner knows of each table's size (None on SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)",
            [[model._meta.db_table for model in models]],
        )
        return dict(cursor.fetchall())


def test_the_tables_the_demo_filled_are_planned_on_their_rows(loaded):
    """Its own reads, and the pages read right after its commit, are planned on the rows it
    wrote, not on the empty tables autovacuum analyzed after a test's flush."""
    contracts = [Acceptance, PaymentDossier, DossierPayment]
    known = planner_rows([TreasuryLine, *contracts])
    if connection.vendor == "sqlite":
        assert known is None
        return
    for model in contracts:  # analyzed once they are all written
        assert known[model._meta.db_table] == model.objects.count() > 500
    # Analyzed as its chunks come, by autovacuum's rule: the last ones may not be counted.
    lines = TreasuryLine.objects.count()
    assert 0.8 * lines <= known[TreasuryLine._meta.db_table] <= lines


def investor_table(as_of: dt.date = DEADLINE):
    return disbursement_table(year=2024, as_of=as_of, by="investor")


def test_loading_again_changes_nothing(demo, db):
    first, second = demo
    assert first["created"] is True
    assert second["created"] is False
    assert {k: v for k, v in first.items() if k != "created"} == {
        k: v for k, v in second.items() if k != "created"
    }
    assert first["projects"] == 120
    assert 2000 <= first["treasury_lines"] <= 5000
    assert TreasuryLine.objects.count() == first["treasury_lines"]


def test_the_story_is_the_same_on_every_run():
    one, two = build_story(), build_story()
    assert one.decisions == two.decisions
    assert [vars(line) for line in one.lines] == [vars(line) for line in two.lines]


def test_the_district_plan_is_realistic(loaded):
    plan = loaded["plan"]
    assert 250_000_000_000 <= plan <= 450_000_000_000
    assert all(
        entry % 1_000_000 == 0 for entry in PlanEntry.objects.values_list("amount", flat=True)
    )
    per_project = disbursement_table(year=2024, as_of=DEADLINE, by="project").rows
    largest = max(row.plan for row in per_project)
    assert largest <= 40_000_000_000


def test_the_demo_accounts_log_in_with_their_roles(loaded):
    User = get_user_model()
    checked: set[str] = set()
    for account in ACCOUNTS:
        user = User.objects.get(username=account.username)
        # Hashing is slow by design: check each distinct stored hash once.
        if user.password not in checked:
            assert user.check_password(PASSWORD)
            assert not user.check_password("sai mật khẩu")
            checked.add(user.password)
        held = set(Membership.objects.filter(user=user).values_list("unit__code", "role"))
        assert held == {(account.unit, role) for role in account.roles}
    assert set(
        Membership.objects.filter(user__username="xa.tandoan").values_list("role", flat=True)
    ) == {Role.COMMUNE, Role.INVESTOR}
    assert User.objects.get(username="chutich").get_full_name() == "Hoàng Văn Thuận"
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    finance = User.objects.get(username="tckh")
    assert finance.is_staff and not finance.is_superuser
    assert finance.has_perm("capital.view_treasuryline")
    assert finance.has_perm("capital.change_project")
    assert not finance.has_perm("org.change_membership")


def test_staff_can_open_the_admin(loaded, client):
    client.force_login(get_user_model().objects.get(username="tckh"))
    response = client.get("/admin/capital/project/")
    assert response.status_code == 200
    assert "Cải tạo, nâng cấp đường Văn Quan - Tràng Các" in response.content.decode()


def test_units_form_a_tree_under_the_committee(loaded):
    committee = Unit.objects.get(code="VQ-UBND")
    communes = Unit.objects.filter(kind="xa")
    assert communes.count() == 17
    assert all(unit.parent == committee for unit in communes)
    assert Unit.objects.get(code="VQ-KB").kind == "kho_bac"
    assert Unit.objects.get(code="VQ-BQLDA").kind == "ban_qlda"
    assert Unit.objects.get(code="VQ-HDTDKT").kind == "hoi_dong"
    assert all(unit.tax_code for unit in Unit.objects.filter(kind="nha_thau"))


def test_an_investor_reaches_100_percent_before_the_deadline(loaded):
    finished = completion_dates(year=2024, as_of=DEADLINE, by="investor")
    rows = {row.code: row for row in investor_table().rows}
    early = [
        row.code
        for row in rows.values()
        if row.rate_percent == 100
        and finished[row.key] is not None
        and finished[row.key] < DEADLINE
    ]
    assert "XA-TRANGCAC" in early
    assert finished[rows["XA-TRANGCAC"].key] == dt.date(2024, 9, 26)


def test_an_investor_reaches_100_percent_on_the_last_day(loaded):
    finished = completion_dates(year=2024, as_of=DEADLINE, by="investor")
    on_the_day = [
        row.code
        for row in investor_table().rows
        if row.rate_percent == 100 and finished[row.key] == DEADLINE
    ]
    assert "VQ-GDDT" in on_the_day
    before = {row.code: row for row in investor_table(dt.date(2025, 1, 30)).rows}
    assert before["VQ-GDDT"].rate_percent < 100


def test_some_investors_lag_below_60_percent(loaded):
    lagging = {row.code for row in investor_table().rows if row.rate_percent < 60}
    assert {"XA-TRANNINH", "VQ-TNMT"} <= lagging


def test_january_of_the_next_year_raises_the_rate(loaded):
    december = disbursement_table(year=2024, as_of=dt.date(2024, 12, 31), by="source").total
    january = disbursement_table(year=2024, as_of=DEADLINE, by="source").total
    assert december.rate_percent < january.rate_percent
    assert december.plan == january.plan


def test_the_year_starts_slowly_and_peaks_at_the_end(loaded):
    rates = [
        disbursement_table(year=2024, as_of=day, by="source").total.rate_percent
        for day in (dt.date(2024, 3, 31), dt.date(2024, 6, 30), dt.date(2024, 9, 30))
    ]
    assert rates[0] < 15 and rates[1] < 40 and rates[2] < 60
    assert rates == sorted(rates)


def test_carried_over_capital_widens_the_plan(loaded):
    assigned = disbursement_table(year=2024, as_of=DEADLINE, by="source")
    carried = disbursement_table(year=2024, as_of=DEADLINE, by="source", base="with_carryover")
    assert carried.total.plan > assigned.total.plan
    assert carried.total.disbursed > assigned.total.disbursed
    assert PlanEntry.objects.filter(kind=PlanKind.CARRY_OVER, plan_year=2023).count() == 10


def test_a_project_transferred_away_has_a_zero_plan_and_no_rate(loaded):
    rows = disbursement_table(year=2024, as_of=DEADLINE, by="project").rows
    zeroed = [row for row in rows if row.plan == 0]
    assert [row.name for row in zeroed] == ["Chợ trung tâm xã Trấn Ninh"]
    assert zeroed[0].rate_percent is None and zeroed[0].rank is None
    assert zeroed[0].disbursed == 0


def test_transfers_net_to_zero_per_source(loaded):
    transfers = (
        PlanEntry.objects.filter(kind=PlanKind.TRANSFER)
        .values("decision_number", "source__code")
        .annotate(net=Sum("amount"))
    )
    assert len(transfers) >= 2
    assert all(row["net"] == 0 for row in transfers)


def test_no_project_pays_beyond_its_plan_or_recovers_more_than_it_advanced(loaded):
    plans = defaultdict(int)
    for row in (
        PlanEntry.objects.exclude(kind=PlanKind.CARRY_OVER)
        .values("project_id", "source_id", "plan_year")
        .annotate(total=Sum("amount"))
    ):
        plans[(row["project_id"], row["source_id"], row["plan_year"])] = row["total"]
    paid, outstanding = defaultdict(int), defaultdict(int)
    for line in TreasuryLine.objects.order_by("value_date", "id"):
        key = (line.project_id, line.source_id, line.plan_year)
        paid[key] += line.amount - line.recovered_advance
        if line.kind == LineKind.ADVANCE:
            outstanding[key] += line.amount
            assert line.amount <= plans[key] * 0.3
        outstanding[key] -= line.recovered_advance
        assert outstanding[key] >= 0
    assert all(paid[key] <= plans[key] for key in paid)


def test_corrections_reverse_an_earlier_line(loaded):
    corrections = TreasuryLine.objects.filter(reverses__isnull=False).select_related("reverses")
    assert corrections.count() >= 2
    for line in corrections:
        assert line.amount < 0
        assert line.value_date >= line.reverses.value_date
        assert line.project_id == line.reverses.project_id


def test_the_command_prints_the_same_summary_every_time(demo, db):
    outputs = []
    for _ in range(2):
        out = io.StringIO()
        call_command("demo", stdout=out)
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    assert "Mật khẩu: giaingan" in outputs[0]
    assert "xa.tandoan" in outputs[0] and "UBND xã Tân Đoàn" in outputs[0]
    assert "Dự án: 120" in outputs[0]


def test_the_demo_holds_needs_and_an_october_reallocation_the_advisor_proposed(loaded):
    assert CapitalNeed.objects.count() == 2
    proposal = ReallocationProposal.objects.get(number="215/TTr-TCKH")
    assert proposal.status == ProposalStatus.DRAFT
    assert (proposal.as_of, proposal.proposed_on) == (dt.date(2024, 10, 15), dt.date(2024, 10, 16))
    moves = list(proposal.moves.values_list("giver__code", "taker__code", "source__code", "amount"))
    advice = district_advice(
        year=2024, as_of=proposal.as_of, needs=needs_for(year=2024, as_of=proposal.as_of)
    )
    assert moves == [
        (move["from"], move["to"], move["source"], move["amount"])
        for move in advice.as_dict()["moves"]
    ]
    # The key project whose investor asked for more, able to finish first, is served first.
    assert moves[0][1:] == ("VQ24-003", "NSDP-HUYEN", 800_000_000)
    outcome = proposal_outcome(proposal)
    assert outcome.rate_after > outcome.rate_before


def test_the_chairman_can_approve_the_demos_draft_as_the_readme_invites(loaded):
    """The demo's ledger already holds the rest of 2024 (the transfer 3905/QĐ-UBND of
    22/10 that empties VQ24-076, the payments of November and December): the draft
    proposes only what those leave to give, so the chairman can approve it."""
    proposal = ReallocationProposal.objects.get(number="215/TTr-TCKH")
    assert not proposal.moves.filter(giver__code="VQ24-076").exists()
    chairman = get_user_model().objects.get(username="chutich")
    proposal_approve(
        user=chairman,
        proposal=proposal,
        decision_number="3990/QĐ-UBND",
        decision_date=dt.date(2024, 10, 16),
    )
    entries = PlanEntry.objects.filter(decision_number="3990/QĐ-UBND")
    assert entries.exists() and entries.aggregate(net=Sum("amount"))["net"] == 0


def test_the_demo_contracts_stand_behind_the_payments_with_some_stalled(loaded):
    from giaingan.contracts.models import Breach, Contract, DossierStatus, PaymentDossier
    from giaingan.figures.payables import accepted_unpaid_by_project, slowest_dossiers

    assert Contract.objects.count() == 16
    with_breaches = Unit.objects.filter(kind="nha_thau", contracts__breaches__isnull=False)
    assert with_breaches.distinct().count() == 2
    assert set(Breach.objects.values_list("status", flat=True)) == {
        "recorded",
        "proposed",
        "decided",
    }
    for dossier in PaymentDossier.objects.filter(status=DossierStatus.PAID):
        assert dossier.payments.aggregate(total=Sum("treasury_line__amount"))["total"] == (
            dossier.amount
        )
    waiting = PaymentDossier.objects.exclude(status=DossierStatus.PAID)
    assert waiting.count() == 4 and waiting.filter(status=DossierStatus.RETURNED).count() == 1
    unpaid = accepted_unpaid_by_project(as_of=DEADLINE)
    assert len(unpaid) == 6
    assert sum(unpaid.values()) == sum(
        a.value for a in Acceptance.objects.filter(number="NT-CUOI-NAM")
    )
    slowest = slowest_dossiers(as_of=DEADLINE, count=3)
    assert slowest[0].status != DossierStatus.PAID and slowest[0].days >= 60

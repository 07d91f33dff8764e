"""Migrations 0005-0008 give the lines already recorded their treasury, and the plan entries
their decision's issuer: the only candidate, or the one the operator names; never a guess."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("capital", "0004_import_batch_unindexed")]
AFTER = [("capital", "0006_treasury_line_number_per_treasury")]


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_ledger(transactional_db):
    """A database as it was before treasuries numbered their own documents, with lines."""
    apps = migrate(BEFORE)
    Unit = apps.get_model("org", "Unit")
    Project = apps.get_model("capital", "Project")
    FundingSource = apps.get_model("capital", "FundingSource")
    TreasuryLine = apps.get_model("capital", "TreasuryLine")
    PlanEntry = apps.get_model("capital", "PlanEntry")
    province = Unit.objects.create(code="UBND-TINH", name="UBND tỉnh", kind="ubnd")
    committee = Unit.objects.create(code="UBND", name="UBND huyện", kind="ubnd", parent=province)
    project = Project.objects.create(code="DA1", name="Dự án", investor=committee)
    source, _ = FundingSource.objects.get_or_create(
        code="NSDP-HUYEN", defaults={"name": "Ngân sách huyện", "budget_level": "huyen"}
    )
    PlanEntry.objects.create(
        decision_number="1/QĐ-UBND",
        decision_date=dt.date(2023, 12, 22),
        kind="giao_dau_nam",
        project=project,
        source=source,
        plan_year=2024,
        amount=1_000,
    )
    first = TreasuryLine.objects.create(
        document_number="KB-1",
        value_date=dt.date(2024, 3, 1),
        project=project,
        source=source,
        plan_year=2024,
        kind="tam_ung",
        amount=100,
    )
    TreasuryLine.objects.create(
        document_number="KB-1-DC",
        value_date=dt.date(2024, 3, 2),
        project=project,
        source=source,
        plan_year=2024,
        kind="tam_ung",
        amount=-40,
        reverses=first,
    )
    yield Unit
    migrate(latest())  # leave the database as the other tests expect it


def lines_by_treasury(apps) -> list[tuple[str, str]]:
    TreasuryLine = apps.get_model("capital", "TreasuryLine")
    return sorted(TreasuryLine.objects.values_list("treasury__code", "document_number"))


def test_existing_lines_become_the_only_treasurys(old_ledger):
    old_ledger.objects.create(code="VQ-KB", name="Kho bạc Văn Quan", kind="kho_bac")
    apps = migrate(AFTER)
    assert lines_by_treasury(apps) == [("VQ-KB", "KB-1"), ("VQ-KB", "KB-1-DC")]


def test_with_several_treasuries_it_stops_and_says_how_to_choose(old_ledger, monkeypatch):
    for code in ("KB-A", "KB-B"):
        old_ledger.objects.create(code=code, name=code, kind="kho_bac")
    monkeypatch.delenv("GIAINGAN_EXISTING_LINES_TREASURY", raising=False)
    with pytest.raises(Exception) as stopped:
        migrate(AFTER)
    message = str(stopped.value)
    assert "2 chứng từ" in message and "KB-A, KB-B" in message
    assert "GIAINGAN_EXISTING_LINES_TREASURY" in message
    monkeypatch.setenv("GIAINGAN_EXISTING_LINES_TREASURY", "KB-B")
    apps = migrate(AFTER)
    assert lines_by_treasury(apps) == [("KB-B", "KB-1"), ("KB-B", "KB-1-DC")]


def test_a_named_unit_that_is_not_a_treasury_is_refused(old_ledger, monkeypatch):
    old_ledger.objects.create(code="KB-A", name="KB-A", kind="kho_bac")
    monkeypatch.setenv("GIAINGAN_EXISTING_LINES_TREASURY", "UBND")
    with pytest.raises(Exception) as stopped:
        migrate(AFTER)
    assert "UBND: không có đơn vị kho bạc" in str(stopped.value)
    monkeypatch.delenv("GIAINGAN_EXISTING_LINES_TREASURY")


def test_without_any_treasury_it_stops_and_says_to_add_one(old_ledger):
    with pytest.raises(Exception) as stopped:
        migrate(AFTER)
    assert "chưa có đơn vị kho bạc" in str(stopped.value)
    old_ledger.objects.create(code="KB", name="Kho bạc", kind="kho_bac")  # for the teardown


def test_existing_decisions_become_the_district_committees(old_ledger):
    old_ledger.objects.create(code="VQ-KB", name="Kho bạc Văn Quan", kind="kho_bac")
    apps = migrate([("capital", "0008_plan_entry_issuer_required")])
    PlanEntry = apps.get_model("capital", "PlanEntry")
    assert list(PlanEntry.objects.values_list("issuer__code", "decision_number")) == [
        ("UBND", "1/QĐ-UBND")
    ]


def test_with_two_district_committees_the_operator_names_the_issuer(old_ledger, monkeypatch):
    old_ledger.objects.create(code="VQ-KB", name="Kho bạc Văn Quan", kind="kho_bac")
    old_ledger.objects.create(code="UBND-2", name="UBND huyện khác", kind="ubnd")
    migrate(AFTER)
    monkeypatch.delenv("GIAINGAN_EXISTING_DECISIONS_ISSUER", raising=False)
    with pytest.raises(Exception) as stopped:
        migrate(latest())
    assert "GIAINGAN_EXISTING_DECISIONS_ISSUER" in str(stopped.value)
    monkeypatch.setenv("GIAINGAN_EXISTING_DECISIONS_ISSUER", "UBND-2")
    apps = migrate(latest())
    PlanEntry = apps.get_model("capital", "PlanEntry")
    assert list(PlanEntry.objects.values_list("issuer__code", flat=True)) == ["UBND-2"]

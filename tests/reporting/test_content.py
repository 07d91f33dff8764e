"""The periodic report's figures: from `figures`, the period's change, the same period last
year, the targets judged in đồng, the obstacles grouped; the text blocks written from them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giaingan.figures.periods import same_day_last_year, share_amount
from giaingan.figures.selectors import Grouping, disbursement_table
from giaingan.reporting.content import ReportRequest, default_texts, periodic_content
from giaingan.reporting.periods import ReportKind, ReportPeriod

pytestmark = pytest.mark.django_db

SEPT_30 = dt.date(2024, 9, 30)


@pytest.mark.parametrize(
    ("kind", "day", "start", "code", "phrase", "after"),
    [
        (
            ReportKind.MONTHLY,
            SEPT_30,
            dt.date(2024, 9, 1),
            "2024-09",
            "tháng 09 năm 2024",
            "tháng 10 năm 2024",
        ),
        (
            ReportKind.QUARTERLY,
            dt.date(2024, 8, 15),
            dt.date(2024, 7, 1),
            "2024-Q3",
            "quý III năm 2024",
            "quý IV năm 2024",
        ),
        (
            ReportKind.QUARTERLY,
            dt.date(2024, 12, 31),
            dt.date(2024, 10, 1),
            "2024-Q4",
            "quý IV năm 2024",
            "quý I năm 2025",
        ),
        (
            ReportKind.HALF_YEAR,
            dt.date(2024, 6, 30),
            dt.date(2024, 1, 1),
            "2024-H1",
            "6 tháng đầu năm 2024",
            "6 tháng cuối năm 2024",
        ),
        (
            ReportKind.ANNUAL,
            dt.date(2024, 12, 31),
            dt.date(2024, 1, 1),
            "2024",
            "năm 2024",
            "năm 2025",
        ),
        (
            ReportKind.AD_HOC,
            dt.date(2024, 9, 12),
            dt.date(2024, 9, 1),
            "2024-09-12",
            "từ đầu năm 2024 đến ngày 12/09/2024",
            "thời gian tới của năm 2024",
        ),
    ],
)
def test_the_period_is_the_one_that_holds_the_date(kind, day, start, code, phrase, after):
    period = ReportPeriod(kind, day)
    assert (period.start, period.code, period.phrase, period.next_phrase) == (
        start,
        code,
        phrase,
        after,
    )


@given(st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_period_starts_on_or_before_its_date_within_its_year(day):
    for kind in ReportKind:
        period = ReportPeriod(kind, day)
        assert period.start <= day and period.start.day == 1
        # Only a year's report in January closes the year before.
        assert period.start.year == day.year or (kind == ReportKind.ANNUAL and day.month == 1)


@given(
    st.integers(min_value=0, max_value=10**16),
    st.decimals(min_value=0, max_value=100, places=2),
)
def test_the_amount_a_target_asks_is_the_least_that_reaches_it(plan, share):
    required = share_amount(plan, share)
    if plan > 0:
        assert required * 100 >= share * plan
        assert (required - 1) * 100 < share * plan
    else:
        assert required == 0


@given(
    st.integers(0, 10**12), st.integers(1, 10**12), st.integers(0, 10**12), st.integers(1, 10**12)
)
def test_rates_are_compared_exactly(paid, plan, other_paid, other_plan):
    from fractions import Fraction

    from giaingan.figures.periods import compare_rates

    expected = Fraction(paid, plan) - Fraction(other_paid, other_plan)
    assert compare_rates(paid, plan, other_paid, other_plan) == (expected > 0) - (expected < 0)
    assert compare_rates(paid, 0, other_paid, other_plan) is None


def test_same_day_last_year_of_a_leap_day():
    assert same_day_last_year(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)


def test_the_figures_are_those_of_figures(ledger):
    content = periodic_content(ReportRequest(ReportKind.QUARTERLY, SEPT_30))
    total = disbursement_table(year=2024, as_of=SEPT_30, by="source").total
    assert content["total"]["plan"] == total.plan == 2_000_000_000
    assert content["total"]["disbursed"] == total.disbursed == 653_333_333
    assert content["total"]["outstanding_advance"] == total.outstanding_advance == 120_000_000
    # The quarter's change: disbursed at 30/09 minus disbursed at 30/06.
    before = disbursement_table(year=2024, as_of=dt.date(2024, 6, 30), by="source").total
    assert content["total"]["change"] == total.disbursed - before.disbursed == 403_333_333
    for table in content["tables"]:
        expected = disbursement_table(year=2024, as_of=SEPT_30, by=table["by"])
        assert [(row["code"], row["plan"], row["disbursed"]) for row in table["rows"]] == [
            (row.code, row.plan, row.disbursed) for row in expected.rows
        ]
        assert sum(row["change"] for row in table["rows"]) == table["total"]["change"]
    assert [table["by"] for table in content["tables"]] == [
        Grouping.SOURCE,
        Grouping.INVESTOR,
        Grouping.AGENCY,
        Grouping.COMMUNE,
    ]


def test_a_years_report_in_january_closes_the_year_before(ledger):
    from tests.conftest import pay

    pay(ledger["TD-1"], 66_666_667, on=dt.date(2025, 1, 20))  # a 2024 line in January
    content = periodic_content(ReportRequest(ReportKind.ANNUAL, dt.date(2025, 1, 31)))
    assert (content["year"], content["period_phrase"]) == (2024, "năm 2024")
    assert content["total"]["disbursed"] == 653_333_333 + 66_666_667
    assert content["total"]["change"] == content["total"]["disbursed"]  # since 01/01/2024
    assert content["last_year"]["as_of"] == "2024-01-31"


def test_the_same_period_last_year(ledger):
    last = periodic_content(ReportRequest(ReportKind.QUARTERLY, SEPT_30))["last_year"]
    assert last["year"] == 2023 and last["as_of"] == "2023-09-30"
    assert (last["plan"], last["disbursed"], last["change"]) == (
        800_000_000,
        400_000_000,
        400_000_000,
    )


def test_targets_are_judged_on_their_own_date_in_dong(ledger):
    targets = periodic_content(ReportRequest(ReportKind.QUARTERLY, SEPT_30))["targets"]
    assert [
        (t["due_date"], t["required"], t["disbursed"], t["due"], t["met"]) for t in targets
    ] == [
        ("2024-06-30", 600_000_000, 250_000_000, True, False),
        ("2024-09-30", 1_200_000_000, 653_333_333, True, False),
        ("2024-12-31", 1_900_000_000, 653_333_333, False, False),
    ]


def test_a_target_met_to_the_dong(ledger):
    # 30% of 2.000.000.000 is 600.000.000: one đồng short is not met, the đồng itself is.
    from tests.conftest import pay

    pay(ledger["BQ-1"], 349_999_999, on=dt.date(2024, 6, 28))
    first = periodic_content(ReportRequest(ReportKind.HALF_YEAR, dt.date(2024, 6, 30)))["targets"][
        0
    ]
    assert (first["disbursed"], first["met"]) == (599_999_999, False)
    pay(ledger["BQ-1"], 1, on=dt.date(2024, 6, 29))
    first = periodic_content(ReportRequest(ReportKind.HALF_YEAR, dt.date(2024, 6, 30)))["targets"][
        0
    ]
    assert (first["disbursed"], first["met"]) == (600_000_000, True)


def test_obstacles_are_grouped_by_cause_from_the_register(ledger):
    obstacles = periodic_content(ReportRequest(ReportKind.QUARTERLY, SEPT_30))["obstacles"]
    held = [group for group in obstacles["groups"] if group["open"]]
    assert [(g["kind"], g["open"], g["projects"], g["plan_held"]) for g in held] == [
        ("site_clearance", 1, 1, 600_000_000)
    ]
    assert held[0]["entries"][0]["project_code"] == "BQ-2"
    assert held[0]["entries"][0]["overdue"] is True
    # Before it was registered, there is none.
    earlier = periodic_content(ReportRequest(ReportKind.MONTHLY, dt.date(2024, 6, 30)))
    assert earlier["obstacles"]["total"]["open"] == 0


def test_the_text_blocks_are_written_from_the_figures(ledger):
    texts = default_texts(periodic_content(ReportRequest(ReportKind.QUARTERLY, SEPT_30)))
    assert "2.000.000.000 đồng" in texts["results"]
    assert "653.333.333 đồng, đạt 32,66%" in texts["results"]
    assert "còn thiếu 546.666.667 đồng" in texts["results"]
    assert "đạt 50,00% kế hoạch" in texts["comparison"]
    assert "thấp hơn cùng kỳ (32,66% so với 50,00%)" in texts["comparison"]
    assert "giá trị giải ngân tăng 253.333.333 đồng" in texts["comparison"]
    assert "1 vướng mắc" in texts["obstacles"] and "giải phóng mặt bằng" in texts["obstacles"]
    assert "UBND xã Văn An" in texts["proposals"]  # owner of an overdue obstacle
    assert texts["tasks"].startswith("Trong quý IV năm 2024")
    assert "95% kế hoạch đến ngày 31/12/2024" in texts["tasks"]


def test_the_report_goes_to_the_committee_finance_planning_serves(ledger, district, people):
    from giaingan.org.issuers import home_committee
    from giaingan.org.models import Membership, Unit, UnitKind

    province = Unit.objects.create(code="TINH", name="UBND tỉnh Lạng Sơn", kind=UnitKind.COMMITTEE)
    committee = district["committee"]
    committee.parent = province
    committee.save()
    office = Unit.objects.get(code="TCKH", parent=committee)  # the ledger's own
    Membership.objects.filter(user=people["tckh"]).update(unit=office)
    assert home_committee() == committee
    content = periodic_content(ReportRequest(ReportKind.MONTHLY, SEPT_30))
    assert content["committee"] == "UBND huyện Văn Quan"
    assert default_texts(content)["proposals"].startswith("Đề nghị UBND huyện Văn Quan chỉ đạo")

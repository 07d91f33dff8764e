"""Issuing a report: numbered per year and kind, archived with its SHA-256 and figures,
never changed by a later ledger; bad input writes nothing; only its writers issue it;
audited."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied

from giaingan.audit.models import Event
from giaingan.capital.models import PlanKind
from giaingan.lib.problems import InvalidInput
from giaingan.reporting.content import ReportRequest, periodic_content
from giaingan.reporting.models import IssuedReport
from giaingan.reporting.periods import ReportKind
from giaingan.reporting.selectors import RegistryFilters, registry
from giaingan.reporting.services import report_issue
from tests.conftest import pay, plan
from tests.documents.helpers import lines, open_docx

pytestmark = pytest.mark.django_db

SEPT_30 = dt.date(2024, 9, 30)
TODAY = dt.date(2024, 10, 5)


def issue(user, kind=ReportKind.QUARTERLY, as_of=SEPT_30, paper="periodic", today=TODAY, **extra):
    return report_issue(
        user=user, paper=paper, request=ReportRequest(kind, as_of), today=today, **extra
    )


def test_numbers_run_per_year_and_kind(ledger, people):
    tckh = people["tckh"]
    first, second = issue(tckh), issue(tckh)
    monthly = issue(tckh, ReportKind.MONTHLY)
    next_year = issue(tckh, today=dt.date(2025, 1, 3))
    treasury = issue(people["khobac"], ReportKind.MONTHLY, paper="treasury")
    assert [r.number for r in (first, second, monthly, next_year, treasury)] == [
        "01/BCQ-TCKH",
        "02/BCQ-TCKH",
        "01/BCT-TCKH",
        "01/BCQ-TCKH",
        "01/BCT-KBNN",
    ]
    assert (next_year.year, next_year.sequence) == (2025, 1)


def test_the_archive_never_moves_with_the_ledger(ledger, people):
    texts = {"results": "Kết quả do phòng viết lại."}
    report = issue(people["tckh"], texts=texts, signer_name="Hoàng Thị Mai")
    docx, xlsx = report.docx.read(), report.xlsx.read()
    assert hashlib.sha256(docx).hexdigest() == report.docx_sha256
    assert hashlib.sha256(xlsx).hexdigest() == report.xlsx_sha256
    stored = dict(report.content)
    text = lines(open_docx(docx))
    assert "Số: 01/BCQ-TCKH" in text and "Kết quả do phòng viết lại." in text
    assert "Hoàng Thị Mai" in text
    # The ledger moves afterwards: a payment dated in the quarter, a supplement.
    pay(ledger["BQ-2"], 50_000_000, on=dt.date(2024, 9, 20), source_code="NSDP-TINH")
    plan(ledger["TD-1"], 100_000_000, on=dt.date(2024, 9, 1), kind=PlanKind.SUPPLEMENT)
    fresh = periodic_content(ReportRequest(ReportKind.QUARTERLY, SEPT_30))
    assert fresh["total"] != stored["total"]  # a new draft sees the new ledger
    again = IssuedReport.objects.get(pk=report.pk)
    assert again.content == stored
    assert again.docx.read() == docx and again.xlsx.read() == xlsx
    assert hashlib.sha256(docx).hexdigest() == again.docx_sha256


def test_an_issue_is_audited(ledger, people):
    report = issue(people["tckh"])
    event = Event.objects.get(action="reporting.report.issued")
    assert event.actor == people["tckh"] and event.object_id == str(report.pk)
    assert event.data["number"] == "01/BCQ-TCKH"
    assert event.data["docx_sha256"] == report.docx_sha256


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ({"as_of": dt.date(2024, 10, 6)}, "Số liệu tính đến ngày"),
        ({"texts": {"tasks": "Nhiệm vụ\x07"}}, "Nhiệm vụ, giải pháp kỳ tới"),
        ({"texts": {"results": "x" * 20001}}, "Kết quả thực hiện so với kế hoạch và mục tiêu"),
        ({"kind": ReportKind.HALF_YEAR, "paper": "treasury"}, "Kỳ báo cáo"),
    ],
)
def test_bad_input_names_where_and_writes_nothing(ledger, people, extra, where):
    user = people["khobac"] if extra.get("paper") == "treasury" else people["tckh"]
    with pytest.raises(InvalidInput) as raised:
        issue(user, **extra)
    assert [problem.column for problem in raised.value.problems] == [where]
    assert not IssuedReport.objects.exists()
    assert not Event.objects.filter(action="reporting.report.issued").exists()


@pytest.mark.parametrize(
    ("login", "periodic", "treasury"),
    [
        ("tckh", True, False),
        ("khobac", False, True),
        ("admin", True, True),
        ("chutich", False, False),
        ("bqlda", False, False),
        ("xa.tandoan", False, False),
        ("noivu", False, False),
        ("hoidong1", False, False),
        ("xem", False, False),
    ],
)
def test_who_issues(ledger, people, login, periodic, treasury):
    for paper, allowed in (("periodic", periodic), ("treasury", treasury)):
        kind = ReportKind.MONTHLY
        if allowed:
            assert issue(people[login], kind, paper=paper).pk
        else:
            with pytest.raises(PermissionDenied):
                issue(people[login], kind, paper=paper)


@pytest.mark.parametrize(
    ("login", "sees"),
    [
        ("tckh", {"periodic", "treasury"}),
        ("chutich", {"periodic", "treasury"}),
        ("khobac", {"treasury"}),
        ("admin", {"periodic", "treasury"}),
        ("bqlda", set()),
        ("noivu", set()),
        ("xem", set()),
    ],
)
def test_the_registry_lists_what_each_may_read(ledger, people, login, sees):
    issue(people["tckh"])
    issue(people["khobac"], ReportKind.MONTHLY, paper="treasury")
    found = registry(people[login], RegistryFilters())
    assert {report.paper for report in found} == sees


def test_the_registry_filters(ledger, people):
    tckh = people["tckh"]
    quarter = issue(tckh)
    month = issue(tckh, ReportKind.MONTHLY, as_of=dt.date(2024, 8, 31))
    assert list(registry(tckh, RegistryFilters(kind="monthly"))) == [month]
    assert list(registry(tckh, RegistryFilters(as_of_from=dt.date(2024, 9, 1)))) == [quarter]
    assert list(registry(tckh, RegistryFilters(text="BCQ"))) == [quarter]
    assert list(registry(tckh, RegistryFilters(year=2023))) == []


def test_an_issued_report_is_signed_by_name_typed_or_the_offices_head(ledger, people):
    """Finance-Planning's report: the name typed when issued, else the office's head; the
    treasury's tables: its director. The name is kept with the report and in its paper."""
    typed = issue(people["tckh"], signer_name="Hoàng Thị Mai")
    assert typed.signer_name == "Hoàng Thị Mai"
    assert "Hoàng Thị Mai" in lines(open_docx(typed.docx.read()))
    headed = issue(people["tckh"], kind=ReportKind.MONTHLY)
    assert headed.signer_name == "Nông Văn Hải"
    assert "Nông Văn Hải" in lines(open_docx(headed.docx.read()))
    treasury = issue(people["khobac"], kind=ReportKind.MONTHLY, paper="treasury")
    assert treasury.signer_name == "Triệu Thị Thoa"
    assert "Triệu Thị Thoa" in lines(open_docx(treasury.docx.read()))

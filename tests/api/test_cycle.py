"""Periodic reports, movements and their evaluation through the API, per role."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from giaingan.monitoring.models import ReportStatus
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reports import ReportInput, report_open, report_save, report_transition
from tests.conftest import ROLE_LOGINS
from tests.emulation.conftest import ledger, movement  # noqa: F401 (fixtures)
from tests.monitoring.helpers import cycle_projects

pytestmark = pytest.mark.django_db
ROLES = [*ROLE_LOGINS, "admin"]
SEPTEMBER = period_parse("2024-09")


@pytest.fixture
def reports(people, district):
    """Tân Đoàn's sent report and the board's draft, for September 2024."""
    cycle_projects(district)
    sent = report_open(user=people["xa.tandoan"], unit=district["tandoan"], period=SEPTEMBER)
    report_save(
        user=people["xa.tandoan"], report=sent, data=ReportInput(progress="Đã xong nền đường.")
    )
    report_transition(user=people["xa.tandoan"], report=sent, to_status=ReportStatus.SUBMITTED)
    draft = report_open(user=people["bqlda"], unit=district["board"], period=SEPTEMBER)
    return {"sent": sent, "draft": draft}


def units_of(answer) -> list[tuple[str, str]]:
    return sorted((row["unit"], row["status"]) for row in answer.json()["results"])


@pytest.mark.parametrize("login", ROLES)
def test_every_role_reads_the_reports_it_may_see(api_for, reports, login):
    answer = api_for(login).get("/api/v1/periodic-reports/")
    assert answer.status_code == 200
    expected = {
        "bqlda": [("BQLDA", "draft")],
        "xa.tandoan": [("XA-TD", "submitted")],
    }.get(login, [("XA-TD", "submitted")])  # the district sees what was sent, not drafts
    assert units_of(answer) == expected


def test_a_sent_report_carries_its_frozen_figures_and_filters_work(api_for, reports):
    api = api_for("tckh")
    [report] = api.get("/api/v1/periodic-reports/?period=2024-09&unit=XA-TD").json()["results"]
    reports["sent"].refresh_from_db()
    assert report["plan"] == reports["sent"].plan and report["plan"] is not None
    assert report["disbursed"] == reports["sent"].disbursed
    assert report["progress"] == "Đã xong nền đường." and report["cadence"] == "monthly"
    assert api.get("/api/v1/periodic-reports/?period=2024-08").json()["count"] == 0
    assert api.get("/api/v1/periodic-reports/?status=returned").json()["count"] == 0
    # Another unit's draft is not found, even by its id.
    assert api.get(f"/api/v1/periodic-reports/{reports['draft'].pk}/").status_code == 404


def test_a_visitor_reads_no_report_nor_movement(api_for, reports, movement):  # noqa: F811
    assert api_for(None).get("/api/v1/periodic-reports/").status_code == 401
    assert api_for(None).get("/api/v1/movements/").status_code == 401
    assert (
        api_for(None).get("/api/v1/movements/DTC-2024/evaluation/?as_of=2025-01-31").status_code
        == 401
    )


def command_evaluation(code: str, as_of: str) -> dict:
    out = io.StringIO()
    call_command("movement", "evaluate", code, "--as-of", as_of, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("login", ROLES)
@pytest.mark.parametrize("as_of", ["2024-10-31", "2025-01-31"])
def test_the_evaluation_answers_the_commands_json_to_every_role(
    api_for,
    movement,  # noqa: F811
    ledger,  # noqa: F811
    login,
    as_of,
):
    api = api_for(login)
    listed = api.get("/api/v1/movements/").json()["results"]
    assert [row["code"] for row in listed] == ["DTC-2024"]
    answer = api.get(f"/api/v1/movements/DTC-2024/evaluation/?as_of={as_of}")
    assert answer.status_code == 200
    expected = command_evaluation("DTC-2024", as_of)
    assert answer.json() == expected
    proposals = {row["code"]: row["proposal"] for row in expected["participants"]}
    if as_of == "2025-01-31":
        assert proposals == {"BQLDA": "award", "XA-TD": "review"}


def test_an_evaluation_needs_a_real_date(api_for, movement):  # noqa: F811
    api = api_for("tckh")
    missing = api.get("/api/v1/movements/DTC-2024/evaluation/")
    assert missing.status_code == 400 and missing.json() == {"as_of": ["Thiếu tham số này."]}
    wrong = api.get("/api/v1/movements/DTC-2024/evaluation/?as_of=31/02/2025")
    assert wrong.status_code == 400 and wrong.json()["as_of"] == ["ngày không có thật"]
    assert api.get("/api/v1/movements/KHONG-CO/evaluation/?as_of=2025-01-31").status_code == 404


def test_an_account_without_a_role_sees_no_movement(people, movement):  # noqa: F811
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    from giaingan.api.tokens import api_token_issue

    nobody = get_user_model().objects.create_user("khach", password="giaingan")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=nobody)[1]}")
    assert api.get("/api/v1/movements/").status_code == 403
    assert api.get("/api/v1/periodic-reports/").status_code == 403

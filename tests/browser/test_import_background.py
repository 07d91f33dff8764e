"""A large statement: uploaded, followed on a progress bar while the background worker runs
it, previewed, confirmed, imported, in real Chromium."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from giaingan.capital.models import TreasuryLine
from giaingan.imports.models import ImportJob, JobStatus
from tests.browser.conftest import screenshot
from tests.browser.test_journeys import ledger, log_in  # noqa: F401 - a fixture
from tests.imports.helpers import TREASURY, csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())


def test_a_large_statement_runs_in_the_background_with_its_progress(
    live_server,
    page,
    ledger,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_BACKGROUND_BYTES = 1  # this statement counts as large
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    log_in(page, live_server.url, "tckh")
    statement = tmp_path / "kho_bac_ca_nam.csv"
    statement.write_bytes(csv_bytes(TREASURY))
    page.goto(f"{live_server.url}/imports/treasury/")
    page.locator("input[type=file]").set_input_files(str(statement))
    page.get_by_role("button", name="Tải lên và xem trước").click()

    progress = page.locator("#job-progress")
    expect(progress).to_contain_text("Đang chờ bộ chạy nền")
    expect(page.locator("progress")).to_be_visible()
    screenshot(page, "import-progress")
    run_worker()  # the worker takes the preview; the page, polling, then shows it
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Sẽ tạo mới 4")
    assert TreasuryLine.objects.count() == 0  # the preview wrote nothing

    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(progress).to_be_visible()
    assert ImportJob.objects.filter(dry_run=False, status=JobStatus.QUEUED).count() == 1
    run_worker()
    expect(page.locator("main")).to_contain_text("kho_bac_ca_nam.csv")
    expect(page.locator("main")).to_contain_text("Đã nhập tệp kho_bac_ca_nam.csv")
    assert TreasuryLine.objects.count() == 4

"""Large previews and imports run in the background worker, with their progress; only the
uploader, Finance-Planning and the administrator follow a job; a job whose worker died
shows as failed, with nothing written."""

from __future__ import annotations

import io
import json
import os
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from giaingan.imports.importers import IMPORTERS
from giaingan.imports.jobs import (
    STOPPED,
    import_job_run,
    job_refresh,
    job_start,
    progress_path,
    stored_path,
)
from giaingan.imports.models import ImportBatch, ImportJob, JobStatus
from giaingan.org.models import Unit
from tests.conftest import ROLE_LOGINS
from tests.imports.helpers import UNITS, csv_bytes
from tests.imports.test_import_views import text_of, token_of, upload

pytestmark = pytest.mark.django_db

NEW_UNITS = [*UNITS, ["TT-VQ", "UBND thị trấn Văn Quan", "xa", "UBND"]]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def background(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_BACKGROUND_BYTES = 1  # every file is "large"
    settings.TASKS = IMMEDIATE


def test_a_large_file_is_previewed_then_imported_in_the_background(
    client_for, django_capture_on_commit_callbacks
):
    client = client_for("tckh")
    with django_capture_on_commit_callbacks(execute=True):
        queued = upload(client, "units", csv_bytes(NEW_UNITS), "don_vi.csv")
    preview_job = ImportJob.objects.get()
    assert queued.status_code == 302
    assert queued["Location"] == reverse("imports:job", args=[preview_job.pk])
    assert (preview_job.status, preview_job.dry_run) == (JobStatus.DONE, True)
    assert preview_job.rows_expected == 5
    assert json.loads(progress_path(preview_job).read_text()) == {"rows": 5}
    assert not Unit.objects.filter(code="TT-VQ").exists()  # a preview writes nothing
    page = client.get(queued["Location"])
    assert "Sẽ tạo mới 1" in text_of(page)
    token = token_of(page)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(reverse("imports:confirm", args=["units"]), {"token": token})
    import_job = ImportJob.objects.exclude(pk=preview_job.pk).get()
    assert confirmed["Location"] == reverse("imports:job", args=[import_job.pk])
    assert (import_job.status, import_job.dry_run) == (JobStatus.DONE, False)
    finished = client.get(confirmed["Location"])
    batch = ImportBatch.objects.get()
    assert finished["Location"] == reverse("imports:batch", args=[batch.pk])
    assert Unit.objects.filter(code="TT-VQ").exists()
    assert not stored_path(token, ".csv").exists()
    # The token was used: a second confirm finds nothing.
    again = client.post(reverse("imports:confirm", args=["units"]), {"token": token})
    assert again.status_code == 404


def test_a_bad_large_file_shows_its_problems_and_cannot_be_confirmed(
    client_for, django_capture_on_commit_callbacks
):
    client = client_for("tckh")
    bad = [*UNITS, ["TT-VQ", "UBND thị trấn Văn Quan", "khong_co_loai", "UBND"]]
    with django_capture_on_commit_callbacks(execute=True):
        queued = upload(client, "units", csv_bytes(bad), "don_vi.csv")
    page = text_of(client.get(queued["Location"]))
    assert "1 lỗi; không ghi dòng nào" in page
    assert 'name="token"' not in page
    assert not Unit.objects.filter(code="TT-VQ").exists()


def make_job(people, *, login: str = "khobac", status: str = JobStatus.RUNNING) -> ImportJob:
    return ImportJob.objects.create(
        token="0" * 32,
        kind="treasury",
        file_name="sao_ke.csv",
        suffix=".csv",
        size=10,
        user=people[login],
        status=status,
        rows_expected=10_000,
    )


@pytest.mark.parametrize("role", [*ROLE_LOGINS, "admin"])
def test_only_the_uploader_finance_planning_and_admin_follow_a_job(client_for, people, role):
    job = make_job(people)
    progress_path(job).write_text(json.dumps({"rows": 2500}))
    client = client_for(role)
    answer = client.get(reverse("imports:job_progress", args=[job.pk]))
    page = client.get(reverse("imports:job", args=[job.pk]))
    if role in {"khobac", "tckh", "admin"}:
        assert answer.status_code == 200 and page.status_code == 200
        assert "Đã đọc 2500 / khoảng 10000 dòng (25%)" in text_of(answer)
        assert 'value="25"' in text_of(answer)
        assert reverse("imports:job_progress", args=[job.pk]) in text_of(page)
    else:
        assert answer.status_code == 403 and page.status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, people):
    job = make_job(people)
    answer = client.get(reverse("imports:job_progress", args=[job.pk]))
    assert answer.status_code == 302 and "/dang-nhap/" in answer["Location"]


def test_a_finished_job_sends_htmx_to_its_page(client_for, people):
    job = make_job(people, status=JobStatus.DONE)
    answer = client_for("khobac").get(
        reverse("imports:job_progress", args=[job.pk]), HTTP_HX_REQUEST="true"
    )
    assert answer["HX-Redirect"] == reverse("imports:job", args=[job.pk])


def test_a_running_job_whose_worker_died_shows_as_failed(client_for, people, settings):
    settings.IMPORT_STALE_SECONDS = 60
    job = make_job(people)
    marker = progress_path(job)
    marker.write_text(json.dumps({"rows": 1000}))
    os.utime(marker, (time.time() - 30, time.time() - 30))
    page = client_for("khobac").get(reverse("imports:job", args=[job.pk]))
    assert "Đã đọc 1000" in text_of(page)  # still moving a moment ago
    os.utime(marker, (time.time() - 61, time.time() - 61))
    page = client_for("khobac").get(reverse("imports:job", args=[job.pk]))
    assert STOPPED in text_of(page)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None


@pytest.mark.django_db(transaction=True)  # the worker, like any, closes a connection left
def test_the_database_worker_runs_a_queued_import(  # in a transaction: commit for real
    people, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE
    token = "a" * 32
    content = csv_bytes(NEW_UNITS)
    path = stored_path(token, ".csv")
    path.with_name(path.name + ".running").write_bytes(content)
    entry = {"name": "don_vi.csv", "suffix": ".csv", "size": len(content)}
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="units", token=token, entry=entry, user=people["tckh"], dry_run=False)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED  # queued in the database, not run yet
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.result
    assert job.batch is not None and Unit.objects.filter(code="TT-VQ").exists()


def test_the_upload_form_names_the_limits_from_settings(client_for, settings):
    settings.IMPORT_MAX_FILE_BYTES = 20 * 1024 * 1024
    settings.IMPORT_MAX_ROWS = 300_000
    page = text_of(client_for("tckh").get(reverse("imports:upload", args=["units"])))
    assert "Tối đa 20 MB và 300.000 dòng" in page


def test_a_job_nobody_takes_says_the_worker_is_not_running(client_for, people, settings):
    settings.IMPORT_QUEUE_WARN_SECONDS = 60
    job = make_job(people, status=JobStatus.QUEUED)
    client = client_for("khobac")
    fresh = text_of(client.get(reverse("imports:job_progress", args=[job.pk])))
    assert "Đang chờ bộ chạy nền" in fresh and "db_worker" not in fresh
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(seconds=61))
    late = text_of(client.get(reverse("imports:job_progress", args=[job.pk])))
    assert "Bộ chạy nền vẫn chưa nhận việc này" in late and "giaingan db_worker" in late
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED  # it still runs once a worker starts


class SlowImporter:
    """An importer whose one step outlasts the stale limit, as a long commit does."""

    seen: list[str] = []

    def __init__(self, *, user, dry_run):
        pass

    def run(self, stream, name, progress):
        job = ImportJob.objects.get(token="b" * 32)
        time.sleep(2.5)
        SlowImporter.seen.append(job_refresh(job).status)
        return SimpleNamespace(as_dict=lambda: {"problems": []}, batch=None)


def test_a_long_step_is_not_mistaken_for_a_dead_worker(people, settings, monkeypatch):
    settings.IMPORT_STALE_SECONDS = 2  # a heartbeat every second
    monkeypatch.setitem(IMPORTERS, "treasury", SlowImporter)
    token = "b" * 32
    stored_path(token, ".csv").write_bytes(b"x")
    job = ImportJob.objects.create(
        token=token,
        kind="treasury",
        file_name="a.csv",
        suffix=".csv",
        size=1,
        user=people["khobac"],
        dry_run=True,
    )
    import_job_run.call(job.pk)
    assert SlowImporter.seen == [JobStatus.RUNNING]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE

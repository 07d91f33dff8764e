"""Large previews and imports, run out of the request by the background worker.

The upload stays where the upload pages keep it (MEDIA_ROOT/imports, named by a random
token); a job names it, its kind and its uploader. The worker runs the same importer as the
page (a preview on a dry run), and writes its progress to a small file beside the upload
every thousand rows, outside the import's transaction: on SQLite that transaction locks the
database, and any process that can run the job shares that folder anyway. While the job
runs, a heartbeat touches that file too, so a long commit is never mistaken for a dead
worker. The job's row says queued, running, done or failed; a running job whose file has
stopped moving (its worker was killed: its transaction died with it, nothing was written)
is failed on sight; a job still queued after a while says no worker has taken it.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from giaingan.imports.base import ImportResult
from giaingan.imports.importers import IMPORTERS
from giaingan.imports.models import ImportJob, JobStatus
from giaingan.imports.reader import row_estimate

logger = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".xlsx", ".csv")
STOPPED = (
    "Việc nhập bị gián đoạn (bộ chạy nền đã dừng giữa chừng): không ghi dòng nào. "
    "Hãy tải tệp lên lại."
)
BROKE = "Việc nhập gặp lỗi không lường trước: không ghi dòng nào. Hãy báo quản trị viên."


def upload_folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_path(token: str, suffix: str) -> Path:
    return upload_folder() / f"{token}{suffix}"


def claimed_path(token: str, suffix: str) -> Path:
    """Where a confirmed upload waits for its import: renamed, so it is confirmed once."""
    path = stored_path(token, suffix)
    return path.with_name(path.name + ".running")


def progress_path(job: ImportJob) -> Path:
    return upload_folder() / f"job-{job.pk}.progress"


def upload_keep(upload: Any) -> tuple[str, dict[str, Any]]:
    """Write an uploaded file under a new random token; its entry names it, its suffix and
    size. The upload pages and the API keep files alike, for `job_start` to read."""
    token = secrets.token_hex(16)
    suffix = Path(upload.name).suffix.lower()
    with stored_path(token, suffix).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    entry = {
        "kind": "",
        "name": Path(upload.name).name[:255],
        "suffix": suffix,
        "size": upload.size,
        "at": timezone.now().isoformat(),
    }
    return token, entry


def job_start(
    *,
    kind: str,
    token: str,
    entry: dict[str, Any],
    user: Any,
    dry_run: bool,
    background: bool = True,
) -> ImportJob:
    """Queue the preview (dry run) or the import of an upload for the background worker, or,
    with `background=False`, run it now, in this request, the same way."""
    path = stored_path(token, entry["suffix"]) if dry_run else claimed_path(token, entry["suffix"])
    with path.open("rb") as stream:
        expected = row_estimate(stream)
    job = ImportJob.objects.create(
        token=token,
        kind=kind,
        file_name=entry["name"],
        suffix=entry["suffix"],
        size=entry["size"],
        dry_run=dry_run,
        user=user,
        rows_expected=min(expected, 2**31 - 1),
    )
    if not background:
        import_job_run.call(job.pk)
        job.refresh_from_db()
        return job
    transaction.on_commit(lambda: import_job_run.enqueue(job.pk))
    return job


def rows_done(job: ImportJob) -> int:
    try:
        return json.loads(progress_path(job).read_text())["rows"]
    except (OSError, ValueError, KeyError):
        return 0


def job_refresh(job: ImportJob) -> ImportJob:
    """The job as it stands; a running job whose progress has stopped is failed now."""
    job.refresh_from_db()
    if job.status != JobStatus.RUNNING:
        return job
    try:
        last = progress_path(job).stat().st_mtime
    except OSError:
        last = job.started_at.timestamp() if job.started_at else time.time()
    if time.time() - last > settings.IMPORT_STALE_SECONDS:
        updated = ImportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), result={"error": STOPPED}
        )
        if updated:
            logger.warning("import job %s stopped moving: failed", job.pk)
        job.refresh_from_db()
    return job


def job_waits_for_worker(job: ImportJob) -> bool:
    """A job still queued well after its upload: no background worker is taking jobs."""
    return (
        job.status == JobStatus.QUEUED
        and (timezone.now() - job.created_at).total_seconds() > settings.IMPORT_QUEUE_WARN_SECONDS
    )


def heartbeat(marker: Path, stop: threading.Event) -> None:
    """Touch the progress file while the worker lives, however long one step takes."""
    interval = max(1.0, settings.IMPORT_STALE_SECONDS / 5)
    while not stop.wait(interval):
        try:
            os.utime(marker)
        except OSError:
            return


def job_result(job: ImportJob) -> ImportResult | None:
    if job.status != JobStatus.DONE or "problems" not in job.result:
        return None
    return ImportResult.from_dict(job.result)


@task()
def import_job_run(job_id: int) -> None:
    """Run one queued job: the importer, all or nothing, its progress on the way."""
    claimed = ImportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return  # already run, or failed meanwhile
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    marker = progress_path(job)
    done = 0

    def progress(rows: int) -> None:
        nonlocal done
        done += rows
        part = marker.with_suffix(".part")
        part.write_text(json.dumps({"rows": done}))
        os.replace(part, marker)

    progress(0)
    stop = threading.Event()
    beating = threading.Thread(target=heartbeat, args=(marker, stop), daemon=True)
    beating.start()
    path = (
        stored_path(job.token, job.suffix) if job.dry_run else claimed_path(job.token, job.suffix)
    )
    importer = IMPORTERS[job.kind](user=job.user, dry_run=job.dry_run)
    try:
        with path.open("rb") as stream:
            result = importer.run(stream, job.file_name, progress=progress)
    except Exception:  # a bug, a lost file: the job says so; the transaction wrote nothing
        logger.exception("import job %s failed", job.pk)
        job.status, job.result = JobStatus.FAILED, {"error": BROKE}
    else:
        job.status, job.result, job.batch = JobStatus.DONE, result.as_dict(), result.batch
    finally:
        stop.set()
        if not job.dry_run:
            path.unlink(missing_ok=True)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "result", "batch", "finished_at"])

"""Import pages: upload a file, preview what it would change, confirm, and the history.

An upload is kept on disk, named by a random token, until the user confirms or cancels it;
only the user's session knows the token, so nobody else can confirm someone's upload. The
preview is the real importer on a dry run, so what it promises is what the confirm does.
"""

from __future__ import annotations

import re
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from giaingan.capital.models import PlanEntry, TreasuryLine
from giaingan.imports.base import MAX_PROBLEMS, ImportResult
from giaingan.imports.importers import IMPORTERS
from giaingan.imports.jobs import (
    job_refresh,
    job_result,
    job_start,
    job_waits_for_worker,
    rows_done,
    stored_path,
    upload_folder,
    upload_keep,
)
from giaingan.imports.models import ImportBatch, ImportJob, ImportKind
from giaingan.imports.templates import template_file_name, template_workbook
from giaingan.lib.money import format_number
from giaingan.lib.uploads import size_text
from giaingan.web.access import permission_required, require

ALLOWED_SUFFIXES = (".xlsx", ".csv")
SESSION_KEY = "imports_pending"
PENDING_PER_SESSION = 10
# Uploads never confirmed nor cancelled are removed after a working day (the session's life).
STALE_SECONDS = 24 * 3600
HISTORY_PER_PAGE = 50
CODES_SHOWN = 500
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp dữ liệu (.xlsx hoặc .csv)",
        error_messages={
            "required": "Hãy chọn một tệp .xlsx hoặc .csv.",
            "empty": "Tệp rỗng (0 byte).",
            "invalid": "Không nhận được tệp: hãy chọn lại.",
            "missing": "Không nhận được tệp: hãy chọn lại.",
            "max_length": "Tên tệp quá dài.",
        },
        max_length=255,
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any):
        # Several forms share the home page: give each its own element ids.
        super().__init__(*args, auto_id=f"id_{kind}_%s", **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(ALLOWED_SUFFIXES)
        self.limit_text = size_text(settings.IMPORT_MAX_FILE_BYTES)
        self.rows_text = format_number(settings.IMPORT_MAX_ROWS)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv); tệp «%(name)s» không đúng loại. "
                "Với tệp .xls cũ, hãy mở bằng Excel và lưu lại dạng .xlsx.",
                params={"name": upload.name},
            )
        if upload.size > settings.IMPORT_MAX_FILE_BYTES:
            raise forms.ValidationError(
                "Tệp lớn %(size)s, quá giới hạn %(limit)s: hãy chia thành nhiều tệp nhỏ hơn.",
                params={
                    "size": size_text(upload.size),
                    "limit": size_text(settings.IMPORT_MAX_FILE_BYTES),
                },
            )
        return upload


# Helpers ------------------------------------------------------------------------------


def _kind_allowed(request: HttpRequest, kind: str) -> str:
    """The kind, if it exists (else 404) and the user may import it (else 403)."""
    if kind not in IMPORTERS:
        raise Http404
    require(request, f"imports.import_{kind}")
    return kind


def imports_home_url(user, kind: str) -> str:
    """Where "Nhập dữ liệu" leads this user: the imports' home for who may see the history,
    else the upload page of the kind at hand (an investor's contracts or acceptances)."""
    if user.has_perm("imports.view_history"):
        return reverse("imports:home")
    return reverse("imports:upload", args=[kind])


def _label(kind: str) -> str:
    return str(ImportKind(kind).label)


def _stored_path(token: str, suffix: str) -> Path:
    if not TOKEN_PATTERN.match(token) or suffix not in ALLOWED_SUFFIXES:
        raise Http404
    return stored_path(token, suffix)


def _remove_stale(folder: Path) -> None:
    cutoff = time.time() - STALE_SECONDS
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:  # another request removed it first
            pass


def _pending(request: HttpRequest) -> dict[str, dict[str, Any]]:
    return request.session.get(SESSION_KEY, {})


def _forget(request: HttpRequest, token: str) -> dict[str, Any] | None:
    pending = _pending(request)
    entry = pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    if entry is not None:
        _stored_path(token, entry["suffix"]).unlink(missing_ok=True)
    return entry


def _store(request: HttpRequest, kind: str, upload: Any) -> tuple[str, dict[str, Any]]:
    """Write the upload under a random token and remember it in the user's session."""
    _remove_stale(upload_folder())
    token, entry = upload_keep(upload)
    entry["kind"] = kind
    pending = _pending(request)
    while len(pending) >= PENDING_PER_SESSION:
        _forget(request, next(iter(pending)))
        pending = _pending(request)
    pending[token] = entry
    request.session[SESSION_KEY] = pending
    return token, entry


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        shown = f"{format_number(Decimal(size) / (1024 * 1024), 1)} MB"
    elif size >= 1024:
        shown = f"{format_number(Decimal(size) / 1024, 1)} KB"
    else:
        return f"{format_number(size)} byte"
    return f"{shown} ({format_number(size)} byte)"


def _run(kind: str, path: Path, name: str, *, dry_run: bool, user: Any) -> ImportResult:
    importer = IMPORTERS[kind](user=user, dry_run=dry_run)
    with path.open("rb") as stream:
        return importer.run(stream, name)


def _preview_context(
    kind: str, entry: dict[str, Any], result: ImportResult, token: str | None
) -> dict[str, Any]:
    earlier = (
        ImportBatch.objects.filter(kind=kind, sha256=result.sha256).select_related("user").first()
    )
    return {
        "kind": kind,
        "label": _label(kind),
        "entry": entry,
        "size_text": _size_text(entry["size"]),
        "result": result,
        "token": token,
        "earlier": earlier,
        "problems_cut": result.problems_total > len(result.problems),
        "max_problems": MAX_PROBLEMS,
        "form": UploadForm(kind=kind),
    }


# Pages --------------------------------------------------------------------------------


@permission_required("imports.view_history")
def home(request: HttpRequest) -> HttpResponse:
    kinds = [
        {"kind": kind, "label": _label(kind), "form": UploadForm(kind=kind)}
        for kind in IMPORTERS
        if request.user.has_perm(f"imports.import_{kind}")
    ]
    batches = ImportBatch.objects.select_related("user").order_by("-at", "-id")
    page = Paginator(batches, HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "imports/home.html", {"kinds": kinds, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    _kind_allowed(request, kind)
    if request.method == "GET":
        form = UploadForm(kind=kind)
    else:
        form = UploadForm(request.POST, request.FILES, kind=kind)
        if form.is_valid():
            token, entry = _store(request, kind, form.cleaned_data["file"])
            if entry["size"] >= settings.IMPORT_BACKGROUND_BYTES:
                job = job_start(
                    kind=kind, token=token, entry=entry, user=request.user, dry_run=True
                )
                return redirect("imports:job", pk=job.pk)
            path = _stored_path(token, entry["suffix"])
            result = _run(kind, path, entry["name"], dry_run=True, user=request.user)
            if not result.ok:
                # Nothing to confirm: the user fixes the file and uploads it again.
                _forget(request, token)
                token = None
            else:
                _pending(request)[token]["sha256"] = result.sha256
                request.session.modified = True
            return render(
                request, "imports/preview.html", _preview_context(kind, entry, result, token)
            )
    return render(
        request, "imports/upload.html", {"kind": kind, "label": _label(kind), "form": form}
    )


@login_required
@require_POST
def confirm(request: HttpRequest, kind: str) -> HttpResponse:
    _kind_allowed(request, kind)
    token = request.POST.get("token", "")
    entry = _pending(request).get(token)
    if entry is None or entry["kind"] != kind:
        raise Http404  # not this user's upload, or already confirmed or cancelled
    path = _stored_path(token, entry["suffix"])
    claimed = path.with_name(path.name + ".running")
    try:
        # Renaming is atomic: of two clicks on "confirm", only one runs the import.
        path.rename(claimed)
    except FileNotFoundError:
        _forget(request, token)
        messages.error(
            request,
            "Tệp chờ nhập không còn (đã nhập, đã hủy hoặc quá hạn): hãy tải tệp lên lại.",
        )
        return redirect("imports:upload", kind=kind)
    if entry["size"] >= settings.IMPORT_BACKGROUND_BYTES:
        job = job_start(kind=kind, token=token, entry=entry, user=request.user, dry_run=False)
        _forget(request, token)
        return redirect("imports:job", pk=job.pk)
    try:
        result = _run(kind, claimed, entry["name"], dry_run=False, user=request.user)
    finally:
        claimed.unlink(missing_ok=True)
        _forget(request, token)
    if not result.ok or result.batch is None:
        messages.error(
            request,
            "Dữ liệu đã thay đổi từ lúc xem trước nên tệp không còn nhập được: "
            "không ghi dòng nào. Sửa các lỗi dưới đây rồi tải tệp lên lại.",
        )
        return render(request, "imports/preview.html", _preview_context(kind, entry, result, None))
    messages.success(request, f"Đã nhập tệp {entry['name']}. {result.summary()}")
    return redirect("imports:batch", pk=result.batch.pk)


@login_required
@require_POST
def cancel(request: HttpRequest, kind: str) -> HttpResponse:
    _kind_allowed(request, kind)
    entry = _forget(request, request.POST.get("token", ""))
    if entry is not None:
        messages.info(request, f"Đã hủy nhập tệp {entry['name']}: không ghi gì.")
    if request.user.has_perm("imports.view_history"):
        return redirect("imports:home")
    return redirect("imports:upload", kind=kind)


@login_required
def template(request: HttpRequest, kind: str) -> HttpResponse:
    _kind_allowed(request, kind)
    response = HttpResponse(template_workbook(kind), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{template_file_name(kind)}"'
    return response


@login_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(ImportBatch.objects.select_related("user"), pk=pk)
    require(request, "imports.view_batch", record)
    ledger_rows = None
    if record.kind == ImportKind.PLAN:
        ledger_rows = PlanEntry.objects.filter(import_batch=record).count()
    elif record.kind == ImportKind.TREASURY:
        ledger_rows = TreasuryLine.objects.filter(import_batch=record).count()
    codes = record.created_codes or []
    return render(
        request,
        "imports/batch.html",
        {
            "batch": record,
            "ledger_rows": ledger_rows,
            "codes": codes[:CODES_SHOWN],
            "codes_total": len(codes),
            "codes_cut": len(codes) > CODES_SHOWN,
            "home_url": imports_home_url(request.user, record.kind),
        },
    )


# Background jobs ----------------------------------------------------------------------


def _job_for(request: HttpRequest, pk: int) -> ImportJob:
    """The job, if the user may follow it: its uploader, Finance-Planning, the admin."""
    job = get_object_or_404(ImportJob.objects.select_related("user"), pk=pk)
    require(request, "imports.view_job", job)
    return job_refresh(job)


def _progress_context(job: ImportJob) -> dict[str, Any]:
    done = rows_done(job)
    expected = max(job.rows_expected, done, 1)
    return {
        "job": job,
        "rows_done": done,
        "rows_expected": job.rows_expected,
        "percent": min(100, done * 100 // expected) if job.status == "running" else 0,
        "no_worker": job_waits_for_worker(job),
    }


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """A background preview or import: its progress while it runs, then what it found."""
    record = _job_for(request, pk)
    entry = {"kind": record.kind, "name": record.file_name, "size": record.size}
    result = job_result(record)
    if result is None or not record.finished:
        context = {**_progress_context(record), "label": _label(record.kind)}
        context["error"] = record.result.get("error", "")
        return render(request, "imports/job.html", context)
    if not record.dry_run:
        if (
            result.ok
            and record.batch_id
            and request.user.has_perm("imports.view_batch", record.batch)
        ):
            messages.success(request, f"Đã nhập tệp {record.file_name}. {result.summary()}")
            return redirect("imports:batch", pk=record.batch_id)
        if not result.ok:
            messages.error(
                request,
                "Dữ liệu đã thay đổi từ lúc xem trước nên tệp không còn nhập được: "
                "không ghi dòng nào. Sửa các lỗi dưới đây rồi tải tệp lên lại.",
            )
        return render(
            request, "imports/preview.html", _preview_context(record.kind, entry, result, None)
        )
    token: str | None = record.token
    pending = _pending(request).get(record.token)
    if pending is None or record.user_id != request.user.pk:
        token = None  # only the uploader's session may confirm it
    elif not result.ok:
        _forget(request, record.token)
        token = None
    elif pending.get("sha256") != result.sha256:
        pending["sha256"] = result.sha256
        request.session.modified = True
    return render(
        request, "imports/preview.html", _preview_context(record.kind, entry, result, token)
    )


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone, for htmx to poll; once finished, htmx loads the job's page."""
    record = _job_for(request, pk)
    if record.finished and request.htmx:
        return HttpResponseClientRedirect(reverse("imports:job", args=[record.pk]))
    return render(request, "imports/_job_progress.html", _progress_context(record))

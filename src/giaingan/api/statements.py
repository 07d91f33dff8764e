"""Post a treasury statement through the API: the importer's preview, then its confirm.

The same contract as the import pages (`imports/`): POST the file and get a preview (its
id, with every problem, or the summary of what it would write); POST its confirm and the
file is imported, all or nothing, by the same importer. A file as large as the pages send
to the background worker goes there too: the answer is 202 and the preview is read again
until it is `done`. Only the uploader confirms, once.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from giaingan.api.access import rule
from giaingan.imports.base import ImportResult
from giaingan.imports.jobs import claimed_path, job_refresh, job_start, stored_path, upload_keep
from giaingan.imports.models import ImportJob, ImportKind, JobStatus
from giaingan.imports.views import UploadForm

KIND = ImportKind.TREASURY.value
GONE = "Tệp chờ nhập không còn (đã nhập hoặc quá hạn): hãy gửi tệp lên lại."
NOT_READY = "Bản xem trước chưa xong: hãy đọc lại nó cho đến khi trạng thái là «done»."
HAS_PROBLEMS = "Bản xem trước có lỗi nên không xác nhận được: sửa tệp rồi gửi lại."
NOT_A_PREVIEW = "Đây là một lần nhập, không phải bản xem trước."
CHANGED = (
    "Dữ liệu đã thay đổi từ lúc xem trước nên tệp không còn nhập được: không ghi dòng nào. "
    "Sửa các lỗi rồi gửi tệp lên lại."
)


class ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    value = serializers.CharField()
    reason = serializers.CharField()
    message = serializers.CharField(help_text="dòng, cột, giá trị và lý do, như trang nhập")


class StatementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    preview = serializers.BooleanField(help_text="bản xem trước (true) hay lần nhập (false)")
    status = serializers.ChoiceField(choices=JobStatus.values)
    file_name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField(allow_null=True)
    ok = serializers.BooleanField(allow_null=True, help_text="null khi chưa xong")
    summary = serializers.CharField()
    rows_read = serializers.IntegerField()
    created = serializers.IntegerField()
    skipped = serializers.IntegerField()
    problems = ProblemSerializer(many=True)
    problems_total = serializers.IntegerField()
    batch = serializers.IntegerField(allow_null=True, help_text="lần nhập đã ghi")
    confirm_url = serializers.CharField(allow_null=True)


def statement_data(job: ImportJob, request: Request) -> dict:
    result: ImportResult | None = None
    if job.status == JobStatus.DONE and "problems" in job.result:
        result = ImportResult.from_dict(job.result)
    if result is not None:
        summary = result.summary()
    elif job.status == JobStatus.FAILED:
        summary = job.result.get("error", "")
    else:
        summary = "Đang xử lý: hãy đọc lại sau ít giây."
    confirmable = (
        job.dry_run
        and result is not None
        and result.ok
        and stored_path(job.token, job.suffix).exists()
    )
    return {
        "id": job.pk,
        "preview": job.dry_run,
        "status": job.status,
        "file_name": job.file_name,
        "size": job.size,
        "sha256": None if result is None else result.sha256,
        "ok": None if result is None else result.ok,
        "summary": summary,
        "rows_read": 0 if result is None else result.rows_read,
        "created": 0 if result is None else result.created,
        "skipped": 0 if result is None else result.skipped,
        "problems": []
        if result is None
        else [{**problem.as_dict(), "message": str(problem)} for problem in result.problems],
        "problems_total": 0 if result is None else result.problems_total,
        "batch": job.batch_id,
        "confirm_url": reverse("api:statement-confirm", args=[job.pk], request=request)
        if confirmable
        else None,
    }


def answer(job: ImportJob, request: Request, created: bool = True) -> Response:
    if not job.finished:
        code = status.HTTP_202_ACCEPTED
    else:
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return Response(statement_data(job, request), status=code)


def own_job(request: Request, pk: int) -> ImportJob:
    """The treasury job `pk`, if the user may follow it (its uploader, Finance-Planning)."""
    job = get_object_or_404(ImportJob, pk=pk, kind=KIND)
    if not request.user.has_perm("imports.view_job", job):
        raise NotFound  # nobody learns that someone else's upload exists
    return job_refresh(job)


ERRORS = inline_serializer("StatementError", {"detail": serializers.CharField()})


class StatementUpload(APIView):
    """Send a treasury statement (.xlsx or .csv, FORMATS.md's columns) for a preview."""

    title = "Gửi sao kê Kho bạc"
    summary = (
        "Gửi tệp sao kê Kho bạc (.xlsx hoặc .csv, các cột theo FORMATS.md) để xem trước; "
        "xác nhận rồi mới ghi, tất cả hoặc không gì cả."
    )
    permission_classes = [rule("imports.import_treasury")]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="treasury_statements_create",
        request={
            "multipart/form-data": inline_serializer(
                "StatementUpload", {"file": serializers.FileField()}
            )
        },
        responses={
            201: StatementSerializer,
            202: StatementSerializer,
            400: OpenApiResponse(description="tệp không nhận được, sai loại hoặc quá lớn"),
        },
    )
    def post(self, request: Request) -> Response:
        form = UploadForm(request.POST, request.FILES, kind=KIND)
        if not form.is_valid():
            raise ValidationError({"file": form.errors.get("file", [])})
        token, entry = upload_keep(form.cleaned_data["file"])
        entry["kind"] = KIND
        job = job_start(
            kind=KIND,
            token=token,
            entry=entry,
            user=request.user,
            dry_run=True,
            background=entry["size"] >= settings.IMPORT_BACKGROUND_BYTES,
        )
        if job.finished and job.result.get("problems"):
            # Nothing to confirm: the caller fixes the file and sends it again.
            stored_path(token, entry["suffix"]).unlink(missing_ok=True)
        return answer(job, request)


class StatementDetail(APIView):
    """A preview or an import sent through the API: its status, problems or summary."""

    title = "Sao kê Kho bạc đã gửi"
    summary = "Một lần xem trước hoặc nhập gửi qua API: trạng thái, các lỗi hoặc kết quả."
    permission_classes = [rule("imports.import_treasury")]

    @extend_schema(operation_id="treasury_statements_retrieve", responses=StatementSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return answer(own_job(request, pk), request, created=False)


class StatementConfirm(APIView):
    """Import the previewed file: all or nothing, once, by its uploader."""

    title = "Xác nhận nhập sao kê"
    summary = "Nhập tệp đã xem trước: tất cả hoặc không gì cả, một lần, do người gửi xác nhận."
    permission_classes = [rule("imports.import_treasury")]

    @extend_schema(
        operation_id="treasury_statements_confirm",
        request=None,
        responses={
            201: StatementSerializer,
            202: StatementSerializer,
            409: StatementSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        preview = own_job(request, pk)
        if preview.user_id != request.user.pk:
            raise PermissionDenied("Chỉ người gửi tệp được xác nhận nó.")
        if not preview.dry_run:
            return Response({"detail": NOT_A_PREVIEW}, status=status.HTTP_409_CONFLICT)
        if not preview.finished:
            return Response({"detail": NOT_READY}, status=status.HTTP_409_CONFLICT)
        if preview.status != JobStatus.DONE or preview.result.get("problems"):
            return Response({"detail": HAS_PROBLEMS}, status=status.HTTP_409_CONFLICT)
        path = stored_path(preview.token, preview.suffix)
        try:
            # Renaming is atomic: of two confirms, only one imports the file.
            path.rename(claimed_path(preview.token, preview.suffix))
        except FileNotFoundError:
            return Response({"detail": GONE}, status=status.HTTP_409_CONFLICT)
        entry = {"kind": KIND, "name": preview.file_name, "suffix": preview.suffix}
        entry["size"] = preview.size
        job = job_start(
            kind=KIND,
            token=preview.token,
            entry=entry,
            user=request.user,
            dry_run=False,
            background=preview.size >= settings.IMPORT_BACKGROUND_BYTES,
        )
        if job.finished and job.status == JobStatus.DONE and job.result.get("problems"):
            data = statement_data(job, request)
            return Response({**data, "detail": CHANGED}, status=status.HTTP_409_CONFLICT)
        return answer(job, request)

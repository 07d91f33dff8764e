"""`giaingan report periodic|treasury ...`: the draft papers of a report as of a date,
written to a folder; with --issue --user LOGIN, issued (numbered, archived) as that user."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from giaingan.figures.selectors import Base
from giaingan.lib.dates import DATE_FORMS, DateError, parse_date
from giaingan.lib.problems import InvalidInput
from giaingan.reporting.content import (
    ReportRequest,
    default_texts,
    periodic_content,
    treasury_content,
)
from giaingan.reporting.models import Paper
from giaingan.reporting.papers import (
    Header,
    number_text,
    periodic_docx,
    periodic_xlsx,
    report_signer,
    treasury_docx,
    treasury_xlsx,
)
from giaingan.reporting.periods import TREASURY_KINDS, ReportKind
from giaingan.reporting.services import report_issue

PAPERS = {"periodic": Paper.PERIODIC, "treasury": Paper.TREASURY}


def add_arguments(parser, *, treasury: bool) -> None:
    kinds = TREASURY_KINDS if treasury else list(ReportKind)
    parser.add_argument("--kind", required=True, choices=[kind.value for kind in kinds])
    parser.add_argument("--as-of", required=True, help=f"số liệu tính đến ngày ({DATE_FORMS})")
    parser.add_argument("--base", choices=[base.value for base in Base], default="assigned")
    parser.add_argument(
        "--out", required=True, help="thư mục ghi văn bản (.docx) và các Biểu (.xlsx)"
    )
    parser.add_argument("--issue", action="store_true", help="phát hành: cấp số và lưu trữ")
    parser.add_argument("--user", help="tài khoản phát hành (cần với --issue)")
    parser.add_argument(
        "--signer",
        default="",
        help="họ và tên người ký (mặc định: người đứng đầu đơn vị ban hành ghi ở danh mục đơn vị)",
    )


def run(name: str, options: dict, stdout) -> None:
    """Write the two files; print their paths (and the number when issued)."""
    paper = PAPERS[name]
    try:
        as_of = parse_date(options["as_of"])
    except DateError as error:
        raise CommandError(f"--as-of: {error}", returncode=2) from None
    folder = Path(options["out"])
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"--out: {folder} không phải một thư mục", returncode=2)
    asked = ReportRequest(kind=ReportKind(options["kind"]), as_of=as_of, base=Base(options["base"]))
    if options["issue"]:
        docx, xlsx, stem, number = _issued(paper, asked, options)
    else:
        content = periodic_content(asked) if paper == Paper.PERIODIC else treasury_content(asked)
        login = options.get("user")
        user = get_user_model().objects.filter(username=login).first() if login else None
        try:
            signer = report_signer(paper, options.get("signer") or "", user)
        except InvalidInput as error:
            raise CommandError(
                "\n".join(str(problem) for problem in error.problems), returncode=1
            ) from None
        header = Header(
            number=number_text(paper, asked.kind, None), issued_on=None, signer_name=signer
        )
        if paper == Paper.PERIODIC:
            docx = periodic_docx(content, default_texts(content), header)
            xlsx = periodic_xlsx(content)
        else:
            docx, xlsx = treasury_docx(content, header), treasury_xlsx(content)
        stem, number = f"du-thao-{name}-{asked.kind}-{as_of:%Y%m%d}", ""
    folder.mkdir(parents=True, exist_ok=True)
    for suffix, data in (("docx", docx), ("xlsx", xlsx)):
        path = folder / f"{stem}.{suffix}"
        path.write_bytes(data)
        stdout.write(str(path))
    if number:
        stdout.write(f"Số: {number}")


def _issued(paper: Paper, asked: ReportRequest, options: dict):
    login = options.get("user")
    if not login:
        raise CommandError("--issue cần --user TÀI_KHOẢN", returncode=2)
    user = get_user_model().objects.filter(username=login).first()
    if user is None:
        raise CommandError(f"--user: không có tài khoản «{login}»", returncode=1)
    texts = None
    if paper == Paper.PERIODIC:
        texts = default_texts(periodic_content(asked))
    try:
        report = report_issue(
            user=user,
            paper=paper,
            request=asked,
            texts=texts,
            signer_name=options.get("signer") or "",
        )
    except PermissionDenied:
        raise CommandError(
            f"Tài khoản «{login}» không được phát hành báo cáo này.", returncode=1
        ) from None
    except InvalidInput as error:
        raise CommandError(
            "\n".join(str(problem) for problem in error.problems), returncode=1
        ) from None
    stem = report.number.replace("/", "-")
    return report.docx.read(), report.xlsx.read(), stem, report.number

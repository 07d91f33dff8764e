"""What an uploaded file may cost to open, checked before anything reads it.

A .xlsx or .docx is a zip: a few megabytes can declare (and expand to) gigabytes. The zip's
directory declares each entry's uncompressed size, and Python's zipfile never inflates an entry
past its declared size (it stops there and reports a bad checksum), so the declared sizes bound
what reading the file can cost.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import PurePath
from typing import IO

from django.conf import settings

from giaingan.lib.money import format_number

ZIP_MAGIC = b"PK\x03\x04"
ZIP_SUFFIXES = (".docx", ".xlsx", ".xlsm", ".pptx")
MAX_ZIP_ENTRIES = 10_000
MB = 1024 * 1024


def size_text(size: int) -> str:
    """A size as a Vietnamese reader says it: "5 MB", "1,5 GB", "300 KB"."""
    if size >= 1024 * MB:
        return f"{format_number(Decimal(size) / (1024 * MB), 1)} GB".replace(",0 GB", " GB")
    if size >= MB:
        return f"{format_number(Decimal(size) / MB, 1)} MB".replace(",0 MB", " MB")
    if size >= 1024:
        return f"{format_number(Decimal(size) // 1024)} KB"
    return f"{format_number(size)} byte"


def stream_size(stream: IO[bytes]) -> int:
    position = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(position)
    return size


def zip_problem(stream: IO[bytes], *, max_uncompressed: int) -> str:
    """Why `stream` cannot be opened as a zip ("" when it can): not a zip, or too big inside."""
    position = stream.tell()
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return "tệp hỏng hoặc không phải tệp nén ZIP (.xlsx, .docx) hợp lệ"
    finally:
        stream.seek(position)
    if len(entries) > MAX_ZIP_ENTRIES:
        return (
            f"tệp nén chứa {format_number(len(entries))} tệp con, "
            f"quá giới hạn {format_number(MAX_ZIP_ENTRIES)}"
        )
    total = sum(entry.file_size for entry in entries)
    if total > max_uncompressed:
        return (
            f"tệp giải nén ra {size_text(total)}, quá giới hạn {size_text(max_uncompressed)} "
            "khi giải nén"
        )
    return ""


def archive_problem(name: str, stream: IO[bytes]) -> str:
    """Why an attachment (evidence, a dossier paper) cannot be kept ("" when it can): a .docx
    or .xlsx that is no zip, or declares more than UPLOAD_MAX_UNCOMPRESSED_BYTES inside."""
    if PurePath(name).suffix.lower() not in ZIP_SUFFIXES or not stream_size(stream):
        return ""
    return zip_problem(stream, max_uncompressed=settings.UPLOAD_MAX_UNCOMPRESSED_BYTES)


ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".xlsx", ".jpg", ".jpeg", ".png")
ATTACHMENT_MAX_BYTES = 5 * MB


def attachment_problem(
    name: str,
    size: int,
    content: IO[bytes] | None = None,
    *,
    max_bytes: int = ATTACHMENT_MAX_BYTES,
) -> str:
    """Why a file cannot be attached to a paper, evidence or a breach ("" when it can): its
    type by extension, its size (at most `max_bytes`) and, for a .docx or .xlsx, what it
    declares it expands to. The one rule for every attachment the app keeps."""
    if PurePath(name).suffix.lower() not in ATTACHMENT_SUFFIXES:
        return (
            "tệp không đúng loại: chỉ nhận PDF, Word (.docx), Excel (.xlsx) hoặc ảnh (.jpg, .png)"
        )
    if size > max_bytes:
        return f"tệp lớn quá {size_text(max_bytes)}"
    if size == 0:
        return "tệp rỗng (0 byte)"
    return "" if content is None else archive_problem(name, content)

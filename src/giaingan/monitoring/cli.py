"""What the month's cycle commands share: their formats and where they write."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

FORMATS = ["json", "csv", "xlsx"]


def add_output_arguments(parser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="json")
    parser.add_argument("-o", "--output", help="ghi ra tệp thay vì màn hình")


def emit(
    command: BaseCommand, options: dict, *, text: Callable[[str], str], xlsx: Callable[[], bytes]
) -> None:
    """Write json/csv text, or xlsx bytes, to -o or to standard output (bytes only in a pipe)."""
    fmt, output = options["format"], options["output"]
    if fmt == "xlsx":
        content = xlsx()
        if output:
            Path(output).write_bytes(content)
        elif sys.stdout.isatty():
            raise CommandError("Định dạng xlsx cần -o TỆP", returncode=2)
        else:
            sys.stdout.buffer.write(content)
        return
    body = text(fmt)
    if output:
        Path(output).write_text(body, encoding="utf-8")
    else:
        command.stdout.write(body, ending="")

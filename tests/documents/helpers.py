"""Reading rendered Word files back, as an official's Word would."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import docx
from django.utils import timezone
from docx.document import Document
from docx.oxml.ns import qn


def open_docx(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def lines(document: Document) -> list[str]:
    """Every non-empty paragraph in reading order, table cells included."""
    found = []
    for paragraph in document.element.body.iter(qn("w:p")):
        text = "".join(node.text or "" for node in paragraph.iter(qn("w:t")))
        if text.strip():
            found.append(text)
    return found


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def run_fonts(document: Document) -> set[tuple[str | None, str | None]]:
    """(ascii, eastAsia) of every run that names its font."""
    fonts = set()
    for element in document.element.body.iter(qn("w:rFonts")):
        fonts.add((element.get(qn("w:ascii")), element.get(qn("w:eastAsia"))))
    return fonts


def clock_at(monkeypatch, day: dt.date) -> None:
    """Set the server's clock to 09:00 (Hà Nội) on `day`: what `timezone.now()` and
    `timezone.localdate()` answer until the next call."""
    moment = dt.datetime.combine(day, dt.time(9), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    monkeypatch.setattr(timezone, "now", lambda: moment)

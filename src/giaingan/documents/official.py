"""Official papers (Decree 30/2020/NĐ-CP) rendered from the Word templates in `templates/`.

Every template shares the national header, the signer and the "Nơi nhận" block, so every
context carries COMMON_KEYS. A key a template needs and the context lacks raises
`DocumentContextError` instead of leaving a blank in a paper someone will sign.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, UndefinedError

from giaingan.documents.words import money_in_words
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_hundredths, format_number

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

COMMON_KEYS = (
    "issuer_parent",
    "issuer",
    "number",
    "place",
    "date",
    "subject",
    "signer_titles",
    "signer_name",
    "recipients",
)
# The minutes are signed by the secretary and the chair, named in their own keys.
SIGNED_BY_OTHERS = {"bien_ban_hoi_dong": ("signer_titles", "signer_name")}
# The keys holding the names typed under each paper's signatures: never blank.
SIGNER_NAMES = {"bien_ban_hoi_dong": ("chair", "secretary")}

TEMPLATE_NAMES = (
    "to_trinh_khen_thuong",
    "bao_cao_thanh_tich",
    "bien_ban_hoi_dong",
    "quyet_dinh_khen_thuong",
    "bao_cao_giai_ngan",
    "bao_cao_dinh_ky",
    "to_trinh_dieu_chuyen",
    "thong_bao_ket_luan",
    "bao_cao_tckh_dinh_ky",
    "bao_cao_kho_bac",
)


class DocumentContextError(ValueError):
    """The context misses data a template needs; nothing was produced."""

    def __init__(self, template: str, detail: str):
        self.template = template
        self.detail = detail
        super().__init__(f"Mẫu {template}.docx thiếu dữ liệu: {detail}")


# A paper not yet issued (a draft) leaves its day blank, as it leaves its number: whoever
# signs it writes them in. Filled in, it never says the day it was downloaded.
UNDATED_LINE = "ngày      tháng      năm        "


def date_line(day: dt.date | None) -> str:
    """ "ngày 05 tháng 02 năm 2025": days below 10 and months 1-2 take a leading zero;
    `None` (a draft) leaves the day, month and year blank."""
    if day is None:
        return UNDATED_LINE
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def time_line(moment: dt.datetime) -> str:
    """A meeting time: "14 giờ 00 phút, ngày 05 tháng 02 năm 2025", in local time."""
    if moment.tzinfo is not None:
        from django.utils import timezone

        moment = timezone.localtime(moment)
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, {date_line(moment.date())}"


def vnd(amount: int | Decimal | None) -> str:
    """1410000 -> "1.410.000"."""
    return "" if amount is None else format_number(amount)


def percent(value: Decimal | float | None) -> str:
    """Decimal("98.5") -> "98,50"; no value -> "-"."""
    return "-" if value is None else format_hundredths(value)


def clause(text: object) -> str:
    """A list item without its closing punctuation, so the template adds the right one."""
    return str(text).strip().rstrip(";.,").rstrip()


def basis_text(text: object) -> str:
    """A legal basis without its own "Căn cứ" and closing punctuation."""
    text = clause(text)
    if text[:6].lower() == "căn cứ":
        text = text[6:].lstrip(" :")
    return text


def lower_first(text: object) -> str:
    text = str(text)
    return text[:1].lower() + text[1:]


def jinja_env() -> Environment:
    """Strict (a missing key raises), escaped for XML, with the Vietnamese filters."""
    env = Environment(undefined=StrictUndefined, autoescape=True)
    env.filters.update(
        vnd=vnd,
        percent=percent,
        dmy=format_date,
        date_line=date_line,
        time_line=time_line,
        words=money_in_words,
        clause=clause,
        basis_text=basis_text,
        lower_first=lower_first,
    )
    return env


def template_path(template: str) -> Path:
    name = template.removesuffix(".docx")
    path = TEMPLATES_DIR / f"{name}.docx"
    if "/" in name or "\\" in name or not path.is_file():
        raise FileNotFoundError(f"Không có mẫu văn bản «{template}»")
    return path


def signer_name_keys(template: str) -> tuple[str, ...]:
    """The context keys of the names typed under `template`'s signatures."""
    return SIGNER_NAMES.get(template, ("signer_name",))


def render_docx(template: str, context: Mapping[str, object]) -> bytes:
    """Fill the Word template `template` (e.g. "quyet_dinh_khen_thuong") with `context`.

    The paper's date (`context["date"]`) is the date of the act it records (the decision,
    the submission, the meeting, the issue), so the same act downloaded on any day gives
    the same paper; `None` for a paper not yet issued, whose day is left blank."""
    path = template_path(template)
    name = path.stem
    needed = [key for key in COMMON_KEYS if key not in SIGNED_BY_OTHERS.get(name, ())]
    missing = [key for key in needed if key not in context]
    if missing:
        raise DocumentContextError(name, ", ".join(missing))
    blank = [key for key in signer_name_keys(name) if not str(context.get(key) or "").strip()]
    if blank:
        raise DocumentContextError(name, "họ và tên người ký để trống (" + ", ".join(blank) + ")")
    day = context["date"]
    if day is not None and not isinstance(day, dt.date):
        raise DocumentContextError(name, "date phải là một ngày (datetime.date) hoặc None")
    data = {"date_line": date_line(day), **context}
    document = DocxTemplate(path)
    try:
        document.render(data, jinja_env=jinja_env())
    except UndefinedError as error:
        raise DocumentContextError(name, error.message or str(error)) from error
    keep_text_with_signature(document.docx)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def keep_text_with_signature(document: Any) -> None:
    """The rendered paper's last paragraph before each signature (a row that never splits,
    `build_templates.keep_together`) goes with it: never a page holding only the signature.
    Done on the rendered paper: in the template that paragraph may sit in a loop."""
    body = document.element.body
    for table in body.iterchildren(qn("w:tbl")):
        row = table.find(qn("w:tr"))
        properties = row.find(qn("w:trPr")) if row is not None else None
        if properties is None or properties.find(qn("w:cantSplit")) is None:
            continue
        before = table.getprevious()
        while before is not None and before.tag == qn("w:p"):
            before.get_or_add_pPr().get_or_add_keepNext()
            if "".join(before.itertext()).strip():
                break
            before = before.getprevious()

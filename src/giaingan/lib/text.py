"""Vietnamese text helpers that need no Django."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def strip_diacritics(text: str) -> str:
    """Return `text` without Vietnamese marks: "Mã dự án" -> "Ma du an"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=8192)
def normalise_header(header: str) -> str:
    """Fold a column header so `Mã dự án`, `MA DU AN` and `ma_du_an` compare equal."""
    return _NOT_ALNUM.sub("", strip_diacritics(str(header)).lower())


def name_key(name: str) -> str:
    """A person's name folded for comparing: "CHU  VĂN TUẤN", "Chu Văn Tuấn" and the same
    typed with combining marks give one key; the marks stay ("Tuấn" is not "Tuân").
    (SQLite's case-insensitive match folds ASCII letters only.)"""
    composed = unicodedata.normalize("NFC", name)
    return " ".join(unicodedata.normalize("NFC", composed.casefold()).split())


@lru_cache(maxsize=50_000)
def search_key(text: str) -> str:
    """Text folded for a search as people type it: no case, no marks, single spaces
    ("Đường GTNT" and "duong  gtnt" give "duong gtnt")."""
    return " ".join(strip_diacritics(text).lower().split())


# C0 control characters and DEL; tab, line feed and carriage return are told apart.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_NOT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """The first control character in `text`, named as `U+0001`, or None. `multiline`
    allows tab and line breaks (a note of several lines); nothing else is ever allowed:
    such a character breaks an xlsx export and PostgreSQL refuses NUL."""
    found = (_CONTROL_NOT_LINES if multiline else _CONTROL).search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def control_character_reason(code: str) -> str:
    return (
        f"có ký tự điều khiển không hợp lệ ({code}, thường do dán từ phần mềm khác): "
        "hãy xóa ký tự đó rồi nhập lại"
    )

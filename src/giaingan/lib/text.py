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

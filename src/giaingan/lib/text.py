"""Vietnamese text helpers that need no Django."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")

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


# The Vietnamese alphabet (with the Latin letters it lacks at their Latin places): a letter
# with a breve, circumflex or horn, and đ, is a letter of its own, after the bare one.
_ALPHABET = {letter: rank for rank, letter in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
# Tones come second, in the dictionary's order: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@lru_cache(maxsize=50_000)
def vietnamese_sort_key(text: str) -> tuple:
    """A key that sorts text as a Vietnamese dictionary does: "Đ" after "D" ("Đồng Giáp"
    after "Dự án"), a letter with a mark after the bare letter ("Ă" after "A"), tones only
    when the letters tie ("ca" < "cà" < "cả" < "cã" < "cá" < "cạ" < "cb"), then case.
    Digits, spaces and punctuation sort before letters."""
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", text).casefold():
        decomposed = unicodedata.normalize("NFD", char)
        tone = next((_TONES[mark] for mark in decomposed if mark in _TONES), 0)
        base = unicodedata.normalize(
            "NFC", "".join(mark for mark in decomposed if mark not in _TONES)
        )
        if base in _ALPHABET:
            letters.append((1, _ALPHABET[base]))
        elif base.isalpha():
            letters.append((2, ord(base[0])))
        else:
            letters.append((0, ord(base[0]) if base else 0))
        tones.append(tone)
    return (tuple(letters), tuple(tones), text)


def search_matches(typed: str, *texts: str) -> bool:
    """Whether what was typed is found in any of `texts`, regardless of case and marks
    ("cau treo" and "CẦU TREO" are found in "Cầu treo Bản Chặng")."""
    wanted = search_key(typed)
    return any(wanted in search_key(text) for text in texts)


def vietnamese_sorted(items: Iterable[T], name: Callable[[T], str] | None = None) -> list[T]:
    """`items` in Vietnamese order of their name (`item.name` unless told): every dropdown
    and filter lists its choices so."""
    read: Callable[[Any], str] = name or (lambda item: item.name)
    return sorted(items, key=lambda item: vietnamese_sort_key(read(item)))


# C0 control characters and DEL; tab, line feed and carriage return are told apart.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_NOT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """The first control character in `text`, named as `U+0001`, or None. `multiline`
    allows tab and line breaks (a note of several lines); nothing else is ever allowed:
    such a character breaks an xlsx export and PostgreSQL refuses NUL."""
    if text.isprintable():  # the common case, told at once: every control is unprintable
        return None
    found = (_CONTROL_NOT_LINES if multiline else _CONTROL).search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def control_character_reason(code: str) -> str:
    return (
        f"có ký tự điều khiển không hợp lệ ({code}, thường do dán từ phần mềm khác): "
        "hãy xóa ký tự đó rồi nhập lại"
    )


ID_DIGITS = 18  # every id the database gives fits: a BigAutoField is below 2^63


def record_id(text: str | None) -> int | None:
    """A record's id as typed into an address or posted by a form: ASCII digits (not "²" nor
    "１２", which str.isdigit() accepts) that fit the database's ids; None for anything else,
    so a strange id finds nothing instead of failing in int() or in the database."""
    if text is None:
        return None
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) <= ID_DIGITS):
        return None
    return int(digits)

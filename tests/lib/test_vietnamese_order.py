"""Vietnamese dictionary order for every dropdown, and search without marks or case."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from giaingan.lib.text import (
    search_key,
    search_matches,
    strip_diacritics,
    vietnamese_sort_key,
)


def ordered(*words: str) -> list[str]:
    return sorted(words, key=vietnamese_sort_key)


def test_d_stroke_comes_after_d():
    assert ordered("UBND xã Đồng Giáp", "UBND xã Dân Chủ", "UBND xã Điềm He") == [
        "UBND xã Dân Chủ",
        "UBND xã Điềm He",
        "UBND xã Đồng Giáp",
    ]
    # Python's own order puts Đ after every Latin letter.
    assert sorted(["Đồng", "Yên"]) == ["Yên", "Đồng"]
    assert ordered("Đồng", "Yên") == ["Đồng", "Yên"]


def test_letters_with_marks_follow_the_bare_letter():
    assert ordered("Ân", "Ăn", "An", "Bản") == ["An", "Ăn", "Ân", "Bản"]
    assert ordered("Ơn", "Ôn", "On") == ["On", "Ôn", "Ơn"]
    assert ordered("Ưu", "Uy", "Vân") == ["Uy", "Ưu", "Vân"]


def test_tones_count_only_when_the_letters_tie():
    assert ordered("cạ", "cá", "cã", "cả", "cà", "ca") == ["ca", "cà", "cả", "cã", "cá", "cạ"]
    assert ordered("cb", "cạ") == ["cạ", "cb"]


def test_case_and_composition_do_not_change_the_place():
    assert vietnamese_sort_key("TÂN ĐOÀN")[:2] == vietnamese_sort_key("Tân Đoàn")[:2]
    decomposed = unicodedata.normalize("NFD", "Tân Đoàn")
    assert vietnamese_sort_key(decomposed)[:2] == vietnamese_sort_key("Tân Đoàn")[:2]


@given(st.lists(st.text(max_size=12), max_size=10))
def test_the_order_is_total_and_stable(words):
    once = sorted(words, key=vietnamese_sort_key)
    assert sorted(once, key=vietnamese_sort_key) == once
    assert sorted(reversed(once), key=vietnamese_sort_key) == once


def test_search_folds_marks_and_case_as_the_entry_forms_do():
    assert search_key("CẦU TREO") == search_key("cau treo") == search_key("Cầu treo")


VIETNAMESE = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ",
    min_size=1,
    max_size=20,
).filter(str.strip)


@given(VIETNAMESE, VIETNAMESE, VIETNAMESE)
def test_a_name_is_found_however_its_part_is_typed(before, part, after):
    name = before + part + after
    for typed in (part, part.upper(), strip_diacritics(part), strip_diacritics(part).upper()):
        assert search_matches(typed, name.title())

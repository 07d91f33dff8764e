"""An id typed into an address or a posted field (a unit, a council, a snapshot, a
filter's choice) is read one way everywhere: ASCII digits that fit the database's ids.
Anything else (superscripts, 30 digits) finds nothing, never a server error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giaingan.lib.text import record_id

BIG = "9" * 30


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("", None),
        (None, None),
        ("²", None),
        ("１２", None),
        ("-3", None),
        ("1.0", None),
        (BIG, None),
        ("9" * 18, 10**18 - 1),
        ("9" * 19, None),
    ],
)
def test_record_id(text, expected):
    assert record_id(text) == expected


@given(st.text(max_size=25))
def test_record_id_is_an_int_in_range_or_none(text):
    value = record_id(text)
    digits = text.strip()
    well_formed = digits.isascii() and digits.isdigit() and len(digits) <= 18
    assert value == (int(digits) if well_formed else None)


@pytest.mark.parametrize(
    "path",
    [
        f"/du-an/?investor={BIG}",
        f"/du-an/?commune={BIG}",
        f"/du-an/?source={BIG}",
        "/du-an/?investor=%C2%B2",
        "/public/?id=%C2%B2",
        f"/public/?id={BIG}",
    ],
)
def test_pages_given_a_strange_id_answer(client_for, path):
    response = client_for("tckh").get(path)
    assert response.status_code in (200, 404), (path, response.status_code)

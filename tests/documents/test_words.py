from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giaingan.documents.words import MAX_AMOUNT, money_in_words, number_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (1, "Một đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (25, "Hai mươi lăm đồng"),
        (30, "Ba mươi đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (115, "Một trăm mười lăm đồng"),
        (1_001, "Một nghìn không trăm linh một đồng"),
        (2_024, "Hai nghìn không trăm hai mươi bốn đồng"),
        (1_410_000, "Một triệu bốn trăm mười nghìn đồng"),
        (2_105_000, "Hai triệu một trăm linh năm nghìn đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (702_000, "Bảy trăm linh hai nghìn đồng"),
        (1_404_000, "Một triệu bốn trăm linh bốn nghìn đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (1_000_000_005, "Một tỷ không trăm linh năm đồng"),
        (45_000_000_000, "Bốn mươi lăm tỷ đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (
            1_234_567_890_123,
            "Một nghìn hai trăm ba mươi bốn tỷ năm trăm sáu mươi bảy triệu "
            "tám trăm chín mươi nghìn một trăm hai mươi ba đồng",
        ),
        (MAX_AMOUNT, "Một triệu tỷ đồng"),
    ],
)
def test_it_reads_amounts(amount, words):
    assert money_in_words(amount) == words


def test_it_refuses_more_than_a_million_billion():
    with pytest.raises(ValueError, match="vượt quá"):
        money_in_words(MAX_AMOUNT + 1)


def test_it_refuses_fractions():
    with pytest.raises(TypeError):
        money_in_words(1.5)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=MAX_AMOUNT))
def test_it_reads_every_amount(amount):
    words = money_in_words(amount)
    assert words[0].isupper()
    assert words.endswith(" đồng")
    assert "  " not in words
    assert words == words[0] + words[1:].lower()


DIGITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}
SCALES = {"nghìn": 10**3, "triệu": 10**6}


def read_back(words: str) -> int:
    """Parse the reading again (independently of the code under test)."""
    value = hundreds = small = 0
    for word in words.split():
        if word in DIGITS:
            small += DIGITS[word]
        elif word == "mười":
            small += 10
        elif word == "mươi":
            small *= 10
        elif word == "trăm":
            hundreds, small = small * 100, 0
        elif word == "linh":
            pass
        elif word in SCALES:
            value += (hundreds + small) * SCALES[word]
            hundreds = small = 0
        elif word == "tỷ":
            value = (value + hundreds + small) * 10**9
            hundreds = small = 0
        else:
            raise AssertionError(f"unexpected word {word!r}")
    return value + hundreds + small


@given(st.integers(min_value=1, max_value=MAX_AMOUNT))
def test_the_reading_means_the_amount(amount):
    words = number_in_words(amount)
    assert read_back(words) == amount
    pairs = set(zip(words.split(), words.split()[1:], strict=False))
    assert not pairs & {
        ("mươi", "một"),  # "mốt" after "mươi"
        ("mươi", "năm"),  # "lăm" after "mươi" and "mười"
        ("mười", "năm"),
        ("linh", "lăm"),  # "linh năm", "linh một"
        ("linh", "mốt"),
        ("mười", "mốt"),
    }
    assert not words.startswith("không")

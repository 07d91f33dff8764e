"""A date is read only when the app can compute with it: years 1900 to 2199. Year 9999 or
0001 in an address, a form or a file is refused with a Vietnamese message, never a crash in
the figures (a year later or earlier than the last or first date Python knows)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giaingan.lib.dates import FIRST_DAY, LAST_DAY, DateError, parse_date


@pytest.mark.parametrize(
    "value",
    ["31/12/9999", "01/01/0001", "9999-12-31", "0001-01-01", "31/12/1899", "01/01/2200"],
)
def test_a_date_out_of_range_is_refused(value):
    with pytest.raises(DateError, match="từ năm 1900 đến năm 2199"):
        parse_date(value)


@pytest.mark.parametrize("value", [dt.date(9999, 12, 31), dt.datetime(1, 1, 1)])
def test_a_date_cell_out_of_range_is_refused(value):
    with pytest.raises(DateError, match="từ năm 1900 đến năm 2199"):
        parse_date(value)


@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
def test_every_date_in_range_reads_back(day):
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(day) == day
    # and its neighbours a year away still exist: the figures compare with a year before
    assert dt.date(day.year - 1, 1, 1) <= day <= dt.date(day.year + 1, 12, 31)


@pytest.mark.parametrize(
    "path",
    [
        "/?as_of=31/12/9999",
        "/?as_of=01/01/0001",
        "/du-an/?as_of=31/12/9999",
        "/xuat/investor.xlsx?as_of=31/12/9999",
        "/vuong-mac/?as_of=31/12/9999",
        "/dieu-chuyen-von/?as_of=01/01/0001",
        "/bao-cao/kho-bac/?as_of=31/12/9999",
        "/thi-dua/lich-su/?as_of=31/12/9999",
    ],
)
def test_pages_asked_for_a_date_out_of_range_answer(client_for, path):
    response = client_for("tckh").get(path)
    assert response.status_code in (200, 400), (path, response.status_code)


def test_the_api_refuses_a_date_out_of_range(client_for):
    response = client_for("tckh").get("/api/v1/figures/?year=2024&as_of=9999-12-31")
    assert response.status_code == 400
    assert "từ năm 1900 đến năm 2199" in response.content.decode()

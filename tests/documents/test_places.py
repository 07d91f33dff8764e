"""A paper names its area's level and bodies from the committee's name (`org.places`): a
province's papers say "tỉnh", "Tỉnh ủy", "Sở Tài chính", a district's what they always said."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giaingan.documents.reports import disbursement_report_context
from giaingan.figures.selectors import disbursement_table
from giaingan.opendata.ocds import publisher_name
from giaingan.org.places import (
    LEVELS,
    committee_level,
    full_name,
    level_of,
    name_within,
    party_committee,
    place_of,
    standing_bodies,
)
from tests.conftest import as_province, finance_office, make_project, pay, plan

D = dt.date


@pytest.mark.parametrize(
    ("name", "level", "short", "party"),
    [
        ("UBND huyện Văn Quan", "huyện", "UBND huyện", "Huyện ủy"),
        ("UBND tỉnh Lạng Sơn", "tỉnh", "UBND tỉnh", "Tỉnh ủy"),
        ("Ủy ban nhân dân thành phố Hà Nội", "thành phố", "Ủy ban nhân dân thành phố", "Thành ủy"),
        ("UBND thị xã Sơn Tây", "thị xã", "UBND thị xã", "Thị ủy"),
        ("UBND quận Ba Đình", "quận", "UBND quận", "Quận ủy"),
        ("UBND xã Tân Đoàn", "xã", "UBND xã", "Đảng ủy"),
        ("UBND phường Đông Kinh", "phường", "UBND phường", "Đảng ủy"),
        ("UBND thị trấn Văn Quan", "thị trấn", "UBND thị trấn", "Đảng ủy"),
        # A name giving no level reads as a district's (the seed plan's level).
        ("Văn Quan", "huyện", "Văn Quan", "Huyện ủy"),
    ],
)
def test_the_level_and_the_bodies_come_from_the_committees_name(name, level, short, party):
    assert level_of(name) == level
    assert committee_level(name) == short
    assert party_committee(name) == party
    assert standing_bodies(name) == f"Thường trực {party}, HĐND, UBND {level}"


def test_a_unit_is_named_within_its_area_without_the_place():
    assert (
        name_within("Phòng Tài chính - Kế hoạch huyện Văn Quan", "UBND huyện Văn Quan")
        == "Phòng Tài chính - Kế hoạch"
    )
    assert name_within("Sở Tài chính tỉnh Lạng Sơn", "UBND tỉnh Lạng Sơn") == "Sở Tài chính"
    # Another area's unit, or a name without the place, stays whole.
    assert name_within("Sở Tài chính tỉnh Cao Bằng", "UBND tỉnh Lạng Sơn") == (
        "Sở Tài chính tỉnh Cao Bằng"
    )
    assert name_within("Văn phòng HĐND và UBND", "UBND huyện Văn Quan") == "Văn phòng HĐND và UBND"
    assert committee_level("") == "UBND"
    assert full_name("UBND huyện Văn Quan") == "Ủy ban nhân dân huyện Văn Quan"


place_names = st.text(
    alphabet=st.sampled_from("ABCĐaăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạ"), min_size=1, max_size=12
).map(str.title)


@given(
    level=st.sampled_from(LEVELS),
    place=place_names,
    office=st.sampled_from(["Sở Tài chính", "Phòng Tài chính - Kế hoạch", "Văn phòng"]),
)
def test_any_committees_name_reads_back_its_level_and_place(level, place, office):
    committee = f"UBND {level} {place}"
    assert level_of(committee) == level
    assert place_of(committee) == place
    assert name_within(f"{office} {level} {place}", committee) == office


@pytest.fixture
def province(district):
    """The district's tree renamed as a province's, with a project half paid."""
    as_province(district)
    road = make_project("DA1", district["board"], district["tandoan"])
    plan(road, 1_000_000_000)
    pay(road, 400_000_000, on=D(2024, 9, 1))
    return district


def test_a_provinces_disbursement_report_goes_to_the_provinces_bodies(province):
    table = disbursement_table(year=2024, as_of=D(2024, 12, 31), by="investor")
    context = disbursement_report_context(table, issued_on=D(2025, 1, 3))
    assert context["issuer_parent"] == "UBND tỉnh Lạng Sơn"
    assert context["issuer"] == "Sở Tài chính"
    assert context["place"] == "Lạng Sơn"
    assert context["recipients"] == [
        "Thường trực Tỉnh ủy, HĐND, UBND tỉnh (b/c)",
        "Các chủ đầu tư",
    ]
    assert (context["signer_titles"], context["signer_name"]) == (["Giám đốc"], "Lý Văn Tài")


def test_a_districts_disbursement_report_reads_as_it_always_did(district):
    finance_office(district["committee"])
    table = disbursement_table(year=2024, as_of=D(2024, 12, 31), by="investor")
    context = disbursement_report_context(table, issued_on=D(2025, 1, 3))
    assert context["issuer"] == "Phòng Tài chính - Kế hoạch"
    assert context["recipients"] == [
        "Thường trực Huyện ủy, HĐND, UBND huyện (b/c)",
        "Các chủ đầu tư",
    ]


def test_the_open_data_names_its_publisher_in_full(district, settings):
    settings.OPENDATA_PUBLISHER = ""
    assert publisher_name() == "Ủy ban nhân dân huyện Văn Quan"
    settings.OPENDATA_PUBLISHER = "Sở Tài chính tỉnh Lạng Sơn"
    assert publisher_name() == "Sở Tài chính tỉnh Lạng Sơn"

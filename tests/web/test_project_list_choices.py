"""The project list: search without marks or case, dropdowns in Vietnamese order, sources by
name, and a rank that stays the district's whatever the filter."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from giaingan.capital.models import FundingSource
from giaingan.lib.text import vietnamese_sort_key
from giaingan.org.models import Unit, UnitKind
from tests.conftest import make_project, pay, plan

YEAR = {"year": 2024, "as_of": "31/12/2024"}


@pytest.fixture
def catalogue(district):
    committee = district["committee"]
    for code, name in [("XA-DG", "UBND xã Đồng Giáp"), ("XA-YP", "UBND xã Yên Phúc")]:
        Unit.objects.create(code=code, name=name, kind=UnitKind.COMMUNE, parent=committee)
    bridge = make_project("DA-CT", district["board"], district["tandoan"])
    bridge.name = "Cầu treo Bản Chặng"
    bridge.save()
    road = make_project("DA-DG", district["board"], district["vanan"])
    road.name = "Đường GTNT thôn Nà Lèn"
    road.save()
    school = make_project("DA-TH", district["tandoan"], district["tandoan"])
    school.name = "Trường tiểu học Tân Đoàn"
    school.save()
    plan(bridge, 1_000_000)
    plan(road, 1_000_000)
    plan(school, 1_000_000)
    pay(road, 900_000, on=dt.date(2024, 6, 1))
    pay(school, 500_000, on=dt.date(2024, 6, 1))
    return {"bridge": bridge, "road": road, "school": school}


def listed(client, **query) -> list[str]:
    response = client.get(reverse("web:projects"), {**YEAR, **query})
    assert response.status_code == 200
    return [row.project.code for row in response.context["page"]]


@pytest.mark.parametrize("typed", ["cau treo", "CẦU TREO", "Cầu treo", "ban chang", "BẢN  chặng"])
def test_the_search_ignores_marks_and_case(client_for, catalogue, typed):
    assert listed(client_for("tckh"), q=typed) == ["DA-CT"]


@pytest.mark.parametrize("typed", ["duong", "ĐƯỜNG", "da-dg", "DA-DG"])
def test_the_search_finds_codes_and_names_folded(client_for, catalogue, typed):
    assert listed(client_for("tckh"), q=typed) == ["DA-DG"]


def test_the_search_stays_within_what_the_user_may_see(client_for, catalogue):
    assert listed(client_for("xa.tandoan"), q="cau treo") == []
    assert listed(client_for("xa.tandoan"), q="cau treo", dia_ban="1") == ["DA-CT"]


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [label.strip() for label in re.findall(r"<option[^>]*>(.*?)</option>", select)][1:]


def test_the_dropdowns_list_in_vietnamese_order(client_for, catalogue):
    html = client_for("tckh").get(reverse("web:projects"), YEAR).content.decode()
    assert options(html, "commune") == [
        "UBND xã Đồng Giáp",
        "UBND xã Tân Đoàn",
        "UBND xã Văn An",
        "UBND xã Yên Phúc",
    ]
    investors = options(html, "investor")
    assert investors == ["Ban QLDA ĐTXD huyện", "UBND xã Tân Đoàn"]


def test_the_source_filter_shows_names_in_vietnamese_order(client_for, catalogue):
    html = client_for("tckh").get(reverse("web:projects"), YEAR).content.decode()
    shown = options(html, "source")
    assert shown
    names = list(FundingSource.objects.values_list("name", flat=True))
    codes = set(FundingSource.objects.values_list("code", flat=True))
    assert sorted(shown) == sorted(names)
    assert not codes & set(shown)
    assert shown == sorted(names, key=vietnamese_sort_key)


def test_a_filtered_list_keeps_the_district_rank_and_says_so(client_for, catalogue):
    client = client_for("tckh")
    whole = client.get(reverse("web:projects"), YEAR)
    ranks = {row.project.code: row.figures.rank for row in whole.context["page"]}
    assert ranks == {"DA-DG": 1, "DA-TH": 2, "DA-CT": 3}
    filtered = client.get(reverse("web:projects"), {**YEAR, "q": "cau treo"})
    (row,) = filtered.context["page"]
    assert row.figures.rank == 3
    assert "Hạng toàn địa bàn" in filtered.content.decode()
    # The list's total is the filtered projects' own.
    assert filtered.context["total"].plan == 1_000_000


def test_the_name_sort_is_vietnamese(client_for, catalogue):
    # By code points, "Trường" would come before "Đường".
    assert listed(client_for("tckh"), sort="name") == ["DA-CT", "DA-DG", "DA-TH"]
    assert listed(client_for("tckh"), sort="-name") == ["DA-TH", "DA-DG", "DA-CT"]


def test_the_commune_filter_finds_every_project_built_there(client_for, catalogue, district):
    catalogue["road"].communes.add(district["tandoan"])  # the road also crosses Tân Đoàn
    found = listed(client_for("tckh"), commune=str(district["tandoan"].pk))
    assert sorted(found) == ["DA-CT", "DA-DG", "DA-TH"]
    assert listed(client_for("tckh"), commune=str(district["vanan"].pk)) == ["DA-DG"]

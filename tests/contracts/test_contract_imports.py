"""The contracts and acceptances files: previewed, imported whole or not at all, the same
file twice changes nothing, every problem named by row and column."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.contracts.models import Acceptance, Contract
from giaingan.org.models import Unit, UnitKind
from tests.contracts.conftest import TAX_A, TAX_B
from tests.imports.helpers import csv_bytes, run_import, xlsx_bytes

CONTRACT_HEADERS = [
    "Mã dự án",
    "Số hợp đồng",
    "Gói thầu",
    "Mã số thuế",
    "Tên nhà thầu",
    "Giá trị hợp đồng",
    "Ngày ký",
    "Ngày hoàn thành",
    "Giá trị tạm ứng",
]
CONTRACTS = [
    CONTRACT_HEADERS,
    [
        "DA1",
        "01/HĐ",
        "Xây lắp",
        TAX_A,
        "Công ty Hòa Bình",
        "3.000.000.000",
        "01/02/2024",
        "30/11/2024",
        "600.000.000",
    ],
    [
        "DA1",
        "02/HĐ",
        "Giám sát",
        TAX_B,
        "Công ty Tư vấn Lạng Sơn",
        "90.000.000",
        "01/02/2024",
        "30/11/2024",
        "",
    ],
    ["DA1", "03/HĐ", "Xây lắp bổ sung", TAX_A, "", "500.000.000", "2024-05-01", "2024-12-31", ""],
]
ACCEPTANCES = [
    ["ma_du_an", "so_hop_dong", "so_bien_ban", "ngay_nghiem_thu", "gia_tri_nghiem_thu"],
    ["DA1", "01/HĐ", "NT-1", "15/05/2024", "1.000.000.000"],
    ["DA1", "01/HĐ", "NT-2", "15/08/2024", "1.500.000.000"],
]


def test_contracts_then_acceptances_import_and_a_second_run_changes_nothing(project, people):
    user = people["bqlda"]
    result = run_import("contracts", xlsx_bytes(CONTRACTS), "hop_dong.xlsx", user=user)
    assert result.ok, result.problems
    assert result.created == 3
    assert Unit.objects.filter(kind=UnitKind.CONTRACTOR).count() == 2
    assert Contract.objects.get(number="03/HĐ").contractor.name == "Công ty Hòa Bình"
    result = run_import("acceptances", csv_bytes(ACCEPTANCES), user=user)
    assert result.ok and result.created == 2
    again = run_import("acceptances", csv_bytes(ACCEPTANCES), user=user)
    assert again.ok and (again.created, again.skipped) == (0, 2)
    again = run_import("contracts", xlsx_bytes(CONTRACTS), "hop_dong.xlsx", user=user)
    assert again.ok and (again.created, again.skipped) == (0, 3)
    assert Acceptance.objects.filter(import_batch__isnull=False).count() == 2


def test_a_dry_run_writes_nothing(project, people):
    result = run_import("contracts", csv_bytes(CONTRACTS), dry_run=True, user=people["bqlda"])
    assert result.ok and result.created == 3
    assert not Contract.objects.exists() and not Unit.objects.filter(kind="nha_thau").exists()


def test_one_bad_row_stops_the_whole_file_naming_row_and_column(project, people):
    rows = [
        *CONTRACTS,
        ["DA1", "04/HĐ", "Thiết bị", "0100109107", "X", "1.000", "01/02/2024", "01/01/2024", ""],
        ["DA9", "05/HĐ", "Thiết bị", TAX_A, "", "1.000", "01/02/2024", "01/03/2024", ""],
        ["DA1", "01/HĐ", "Xây lắp", TAX_A, "", "3.000.000.000", "01/02/2024", "30/11/2024", ""],
    ]
    result = run_import("contracts", csv_bytes(rows), user=people["bqlda"])
    assert not result.ok
    found = {(p.row, p.column) for p in result.problems}
    assert {(5, "ma_so_thue"), (5, "ngay_hoan_thanh"), (6, "ma_du_an"), (7, "so_hop_dong")} <= found
    assert not Contract.objects.exists() and not Unit.objects.filter(kind="nha_thau").exists()


def test_acceptances_over_the_contract_value_are_refused_across_rows(project, people):
    run_import("contracts", csv_bytes(CONTRACTS[:2]), user=people["bqlda"])
    rows = [
        ACCEPTANCES[0],
        ["DA1", "01/HĐ", "NT-1", "15/05/2024", "2.000.000.000"],
        ["DA1", "01/HĐ", "NT-2", "15/06/2024", "abc"],
        ["DA1", "01/HĐ", "NT-3", "15/07/2024", "1.500.000.000"],
        ["DA1", "09/HĐ", "NT-1", "15/07/2024", "1"],
    ]
    result = run_import("acceptances", csv_bytes(rows), user=people["bqlda"])
    problems = {(p.row, p.column): p.reason for p in result.problems}
    assert "vượt giá trị hợp đồng" in problems[(4, "gia_tri_nghiem_thu")]
    assert (3, "gia_tri_nghiem_thu") in problems and (5, "so_hop_dong") in problems
    assert not Acceptance.objects.exists()


def test_an_investor_imports_only_its_own_projects(project, district, people):
    from tests.conftest import make_project

    make_project("DA2", district["vanan"])
    rows = [
        CONTRACT_HEADERS,
        ["DA2", "01/HĐ", "Xây lắp", TAX_A, "A", "1.000", "01/02/2024", "01/03/2024", ""],
    ]
    result = run_import("contracts", csv_bytes(rows), user=people["bqlda"])
    assert [(p.row, p.column) for p in result.problems] == [(2, "ma_du_an")]
    assert "chỉ chủ đầu tư" in result.problems[0].reason


@pytest.mark.parametrize(
    ("login", "status"), [("bqlda", 200), ("admin", 200), ("tckh", 403), ("khobac", 403)]
)
def test_the_upload_page_is_the_investors(client_for, project, login, status):
    assert client_for(login).get("/imports/contracts/").status_code == status
    assert client_for(login).get("/imports/acceptances/template.xlsx").status_code == status


def test_the_upload_preview_confirm_pages(client_for, project, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("bqlda")
    upload = SimpleUploadedFile("hop_dong.csv", csv_bytes(CONTRACTS), content_type="text/csv")
    preview = client.post("/imports/contracts/", {"file": upload})
    assert preview.status_code == 200 and not Contract.objects.exists()
    token = preview.context["token"]
    done = client.post("/imports/contracts/confirm/", {"token": token}, follow=True)
    assert done.status_code == 200 and Contract.objects.count() == 3


cells = st.one_of(
    st.sampled_from(
        [
            "",
            "DA1",
            "01/HĐ",
            "NT-1",
            TAX_A,
            "0100109107",
            "15/05/2024",
            "31/02/2024",
            "1.000.000",
            "-5",
            "x",
        ]
    ),
    st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=10),
    st.integers(-(10**16), 10**16),
    st.none(),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(cells, min_size=5, max_size=5), max_size=6), xlsx=st.booleans())
def test_random_acceptance_files_are_written_whole_or_not_at_all(
    project, people, contract, rows, xlsx
):
    content = [ACCEPTANCES[0], *rows]
    with transaction.atomic():
        before = Acceptance.objects.count()
        data = xlsx_bytes(content) if xlsx else csv_bytes(content)
        result = run_import(
            "acceptances", data, "tep.xlsx" if xlsx else "tep.csv", user=people["bqlda"]
        )
        after = Acceptance.objects.count()
        if result.ok:
            assert after - before == result.created
        else:
            assert after == before
            assert all(p.row is None or p.row >= 2 for p in result.problems)
        transaction.set_rollback(True)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(st.integers(1, 3_000_000_000), min_size=1, max_size=6))
def test_a_file_is_accepted_exactly_when_its_running_total_fits_the_contract(
    project, people, contract, values
):
    rows = [ACCEPTANCES[0]] + [
        ["DA1", contract.number, f"NT-{i}", "15/05/2024", str(v)] for i, v in enumerate(values)
    ]
    with transaction.atomic():
        result = run_import("acceptances", csv_bytes(rows), user=people["bqlda"])
        assert result.ok == (sum(values) <= contract.value)
        total = sum(a.value for a in Acceptance.objects.filter(contract=contract))
        assert total == (sum(values) if result.ok else 0)
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("login", "shown"), [("bqlda", True), ("xa.tandoan", True), ("tckh", False), ("xem", False)]
)
def test_investors_reach_the_contract_imports_from_navigation(client_for, project, login, shown):
    page = client_for(login).get("/hop-dong/du-an/DA1/").content.decode()
    nav = page.split('class="mainnav"')[1].split("</nav>")[0]
    assert ('href="/imports/contracts/"' in nav) == shown
    assert ('href="/imports/acceptances/"' in nav) == shown


def test_an_investors_import_summary_links_only_where_it_may_go(client_for, project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("bqlda")
    upload = SimpleUploadedFile("hop_dong.csv", csv_bytes(CONTRACTS), content_type="text/csv")
    token = client.post("/imports/contracts/", {"file": upload}).context["token"]
    done = client.post("/imports/contracts/confirm/", {"token": token}, follow=True)
    page = done.content.decode()
    assert done.status_code == 200 and "Lần nhập số" in page
    assert 'href="/imports/"' not in page.split('class="mainnav"')[1].split("</nav>")[1]
    assert client.get("/imports/").status_code == 403
    for link in ("/imports/contracts/",):
        assert f'href="{link}"' in page and client.get(link).status_code == 200

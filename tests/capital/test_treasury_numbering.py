"""Each treasury numbers its own documents: a number is unique per treasury, never across
the database. The file, the form and the ledger agree; a treasury officer records only its
own treasury's documents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from giaingan.capital.models import LineKind, TreasuryLine
from giaingan.lib.problems import InvalidInput
from giaingan.org.models import Membership, Unit, UnitKind
from tests.capital.entry_helpers import LINE_NEW, errors_of, line_form
from tests.conftest import advance, make_project, pay, plan, source
from tests.imports.helpers import csv_bytes, run_import

D = dt.date
HEADER = [
    "so_chung_tu",
    "ngay",
    "ma_du_an",
    "nguon_von",
    "nam_ke_hoach",
    "loai",
    "so_tien",
    "chung_tu_goc",
    "kho_bac",
]


def row(number: str, treasury: str = "", amount: int = 1_000_000, original: str = "") -> list:
    return [
        number,
        "01/06/2024",
        "DA1",
        "NSDP-HUYEN",
        "2024",
        "tam_ung",
        amount,
        original,
        treasury,
    ]


@pytest.fixture
def second(district) -> Unit:
    """A second treasury in the database: the province's, say."""
    return Unit.objects.create(code="KB2", name="Kho bạc Nhà nước Lộc Bình", kind=UnitKind.TREASURY)


@pytest.fixture
def project(district):
    project = make_project("DA1", district["board"], district["tandoan"])
    plan(project, 10_000_000_000)
    return project


def by_treasury() -> list[tuple[str, str, int]]:
    return sorted(TreasuryLine.objects.values_list("treasury__code", "document_number", "amount"))


# --- The ledger ---------------------------------------------------------------------------


def test_the_same_number_in_two_treasuries_is_two_documents(project, district, second):
    advance(project, 100, on=D(2024, 3, 1), number="KB-1", treasury=district["treasury"])
    advance(project, 200, on=D(2024, 3, 1), number="KB-1", treasury=second)
    assert by_treasury() == [("KB", "KB-1", 100), ("KB2", "KB-1", 200)]


def test_the_same_number_twice_in_one_treasury_is_refused(project, district, second):
    advance(project, 100, on=D(2024, 3, 1), number="KB-1", treasury=second)
    with pytest.raises(InvalidInput) as refused:
        advance(project, 200, on=D(2024, 3, 1), number="KB-1", treasury=second)
    assert refused.value.problems[0].column == "so_chung_tu"
    assert "kho bạc này" in refused.value.problems[0].reason
    assert by_treasury() == [("KB2", "KB-1", 100)]


def test_the_database_holds_a_number_once_per_treasury(project, district, second):
    fields = dict(
        document_number="KB-9",
        value_date=D(2024, 1, 2),
        project=project,
        source=source(),
        plan_year=2024,
        kind=LineKind.ADVANCE,
        amount=10,
    )
    TreasuryLine.objects.create(treasury=district["treasury"], **fields)
    TreasuryLine.objects.create(treasury=second, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        TreasuryLine.objects.create(treasury=second, **fields)
    assert TreasuryLine.objects.count() == 2


def test_a_correction_reverses_the_line_of_its_own_treasury(project, district, second):
    advance(project, 100, on=D(2024, 3, 1), number="KB-1", treasury=district["treasury"])
    advance(project, 200, on=D(2024, 3, 1), number="KB-1", treasury=second)
    correction = pay(
        project,
        -50,
        on=D(2024, 3, 2),
        kind=LineKind.ADVANCE,
        number="KB-1-DC",
        reverses="KB-1",
        treasury=second,
    )
    assert correction.reverses.treasury == second and correction.reverses.amount == 200


def test_a_correction_cannot_name_another_treasurys_line(project, district, second):
    advance(project, 100, on=D(2024, 3, 1), number="KB-1", treasury=district["treasury"])
    with pytest.raises(InvalidInput) as refused:
        pay(
            project,
            -50,
            on=D(2024, 3, 2),
            kind=LineKind.ADVANCE,
            number="KB-1-DC",
            reverses="KB-1",
            treasury=second,
        )
    problem = refused.value.problems[0]
    assert (problem.column, problem.value) == ("chung_tu_goc", "KB-1")
    assert "cùng kho bạc" in problem.reason


def test_without_a_treasury_and_with_several_the_ledger_asks_which(project, second):
    with pytest.raises(InvalidInput) as refused:
        advance(project, 100, on=D(2024, 3, 1), number="KB-1")
    problem = refused.value.problems[0]
    assert problem.column == "kho_bac"
    assert problem.reason.startswith("cần cột kho_bac: có 2 kho bạc")
    assert not TreasuryLine.objects.exists()


def test_without_any_treasury_the_ledger_says_so(db):
    from giaingan.capital.models import Project

    committee = Unit.objects.create(code="UBND", name="UBND", kind=UnitKind.COMMITTEE)
    project = Project.objects.create(code="DA1", name="Dự án", investor=committee)
    plan(project, 1_000)
    with pytest.raises(InvalidInput) as refused:
        advance(project, 100, on=D(2024, 3, 1))
    assert "chưa có đơn vị kho bạc" in refused.value.problems[0].reason


# --- The treasury file --------------------------------------------------------------------


def test_a_file_records_the_same_number_in_two_treasuries(project, people, second):
    rows = [HEADER, row("KB-1", "KB"), row("KB-1", "KB2", 2_000_000)]
    result = run_import("treasury", csv_bytes(rows), user=people["tckh"])
    assert result.ok and result.created == 2
    assert by_treasury() == [("KB", "KB-1", 1_000_000), ("KB2", "KB-1", 2_000_000)]
    again = run_import("treasury", csv_bytes(rows), user=people["tckh"])
    assert again.ok and (again.created, again.skipped) == (0, 2)


def test_a_file_holding_a_number_twice_in_one_treasury_writes_nothing(project, people, second):
    rows = [HEADER, row("KB-1", "KB2"), row("KB-1", "KB"), row("KB-1", "KB2", 5)]
    result = run_import("treasury", csv_bytes(rows), user=people["tckh"])
    assert [(p.row, p.column, p.value) for p in result.problems] == [(4, "so_chung_tu", "KB-1")]
    assert not TreasuryLine.objects.exists()


def test_a_file_with_another_content_for_a_known_number_is_refused(project, people, second):
    advance(project, 1_000_000, on=D(2024, 6, 1), number="KB-1", treasury=second)
    rows = [HEADER, row("KB-1", "KB2", 7)]
    result = run_import("treasury", csv_bytes(rows), user=people["tckh"])
    assert [(p.row, p.column) for p in result.problems] == [(2, "so_chung_tu")]


def test_a_file_without_the_column_is_the_only_treasurys(project, people):
    rows = [HEADER[:-1], row("KB-1")[:-1]]
    result = run_import("treasury", csv_bytes(rows), user=people["tckh"])
    assert result.ok
    assert by_treasury() == [("KB", "KB-1", 1_000_000)]


def test_a_file_without_the_column_is_the_treasury_officers_own(project, people, second):
    rows = [HEADER[:-1], row("KB-1")[:-1], row("KB-2")[:-1]]
    result = run_import("treasury", csv_bytes(rows), user=people["khobac"])
    assert result.ok
    assert by_treasury() == [("KB", "KB-1", 1_000_000), ("KB", "KB-2", 1_000_000)]


@pytest.mark.parametrize("header", [HEADER, HEADER[:-1]])
def test_with_several_treasuries_a_row_naming_none_is_an_error(project, people, second, header):
    rows = [header, row("KB-1")[: len(header)], row("KB-2", "KB2")[: len(header)]]
    result = run_import("treasury", csv_bytes(rows), user=people["tckh"])
    expected = [(2, "kho_bac")] if header == HEADER else [(2, "kho_bac"), (3, "kho_bac")]
    assert [(p.row, p.column) for p in result.problems] == expected
    assert all(p.reason.startswith("cần cột kho_bac: có 2 kho bạc") for p in result.problems)
    assert not TreasuryLine.objects.exists()


def test_an_unknown_or_non_treasury_code_is_named(project, people, second):
    rows = [HEADER, row("KB-1", "KB-KHONG"), row("KB-2", "UBND"), row("KB-3", "KB2")]
    result = run_import("treasury", csv_bytes(rows), user=people["tckh"])
    assert [(p.row, p.column, p.value) for p in result.problems] == [
        (2, "kho_bac", "KB-KHONG"),
        (3, "kho_bac", "UBND"),
    ]
    assert "không có kho bạc mang mã này" in result.problems[0].reason
    assert "không phải kho bạc" in result.problems[1].reason
    assert not TreasuryLine.objects.exists()


@pytest.mark.parametrize(
    ("login", "allowed"),
    [("khobac", False), ("tckh", True), ("admin", True), (None, True)],
)
def test_only_the_treasurys_officer_or_finance_planning_imports_its_lines(
    project, people, second, login, allowed
):
    """A treasury officer files only its own treasury's documents; Finance-Planning, the
    administrator and a command run without a user file any treasury's."""
    rows = [HEADER, row("KB-1", "KB"), row("KB-1", "KB2")]
    user = people[login] if login else None
    result = run_import("treasury", csv_bytes(rows), user=user)
    if allowed:
        assert result.ok and TreasuryLine.objects.count() == 2
    else:
        assert [(p.row, p.column, p.value) for p in result.problems] == [(3, "kho_bac", "KB2")]
        assert "kho bạc mình" in result.problems[0].reason
        assert not TreasuryLine.objects.exists()


def test_a_treasury_officer_of_no_treasury_unit_records_nothing(project, people, district):
    """Its role held in a unit that is not a treasury: it has no treasury of its own."""
    officer = people["khobac"]
    Membership.objects.filter(user=officer).update(unit=district["committee"])
    result = run_import("treasury", csv_bytes([HEADER, row("KB-1", "KB")]), user=officer)
    assert [(p.row, p.column) for p in result.problems] == [(2, "kho_bac")]


# --- The entry form -----------------------------------------------------------------------


def test_with_one_treasury_the_form_fixes_it(client_for, project):
    response = client_for("tckh").get(LINE_NEW)
    field = response.context["form"].fields["treasury"]
    assert field.disabled and field.initial == "KB"
    assert response.client.post(LINE_NEW, line_form()).status_code == 302
    assert by_treasury() == [("KB", "KB-0001", 100_000_000)]


def test_finance_planning_chooses_among_several_treasuries(client_for, project, second):
    client = client_for("tckh")
    field = client.get(LINE_NEW).context["form"].fields["treasury"]
    assert not field.disabled
    assert sorted(unit.code for unit in field.queryset) == ["KB", "KB2"]
    missing = client.post(LINE_NEW, line_form())
    assert missing.status_code == 200 and "Chưa nhập." in errors_of(missing)
    assert client.post(LINE_NEW, line_form(treasury="KB2")).status_code == 302
    assert client.post(LINE_NEW, line_form(treasury="KB")).status_code == 302
    assert by_treasury() == [("KB", "KB-0001", 100_000_000), ("KB2", "KB-0001", 100_000_000)]


def test_the_form_refuses_a_number_twice_in_one_treasury(client_for, project, second):
    client = client_for("tckh")
    assert client.post(LINE_NEW, line_form(treasury="KB2")).status_code == 302
    again = client.post(LINE_NEW, line_form(treasury="KB2", amount="5"))
    assert again.status_code == 200
    assert any("đã có trong sổ của kho bạc này" in error for error in errors_of(again))
    assert by_treasury() == [("KB2", "KB-0001", 100_000_000)]


def test_a_treasury_officer_records_only_for_its_own_treasury(client_for, project, second):
    client = client_for("khobac")
    field = client.get(LINE_NEW).context["form"].fields["treasury"]
    assert field.disabled and field.initial == "KB"
    # A posted other treasury is ignored: the fixed field keeps the officer's own.
    assert client.post(LINE_NEW, line_form(treasury="KB2")).status_code == 302
    assert by_treasury() == [("KB", "KB-0001", 100_000_000)]


def test_a_treasury_officer_cannot_correct_another_treasurys_line(
    client_for, project, district, second
):
    advance(project, 100, on=D(2024, 3, 1), number="KB-1", treasury=second)
    advance(project, 100, on=D(2024, 3, 1), number="KB-1", treasury=district["treasury"])
    khobac = client_for("khobac")
    assert khobac.get("/so-von/chung-tu/KB2/KB-1/").status_code == 200  # sees it
    assert khobac.get("/so-von/chung-tu/KB2/KB-1/dieu-chinh/").status_code == 403
    assert khobac.get("/so-von/chung-tu/KB/KB-1/dieu-chinh/").status_code == 200
    page = khobac.get("/du-an/DA1/").content.decode()
    assert "/so-von/chung-tu/KB/KB-1/dieu-chinh/" in page
    assert "/so-von/chung-tu/KB2/KB-1/dieu-chinh/" not in page
    tckh = client_for("tckh")
    assert tckh.get("/so-von/chung-tu/KB2/KB-1/dieu-chinh/").status_code == 200


@pytest.mark.parametrize(
    ("login", "status"),
    [
        ("chutich", 403),
        ("tckh", 200),
        ("khobac", 200),
        ("bqlda", 403),
        ("xa.tandoan", 403),
        ("noivu", 403),
        ("hoidong1", 403),
        ("xem", 403),
        ("admin", 200),
    ],
)
def test_who_may_open_the_form(client_for, project, second, login, status):
    assert client_for(login).get(LINE_NEW).status_code == status


@pytest.mark.parametrize(
    ("login", "own", "other"),
    [
        ("chutich", False, False),
        ("tckh", True, True),
        ("khobac", True, False),
        ("bqlda", False, False),
        ("xa.tandoan", False, False),
        ("noivu", False, False),
        ("hoidong1", False, False),
        ("xem", False, False),
        ("admin", True, True),
    ],
)
def test_who_may_record_for_which_treasury(people, district, second, login, own, other):
    user = people[login]
    assert user.has_perm("capital.add_treasury_line_for", district["treasury"]) is own
    assert user.has_perm("capital.add_treasury_line_for", second) is other
    if not user.is_superuser:  # Django grants a superuser every permission
        assert user.has_perm("capital.add_treasury_line_for", district["committee"]) is False


# --- Pages and exports --------------------------------------------------------------------


def test_a_line_is_found_by_its_treasury_and_number(client_for, project, district, second):
    advance(project, 100, on=D(2024, 3, 1), number="KB-1", treasury=district["treasury"])
    advance(project, 200, on=D(2024, 3, 1), number="KB-1", treasury=second)
    client = client_for("tckh")
    assert client.get("/so-von/chung-tu/KB2/KB-1/").context["line"].amount == 200
    assert client.get("/so-von/chung-tu/KB/KB-1/").context["line"].amount == 100
    assert client.get("/so-von/chung-tu/UBND/KB-1/").status_code == 404
    rows = client.get("/du-an/DA1/chung-tu.csv").content.decode("utf-8-sig").splitlines()
    assert rows[0].split(",")[:2] == ["Số chứng từ", "Kho bạc"]
    assert sorted(line.split(",")[:2] for line in rows[1:3]) == [["KB-1", "KB"], ["KB-1", "KB2"]]

"""A decision is one act of one body: the same number from two issuers is two decisions;
one issuer's number keeps its date and kind. The file, the form and the ledger agree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from giaingan.capital.ledger import PlanInput
from giaingan.capital.models import PlanEntry, PlanKind
from giaingan.capital.services import plan_decision_record
from giaingan.lib.problems import InvalidInput
from giaingan.org.issuers import default_issuer_id, home_committee_id
from giaingan.org.models import Unit, UnitKind
from tests.capital.entry_helpers import PLAN_NEW, plan_form
from tests.conftest import make_project, source
from tests.imports.helpers import csv_bytes, run_import

D = dt.date
HEADER = [
    "so_quyet_dinh",
    "ngay_quyet_dinh",
    "loai",
    "ma_du_an",
    "nguon_von",
    "nam_ke_hoach",
    "so_tien",
    "co_quan_ban_hanh",
]


def row(number="1/QĐ-UBND", issuer="", day="22/12/2023", kind="giao_dau_nam", amount=1_000):
    return [number, day, kind, "DA1", "NSDP-HUYEN", "2024", amount, issuer]


@pytest.fixture
def province(district) -> Unit:
    """The province's committee, above the district's."""
    province = Unit.objects.create(code="UBND-TINH", name="UBND tỉnh", kind=UnitKind.COMMITTEE)
    district["committee"].parent = province
    district["committee"].save()
    return province


@pytest.fixture
def project(district):
    return make_project("DA1", district["board"], district["tandoan"])


def decisions() -> list[tuple[str, str, int]]:
    return sorted(PlanEntry.objects.values_list("issuer__code", "decision_number", "amount"))


DECIDED = D(2023, 12, 22)


def line(issuer: Unit | None, *, amount=1_000, day=DECIDED, kind=PlanKind.INITIAL):
    return PlanInput(
        decision_number="1/QĐ-UBND",
        decision_date=day,
        kind=kind,
        project_id=PROJECT[0],
        source_id=source().pk,
        plan_year=2024,
        amount=amount,
        issuer_id=issuer.pk if issuer else None,
    )


PROJECT: list[int] = []  # the test's project, for `line`


@pytest.fixture(autouse=True)
def _project_id(project):
    PROJECT[:] = [project.pk]


def test_the_district_committee_is_the_default_issuer(district, province, people):
    assert home_committee_id() == district["committee"].pk  # the lowest committee
    assert default_issuer_id(people["tckh"]) == district["committee"].pk  # its own
    assert default_issuer_id(None) == district["committee"].pk


def test_the_same_number_from_two_issuers_is_two_decisions(district, province):
    plan_decision_record(lines=[line(None)])
    plan_decision_record(lines=[line(province, amount=2_000, day=D(2024, 1, 5))])
    assert decisions() == [("UBND", "1/QĐ-UBND", 1_000), ("UBND-TINH", "1/QĐ-UBND", 2_000)]


@pytest.mark.parametrize(
    "changed",
    [
        {"day": D(2024, 1, 5)},
        {"kind": PlanKind.SUPPLEMENT},
    ],
)
def test_one_issuers_number_keeps_its_date_and_kind(district, province, changed):
    plan_decision_record(lines=[line(province)])
    with pytest.raises(InvalidInput) as refused:
        plan_decision_record(lines=[line(province, **changed)])
    assert refused.value.problems[0].column == "so_quyet_dinh"
    assert "không dùng lại số này" in refused.value.problems[0].reason
    assert decisions() == [("UBND-TINH", "1/QĐ-UBND", 1_000)]


def test_the_database_holds_a_line_once_per_issuers_decision(district, province, project):
    fields = dict(
        decision_number="9/QĐ",
        decision_date=D(2024, 1, 2),
        kind=PlanKind.INITIAL,
        project=project,
        source=source(),
        plan_year=2024,
        amount=10,
    )
    PlanEntry.objects.create(issuer=province, **fields)
    PlanEntry.objects.create(issuer=district["committee"], **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanEntry.objects.create(issuer=province, **fields)


def test_a_file_names_the_issuer_or_takes_the_default(district, province, people):
    rows = [HEADER, row(), row(issuer="UBND-TINH", day="05/01/2024", amount=2_000)]
    result = run_import("plan", csv_bytes(rows), user=people["tckh"])
    assert result.ok, result.problems
    assert decisions() == [("UBND", "1/QĐ-UBND", 1_000), ("UBND-TINH", "1/QĐ-UBND", 2_000)]
    again = run_import("plan", csv_bytes(rows), user=people["tckh"])
    assert again.ok and again.created == 0


def test_a_file_cannot_reuse_a_number_with_another_date_for_one_issuer(district, province):
    rows = [HEADER, row(issuer="UBND-TINH"), row(issuer="UBND-TINH", day="05/01/2024")]
    result = run_import("plan", csv_bytes(rows))
    assert [(p.row, p.column) for p in result.problems] == [(3, "ngay_quyet_dinh")]
    assert not PlanEntry.objects.exists()


def test_an_unknown_issuer_is_named(district):
    result = run_import("plan", csv_bytes([HEADER, row(issuer="KHONG-CO")]))
    assert [(p.row, p.column, p.value) for p in result.problems] == [
        (2, "co_quan_ban_hanh", "KHONG-CO")
    ]


def test_without_a_home_committee_the_file_must_name_the_issuer(district, province):
    Unit.objects.create(code="UBND-2", name="UBND huyện khác", kind=UnitKind.COMMITTEE)
    result = run_import("plan", csv_bytes([HEADER, row()]))
    assert [(p.row, p.column) for p in result.problems] == [(2, "co_quan_ban_hanh")]
    assert "cần cột co_quan_ban_hanh" in result.problems[0].reason


def test_the_form_records_a_decision_of_the_chosen_issuer(client_for, district, province):
    client = client_for("tckh")
    field = client.get(PLAN_NEW).context["header"].fields["issuer"]
    assert field.initial == "UBND" and not field.disabled
    data = plan_form([("DA1", "NSDP-HUYEN", "1.000")], number="1/QĐ-UBND")
    data["issuer"] = "UBND-TINH"
    response = client.post(PLAN_NEW, data)
    assert response.status_code == 302
    assert response["Location"] == "/so-von/quyet-dinh/UBND-TINH/1/Q%C4%90-UBND/"
    data["issuer"] = "UBND"
    assert client.post(PLAN_NEW, data).status_code == 302
    assert decisions() == [("UBND", "1/QĐ-UBND", 1_000), ("UBND-TINH", "1/QĐ-UBND", 1_000)]
    page = client.get("/so-von/quyet-dinh/UBND-TINH/1/QĐ-UBND/")
    assert [line.entry.issuer.code for line in page.context["lines"]] == ["UBND-TINH"]

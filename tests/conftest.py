"""The shared cast: a small district built through the real services."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import settings

from giaingan.capital.ledger import LineInput, PlanInput
from giaingan.capital.models import FundingSource, LineKind, PlanKind, Project
from giaingan.capital.services import plan_decision_record, treasury_line_record
from giaingan.org.models import Unit, UnitKind

_numbers = itertools.count(1)

# The suite shares two cores with the browser tests: a property is checked on its values,
# never on how long one example took.
settings.register_profile("giaingan", deadline=None)
settings.load_profile("giaingan")


@pytest.fixture
def district(db) -> dict[str, Unit]:
    """A committee, two investors (a board and a commune), a second commune and the
    district's treasury (the only one: lines that name none are its own)."""
    committee = Unit.objects.create(
        code="UBND", name="UBND huyện Văn Quan", kind=UnitKind.COMMITTEE
    )
    units = {
        "committee": committee,
        "board": Unit.objects.create(
            code="BQLDA", name="Ban QLDA ĐTXD huyện", kind=UnitKind.PROJECT_BOARD, parent=committee
        ),
        "tandoan": Unit.objects.create(
            code="XA-TD", name="UBND xã Tân Đoàn", kind=UnitKind.COMMUNE, parent=committee
        ),
        "vanan": Unit.objects.create(
            code="XA-VA", name="UBND xã Văn An", kind=UnitKind.COMMUNE, parent=committee
        ),
        "treasury": Unit.objects.create(
            code="KB", name="Kho bạc Nhà nước Văn Quan", kind=UnitKind.TREASURY, parent=committee
        ),
    }
    # Each unit records its head, who signs its papers (`org.signers`).
    heads = {
        "committee": ("Hoàng Văn Thuận", "Chủ tịch"),
        "board": ("Lương Văn Chiến", "Giám đốc"),
        "tandoan": ("Lộc Văn Sơn", "Chủ tịch"),
        "vanan": ("Vi Văn Thắng", "Chủ tịch"),
        "treasury": ("Triệu Thị Thoa", "Giám đốc"),
    }
    for key, (name, title) in heads.items():
        units[key].head_name, units[key].head_title = name, title
        units[key].save(update_fields=["head_name", "head_title"])
    return units


def finance_office(committee: Unit, head: str = "Nông Văn Hải") -> Unit:
    """The committee's Finance-Planning office, whose head signs its papers."""
    return Unit.objects.create(
        code="TCKH",
        name="Phòng Tài chính - Kế hoạch huyện Văn Quan",
        kind=UnitKind.OFFICE,
        parent=committee,
        head_name=head,
        head_title="Trưởng phòng",
    )


def as_province(district: dict[str, Unit]) -> Unit:
    """The district's tree renamed as a province's, with its finance department (returned),
    whose director signs its papers."""
    committee = district["committee"]
    committee.name = "UBND tỉnh Lạng Sơn"
    committee.save()
    return Unit.objects.create(
        code="STC",
        name="Sở Tài chính tỉnh Lạng Sơn",
        kind=UnitKind.OFFICE,
        parent=committee,
        head_name="Lý Văn Tài",
        head_title="Giám đốc",
    )


def source(code: str = "NSDP-HUYEN") -> FundingSource:
    return FundingSource.objects.get(code=code)


def make_project(code: str, investor: Unit, commune: Unit | None = None, **extra) -> Project:
    project = Project.objects.create(
        code=code, name=f"Dự án {code}", investor=investor, main_commune=commune, **extra
    )
    if commune is not None:
        project.communes.add(commune)
    return project


def plan(
    project: Project,
    amount: int,
    *,
    on: dt.date = dt.date(2023, 12, 22),
    kind: str = PlanKind.INITIAL,
    year: int = 2024,
    source_code: str = "NSDP-HUYEN",
    number: str | None = None,
):
    return plan_decision_record(
        lines=[
            PlanInput(
                decision_number=number or f"{next(_numbers)}/QĐ-UBND",
                decision_date=on,
                kind=kind,
                project_id=project.pk,
                source_id=source(source_code).pk,
                plan_year=year,
                amount=amount,
            )
        ]
    )


def transfer(
    moves: list[tuple[Project, int]],
    *,
    on: dt.date,
    year: int = 2024,
    source_code: str = "NSDP-HUYEN",
):
    number = f"{next(_numbers)}/QĐ-UBND"
    return plan_decision_record(
        lines=[
            PlanInput(
                decision_number=number,
                decision_date=on,
                kind=PlanKind.TRANSFER,
                project_id=project.pk,
                source_id=source(source_code).pk,
                plan_year=year,
                amount=amount,
            )
            for project, amount in moves
        ]
    )


def pay(
    project: Project,
    amount: int,
    *,
    on: dt.date,
    kind: str = LineKind.PAYMENT,
    recovered: int = 0,
    year: int = 2024,
    source_code: str = "NSDP-HUYEN",
    number: str | None = None,
    reverses: str = "",
    treasury: Unit | None = None,
):
    return treasury_line_record(
        line=LineInput(
            document_number=number or f"KB-{next(_numbers)}",
            value_date=on,
            project_id=project.pk,
            source_id=source(source_code).pk,
            plan_year=year,
            kind=kind,
            amount=amount,
            recovered_advance=recovered,
            reverses_number=reverses,
            treasury_id=treasury.pk if treasury is not None else None,
        )
    )


def advance(project: Project, amount: int, *, on: dt.date, **extra):
    return pay(project, amount, on=on, kind=LineKind.ADVANCE, **extra)


ROLE_LOGINS = {
    # login: (unit key in `district`, roles)
    "chutich": ("committee", ("chairman",)),
    "tckh": ("committee", ("finance_planning",)),
    "khobac": ("treasury", ("treasury",)),
    "bqlda": ("board", ("investor",)),
    "xa.tandoan": ("tandoan", ("commune", "investor")),
    "noivu": ("committee", ("internal_affairs",)),
    "hoidong1": ("committee", ("council_member",)),
    "xem": ("committee", ("viewer",)),
}


@pytest.fixture
def people(district):
    """One user per role (password `giaingan`), plus `admin`: the cast of permission tests."""
    from django.contrib.auth import get_user_model

    from giaingan.org.models import Membership

    User = get_user_model()
    cast = {}
    for login, (unit, roles) in ROLE_LOGINS.items():
        user = User.objects.create_user(login, password="giaingan", first_name=login)
        for role in roles:
            Membership.objects.create(user=user, unit=district[unit], role=role)
        cast[login] = user
    cast["admin"] = User.objects.create_superuser("admin", "", "giaingan")
    return cast


@pytest.fixture
def client_for(client, people):
    """client_for("tckh") -> a test client logged in as that user (None: anonymous)."""

    def login(name: str | None):
        client.logout()
        if name is not None:
            client.force_login(people[name])
        return client

    return login


@pytest.fixture(autouse=True)
def _catalogue_after_flush(request):
    """Transactional tests flush the database, migrations' rows too: put the catalogue back."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from giaingan.capital.catalogue import funding_sources_ensure
        from giaingan.rulebook.services import rulebook_ensure

        funding_sources_ensure()
        rulebook_ensure()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users: hash with a fast algorithm (the real one is slow on purpose)."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]

"""The demo district: Văn Quan (Lạng Sơn), its units, people and capital in 2023-2024.

`load_demo` writes it through the same services as the imports and the forms, so the demo
obeys every rule of the ledger. It is idempotent: units, accounts and targets are ensured
on every run; projects, plan decisions and treasury lines are written once, on the run that
finds the initial 2024 decision (4888/QĐ-UBND) missing.

Real: the district and its 17 communes and town in 2024, its offices, decision 4888/QĐ-UBND
of 22/12/2023, plan 120/KH-UBND of 02/4/2024 and its chairman, who signed the emulation plan.
Invented: every other person, project, contractor, number and amount (see `story.py`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.capital.ledger import LineInput, PlanInput, TreasuryBook
from giaingan.capital.models import (
    DisbursementTarget,
    FundingSource,
    PlanEntry,
    Project,
    TreasuryLine,
)
from giaingan.capital.projects import projects_save
from giaingan.capital.services import plan_decision_record
from giaingan.emulation.evaluation import movement_evaluate
from giaingan.emulation.loading import movement_load
from giaingan.emulation.models import Category, CriterionKind, Evidence, ResponsibleProject
from giaingan.emulation.responsibility import responsibility_set
from giaingan.emulation.services import evidence_add, evidence_assess, movement_register
from giaingan.figures.selectors import Base, disbursement_table
from giaingan.imports.importers import ProjectRow
from giaingan.lib.dates import disbursement_deadline, format_date
from giaingan.lib.money import format_millions, format_rate
from giaingan.lib.problems import InvalidInput
from giaingan.org.models import Membership, Role, Unit, UnitKind
from giaingan.org.services import UnitInput, units_save

from . import story
from .contracts import contracts_ensure
from .cycle import cycle_ensure
from .reallocation import reallocation_ensure

PASSWORD = "giaingan"
INITIAL_DECISION = "4888/QĐ-UBND"
YEAR = 2024
LINE_CHUNK = 500
DEMO_LOCK = 20240131  # any fixed number, the key of the PostgreSQL advisory lock

PROVINCE = "LS-UBND"
COMMITTEE = story.COMMITTEE
FINANCE = "VQ-TCKH"
INTERNAL_AFFAIRS = "VQ-NV"
TREASURY = "VQ-KB"
COUNCIL = "VQ-HDTDKT"

# (code, name, kind), all under the district committee.
DISTRICT_BODIES: list[tuple[str, str, str]] = [
    ("VQ-VP", "Văn phòng HĐND và UBND huyện Văn Quan", UnitKind.OFFICE),
    (FINANCE, "Phòng Tài chính - Kế hoạch huyện Văn Quan", UnitKind.OFFICE),
    (INTERNAL_AFFAIRS, "Phòng Nội vụ huyện Văn Quan", UnitKind.OFFICE),
    (story.INFRASTRUCTURE, "Phòng Kinh tế và Hạ tầng huyện Văn Quan", UnitKind.OFFICE),
    (
        story.AGRICULTURE,
        "Phòng Nông nghiệp và Phát triển nông thôn huyện Văn Quan",
        UnitKind.OFFICE,
    ),
    (story.EDUCATION, "Phòng Giáo dục và Đào tạo huyện Văn Quan", UnitKind.OFFICE),
    (story.ENVIRONMENT, "Phòng Tài nguyên và Môi trường huyện Văn Quan", UnitKind.OFFICE),
    ("VQ-VHTT", "Phòng Văn hóa và Thông tin huyện Văn Quan", UnitKind.OFFICE),
    ("VQ-LDTBXH", "Phòng Lao động - Thương binh và Xã hội huyện Văn Quan", UnitKind.OFFICE),
    ("VQ-YT", "Phòng Y tế huyện Văn Quan", UnitKind.OFFICE),
    ("VQ-DT", "Phòng Dân tộc huyện Văn Quan", UnitKind.OFFICE),
    ("VQ-TP", "Phòng Tư pháp huyện Văn Quan", UnitKind.OFFICE),
    ("VQ-TTR", "Thanh tra huyện Văn Quan", UnitKind.OFFICE),
    (TREASURY, "Kho bạc Nhà nước Văn Quan", UnitKind.TREASURY),
    (story.BOARD, "Ban Quản lý dự án đầu tư xây dựng huyện Văn Quan", UnitKind.PROJECT_BOARD),
    (COUNCIL, "Hội đồng Thi đua - Khen thưởng huyện Văn Quan", UnitKind.COUNCIL),
    ("VQ-MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Văn Quan", UnitKind.ORGANISATION),
]

# Invented contractors; Lạng Sơn tax codes begin with 49.
CONTRACTORS: list[tuple[str, str, str]] = [
    ("NT-TUANPHONG", "Công ty TNHH Xây dựng Tuấn Phong", "4900285713"),
    ("NT-BACSONHA", "Công ty Cổ phần Xây dựng và Thương mại Bắc Sơn Hà", "4900417362"),
    ("NT-MINHDUC", "Công ty TNHH Một thành viên Xây dựng Minh Đức", "4900532648"),
    ("NT-TANTIEN", "Hợp tác xã Xây dựng Tân Tiến", "4900604417"),
    ("NT-HUNGTHINH", "Công ty TNHH Tư vấn Xây dựng Hưng Thịnh", "4900711259"),
]


# Who heads each body and signs its papers (invented names): code -> (name, title).
HEADS: dict[str, tuple[str, str]] = {
    PROVINCE: ("Lương Văn Thành", "Chủ tịch"),
    COMMITTEE: ("Hoàng Văn Thuận", "Chủ tịch"),
    "VQ-VP": ("Lý Văn Quảng", "Chánh Văn phòng"),
    FINANCE: ("Nông Văn Hải", "Trưởng phòng"),
    INTERNAL_AFFAIRS: ("Vy Thị Hoa", "Trưởng phòng"),
    story.INFRASTRUCTURE: ("Hoàng Văn Sơn", "Trưởng phòng"),
    story.AGRICULTURE: ("Lăng Văn Phúc", "Trưởng phòng"),
    story.EDUCATION: ("Nông Thị Hạnh", "Trưởng phòng"),
    story.ENVIRONMENT: ("Chu Văn Hùng", "Trưởng phòng"),
    "VQ-VHTT": ("Dương Thị Nga", "Trưởng phòng"),
    "VQ-LDTBXH": ("Hà Văn Tâm", "Trưởng phòng"),
    "VQ-YT": ("Lộc Thị Huyền", "Trưởng phòng"),
    "VQ-DT": ("Mã Văn Cường", "Trưởng phòng"),
    "VQ-TP": ("Hoàng Thị Yến", "Trưởng phòng"),
    "VQ-TTR": ("Vi Văn Dũng", "Chánh Thanh tra"),
    TREASURY: ("Triệu Thị Thoa", "Giám đốc"),
    story.BOARD: ("Lương Văn Chiến", "Giám đốc"),
    COUNCIL: ("Hoàng Văn Thuận", "Chủ tịch Hội đồng"),
    "VQ-MTTQ": ("Hoàng Thị Dung", "Chủ tịch"),
}
# The communes' chairmen, in the order of `story.COMMUNES`.
COMMUNE_CHAIRS = [
    "Nông Văn Tuấn",
    "Lương Văn Khoa",
    "Hoàng Văn Lợi",
    "Vi Văn Thắng",
    "Lăng Văn Hiếu",
    "Triệu Văn Quân",
    "Hà Văn Nghĩa",
    "Lộc Văn Thành",
    "Chu Văn Định",
    "Dương Văn Phong",
    "Lộc Văn Sơn",
    "Mông Văn Hợp",
    "Đinh Văn Tiến",
    "Hoàng Văn Lâm",
    "Tô Văn Hưng",
    "Lý Văn Bình",
    "Nông Văn Quyết",
]


def heads_ensure() -> None:
    """Record who heads each demo body, where no head is recorded yet (an edit is kept)."""
    heads = {
        **HEADS,
        **{
            code: (name, "Chủ tịch")
            for (code, _), name in zip(story.COMMUNES, COMMUNE_CHAIRS, strict=True)
        },
    }
    for unit in Unit.objects.filter(code__in=heads, head_name=""):
        unit.head_name, unit.head_title = heads[unit.code]
        unit.save(update_fields=["head_name", "head_title"])


def unit_inputs() -> list[UnitInput]:
    units = [
        UnitInput(PROVINCE, "UBND tỉnh Lạng Sơn", UnitKind.COMMITTEE),
        UnitInput(COMMITTEE, "UBND huyện Văn Quan", UnitKind.COMMITTEE, PROVINCE),
    ]
    units += [UnitInput(code, name, kind, COMMITTEE) for code, name, kind in DISTRICT_BODIES]
    units += [
        UnitInput(code, f"UBND {story.commune_label(code)}", UnitKind.COMMUNE, COMMITTEE)
        for code, _ in story.COMMUNES
    ]
    units += [
        UnitInput(code, name, UnitKind.CONTRACTOR, tax_code=tax) for code, name, tax in CONTRACTORS
    ]
    return units


@dataclass(frozen=True)
class Account:
    username: str
    family_name: str  # họ và tên đệm
    given_name: str  # tên
    unit: str
    roles: tuple[str, ...]
    is_staff: bool = False
    is_superuser: bool = False


ACCOUNTS: list[Account] = [
    Account("chutich", "Hoàng Văn", "Thuận", COMMITTEE, (Role.CHAIRMAN,)),
    Account("phochutich", "Lương Văn", "Minh", COMMITTEE, (Role.VICE_CHAIRMAN,)),
    Account("tckh", "Nông Thị Thu", "Hằng", FINANCE, (Role.FINANCE_PLANNING,), is_staff=True),
    Account("khobac", "Vi Văn", "Đức", TREASURY, (Role.TREASURY,)),
    Account("bqlda", "Chu Văn", "Tuấn", story.BOARD, (Role.INVESTOR,)),
    Account("xa.tandoan", "Lộc Văn", "Sơn", "XA-TANDOAN", (Role.COMMUNE, Role.INVESTOR)),
    Account("noivu", "Hà Thị", "Lan", INTERNAL_AFFAIRS, (Role.INTERNAL_AFFAIRS,)),
    Account("hoidong1", "Hoàng Văn", "Bình", COUNCIL, (Role.COUNCIL_MEMBER,)),
    Account("hoidong2", "Lăng Thị", "Mai", COUNCIL, (Role.COUNCIL_MEMBER,)),
    Account("hoidong3", "Triệu Văn", "Long", COUNCIL, (Role.COUNCIL_MEMBER,)),
    Account("hoidong4", "Đinh Thị", "Hương", COUNCIL, (Role.COUNCIL_MEMBER,)),
    Account("hoidong5", "Mông Văn", "Khánh", COUNCIL, (Role.COUNCIL_MEMBER,)),
    Account("admin", "Quản trị", "hệ thống", COMMITTEE, (), is_staff=True, is_superuser=True),
]

# Staff who are not superusers need model permissions to use the admin: the finance office
# reads everything and keeps the catalogues; roles (memberships) stay with the superuser.
STAFF_GROUP = "Phòng Tài chính - Kế hoạch (quản trị danh mục)"
STAFF_APPS = ("org", "capital", "imports", "audit")
STAFF_EDITS = ("unit", "project", "fundingsource", "disbursementtarget")

TARGET_SHARES = [((3, 31), 15), ((6, 30), 40), ((9, 30), 60), ((12, 31), 85), ((1, 31), 100)]
TARGET_BASIS = {
    2023: "Kế hoạch thực hiện và giải ngân vốn đầu tư công năm 2023 của UBND huyện",
    2024: "Kế hoạch số 120/KH-UBND ngày 02/4/2024",
}


def load_demo(stdout: TextIO | None = None) -> dict[str, Any]:
    """Migrated database in, demo district out; print the summary to `stdout` if given."""
    with transaction.atomic():
        _serialise_loaders()
        units_ensure()
        heads_ensure()
        accounts_ensure()
        staff_permissions_ensure()
        targets_ensure()
        created = not PlanEntry.objects.filter(decision_number=INITIAL_DECISION).exists()
        if created:
            ledger_load(story.build_story())
        movement_ensure()
        cycle_ensure()
        contracts_ensure()
        reallocation_ensure()
    summary = demo_summary()
    summary["created"] = created
    if stdout is not None:
        stdout.write(summary_text(summary))
    return summary


def _serialise_loaders() -> None:
    # Two processes starting at once must load the demo once: the second waits here until
    # the first commits, then finds everything in place. SQLite's immediate transactions
    # already serialise writers; PostgreSQL needs a lock.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DEMO_LOCK])


def units_ensure() -> None:
    outcome = units_save(rows=[(None, unit) for unit in unit_inputs()])
    if outcome.problems:
        raise InvalidInput(outcome.problems)


def accounts_ensure() -> None:
    """Create the demo accounts that are missing. An existing account is left as it is
    (its password, names and flags may have been changed on purpose); roles are added."""
    User = get_user_model()
    units = dict(Unit.objects.filter(code__in={a.unit for a in ACCOUNTS}).values_list("code", "id"))
    existing = {user.username: user for user in User.objects.filter(username__in=_usernames())}
    # One hash for all: hashing is slow by design, and the password is public anyway.
    hashed = make_password(PASSWORD) if len(existing) < len(ACCOUNTS) else ""
    for account in ACCOUNTS:
        user = existing.get(account.username)
        if user is None:
            # Vietnamese order: family and middle names, then the given name, which also
            # sorts lists the Vietnamese way (by given name).
            user = User(
                username=account.username,
                first_name=account.family_name,
                last_name=account.given_name,
                is_staff=account.is_staff,
                is_superuser=account.is_superuser,
                password=hashed,
            )
            user.save()
        for role in account.roles:
            Membership.objects.get_or_create(user=user, unit_id=units[account.unit], role=role)


def _usernames() -> list[str]:
    return [account.username for account in ACCOUNTS]


def staff_permissions_ensure() -> None:
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    edits = [f"{verb}_{model}" for verb in ("add", "change") for model in STAFF_EDITS]
    permissions = Permission.objects.filter(content_type__app_label__in=STAFF_APPS).filter(
        Q(codename__startswith="view_") | Q(codename__in=edits)
    )
    group.permissions.set(permissions)
    staff = [a.username for a in ACCOUNTS if a.is_staff and not a.is_superuser]
    for user in get_user_model().objects.filter(username__in=staff):
        user.groups.add(group)


def targets_ensure() -> None:
    for year, basis in TARGET_BASIS.items():
        for (month, day), share in TARGET_SHARES:
            due = dt.date(year + 1 if month == 1 else year, month, day)
            wanted = {"share_percent": Decimal(share), "basis": basis}
            target = DisbursementTarget.objects.filter(plan_year=year, due_date=due).first()
            if target is None:
                DisbursementTarget.objects.create(plan_year=year, due_date=due, **wanted)
            elif any(getattr(target, name) != value for name, value in wanted.items()):
                # Saved only when it differs: every save is a row of history.
                DisbursementTarget.objects.update_or_create(
                    plan_year=year, due_date=due, defaults=wanted
                )


def ledger_load(demo: story.DemoStory) -> None:
    units = dict(Unit.objects.values_list("code", "id"))
    projects_save(rows=[_project_row(project, units) for project in demo.projects])
    projects = dict(Project.objects.values_list("code", "id"))
    sources = dict(FundingSource.objects.values_list("code", "id"))
    for decision in demo.decisions:
        plan_decision_record(
            lines=[
                PlanInput(
                    decision_number=decision.number,
                    decision_date=decision.date,
                    kind=decision.kind,
                    project_id=projects[code],
                    source_id=sources[source],
                    plan_year=decision.plan_year,
                    amount=amount,
                    note=decision.note,
                )
                for code, source, amount in decision.lines
            ]
        )
    numbers = {line.seq: line.document_number for line in demo.lines}
    lines = [
        LineInput(
            document_number=line.document_number,
            value_date=line.value_date,
            project_id=projects[line.key[0]],
            source_id=sources[line.key[1]],
            plan_year=line.key[2],
            kind=line.kind,
            amount=line.amount,
            recovered_advance=line.recovered_advance,
            reverses_number=numbers[line.reverses_seq] if line.reverses_seq else "",
            project_code=line.key[0],
            # The district has one treasury; each treasury numbers its own documents.
            treasury_id=units[TREASURY],
        )
        for line in demo.lines
    ]
    book = TreasuryBook(user=None, batch=None)
    for start in range(0, len(lines), LINE_CHUNK):
        problems = book.add([(None, line) for line in lines[start : start + LINE_CHUNK]])
        if problems:
            raise InvalidInput(problems)
    log_action(
        "demo.loaded",
        data={
            "projects": len(demo.projects),
            "decisions": len(demo.decisions),
            "treasury_lines": book.created,
        },
    )


def _project_row(project: story.DemoProject, units: dict[str, int]) -> ProjectRow:
    # ProjectRow carries unit ids here, as the project importer passes them.
    return ProjectRow(
        code=project.code,
        name=project.name,
        investor=units[project.investor],  # type: ignore[arg-type]
        agency=units[project.agency],  # type: ignore[arg-type]
        communes=[units[code] for code in project.communes],  # type: ignore[misc]
        group=project.group,
        sector=project.sector,
        total_investment=project.total_investment,
        start_year=project.start_year,
        end_year=project.end_year,
        is_key=project.is_key,
    )


MOVEMENT_CODE = "DTC-2024"
# The movement as a file, loaded by the same loader as `giaingan movement load`: the demo and
# the file never disagree. The file names the plan's text (ke_hoach_phat_dong_DTC-2024.txt).
MOVEMENT_FILE = Path(__file__).with_name("data") / "DTC-2024.yaml"
INITIATIVE = "sang_kien"
DEMO_COMMUNE = "XA-TANDOAN"  # the commune of the demo login xa.tandoan
INITIATIVE_NOTE = (
    "Báo cáo sáng kiến: nghiệm thu và lập hồ sơ thanh toán ngay từng hạng mục hoàn thành, "
    "không dồn thanh toán cuối năm; tổ công tác đôn đốc giải ngân họp hằng tuần."
)


# Offices and organisations take part too (plan V.1.a): Finance-Planning governs no project
# and is judged on its checklist alone (appraisal times shortened, plan III.1); the Fatherland
# Front has no plan and is never awarded or reviewed on a zero plan.
COLLECTIVES: list[tuple[str, str, str]] = [
    (
        FINANCE,
        "phong",
        "Rút ngắn thời gian thẩm định dự án, dự toán; tham mưu điều chuyển vốn kịp thời.",
    ),
    (
        "VQ-MTTQ",
        "to_chuc",
        "Tuyên truyền, vận động nhân dân hiến đất, giải phóng mặt bằng cho các công trình.",
    ),
]
# Individuals (plan V.1.b): (name, position, unit, projects they answer for). The first
# two are judged on their own projects (one finished all before the deadline, one far
# behind: the review list); the third has no list and is judged on their commune's figures.
PEOPLE: list[tuple[str, str, str, list[str]]] = [
    ("Hoàng Thị Nga", "Phó Giám đốc", story.BOARD, ["VQ24-001", "VQ24-003", "VQ24-009"]),
    ("Lục Văn Cường", "Cán bộ kỹ thuật", story.BOARD, ["VQ24-007", "VQ24-011"]),
    ("Lộc Văn Sơn", "Chủ tịch UBND xã", DEMO_COMMUNE, []),
]
# When the demo's evidence was sent and assessed (before the deadline), and the late one.
SENT_ON, ASSESSED_ON = dt.date(2025, 1, 15), dt.date(2025, 1, 24)
LATE_ON = dt.date(2025, 2, 5)
LATE_COMMUNE = "XA-HOABINH"  # reached 100% on the last day; sent its report in February


def movement_ensure() -> None:
    """The seed's movement from its file, with every unit that invests 2024 capital
    registered, the offices, organisations and individuals of the story, and the demo's
    evidence (once)."""

    movement = movement_load(path=MOVEMENT_FILE).movement
    registered = set(movement.registrations.values_list("unit_id", "person_name"))
    investors = Unit.objects.filter(
        id__in=PlanEntry.objects.filter(plan_year=YEAR).values("project__investor_id")
    )
    pledge = "Giải ngân 100% kế hoạch vốn được giao, kể cả vốn giao bổ sung, trước ngày 31/01/2025."
    wanted = [
        (
            unit,
            Category.COMMUNE if unit.kind == UnitKind.COMMUNE else Category.INVESTOR,
            pledge,
            "",
            "",
        )
        for unit in investors.order_by("code")
    ]
    units = {unit.code: unit for unit in Unit.objects.all()}
    wanted += [(units[code], category, text, "", "") for code, category, text in COLLECTIVES]
    wanted += [
        (units[code], Category.INDIVIDUAL, pledge, name, position)
        for name, position, code, _ in PEOPLE
    ]
    for unit, category, text, name, position in wanted:
        if (unit.pk, name) in registered:
            continue
        movement_register(
            movement=movement,
            unit=unit,
            category=category,
            registered_on=dt.date(2024, 4, 25),
            pledge=text,
            person_name=name,
            person_position=position,
        )
    responsibilities_ensure(movement)
    initiatives_ensure(movement)


def responsibilities_ensure(movement) -> None:
    """The projects each person of the story answers for, kept by Internal Affairs."""

    if ResponsibleProject.objects.filter(registration__movement=movement).exists():
        return
    internal_affairs = get_user_model().objects.filter(username="noivu").first()
    for name, _position, code, projects in PEOPLE:
        if not projects:
            continue
        registration = movement.registrations.get(unit__code=code, person_name=name)
        responsibility_set(
            registration=registration,
            projects=list(Project.objects.filter(code__in=projects)),
            user=internal_affairs,
        )


def initiatives_ensure(movement) -> None:
    """The demo's evidence, sent on 15/01/2025 and assessed on 24/01/2025: initiatives
    accepted for the collectives that met every automatic criterion; Tân Đoàn's waiting for
    assessment; the checklist of Finance-Planning, of the Front (one of its two criteria)
    and of two people accepted; Hòa Bình's report sent after the deadline, which does not
    count. Written once: evidence that exists is left as it is."""

    if Evidence.objects.filter(registration__movement=movement).exists():
        return
    users = {user.username: user for user in get_user_model().objects.all()}
    officers = {
        membership.unit_id: membership.user
        for membership in Membership.objects.filter(
            role__in=[Role.INVESTOR, Role.COMMUNE]
        ).select_related("user")
    }
    criteria = {
        (criterion.category, criterion.key): criterion
        for criterion in movement.criteria.filter(kind=CriterionKind.MANUAL)
    }
    registrations = {
        registration.pk: registration
        for registration in movement.registrations.select_related("unit", "movement")
    }

    def send(registration, key: str, note: str, *, assessor: str = "", on=SENT_ON) -> None:
        sender = officers.get(registration.unit_id) or users.get("noivu")
        item = evidence_add(
            registration=registration,
            criterion=criteria[(registration.category, key)],
            note=note,
            user=sender,
        )
        if assessor:
            item = evidence_assess(
                evidence=item,
                accepted=True,
                note="Đã kiểm tra báo cáo và kết quả của đơn vị.",
                user=users.get(assessor),
            )
        _dated(item, sent=on, assessed=ASSESSED_ON if assessor else None)

    for evaluation in movement_evaluate(movement, movement.completion_deadline):
        registration = registrations[evaluation.registration_id]
        if evaluation.category in (Category.INVESTOR, Category.COMMUNE):
            automatic = [
                criterion.met
                for criterion in evaluation.criteria
                if criterion.kind == CriterionKind.AUTOMATIC and criterion.required
            ]
            if all(automatic):
                send(registration, INITIATIVE, INITIATIVE_NOTE, assessor="tckh")
            elif evaluation.code == DEMO_COMMUNE:
                send(registration, INITIATIVE, INITIATIVE_NOTE)
            elif evaluation.code == LATE_COMMUNE:
                send(registration, INITIATIVE, INITIATIVE_NOTE, on=LATE_ON)
        elif evaluation.code == FINANCE and not registration.person_name:
            send(registration, "rut_ngan_tham_dinh", APPRAISAL_NOTE, assessor="noivu")
            send(registration, INITIATIVE, TRANSFER_NOTE, assessor="noivu")
        elif evaluation.category == Category.ORGANISATION:
            send(registration, "ho_tro_tien_do", FRONT_NOTE, assessor="noivu")
        elif evaluation.category == Category.INDIVIDUAL and evaluation.person_name in (
            PEOPLE[0][0],
            PEOPLE[2][0],
        ):
            send(registration, "lanh_dao_chi_dao", LEADING_NOTE, assessor="noivu")
            send(registration, INITIATIVE, INITIATIVE_NOTE, assessor="noivu")


APPRAISAL_NOTE = (
    "Thẩm định dự toán, kế hoạch lựa chọn nhà thầu trong 5 ngày làm việc (quy định 15 ngày); "
    "thẩm định nguồn vốn các dự án khởi công mới năm 2024 trong tháng 4."
)
TRANSFER_NOTE = (
    "Tham mưu UBND huyện điều chuyển vốn từ dự án chậm sang dự án giải ngân nhanh "
    "ba đợt trong năm, không để vốn bị thu hồi."
)
FRONT_NOTE = (
    "Phối hợp vận động 46 hộ hiến đất, bàn giao mặt bằng đúng hạn cho các công trình "
    "đường giao thông và trường học."
)
LEADING_NOTE = (
    "Trực tiếp chỉ đạo nghiệm thu, lập hồ sơ thanh toán từng hạng mục hoàn thành; "
    "họp tổ đôn đốc giải ngân hằng tuần."
)


def _dated(item, *, sent: dt.date, assessed: dt.date | None) -> None:
    """Date the demo's evidence in the story's past: sent on `sent`, assessed on
    `assessed`, in its row and its history (the services stamp the day they run)."""

    def at(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))

    records = Evidence.history.filter(id=item.pk).order_by("history_date", "history_id")
    for position, record in enumerate(records):
        day = sent if position == 0 or assessed is None else assessed
        Evidence.history.filter(history_id=record.history_id).update(history_date=at(day))
    Evidence.objects.filter(pk=item.pk).update(
        uploaded_at=at(sent), assessed_at=at(assessed) if assessed else None
    )


def demo_summary() -> dict[str, Any]:
    """Counts and headline figures, read back from the database."""
    as_of = disbursement_deadline(YEAR)
    assigned = disbursement_table(year=YEAR, as_of=as_of, by="source", base=Base.ASSIGNED).total
    carried = disbursement_table(year=YEAR, as_of=as_of, by="source", base=Base.WITH_CARRYOVER)
    User = get_user_model()
    return {
        "units": Unit.objects.count(),
        "projects": Project.objects.count(),
        "plan_entries": PlanEntry.objects.count(),
        "decisions": PlanEntry.objects.values("decision_number").distinct().count(),
        "treasury_lines": TreasuryLine.objects.count(),
        "accounts": User.objects.filter(username__in=_usernames()).count(),
        "as_of": as_of,
        "plan": assigned.plan,
        "disbursed": assigned.disbursed,
        "rate_percent": assigned.rate_percent,
        "plan_with_carryover": carried.total.plan,
        "disbursed_with_carryover": carried.total.disbursed,
        "rate_percent_with_carryover": carried.total.rate_percent,
    }


def summary_text(summary: dict[str, Any]) -> str:
    as_of = format_date(summary["as_of"])
    lines = [
        "Dữ liệu mẫu: huyện Văn Quan, tỉnh Lạng Sơn (kế hoạch vốn đầu tư công năm 2023, 2024).",
        f"  Đơn vị: {summary['units']}",
        f"  Dự án: {summary['projects']}",
        f"  Dòng kế hoạch vốn: {summary['plan_entries']} ({summary['decisions']} quyết định)",
        f"  Chứng từ giải ngân qua Kho bạc: {summary['treasury_lines']}",
        f"  Năm {YEAR}, đến ngày {as_of} (triệu đồng):",
        f"    kế hoạch giao trong năm {format_millions(summary['plan'], 0)}, "
        f"đã giải ngân {format_millions(summary['disbursed'], 0)}, "
        f"tỷ lệ {format_rate(summary['disbursed'], summary['plan'])}",
        f"    kể cả vốn năm trước kéo dài {format_millions(summary['plan_with_carryover'], 0)}, "
        f"đã giải ngân {format_millions(summary['disbursed_with_carryover'], 0)}, "
        f"tỷ lệ {format_rate(summary['disbursed_with_carryover'], summary['plan_with_carryover'])}",
        "",
        "Tài khoản dùng thử. Mật khẩu: giaingan",
    ]
    rows = [("Tài khoản", "Vai trò", "Đơn vị")]
    units = dict(Unit.objects.values_list("code", "name"))
    labels = dict(Role.choices)
    for account in ACCOUNTS:
        roles = ", ".join(str(labels[role]) for role in account.roles) or "Quản trị hệ thống"
        rows.append((account.username, roles, units.get(account.unit, account.unit)))
    widths = [max(len(row[column]) for row in rows) for column in range(2)]
    for row in rows:
        lines.append(f"  {row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2]}")
    return "\n".join(lines) + "\n"

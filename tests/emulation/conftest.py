"""A movement ready for the award pipeline: one investor to award, one commune to review."""

from __future__ import annotations

import datetime as dt

import pytest

from giaingan.emulation.models import Category, Movement
from giaingan.emulation.services import movement_register
from giaingan.org.models import Membership, Role, Unit, UnitKind
from tests.conftest import make_project, pay, plan

D = dt.date


@pytest.fixture
def movement(district):
    movement = Movement.objects.create(
        code="DTC-2024",
        name="Đẩy nhanh tiến độ giải ngân vốn đầu tư công",
        plan_year=2024,
        starts_on=D(2024, 4, 15),
        ends_on=D(2025, 1, 31),
    )
    for unit, category in [
        (district["board"], Category.INVESTOR),
        (district["tandoan"], Category.COMMUNE),
    ]:
        movement_register(
            movement=movement, unit=unit, category=category, registered_on=D(2024, 4, 20)
        )
    return movement


@pytest.fixture
def ledger(district):
    """The board reaches 100% in November; Tân Đoàn stops at 40%."""
    road = make_project("DA-DUONG", district["board"], district["tandoan"])
    plan(road, 1_000_000_000)
    pay(road, 1_000_000_000, on=D(2024, 11, 20))
    school = make_project("DA-TRUONG", district["tandoan"], district["tandoan"])
    plan(school, 500_000_000)
    pay(school, 200_000_000, on=D(2024, 12, 10))
    return {"road": road, "school": school}


@pytest.fixture
def council(district, people):
    """The council unit with five members; hoidong1 of `people` is not one of them."""
    from django.contrib.auth import get_user_model

    unit = Unit.objects.create(
        code="HDTDKT",
        name="Hội đồng Thi đua - Khen thưởng huyện Văn Quan",
        kind=UnitKind.COUNCIL,
        parent=district["committee"],
    )
    members = []
    for number in range(1, 6):
        user = get_user_model().objects.create_user(
            f"tv{number}", password="giaingan", first_name=f"Thành viên {number}"
        )
        Membership.objects.create(user=user, unit=unit, role=Role.COUNCIL_MEMBER)
        members.append(user)
    return {"unit": unit, "members": members}


@pytest.fixture
def vice(district):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        "phochutich", password="giaingan", first_name="Minh", last_name="Lương Văn"
    )
    Membership.objects.create(user=user, unit=district["committee"], role=Role.VICE_CHAIRMAN)
    return user


AS_OF = D(2025, 1, 31)
# Where the list was posted before it was recorded (the tests run long after 2025).
PLACE = "Bảng tin trụ sở UBND huyện Văn Quan"


@pytest.fixture
def drafted(movement, ledger, people):
    from giaingan.emulation.proposal import proposal_draft

    return proposal_draft(movement=movement, as_of=AS_OF, user=people["tckh"])


@pytest.fixture
def submitted(drafted, people):
    from giaingan.emulation.proposal import proposal_submit

    return proposal_submit(
        proposal=drafted, number="12/TTr-TCKH", submitted_on=D(2025, 2, 3), user=people["tckh"]
    )


def award_dossiers(proposal):
    from giaingan.emulation.models import Purpose

    return list(proposal.nominations.filter(purpose=Purpose.AWARD).order_by("pk"))


@pytest.fixture
def appraised(submitted, people):
    from giaingan.emulation.models import DossierStatus
    from giaingan.emulation.proposal import dossiers_move

    dossiers = award_dossiers(submitted)
    dossiers_move(nominations=dossiers, to_status=DossierStatus.RECEIVED, user=people["noivu"])
    dossiers_move(nominations=dossiers, to_status=DossierStatus.ELIGIBLE, user=people["noivu"])
    return submitted


def open_session(movement, council, user, present=None, written=()):
    from django.utils import timezone

    from giaingan.emulation.council import session_open

    members = council["members"]
    present = {m.pk for m in members[:4]} if present is None else set(present)
    return session_open(
        movement=movement,
        council=council["unit"],
        held_at=timezone.make_aware(dt.datetime(2025, 2, 6, 8, 30)),
        venue="Phòng họp số 1, UBND huyện",
        chair_name="Hoàng Văn Thuận",
        secretary_name="Hà Thị Lan",
        present=present,
        written=set(written),
        user=user,
    )


@pytest.fixture
def voted(appraised, movement, council, people):
    """Four members present vote agree on every dossier; the session is closed."""
    from giaingan.emulation.council import session_close, vote_cast

    session = open_session(movement, council, people["noivu"])
    for member in council["members"][:4]:
        for dossier in session.dossiers.all():
            vote_cast(
                session=session, nomination=dossier, member=member, choice="dong_y", user=member
            )
    session_close(session=session, user=people["noivu"])
    return appraised


@pytest.fixture
def posted(voted, people):
    from giaingan.emulation.publicity import posting_open

    return posting_open(
        proposal=voted,
        posted_on=D(2025, 2, 7),
        past_place=PLACE,
        user=people["noivu"],
    )


@pytest.fixture
def in_session(appraised, movement, council, people):
    """The eligible dossier before the council: four members present, the fifth wrote in."""
    members = council["members"]
    return open_session(
        movement,
        council,
        people["noivu"],
        present={m.pk for m in members[:4]},
        written={members[4].pk},
    )


@pytest.fixture
def decided(posted, people):
    """The chairman's decision on the posted list, after the posting ended."""
    from giaingan.emulation.decisions import decision_issue

    return decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )


def evidence_dated(item, *, sent: dt.date, assessed: dt.date | None = None):
    """Date an evidence as the clock would have on those days: sent on `sent`, and each
    later change (its assessments) on `assessed`; in its row and its history. The tests
    run long after their movement's deadline, when evidence sent today is late."""
    from django.utils import timezone

    from giaingan.emulation.models import Evidence

    def at(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))

    records = list(Evidence.history.filter(id=item.pk).order_by("history_date", "history_id"))
    for position, record in enumerate(records):
        day = sent if position == 0 or assessed is None else assessed
        Evidence.history.filter(history_id=record.history_id).update(history_date=at(day))
    row = Evidence.objects.get(pk=item.pk)
    Evidence.objects.filter(pk=item.pk).update(
        uploaded_at=at(sent),
        assessed_at=at(assessed or sent) if row.assessed_at is not None else None,
    )
    return Evidence.objects.get(pk=item.pk)

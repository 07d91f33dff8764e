"""The demo's road from acceptance to payment: contracts of the board's and Tân Đoàn's 2024
projects, an acceptance and a paid dossier behind each of their payment lines, a few
dossiers still waiting (one returned by the treasury), and two contractors with breaches.
Everything goes through the services, as a user's entries would."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db.models import Sum

from giaingan.capital.models import LineKind, Project, TreasuryLine
from giaingan.contracts.models import Acceptance, Breach, Contract, DossierPayment, PaymentDossier
from giaingan.contracts.services import (
    AcceptanceInput,
    ContractInput,
    acceptance_record,
    accepted_total,
    breach_decide,
    breach_propose,
    breach_record,
    contract_record,
    dossier_link_payment,
    dossier_return,
    dossier_send,
)
from giaingan.demo import story
from giaingan.lib.rows import tables_analyze
from giaingan.lib.taxcode import with_check_digit

SEED = 12
PROJECTS_SHOWN = 16
# (nine digits of the tax code, name): the first two are the ones with breaches.
CONTRACTORS = [
    ("490012345", "Công ty TNHH Xây dựng Tân Tiến Lạng Sơn"),
    ("490023456", "Công ty CP Đầu tư và Xây lắp Bắc Sơn"),
    ("490034567", "Công ty TNHH Một thành viên Xây dựng Văn Quan"),
    ("490045678", "Hợp tác xã Xây dựng Đồng Giáp"),
]
STALLED_ON = dt.date(2024, 11, 25)


def tax_code(nine: str) -> str:
    code = with_check_digit(nine)
    if code is None:  # nine digits no code can end: take the next ones
        return tax_code(f"{int(nine) + 1:09d}")
    return code


def contracts_ensure() -> None:
    """Load the demo's contracts once; a database that has any is left alone."""
    if Contract.objects.exists():
        return
    users = {
        user.username: user
        for user in get_user_model().objects.filter(
            username__in=["bqlda", "xa.tandoan", "khobac", "tckh", "chutich"]
        )
    }
    investors = {story.BOARD: users["bqlda"], "XA-TANDOAN": users["xa.tandoan"]}
    rng = random.Random(SEED)
    paying = (
        TreasuryLine.objects.filter(
            plan_year=2024,
            kind=LineKind.PAYMENT,
            reverses__isnull=True,
            reversals__isnull=True,
            project__investor__code__in=list(investors),
        )
        .values("project_id")
        .annotate(total=Sum("amount"))
        .order_by("-total")
    )
    chosen = [row["project_id"] for row in paying[:PROJECTS_SHOWN]]
    projects = Project.objects.select_related("investor").filter(id__in=chosen).order_by("code")
    contracts = []
    for index, project in enumerate(projects):
        investor = investors[project.investor.code]
        contracts.append(project_load(project, investor, users["khobac"], rng, index))
    stalled(contracts[:6], investors, users["khobac"])
    breaches(contracts, users)
    # Thousands of rows written one by one into tables that were empty: the pages read
    # right after the demo's commit (a dossier's payments, the payables) are planned on
    # them, not on the empty tables autovacuum last analyzed.
    tables_analyze(models=[Contract, Acceptance, PaymentDossier, DossierPayment, Breach])


def project_load(project: Project, investor, treasury, rng: random.Random, index: int) -> Contract:
    """One works contract whose acceptances and paid dossiers stand behind the project's
    2024 payment lines, each line paying one dossier."""
    lines = list(
        TreasuryLine.objects.filter(
            project=project,
            plan_year=2024,
            kind=LineKind.PAYMENT,
            reverses__isnull=True,
            reversals__isnull=True,
        ).order_by("value_date", "id")
    )
    first = lines[0].value_date
    total = sum(line.amount for line in lines)
    nine, name = CONTRACTORS[index % len(CONTRACTORS)]
    contract = contract_record(
        user=investor,
        data=ContractInput(
            project=project,
            number=f"{index + 1:02d}/2024/HĐ-XD",
            package="Gói thầu thi công xây dựng công trình",
            value=total + total // 3,
            signed_on=first - dt.timedelta(days=90),
            schedule_end=dt.date(2024, 12, 31) if index % 3 else dt.date(2025, 6, 30),
            contractor_tax_code=tax_code(nine),
            contractor_name=name,
            advance_value=(total + total // 3) // 5,
            advance_terms="Tạm ứng 20% giá trị hợp đồng sau khi có bảo lãnh tạm ứng",
        ),
    )
    for number, line in enumerate(lines, start=1):
        # Accepted 15-45 days before the payment, the dossier sent 5-20 days later; the
        # contractors with breaches are the slow ones.
        slow = 20 if index % len(CONTRACTORS) < 2 else 0
        sent_on = line.value_date - dt.timedelta(days=rng.randint(3, 12) + slow // 2)
        accepted_on = max(
            contract.signed_on, sent_on - dt.timedelta(days=rng.randint(5, 20) + slow)
        )
        acceptance = acceptance_record(
            user=investor,
            data=AcceptanceInput(
                contract=contract,
                number=f"NT-{number:02d}",
                accepted_on=accepted_on,
                value=line.amount,
            ),
        )
        dossier = dossier_send(
            user=investor,
            contract=contract,
            number=f"HS-{number:02d}",
            amount=line.amount,
            sent_on=sent_on,
            acceptances=[acceptance],
        )
        dossier_link_payment(user=treasury, dossier=dossier, document_number=line.document_number)
    return contract


def stalled(contracts: list[Contract], investors: dict, treasury) -> None:
    """Late-2024 acceptances still unpaid: some in a dossier waiting at the treasury (one
    returned), some with no dossier yet."""
    for index, contract in enumerate(contracts):
        investor = investors[contract.project.investor.code]
        left = contract.value - accepted_total(contract)
        value = min(left, 150_000_000 + 50_000_000 * index)
        if value <= 0:
            continue
        acceptance = acceptance_record(
            user=investor,
            data=AcceptanceInput(
                contract=contract,
                number="NT-CUOI-NAM",
                accepted_on=STALLED_ON - dt.timedelta(days=10 * index),
                value=value,
            ),
        )
        if index % 3 == 2:
            continue  # accepted, no dossier yet
        dossier = dossier_send(
            user=investor,
            contract=contract,
            number="HS-CUOI-NAM",
            amount=value,
            sent_on=STALLED_ON,
            acceptances=[acceptance],
        )
        if index == 0:
            dossier_return(
                user=treasury,
                dossier=dossier,
                returned_on=STALLED_ON + dt.timedelta(days=6),
                reason="Thiếu bảng xác định giá trị khối lượng công việc hoàn thành (Mẫu 03.a)",
            )


def breaches(contracts: list[Contract], users: dict) -> None:
    """The two slow contractors' breaches: one decided, one proposed, one just recorded."""
    by_contractor: dict[str, Contract] = {}
    for contract in contracts:
        by_contractor.setdefault(contract.contractor.name, contract)
    first = by_contractor[CONTRACTORS[0][1]]
    second = by_contractor[CONTRACTORS[1][1]]
    investor = users["bqlda"] if first.project.investor.code == story.BOARD else users["xa.tandoan"]
    late = breach_record(
        user=investor,
        contract=first,
        kind="tien_do",
        occurred_on=dt.date(2024, 8, 15),
        description="Chậm tiến độ thi công 40 ngày so với tiến độ hợp đồng, không có lý do "
        "bất khả kháng.",
    )
    breach_propose(
        user=users["tckh"],
        breach=late,
        measure="phat_hop_dong",
        reason="Phạt chậm tiến độ theo điều khoản phạt của hợp đồng (0,1% giá trị phần "
        "chậm mỗi ngày, tối đa 12%).",
        proposed_on=dt.date(2024, 8, 26),
    )
    breach_decide(
        user=users["chutich"],
        breach=late,
        measure="phat_hop_dong",
        decision_number="2150/QĐ-UBND",
        decided_on=dt.date(2024, 9, 5),
        note="Phạt hợp đồng đối với nhà thầu chậm tiến độ; yêu cầu bổ sung nhân lực, máy móc.",
    )
    dossier = breach_record(
        user=users["tckh"],
        contract=second,
        kind="cham_ho_so",
        occurred_on=dt.date(2024, 10, 10),
        description="Chậm lập hồ sơ thanh toán khối lượng đã nghiệm thu quá 30 ngày.",
    )
    breach_propose(
        user=users["tckh"],
        breach=dossier,
        measure="canh_cao",
        reason="Lần đầu vi phạm; cảnh cáo bằng văn bản, yêu cầu hoàn thiện hồ sơ trong 10 ngày.",
        proposed_on=dt.date(2024, 10, 18),
    )
    breach_record(
        user=users["tckh"],
        contract=second,
        kind="chat_luong",
        occurred_on=dt.date(2024, 11, 20),
        description="Lớp bê tông mặt đường đoạn Km0+300 - Km0+450 không đạt cường độ thiết kế "
        "theo kết quả thí nghiệm.",
    )

"""Writes from acceptance to payment: contractors, contracts, acceptances, payment dossiers
and the treasury lines that paid them, breaches and their handling. Every write goes through
here, checks the user's permission by the rules, refuses bad input whole (InvalidInput) and
is logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.capital.models import LineKind, Project, TreasuryLine
from giaingan.contracts.models import (
    Acceptance,
    Breach,
    BreachKind,
    BreachStatus,
    Contract,
    DossierPayment,
    DossierStatus,
    Measure,
    PaymentDossier,
)
from giaingan.figures.payables import accepted_by_contract, dossier_paid, dossier_standings_now
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_number
from giaingan.lib.problems import InvalidInput, Problem, shown_value
from giaingan.lib.taxcode import normalise_tax_code, tax_code_problem
from giaingan.lib.uploads import attachment_problem
from giaingan.lib.users import signed_in
from giaingan.org.models import Unit, UnitKind
from giaingan.org.rules import recordable_treasury_ids

MAX_AMOUNT = 10**15
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def require(user: Any, permission: str, target: Any = None) -> None:
    if not user.has_perm(permission, target):
        raise PermissionDenied


def today() -> dt.date:
    return timezone.localdate()


# --- Contractors ----------------------------------------------------------------------------


def contractor_by_tax_code(tax_code: str) -> Unit | None:
    return (
        Unit.objects.filter(kind=UnitKind.CONTRACTOR, tax_code=normalise_tax_code(tax_code))
        .order_by("id")
        .first()
    )


def contractor_problems(*, tax_code: str, name: str, row: int | None = None) -> list[Problem]:
    problems = []
    reason = tax_code_problem(tax_code)
    if reason:
        problems.append(Problem(reason, row=row, column="ma_so_thue", value=shown_value(tax_code)))
    elif contractor_by_tax_code(tax_code) is None:
        if not name.strip():
            problems.append(
                Problem(
                    "nhà thầu chưa có trong danh bạ: cần tên nhà thầu để đăng ký",
                    row=row,
                    column="ten_nha_thau",
                )
            )
        other = Unit.objects.filter(tax_code=normalise_tax_code(tax_code)).first()
        if other is not None:
            problems.append(
                Problem(
                    f"mã số thuế này đã thuộc đơn vị «{other.name}», không phải nhà thầu",
                    row=row,
                    column="ma_so_thue",
                    value=tax_code,
                )
            )
    return problems


def contractor_register(*, user: Any, tax_code: str, name: str) -> Unit:
    """The contractor with this tax code, registered (a unit of kind `nha_thau`) if new."""
    require(user, "contracts.register_contractor")
    problems = contractor_problems(tax_code=tax_code, name=name)
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        return contractor_get_or_create(user=user, tax_code=tax_code, name=name)


def contractor_get_or_create(*, user: Any, tax_code: str, name: str) -> Unit:
    """Inside a caller's transaction, after `contractor_problems` found none."""
    code = normalise_tax_code(tax_code)
    found = contractor_by_tax_code(code)
    if found is not None:
        return found
    unit = Unit.objects.create(
        code=f"NT-{code}", name=name.strip(), kind=UnitKind.CONTRACTOR, tax_code=code
    )
    log_action("contracts.contractor.registered", user=user, obj=unit, data={"tax_code": code})
    return unit


# --- Contracts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractInput:
    project: Project
    number: str
    package: str
    value: int
    signed_on: dt.date
    schedule_end: dt.date
    contractor_tax_code: str
    contractor_name: str = ""
    advance_value: int = 0
    advance_terms: str = ""


def contract_problems(data: ContractInput, *, row: int | None = None) -> list[Problem]:
    """What is wrong with one contract, each problem naming its column."""
    problems = contractor_problems(
        tax_code=data.contractor_tax_code, name=data.contractor_name, row=row
    )
    if not data.number.strip():
        problems.append(Problem("chưa có số hợp đồng", row=row, column="so_hop_dong"))
    elif Contract.objects.filter(project=data.project, number=data.number.strip()).exists():
        problems.append(
            Problem(
                f"dự án {data.project.code} đã có hợp đồng số này",
                row=row,
                column="so_hop_dong",
                value=data.number,
            )
        )
    if not data.package.strip():
        problems.append(Problem("chưa có tên gói thầu", row=row, column="goi_thau"))
    if not 0 < data.value < MAX_AMOUNT:
        problems.append(
            Problem(
                "giá trị hợp đồng phải lớn hơn 0 và dưới 15 chữ số",
                row=row,
                column="gia_tri_hop_dong",
                value=format_number(data.value),
            )
        )
    if data.schedule_end < data.signed_on:
        problems.append(
            Problem(
                f"ngày hoàn thành phải từ ngày ký ({format_date(data.signed_on)}) trở đi",
                row=row,
                column="ngay_hoan_thanh",
                value=format_date(data.schedule_end),
            )
        )
    if data.signed_on > today():
        problems.append(
            Problem(
                "ngày ký sau ngày hôm nay",
                row=row,
                column="ngay_ky",
                value=format_date(data.signed_on),
            )
        )
    if not 0 <= data.advance_value <= max(data.value, 0):
        problems.append(
            Problem(
                "giá trị tạm ứng phải từ 0 đến giá trị hợp đồng",
                row=row,
                column="gia_tri_tam_ung",
                value=format_number(data.advance_value),
            )
        )
    return problems


def contract_create(*, user: Any, data: ContractInput, batch: Any = None) -> Contract:
    """Inside a caller's transaction, after `contract_problems` found none."""
    contractor = contractor_get_or_create(
        user=user, tax_code=data.contractor_tax_code, name=data.contractor_name
    )
    contract = Contract.objects.create(
        project=data.project,
        contractor=contractor,
        number=data.number.strip(),
        package=data.package.strip(),
        value=data.value,
        signed_on=data.signed_on,
        schedule_end=data.schedule_end,
        advance_value=data.advance_value,
        advance_terms=data.advance_terms.strip(),
        created_by=signed_in(user),
        import_batch=batch,
    )
    log_action(
        "contracts.contract.recorded",
        user=user,
        obj=contract,
        data={
            "project": data.project.code,
            "number": contract.number,
            "contractor": contractor.tax_code,
            "value": data.value,
        },
    )
    return contract


def contract_record(*, user: Any, data: ContractInput) -> Contract:
    """Record a contract of a project the user invests in."""
    require(user, "contracts.add_contract", data.project)
    problems = contract_problems(data)
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        return contract_create(user=user, data=data)


# --- Acceptances ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AcceptanceInput:
    contract: Contract
    number: str
    accepted_on: dt.date
    value: int


def accepted_total(contract: Contract) -> int:
    return accepted_by_contract(contract_ids=[contract.pk]).get(contract.pk, 0)


def acceptance_problems(
    data: AcceptanceInput, *, row: int | None = None, pending: int = 0
) -> list[Problem]:
    """What is wrong with one acceptance; `pending` is the value of the same contract's
    acceptances earlier in the same file, not written yet."""
    contract = data.contract
    problems = []
    if not data.number.strip():
        problems.append(Problem("chưa có số biên bản nghiệm thu", row=row, column="so_bien_ban"))
    elif contract.acceptances.filter(number=data.number.strip()).exists():
        problems.append(
            Problem(
                f"hợp đồng {contract.number} đã có biên bản nghiệm thu số này",
                row=row,
                column="so_bien_ban",
                value=data.number,
            )
        )
    if data.accepted_on < contract.signed_on:
        problems.append(
            Problem(
                f"ngày nghiệm thu trước ngày ký hợp đồng ({format_date(contract.signed_on)})",
                row=row,
                column="ngay_nghiem_thu",
                value=format_date(data.accepted_on),
            )
        )
    if data.accepted_on > today():
        problems.append(
            Problem(
                "ngày nghiệm thu sau ngày hôm nay",
                row=row,
                column="ngay_nghiem_thu",
                value=format_date(data.accepted_on),
            )
        )
    if data.value <= 0:
        problems.append(
            Problem(
                "giá trị nghiệm thu phải lớn hơn 0",
                row=row,
                column="gia_tri_nghiem_thu",
                value=format_number(data.value),
            )
        )
    else:
        before = accepted_total(contract) + pending
        if before + data.value > contract.value:
            problems.append(
                Problem(
                    f"cộng dồn nghiệm thu {format_number(before + data.value)} đồng vượt giá trị "
                    f"hợp đồng {format_number(contract.value)} đồng (đã nghiệm thu "
                    f"{format_number(before)} đồng)",
                    row=row,
                    column="gia_tri_nghiem_thu",
                    value=format_number(data.value),
                )
            )
    return problems


def acceptance_create(*, user: Any, data: AcceptanceInput, batch: Any = None) -> Acceptance:
    """Inside a caller's transaction, after `acceptance_problems` found none."""
    acceptance = Acceptance.objects.create(
        contract=data.contract,
        number=data.number.strip(),
        accepted_on=data.accepted_on,
        value=data.value,
        created_by=signed_in(user),
        import_batch=batch,
    )
    log_action(
        "contracts.acceptance.recorded",
        user=user,
        obj=acceptance,
        data={
            "contract": data.contract.number,
            "project": data.contract.project.code,
            "accepted_on": data.accepted_on.isoformat(),
            "value": data.value,
        },
    )
    return acceptance


def acceptance_record(*, user: Any, data: AcceptanceInput) -> Acceptance:
    """Record a stage acceptance of a contract of the user's project."""
    require(user, "contracts.add_acceptance", data.contract)
    with transaction.atomic():
        # One writer per contract at a time: the cumulative check must see the last row.
        Contract.objects.select_for_update().get(pk=data.contract.pk)
        problems = acceptance_problems(data)
        if problems:
            raise InvalidInput(problems)
        return acceptance_create(user=user, data=data)


# --- Payment dossiers -----------------------------------------------------------------------


def dossier_send(
    *,
    user: Any,
    contract: Contract,
    number: str,
    amount: int,
    sent_on: dt.date,
    acceptances: list[Acceptance],
) -> PaymentDossier:
    """Send the treasury a payment dossier for acceptances of one contract not yet in one;
    its amount is at most their value (a warranty retention may stay behind)."""
    require(user, "contracts.send_dossier", contract)
    with transaction.atomic():
        Contract.objects.select_for_update().get(pk=contract.pk)
        chosen = list(
            Acceptance.objects.filter(pk__in=[a.pk for a in acceptances]).order_by("accepted_on")
        )
        problems = []
        if not number.strip():
            problems.append(Problem("chưa có số hồ sơ", column="số hồ sơ"))
        elif contract.dossiers.filter(number=number.strip()).exists():
            problems.append(Problem("hợp đồng đã có hồ sơ số này", column="số hồ sơ", value=number))
        if not chosen:
            problems.append(Problem("chưa chọn biên bản nghiệm thu nào", column="nghiệm thu"))
        for acceptance in chosen:
            if acceptance.contract_id != contract.pk:
                problems.append(
                    Problem(
                        "biên bản không thuộc hợp đồng này",
                        column="nghiệm thu",
                        value=acceptance.number,
                    )
                )
            elif acceptance.dossier_id is not None:
                problems.append(
                    Problem(
                        "biên bản đã nằm trong một hồ sơ thanh toán khác",
                        column="nghiệm thu",
                        value=acceptance.number,
                    )
                )
        value = sum(a.value for a in chosen)
        if chosen and not 0 < amount <= value:
            problems.append(
                Problem(
                    f"số tiền đề nghị phải lớn hơn 0 và không quá giá trị đã nghiệm thu "
                    f"{format_number(value)} đồng",
                    column="số tiền",
                    value=format_number(amount),
                )
            )
        if chosen and sent_on < chosen[-1].accepted_on:
            problems.append(
                Problem(
                    f"ngày gửi trước ngày nghiệm thu ({format_date(chosen[-1].accepted_on)})",
                    column="ngày gửi",
                    value=format_date(sent_on),
                )
            )
        if sent_on > today():
            problems.append(
                Problem("ngày gửi sau ngày hôm nay", column="ngày gửi", value=format_date(sent_on))
            )
        if problems:
            raise InvalidInput(problems)
        dossier = PaymentDossier.objects.create(
            contract=contract,
            number=number.strip(),
            amount=amount,
            sent_on=sent_on,
            created_by=signed_in(user),
        )
        for acceptance in chosen:
            acceptance.dossier = dossier
            acceptance.save(update_fields=["dossier"])
        log_action(
            "contracts.dossier.sent",
            user=user,
            obj=dossier,
            data={
                "project": contract.project.code,
                "amount": amount,
                "acceptances": [a.number for a in chosen],
                "sent_on": sent_on.isoformat(),
            },
        )
    return dossier


def locked(dossier: PaymentDossier) -> PaymentDossier:
    # The treasury and the investor may act on one dossier at once: the row lock orders them.
    return PaymentDossier.objects.select_for_update().get(pk=dossier.pk)


def dossier_return(
    *, user: Any, dossier: PaymentDossier, returned_on: dt.date, reason: str
) -> PaymentDossier:
    """The treasury returns a dossier it cannot pay, saying why."""
    require(user, "contracts.return_dossier", dossier)
    with transaction.atomic():
        dossier = locked(dossier)
        problems = []
        # Its standing from the ledger, not the stored status: a payment reversed since
        # leaves a dossier recorded as paid waiting again.
        standing = dossier_standings_now(dossier_id=dossier.pk)[dossier.pk]
        if not standing.returnable:
            problems.append(
                Problem(
                    "chỉ trả lại được hồ sơ đang chờ Kho bạc và chưa có chứng từ thanh toán "
                    "còn hiệu lực",
                    column="trạng thái",
                    value=standing.label,
                )
            )
        last_sent = dossier.resent_on or dossier.sent_on
        if returned_on < last_sent or returned_on > today():
            problems.append(
                Problem(
                    f"ngày trả lại phải từ ngày gửi ({format_date(last_sent)}) đến hôm nay",
                    column="ngày trả lại",
                    value=format_date(returned_on),
                )
            )
        if not reason.strip():
            problems.append(Problem("cần ghi lý do trả lại", column="lý do"))
        if problems:
            raise InvalidInput(problems)
        dossier.status = DossierStatus.RETURNED
        dossier.returned_on = returned_on
        dossier.return_reason = reason.strip()
        dossier.return_count += 1
        dossier.save()
        log_action(
            "contracts.dossier.returned",
            user=user,
            obj=dossier,
            data={"returned_on": returned_on.isoformat(), "reason": dossier.return_reason},
        )
    return dossier


def dossier_resend(*, user: Any, dossier: PaymentDossier, resent_on: dt.date) -> PaymentDossier:
    """The investor sends a returned dossier again, completed."""
    require(user, "contracts.send_dossier", dossier)
    with transaction.atomic():
        dossier = locked(dossier)
        problems = []
        if dossier.status != DossierStatus.RETURNED:
            problems.append(
                Problem(
                    "chỉ gửi lại được hồ sơ bị Kho bạc trả lại",
                    column="trạng thái",
                    value=dossier.get_status_display(),
                )
            )
        elif resent_on < dossier.returned_on or resent_on > today():
            problems.append(
                Problem(
                    f"ngày gửi lại phải từ ngày bị trả lại ({format_date(dossier.returned_on)}) "
                    "đến hôm nay",
                    column="ngày gửi lại",
                    value=format_date(resent_on),
                )
            )
        if problems:
            raise InvalidInput(problems)
        dossier.status = DossierStatus.SENT
        dossier.resent_on = resent_on
        dossier.save()
        log_action(
            "contracts.dossier.resent",
            user=user,
            obj=dossier,
            data={"resent_on": resent_on.isoformat()},
        )
    return dossier


def dossier_link_payment(
    *, user: Any, dossier: PaymentDossier, document_number: str
) -> PaymentDossier:
    """The treasury names a payment line that paid (part of) the dossier. When the linked
    lines sum to the dossier's amount, the dossier is paid on the latest line's date."""
    require(user, "contracts.link_payment", dossier)
    with transaction.atomic():
        dossier = locked(dossier)
        project_id = dossier.contract.project_id
        number = document_number.strip()
        # Numbers are unique per treasury: the lines of that number among the treasuries
        # this user records for (a treasury officer: its own), the project's first.
        candidates = TreasuryLine.objects.filter(document_number=number).select_related("project")
        treasuries = recordable_treasury_ids(user)
        if treasuries is not None:
            candidates = candidates.filter(treasury_id__in=treasuries)
        found = list(candidates.filter(project_id=project_id)[:2]) or list(candidates[:1])
        line = found[0] if len(found) == 1 else None
        problems = []
        if len(found) > 1:
            problems.append(
                Problem(
                    "có chứng từ số này của nhiều Kho bạc cho dự án: hãy liên kết từ tài khoản "
                    "của Kho bạc đã phát hành chứng từ",
                    column="số chứng từ",
                    value=number,
                )
            )
        standing = dossier_standings_now(dossier_id=dossier.pk)[dossier.pk]
        if standing.status != DossierStatus.SENT:
            problems.append(
                Problem(
                    "hồ sơ không ở trạng thái chờ thanh toán",
                    column="trạng thái",
                    value=standing.label,
                )
            )
        elif line is None:
            problems.append(
                Problem("không có chứng từ Kho bạc số này", column="số chứng từ", value=number)
            )
        else:
            reason = line_link_problem(line=line, dossier=dossier, project_id=project_id)
            if reason:
                problems.append(Problem(reason, column="số chứng từ", value=number))
        if problems:
            raise InvalidInput(problems)
        DossierPayment.objects.create(
            dossier=dossier, treasury_line=line, created_by=signed_in(user)
        )
        # Net of the corrections of lines linked before: a reversed payment pays nothing.
        linked = dossier_paid(as_of=dt.date.max, dossier_id=dossier.pk).get(dossier.pk, 0)
        if linked >= dossier.amount:
            # Paid on the latest payment still in force: a reversed one paid nothing.
            dossier.status = DossierStatus.PAID
            dossier.paid_on = max(
                dossier.payments.filter(treasury_line__reversals__isnull=True).values_list(
                    "treasury_line__value_date", flat=True
                )
            )
            dossier.save()
        log_action(
            "contracts.dossier.payment_linked",
            user=user,
            obj=dossier,
            data={
                "document_number": number,
                "amount": line.amount,
                "linked": linked,
                "paid": linked >= dossier.amount,
            },
        )
    return dossier


def line_link_problem(*, line: TreasuryLine, dossier: PaymentDossier, project_id: int) -> str:
    """Why `line` cannot pay `dossier` ("" when it can)."""
    if line.project_id != project_id:
        return f"chứng từ thuộc dự án {line.project.code}, không phải dự án của hồ sơ"
    if line.kind != LineKind.PAYMENT or line.reverses_id is not None:
        return "chỉ chứng từ thanh toán khối lượng hoàn thành (không phải tạm ứng, điều chỉnh) trả được hồ sơ"
    if line.reversals.exists():
        return "chứng từ đã bị điều chỉnh giảm"
    if DossierPayment.objects.filter(treasury_line=line).exists():
        return "chứng từ đã được gắn với một hồ sơ thanh toán"
    if line.value_date < dossier.sent_on:
        return f"chứng từ ngày {format_date(line.value_date)}, trước ngày gửi hồ sơ"
    linked = dossier_paid(as_of=dt.date.max, dossier_id=dossier.pk).get(dossier.pk, 0)
    if linked + line.amount > dossier.amount:
        return (
            f"tổng các chứng từ {format_number(linked + line.amount)} đồng vượt số tiền hồ sơ "
            f"{format_number(dossier.amount)} đồng"
        )
    return ""


# --- Breaches and their handling ------------------------------------------------------------


def evidence_problem(file: Any) -> str:
    """Why a breach's evidence file cannot be kept ("" when it can): the one attachment rule,
    with the contracts' larger size limit."""
    if file is None:
        return ""
    return attachment_problem(
        getattr(file, "name", "") or "", file.size, file, max_bytes=EVIDENCE_MAX_BYTES
    )


def breach_record(
    *,
    user: Any,
    contract: Contract,
    kind: str,
    occurred_on: dt.date,
    description: str,
    evidence: Any = None,
) -> Breach:
    """Record a contractor's breach on a contract, with its evidence."""
    require(user, "contracts.record_breach", contract)
    problems = []
    if kind not in BreachKind.values:
        problems.append(Problem("loại vi phạm không có trong danh mục", column="loại", value=kind))
    if occurred_on < contract.signed_on or occurred_on > today():
        problems.append(
            Problem(
                f"ngày vi phạm phải từ ngày ký hợp đồng ({format_date(contract.signed_on)}) "
                "đến hôm nay",
                column="ngày vi phạm",
                value=format_date(occurred_on),
            )
        )
    if not description.strip():
        problems.append(Problem("cần mô tả vi phạm", column="nội dung"))
    reason = evidence_problem(evidence)
    if reason:
        problems.append(Problem(reason, column="tài liệu chứng minh"))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        breach = Breach(
            contract=contract,
            kind=kind,
            occurred_on=occurred_on,
            description=description.strip(),
            created_by=signed_in(user),
        )
        if evidence is not None:
            breach.evidence = evidence
        breach.save()
        log_action(
            "contracts.breach.recorded",
            user=user,
            obj=breach,
            data={
                "contract": contract.number,
                "contractor": contract.contractor.tax_code,
                "kind": kind,
            },
        )
    return breach


def measure_problems(measure: str, on: dt.date, text: str, *, column: str) -> list[Problem]:
    problems = []
    if measure not in Measure.values:
        problems.append(
            Problem("hình thức xử lý không có trong danh mục", column="hình thức", value=measure)
        )
    if on > today():
        problems.append(Problem("ngày sau ngày hôm nay", column="ngày", value=format_date(on)))
    if not text.strip():
        problems.append(Problem("cần ghi nội dung", column=column))
    return problems


def breach_propose(
    *, user: Any, breach: Breach, measure: str, reason: str, proposed_on: dt.date
) -> Breach:
    """Finance-Planning drafts (or redrafts) how to handle a breach, before the decision."""
    require(user, "contracts.propose_handling", breach)
    with transaction.atomic():
        breach = Breach.objects.select_for_update().get(pk=breach.pk)
        problems = measure_problems(measure, proposed_on, reason, column="lý do đề xuất")
        if breach.status == BreachStatus.DECIDED:
            problems.append(Problem("vi phạm đã có quyết định xử lý", column="trạng thái"))
        if proposed_on < breach.occurred_on:
            problems.append(
                Problem(
                    "ngày đề xuất trước ngày vi phạm", column="ngày", value=format_date(proposed_on)
                )
            )
        if problems:
            raise InvalidInput(problems)
        breach.proposed_measure = measure
        breach.proposal_reason = reason.strip()
        breach.proposed_on = proposed_on
        breach.status = BreachStatus.PROPOSED
        breach.save()
        log_action("contracts.breach.proposed", user=user, obj=breach, data={"measure": measure})
    return breach


def breach_decide(
    *,
    user: Any,
    breach: Breach,
    measure: str,
    decision_number: str,
    decided_on: dt.date,
    note: str,
) -> Breach:
    """The chairman's decision on a proposed handling (it may differ from the proposal)."""
    require(user, "contracts.decide_handling", breach)
    with transaction.atomic():
        breach = Breach.objects.select_for_update().get(pk=breach.pk)
        problems = measure_problems(measure, decided_on, note, column="nội dung quyết định")
        if breach.status != BreachStatus.PROPOSED:
            problems.append(
                Problem(
                    "chỉ quyết định được vi phạm đã có đề xuất xử lý",
                    column="trạng thái",
                    value=breach.get_status_display(),
                )
            )
        if not decision_number.strip():
            problems.append(Problem("chưa có số quyết định", column="số quyết định"))
        if breach.proposed_on and decided_on < breach.proposed_on:
            problems.append(
                Problem(
                    "ngày quyết định trước ngày đề xuất",
                    column="ngày",
                    value=format_date(decided_on),
                )
            )
        if problems:
            raise InvalidInput(problems)
        breach.decided_measure = measure
        breach.decision_number = decision_number.strip()
        breach.decided_on = decided_on
        breach.decision_note = note.strip()
        breach.status = BreachStatus.DECIDED
        breach.save()
        log_action(
            "contracts.breach.decided",
            user=user,
            obj=breach,
            data={"measure": measure, "decision_number": breach.decision_number},
        )
    return breach

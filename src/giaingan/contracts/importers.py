"""The contracts and acceptances files (README "Hợp đồng", "Nghiệm thu"): read by the shared
import pipeline, so a file is previewed, then imported whole or not at all, and importing
the same file again changes nothing. Each row goes through the services' own checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from giaingan.capital.models import Project
from giaingan.contracts.models import Acceptance, Contract
from giaingan.contracts.services import (
    AcceptanceInput,
    ContractInput,
    acceptance_create,
    acceptance_problems,
    contract_create,
    contract_problems,
)
from giaingan.imports.base import Importer
from giaingan.imports.cells import RowReader
from giaingan.imports.models import ImportKind
from giaingan.imports.reader import Column
from giaingan.lib.problems import Problem
from giaingan.lib.taxcode import normalise_tax_code

NOT_YOURS = "dự án không thuộc đơn vị của bạn: chỉ chủ đầu tư nhập hợp đồng, nghiệm thu"


@dataclass(frozen=True)
class ContractRow:
    project_code: str
    number: str
    package: str
    tax_code: str
    contractor_name: str
    value: int
    signed_on: Any
    schedule_end: Any
    advance_value: int
    advance_terms: str


class RowImporter(Importer):
    """Rows written one by one through the services, inside the pipeline's transaction."""

    permission = ""

    def prepare(self) -> None:
        self.projects = {project.code: project for project in Project.objects.all()}
        self.seen: dict[tuple, int] = {}

    def project_for(self, number: int, code: str) -> Project | None:
        project = self.projects.get(code)
        if project is None:
            self.problem(Problem("không có dự án mang mã này", number, "ma_du_an", code))
            return None
        if self.user is not None and not self.user.has_perm(self.permission, project):
            self.problem(Problem(NOT_YOURS, number, "ma_du_an", code))
            return None
        return project

    def once(self, number: int, key: tuple, column: str, value: str) -> bool:
        """The first row of a key in this file; a later one is named as a repeat."""
        first = self.seen.setdefault(key, number)
        if first != number:
            self.problem(Problem(f"trùng với dòng {first} của tệp", number, column, value))
            return False
        return True


class ContractImporter(RowImporter):
    kind = ImportKind.CONTRACTS
    permission = "contracts.add_contract"
    columns = [
        Column("ma_du_an"),
        Column("so_hop_dong"),
        Column("goi_thau"),
        Column("ma_so_thue"),
        Column("ten_nha_thau", required=False),
        Column("gia_tri_hop_dong"),
        Column("ngay_ky"),
        Column("ngay_hoan_thanh"),
        Column("gia_tri_tam_ung", required=False),
        Column("dieu_khoan_tam_ung", required=False),
    ]

    def prepare(self) -> None:
        super().prepare()
        # A new contractor's name, given on its first row, serves its later rows too.
        self.names: dict[str, str] = {}

    def read_row(self, reader: RowReader) -> ContractRow:
        return ContractRow(
            project_code=reader.text("ma_du_an", max_length=50),
            number=reader.text("so_hop_dong", max_length=100),
            package=reader.text("goi_thau", max_length=500),
            tax_code=reader.text("ma_so_thue", max_length=20),
            contractor_name=reader.text("ten_nha_thau", required=False),
            value=reader.amount("gia_tri_hop_dong") or 0,
            signed_on=reader.date("ngay_ky"),
            schedule_end=reader.date("ngay_hoan_thanh"),
            advance_value=reader.amount("gia_tri_tam_ung", required=False) or 0,
            advance_terms=reader.text("dieu_khoan_tam_ung", required=False, max_length=500),
        )

    def write_chunk(self, records: list[tuple[int, Any]]) -> None:
        for number, row in records:
            project = self.project_for(number, row.project_code)
            if project is None:
                continue
            if not self.once(number, (project.pk, row.number), "so_hop_dong", row.number):
                continue
            tax_code = normalise_tax_code(row.tax_code)
            name = row.contractor_name or self.names.get(tax_code, "")
            if name:
                self.names.setdefault(tax_code, name)
            data = ContractInput(
                project=project,
                number=row.number,
                package=row.package,
                value=row.value,
                signed_on=row.signed_on,
                schedule_end=row.schedule_end,
                contractor_tax_code=row.tax_code,
                contractor_name=name,
                advance_value=row.advance_value,
                advance_terms=row.advance_terms,
            )
            existing = Contract.objects.filter(project=project, number=row.number).first()
            if existing is not None:
                if same_contract(existing, data):
                    self.result.skipped += 1
                else:
                    self.problem(
                        Problem(
                            "dự án đã có hợp đồng số này với nội dung khác (sửa trên trang "
                            "hợp đồng của dự án, không nhập đè)",
                            number,
                            "so_hop_dong",
                            row.number,
                        )
                    )
                continue
            problems = contract_problems(data, row=number)
            for problem in problems:
                self.problem(problem)
            if problems or self.result.problems_total:
                continue  # the file will not be written: check the rest, write nothing
            contract_create(user=self.user, data=data, batch=self.batch)
            self.result.created += 1
            self.result.created_codes.append(f"{project.code}/{row.number}")


def same_contract(contract: Contract, data: ContractInput) -> bool:
    return (
        contract.package == data.package.strip()
        and contract.value == data.value
        and contract.signed_on == data.signed_on
        and contract.schedule_end == data.schedule_end
        and contract.advance_value == data.advance_value
        and contract.contractor.tax_code == normalise_tax_code(data.contractor_tax_code)
    )


@dataclass(frozen=True)
class AcceptanceRow:
    project_code: str
    contract_number: str
    number: str
    accepted_on: Any
    value: int


class AcceptanceImporter(RowImporter):
    kind = ImportKind.ACCEPTANCES
    permission = "contracts.add_acceptance"
    columns = [
        Column("ma_du_an"),
        Column("so_hop_dong"),
        Column("so_bien_ban"),
        Column("ngay_nghiem_thu"),
        Column("gia_tri_nghiem_thu"),
    ]

    def prepare(self) -> None:
        super().prepare()
        # Once a row fails nothing is written, yet later rows of the same contract must still
        # count the earlier ones against its value: their values are held here instead.
        self.held: dict[int, int] = {}

    def read_row(self, reader: RowReader) -> AcceptanceRow:
        return AcceptanceRow(
            project_code=reader.text("ma_du_an", max_length=50),
            contract_number=reader.text("so_hop_dong", max_length=100),
            number=reader.text("so_bien_ban", max_length=100),
            accepted_on=reader.date("ngay_nghiem_thu"),
            value=reader.amount("gia_tri_nghiem_thu") or 0,
        )

    def write_chunk(self, records: list[tuple[int, Any]]) -> None:
        for number, row in records:
            project = self.project_for(number, row.project_code)
            if project is None:
                continue
            contract = Contract.objects.filter(project=project, number=row.contract_number).first()
            if contract is None:
                self.problem(
                    Problem(
                        f"dự án {project.code} không có hợp đồng số này (nhập hợp đồng trước)",
                        number,
                        "so_hop_dong",
                        row.contract_number,
                    )
                )
                continue
            if not self.once(number, (contract.pk, row.number), "so_bien_ban", row.number):
                continue
            existing = Acceptance.objects.filter(contract=contract, number=row.number).first()
            if existing is not None:
                if (existing.accepted_on, existing.value) == (row.accepted_on, row.value):
                    self.result.skipped += 1
                else:
                    self.problem(
                        Problem(
                            "hợp đồng đã có biên bản số này với ngày hoặc giá trị khác",
                            number,
                            "so_bien_ban",
                            row.number,
                        )
                    )
                continue
            data = AcceptanceInput(
                contract=contract,
                number=row.number,
                accepted_on=row.accepted_on,
                value=row.value,
            )
            problems = acceptance_problems(data, row=number, pending=self.pending(contract))
            for problem in problems:
                self.problem(problem)
            if problems or self.result.problems_total:
                self.hold(contract, row.value)
                continue
            acceptance_create(user=self.user, data=data, batch=self.batch)
            self.result.created += 1
            self.result.created_codes.append(f"{project.code}/{contract.number}/{row.number}")

    def pending(self, contract: Contract) -> int:
        return self.held.get(contract.pk, 0)

    def hold(self, contract: Contract, value: int) -> None:
        self.held[contract.pk] = self.held.get(contract.pk, 0) + max(value, 0)

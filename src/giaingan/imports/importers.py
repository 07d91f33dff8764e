"""The four files users bring (FORMATS.md): units, projects, plan entries, treasury lines."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from giaingan.capital.ledger import (
    LineInput,
    PlanBook,
    PlanInput,
    TreasuryBook,
    line_shape_problems,
)
from giaingan.capital.models import (
    FundingSource,
    LineKind,
    PlanKind,
    Project,
    ProjectGroup,
)
from giaingan.contracts.importers import AcceptanceImporter, ContractImporter
from giaingan.imports.base import Importer
from giaingan.imports.cells import RowReader, folded_choices
from giaingan.imports.models import ImportKind
from giaingan.imports.reader import Column, Table
from giaingan.lib.money import MAX_DIGITS, AmountError, parse_amount
from giaingan.lib.text import normalise_header
from giaingan.org.issuers import unit_codes
from giaingan.org.models import Unit, UnitKind
from giaingan.org.services import UnitInput, units_save
from giaingan.org.treasuries import treasury_codes

UNIT_KINDS = folded_choices(UnitKind.values)
PLAN_KINDS = folded_choices(PlanKind.values, {label: value for value, label in PlanKind.choices})
LINE_KINDS = folded_choices(LineKind.values, {"Tạm ứng": "tam_ung", "Thanh toán": "thanh_toan"})
GROUPS = folded_choices(ProjectGroup.values, {"Nhóm A": "A", "Nhóm B": "B", "Nhóm C": "C"})


def source_codes() -> dict[str, int]:
    return {
        normalise_header(code): pk for pk, code in FundingSource.objects.values_list("id", "code")
    }


def project_codes() -> dict[str, int]:
    return dict(Project.objects.values_list("code", "id"))


class UnitImporter(Importer):
    kind = ImportKind.UNITS
    columns = [
        Column("ma_don_vi"),
        Column("ten_don_vi"),
        Column("loai"),
        Column("don_vi_cha", required=False),
        Column("ma_so_thue", required=False),
        Column("nguoi_dung_dau", required=False),
        Column("chuc_danh_nguoi_dung_dau", required=False),
    ]

    def prepare(self) -> None:
        # A units file is short (a province has thousands); parents may come after children.
        self.rows: list[tuple[int, UnitInput]] = []

    def read_row(self, reader: RowReader) -> UnitInput:
        # Who heads the unit signs its papers (`org.signers`): a blank cell, or no such
        # column, leaves what is recorded as it is.
        head_name = reader.text("nguoi_dung_dau", required=False)
        head_title = reader.text("chuc_danh_nguoi_dung_dau", required=False, max_length=100)
        if head_title and not head_name:
            reader.fail(
                "chuc_danh_nguoi_dung_dau",
                "ghi chức danh thì ghi cả họ và tên người đứng đầu (cột nguoi_dung_dau)",
                head_title,
            )
        return UnitInput(
            code=reader.text("ma_don_vi", max_length=50),
            name=reader.text("ten_don_vi"),
            kind=reader.choice("loai", UNIT_KINDS) or "",
            parent_code=reader.text("don_vi_cha", required=False, max_length=50),
            tax_code=reader.text("ma_so_thue", required=False, max_length=20),
            head_name=head_name or None,
            head_title=head_title or None,
        )

    def write_chunk(self, records: list[tuple[int, Any]]) -> None:
        self.rows.extend(records)

    def finish(self) -> None:
        if self.result.problems_total:
            return
        outcome = units_save(rows=self.rows, user=self.user)
        for problem in outcome.problems:
            self.problem(problem)
        self.result.created += len(outcome.created)
        self.result.updated += outcome.updated
        self.result.skipped += outcome.unchanged
        self.result.created_codes = outcome.created


@dataclass(frozen=True)
class ProjectRow:
    code: str
    name: str
    investor: int  # unit ids
    agency: int | None
    communes: list[int]
    group: str
    sector: str
    total_investment: int | None
    start_year: int | None
    end_year: int | None
    is_key: bool


class ProjectImporter(Importer):
    kind = ImportKind.PROJECTS
    columns = [
        Column("ma_du_an"),
        Column("ten_du_an"),
        Column("chu_dau_tu"),
        Column("co_quan_chu_quan", required=False),
        Column("dia_ban", required=False),
        Column("nhom", required=False),
        Column("linh_vuc", required=False),
        Column("tong_muc_dau_tu", required=False),
        Column("nam_bat_dau", required=False),
        Column("nam_ket_thuc", required=False),
        Column("trong_diem", required=False),
    ]

    def prepare(self) -> None:
        self.unit_by_code = dict(Unit.objects.values_list("code", "id"))
        self.unit_by_name: dict[str, int | None] = {}
        for pk, name in Unit.objects.values_list("id", "name"):
            # An ambiguous name cannot identify a unit: only its code can.
            self.unit_by_name[name] = None if name in self.unit_by_name else pk
        self.seen: set[str] = set()

    def _unit(self, reader: RowReader, column: str, *, required: bool) -> int | None:
        text = reader.text(column, required=required)
        if not text:
            return None
        if text in self.unit_by_code:
            return self.unit_by_code[text]
        if text in self.unit_by_name:
            pk = self.unit_by_name[text]
            if pk is None:
                reader.fail(column, "có nhiều đơn vị trùng tên này: hãy ghi mã đơn vị")
            return pk
        reader.fail(column, "không có đơn vị mang mã hay tên này (nhập danh mục đơn vị trước)")
        return None

    def read_row(self, reader: RowReader) -> ProjectRow:
        code = reader.text("ma_du_an", max_length=50)
        if code in self.seen:
            reader.fail("ma_du_an", "mã dự án trùng với một dòng trước trong tệp")
        self.seen.add(code)
        investor = self._unit(reader, "chu_dau_tu", required=True)
        agency = self._unit(reader, "co_quan_chu_quan", required=False)
        communes = []
        for part in reader.text("dia_ban", required=False, max_length=2000).split(";"):
            part = part.strip()
            if not part:
                continue
            if part not in self.unit_by_code:
                reader.fail("dia_ban", f"không có đơn vị mang mã {part}")
            else:
                communes.append(self.unit_by_code[part])
        group = reader.choice("nhom", GROUPS, required=False) or ProjectGroup.C
        total = reader.amount("tong_muc_dau_tu", required=False, default=None)
        if total is not None and total < 0:
            reader.fail("tong_muc_dau_tu", "tổng mức đầu tư không được âm")
        start = reader.year("nam_bat_dau", required=False)
        end = reader.year("nam_ket_thuc", required=False)
        if start and end and end < start:
            reader.fail("nam_ket_thuc", "năm kết thúc trước năm bắt đầu")
        return ProjectRow(
            code=code,
            name=reader.text("ten_du_an", max_length=500),
            investor=investor,
            agency=agency,
            communes=communes,
            group=group,
            sector=reader.text("linh_vuc", required=False),
            total_investment=total,
            start_year=start,
            end_year=end,
            is_key=reader.flag("trong_diem"),
        )

    def fast_reader(self, table: Table) -> Callable[[list[Any]], ProjectRow | None] | None:
        """`read_row` for a CSV row of plain cells, as a catalogue of projects has.

        Units are found by code or by a name no other unit has, as `read_row` finds them;
        groups, years and flags repeat and are read once each by `read_row`'s own calls
        (`CellMemo`), amounts by `parse_amount`. Any other row (a blank, odd or unknown cell,
        a code met before, a negative total, years out of order) returns None and goes
        through `read_row`, which names the problem."""
        if not table.text_only:
            return None
        at = table.headers
        width = max(at.values()) + 1
        code_at, name_at, investor_at = at["ma_du_an"], at["ten_du_an"], at["chu_dau_tu"]
        optional = {
            column: at.get(column)
            for column in (
                "co_quan_chu_quan",
                "dia_ban",
                "nhom",
                "linh_vuc",
                "tong_muc_dau_tu",
                "nam_bat_dau",
                "nam_ket_thuc",
                "trong_diem",
            )
        }
        agency_at, communes_at, group_at, sector_at = (
            optional[column] for column in ("co_quan_chu_quan", "dia_ban", "nhom", "linh_vuc")
        )
        total_at, start_at, end_at, key_at = (
            optional[column]
            for column in ("tong_muc_dau_tu", "nam_bat_dau", "nam_ket_thuc", "trong_diem")
        )
        by_code, by_name, seen = self.unit_by_code, self.unit_by_name, self.seen
        memo = CellMemo(
            {
                "nhom": lambda reader: reader.choice("nhom", GROUPS, required=False),
                "nam_bat_dau": lambda reader: reader.year("nam_bat_dau", required=False),
                "nam_ket_thuc": lambda reader: reader.year("nam_ket_thuc", required=False),
                "trong_diem": lambda reader: reader.flag("trong_diem"),
            }
        )
        groups, starts, ends, flags = (
            memo.known[column] for column in ("nhom", "nam_bat_dau", "nam_ket_thuc", "trong_diem")
        )
        missing = object()

        def text(values: list[Any], position: int | None, limit: int = 255) -> str | None:
            """The stripped cell ("" if blank or absent), None if `read_row` might object."""
            if position is None:
                return ""
            value = values[position].strip()
            if len(value) > limit or not value.isprintable():
                return None
            return value

        def unit(value: str) -> int | None:
            found = by_code.get(value)
            return found if found is not None else by_name.get(value)

        def remembered(values: list[Any], known: dict, column: str, position: int | None) -> Any:
            """A repeated optional cell's value (`missing` if `read_row` might object)."""
            if position is None or not (raw := values[position]).strip():
                return None
            found = known.get(raw, missing)
            if found is missing:
                found = memo.read(column, raw)
                if found is None:
                    return missing
            return found

        def read(values: list[Any]) -> ProjectRow | None:
            if len(values) < width:
                return None
            code = values[code_at]
            if not code or len(code) > 50 or code != code.strip() or not code.isprintable():
                return None
            if code in seen:
                return None
            name = text(values, name_at, 500)
            investor_name = text(values, investor_at)
            agency_name = text(values, agency_at)
            communes_text = text(values, communes_at, 2000)
            sector = text(values, sector_at)
            if (
                not name
                or not investor_name
                or agency_name is None
                or communes_text is None
                or sector is None
            ):
                return None
            investor = unit(investor_name)
            if investor is None:
                return None
            agency = None
            if agency_name:
                agency = unit(agency_name)
                if agency is None:
                    return None
            communes = []
            for part in communes_text.split(";"):
                part = part.strip()
                if part:
                    found = by_code.get(part)
                    if found is None:
                        return None
                    communes.append(found)
            group = remembered(values, groups, "nhom", group_at)
            start = remembered(values, starts, "nam_bat_dau", start_at)
            end = remembered(values, ends, "nam_ket_thuc", end_at)
            is_key = remembered(values, flags, "trong_diem", key_at)
            if missing in (group, start, end, is_key):
                return None
            if start and end and end < start:
                return None
            total = None
            if total_at is not None and (raw := values[total_at]):
                if raw != raw.strip():
                    return None
                try:
                    total = parse_amount(raw)
                except AmountError:
                    return None
                if total < 0:
                    return None
            seen.add(code)
            return ProjectRow(
                code=code,
                name=name,
                investor=investor,
                agency=agency,
                communes=communes,
                group=group or ProjectGroup.C,
                sector=sector,
                total_investment=total,
                start_year=start,
                end_year=end,
                is_key=bool(is_key),
            )

        return read

    def write_chunk(self, records: list[tuple[int, Any]]) -> None:
        from giaingan.capital.projects import projects_save

        outcome = projects_save(rows=[row for _, row in records], user=self.user, batch=self.batch)
        self.result.created += len(outcome.created)
        self.result.updated += outcome.updated
        self.result.skipped += outcome.unchanged
        self.result.created_codes.extend(outcome.created)


class PlanImporter(Importer):
    kind = ImportKind.PLAN
    multiline_columns = frozenset({"ghi_chu"})
    columns = [
        Column("so_quyet_dinh"),
        Column("ngay_quyet_dinh"),
        Column("loai"),
        Column("ma_du_an"),
        Column("nguon_von"),
        Column("nam_ke_hoach"),
        Column("so_tien"),
        Column("ghi_chu", required=False),
        # Not in FORMATS.md's table yet: optional, the issuing body's unit code.
        Column("co_quan_ban_hanh", required=False),
    ]

    def prepare(self) -> None:
        self.projects = project_codes()
        self.sources = source_codes()
        self.units = unit_codes()
        # The month sums are added once, from the ledger, in `finish`.
        self.book = PlanBook(user=self.user, batch=self.batch, by_batch=True)
        self.decision_dates: dict[tuple[int | None, str], Any] = {}

    def read_row(self, reader: RowReader) -> PlanInput | None:
        number = reader.text("so_quyet_dinh", max_length=100)
        decided = reader.date("ngay_quyet_dinh")
        kind = reader.choice("loai", PLAN_KINDS)
        project = _lookup(reader, "ma_du_an", self.projects, "không có dự án mang mã này")
        source = _lookup_source(reader, self.sources)
        year = reader.year("nam_ke_hoach")
        amount = reader.amount("so_tien")
        issuer = None
        if code := reader.text("co_quan_ban_hanh", required=False, max_length=50):
            issuer = self.units.get(code)
            if issuer is None:
                reader.fail("co_quan_ban_hanh", "không có đơn vị mang mã này trong danh mục")
        issuer = issuer or self.book.issuer_default()
        if number and decided:
            first = self.decision_dates.setdefault((issuer, number), decided)
            if first != decided:
                reader.fail(
                    "ngay_quyet_dinh",
                    f"cùng số quyết định {number} nhưng khác ngày ({first:%d/%m/%Y})",
                )
        if reader.problems:
            return None
        return PlanInput(
            decision_number=number,
            decision_date=decided,
            kind=kind,
            project_id=project,
            source_id=source,
            plan_year=year,
            amount=amount,
            note=reader.text("ghi_chu", required=False, max_length=500),
            issuer_id=issuer,
        )

    def fast_reader(self, table: Table) -> Callable[[list[Any]], PlanInput | None] | None:
        """`read_row` for a CSV row of plain cells, as a plan file has.

        Decision numbers, dates, kinds, sources, years and issuers repeat, so each distinct
        cell is read once by the same `RowReader` calls as `read_row` and remembered (see
        `CellMemo`); amounts are read by `parse_amount` itself. Any other row (a blank, odd
        or unknown cell, a decision number met with another date) returns None and goes
        through `read_row`, which names the problem."""
        if not table.text_only:
            return None
        at = table.headers
        number_at, date_at, kind_at = at["so_quyet_dinh"], at["ngay_quyet_dinh"], at["loai"]
        project_at, source_at, year_at = at["ma_du_an"], at["nguon_von"], at["nam_ke_hoach"]
        amount_at, note_at, issuer_at = at["so_tien"], at.get("ghi_chu"), at.get("co_quan_ban_hanh")
        width = max(at.values()) + 1
        projects, units, first_dates = self.projects, self.units, self.decision_dates
        default = self.book.issuer_default()
        memo = CellMemo(
            {
                "ngay_quyet_dinh": lambda reader: reader.date("ngay_quyet_dinh"),
                "loai": lambda reader: reader.choice("loai", PLAN_KINDS),
                "nguon_von": lambda reader: _lookup_source(reader, self.sources),
                "nam_ke_hoach": lambda reader: reader.year("nam_ke_hoach"),
            }
        )
        dates, kinds, sources, years = (
            memo.known[column]
            for column in ("ngay_quyet_dinh", "loai", "nguon_von", "nam_ke_hoach")
        )
        cell = memo.read

        def read(values: list[Any]) -> PlanInput | None:
            if len(values) < width:
                return None
            number, code = values[number_at], values[project_at]
            project = projects.get(code) if code.isprintable() else None
            raw_amount = values[amount_at]
            if (
                not number
                or len(number) > 100
                or number != number.strip()
                or not number.isprintable()
                or project is None
                or not raw_amount
                or raw_amount != raw_amount.strip()
            ):
                return None
            try:
                amount = parse_amount(raw_amount)
            except AmountError:
                return None
            day = dates.get(values[date_at]) or cell("ngay_quyet_dinh", values[date_at])
            kind = kinds.get(values[kind_at]) or cell("loai", values[kind_at])
            source = sources.get(values[source_at]) or cell("nguon_von", values[source_at])
            year = years.get(values[year_at]) or cell("nam_ke_hoach", values[year_at])
            if day is None or kind is None or source is None or year is None:
                return None
            note = ""
            if note_at is not None and (note := values[note_at].strip()):
                if len(note) > 500 or not note.isprintable():
                    return None
            issuer = default
            if issuer_at is not None and (code := values[issuer_at].strip()):
                issuer = units.get(code)
                if issuer is None:
                    return None
            if first_dates.setdefault((issuer, number), day) != day:
                return None
            return PlanInput(number, day, kind, project, source, year, amount, note, issuer)

        return read

    def write_chunk(self, records: list[tuple[int, Any]]) -> None:
        for problem in self.book.add(records):
            self.problem(problem)
        self.result.created = self.book.created
        self.result.skipped = self.book.skipped

    def finish(self) -> None:
        for problem in self.book.finish():
            self.problem(problem)
        if not self.result.problems_total:  # else nothing is kept
            self.book.flush()


class TreasuryImporter(Importer):
    kind = ImportKind.TREASURY
    columns = [
        Column("so_chung_tu"),
        Column("ngay"),
        Column("ma_du_an"),
        Column("nguon_von"),
        Column("nam_ke_hoach"),
        Column("loai"),
        Column("so_tien"),
        Column("thu_hoi_tam_ung", required=False),
        Column("chung_tu_goc", required=False),
        Column("kho_bac", required=False),
    ]

    def prepare(self) -> None:
        self.projects = project_codes()
        self.sources = source_codes()
        self.treasuries = treasury_codes()
        self.unit_codes = set(Unit.objects.values_list("code", flat=True))
        # The month sums are added once, from the ledger, in `finish`.
        self.book = TreasuryBook(user=self.user, batch=self.batch, by_batch=True)

    def _treasury(self, reader: RowReader) -> int | None:
        """The treasury the row names (None: the book's default, FORMATS.md)."""
        code = reader.text("kho_bac", required=False, max_length=50)
        if not code:
            return None
        found = self.treasuries.get(code)
        if found is None:
            if code in self.unit_codes:
                reader.fail("kho_bac", "đơn vị này không phải kho bạc (loại kho_bac)")
            else:
                reader.fail("kho_bac", "không có kho bạc mang mã này trong danh mục đơn vị")
        return found

    def read_row(self, reader: RowReader) -> LineInput | None:
        number = reader.text("so_chung_tu", max_length=100)
        day = reader.date("ngay")
        project = _lookup(reader, "ma_du_an", self.projects, "không có dự án mang mã này")
        source = _lookup_source(reader, self.sources)
        year = reader.year("nam_ke_hoach")
        kind = reader.choice("loai", LINE_KINDS)
        amount = reader.amount("so_tien")
        recovered = reader.amount("thu_hoi_tam_ung", required=False, default=0)
        original = reader.text("chung_tu_goc", required=False, max_length=100)
        treasury = self._treasury(reader) or self.book.treasury_default()
        for column, reason in line_shape_problems(
            number=number, kind=kind, amount=amount, recovered=recovered, original=original
        ):
            reader.fail(column, reason, "" if column == "chung_tu_goc" and not original else None)
        if reader.problems:
            return None
        return LineInput(
            document_number=number,
            value_date=day,
            project_id=project,
            source_id=source,
            plan_year=year,
            kind=kind,
            amount=amount,
            recovered_advance=recovered,
            reverses_number=original,
            treasury_id=treasury,
        )

    def fast_reader(self, table: Table) -> Callable[[list[Any]], LineInput | None] | None:
        """`read_row` for a CSV row of plain cells, as a treasury's statement has.

        Dates, years, kinds and sources repeat, so each distinct cell is read once, by the
        same `RowReader` calls as `read_row`, and remembered. Any other row (a blank or odd
        cell, a correction, a zero amount, a recovery above the amount) returns None and
        goes through `read_row`, which names the problem."""
        if not table.text_only:
            return None
        at = table.headers
        number_at, day_at, project_at = at["so_chung_tu"], at["ngay"], at["ma_du_an"]
        source_at, year_at, kind_at = at["nguon_von"], at["nam_ke_hoach"], at["loai"]
        amount_at = at["so_tien"]
        recovered_at, original_at = at.get("thu_hoi_tam_ung"), at.get("chung_tu_goc")
        treasury_at = at.get("kho_bac")
        # A row naming no treasury is the default treasury's; without one, `read_row` and
        # the book name the problem.
        default = self.book.treasury_default()
        treasuries = self.treasuries
        width = max(at.values()) + 1
        projects = self.projects
        advance = LineKind.ADVANCE
        memo = CellMemo(
            {
                "ngay": lambda reader: reader.date("ngay"),
                "nam_ke_hoach": lambda reader: reader.year("nam_ke_hoach"),
                "loai": lambda reader: reader.choice("loai", LINE_KINDS),
                "nguon_von": lambda reader: _lookup_source(reader, self.sources),
            }
        )
        dates, years, kinds, sources = memo.known.values()
        cell = memo.read

        def read(values: list[Any]) -> LineInput | None:
            if len(values) < width:
                return None
            number = values[number_at].strip()
            project = projects.get(values[project_at])
            amount = values[amount_at]
            if (
                not number
                or len(number) > 100
                or not number.isprintable()
                or project is None
                or not (amount.isdigit() and amount.isascii() and len(amount) <= MAX_DIGITS)
            ):
                return None
            amount = int(amount)
            recovered = 0
            if recovered_at is not None and (raw := values[recovered_at]):
                if not (raw.isdigit() and raw.isascii() and len(raw) <= MAX_DIGITS):
                    return None
                recovered = int(raw)
            if amount == 0 or recovered > amount:
                return None
            if original_at is not None and values[original_at]:
                return None
            day = dates.get(values[day_at]) or cell("ngay", values[day_at])
            year = years.get(values[year_at]) or cell("nam_ke_hoach", values[year_at])
            kind = kinds.get(values[kind_at]) or cell("loai", values[kind_at])
            source = sources.get(values[source_at]) or cell("nguon_von", values[source_at])
            if day is None or year is None or kind is None or source is None:
                return None
            if recovered and kind == advance:
                return None
            treasury = default
            if treasury_at is not None and (code := values[treasury_at].strip()):
                treasury = treasuries.get(code)
            if treasury is None:
                return None
            return LineInput(
                number, day, project, source, year, kind, amount, recovered, treasury_id=treasury
            )

        return read

    def write_chunk(self, records: list[tuple[int, Any]]) -> None:
        for problem in self.book.add(records):
            self.problem(problem)
        self.result.created = self.book.created
        self.result.skipped = self.book.skipped

    def writing(self) -> AbstractContextManager[None]:
        return self.book.writing()

    def finish(self) -> None:
        if not self.result.problems_total:  # else nothing is kept
            self.book.flush()


class CellMemo:
    """For a quick reader: each distinct raw cell of some columns read once, alone, by the
    `RowReader` call `read_row` makes for it, and its value remembered (`known`)."""

    def __init__(self, readers: dict[str, Callable[[RowReader], Any]]):
        self.readers = readers
        self.known: dict[str, dict[str, Any]] = {column: {} for column in readers}

    def read(self, column: str, raw: str) -> Any:
        """The value of `raw` in `column`; None where `read_row` would complain."""
        if not raw.isprintable():  # a control character: `read_row` names it
            return None
        reader = RowReader(0, {column: raw.strip() or None})
        value = self.readers[column](reader)
        if reader.problems or value is None:
            return None
        self.known[column][raw] = value
        return value


def _lookup(reader: RowReader, column: str, known: dict[str, int], reason: str) -> int | None:
    code = reader.text(column, max_length=100)
    if not code:
        return None
    found = known.get(code)
    if found is None:
        reader.fail(column, reason)
    return found


def _lookup_source(reader: RowReader, sources: dict[str, int]) -> int | None:
    code = reader.text("nguon_von", max_length=30)
    if not code:
        return None
    found = sources.get(normalise_header(code))
    if found is None:
        reader.fail("nguon_von", "không có nguồn vốn mang mã này trong danh mục")
    return found


IMPORTERS: dict[str, type[Importer]] = {
    ImportKind.UNITS: UnitImporter,
    ImportKind.PROJECTS: ProjectImporter,
    ImportKind.PLAN: PlanImporter,
    ImportKind.TREASURY: TreasuryImporter,
    ImportKind.CONTRACTS: ContractImporter,
    ImportKind.ACCEPTANCES: AcceptanceImporter,
}

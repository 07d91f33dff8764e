"""The ledger's rules, checked against what the database already holds.

Both the importers and the single-entry services write through these books, so a line typed
in a form and a line in the treasury's statement obey exactly the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Max, Q, Sum
from django.db.models.functions import Abs
from django.utils import timezone

from giaingan.capital.models import (
    SIGNED_PLAN_KINDS,
    FundingSource,
    LineKind,
    PlanEntry,
    PlanKind,
    Project,
    TreasuryLine,
)
from giaingan.capital.months import (
    MonthSums,
    gathered_months_close,
    gathered_months_open,
    gathered_months_sql,
    ledger_months_add_batch,
    ledger_months_add_gathered,
    ledger_months_add_plan_batch,
)
from giaingan.figures.room import KeyRoom, Steps, extension_end, key_rooms
from giaingan.lib.dates import disbursement_deadline
from giaingan.lib.money import format_number
from giaingan.lib.problems import Problem
from giaingan.lib.rows import RowsAlongside, rows_alongside, rows_insert
from giaingan.lib.users import signed_in
from giaingan.org.issuers import default_issuer_id, missing_issuer_reason
from giaingan.org.models import Unit
from giaingan.org.rules import recordable_treasury_ids
from giaingan.org.treasuries import default_treasury_id, missing_treasury_reason

Key = tuple[int, int, int]  # project id, source id, plan year
# Inside `TreasuryBook.writing`: the writer sums the months of the lines written every so
# many chunks. A chunk's lines add to few months, so chunk by chunk the writer spent a
# third as long summing them as writing them (1.4 s of a province's statement); every
# fourth chunk, half as long.
GATHER_CHUNKS = 4


def lock_projects(project_ids: Iterable[int], locked: set[int] | None = None) -> None:
    """Row-lock the projects whose ledger is being written, once per transaction.

    The locks serialise concurrent writers of one project's ledger on PostgreSQL; SQLite's
    immediate transactions already serialise every writer, so there is nothing to do.
    """
    if not connection.features.has_select_for_update:
        return
    wanted = set(project_ids) - (locked or set())
    if wanted:
        list(Project.objects.select_for_update().filter(id__in=wanted).values_list("id"))
        if locked is not None:
            locked.update(wanted)


def existing_document_numbers(treasury_id: int, numbers: set[str]) -> set[str]:
    """Which of `numbers` the ledger holds for one treasury: one look-up of the (treasury,
    number) unique index, no ORM per-value cost.

    On SQLite a statement's numbers, which run in sequence and are new, are first looked
    for as the range they span: one seek of the unique index, where looking up a chunk's
    5,000 numbers one by one took 4% of an import. A range holding many other numbers is
    left for the look-up by number. (SQLite compares text as UTF-8 bytes, in the order of
    Python's `min` and `max`; PostgreSQL's collation may not be.)"""
    if not numbers:
        return set()
    meta = TreasuryLine._meta
    table = connection.ops.quote_name(meta.db_table)
    column = connection.ops.quote_name("document_number")
    of = connection.ops.quote_name(meta.get_field("treasury").column) + " = %s AND "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT {column} FROM {table} WHERE {of}{column} = ANY(%s)",
                [treasury_id, list(numbers)],
            )
            return {row[0] for row in cursor.fetchall()}
        most = 2 * len(numbers)
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE {of}{column} BETWEEN %s AND %s LIMIT %s",
            [treasury_id, min(numbers), max(numbers), most + 1],
        )
        spanned = cursor.fetchall()
        if len(spanned) <= most:
            return numbers.intersection(row[0] for row in spanned)
        marks = ", ".join(["%s"] * len(numbers))
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE {of}{column} IN ({marks})",
            [treasury_id, *numbers],
        )
        return {row[0] for row in cursor.fetchall()}


LINE_COLUMNS = [
    "treasury",
    "document_number",
    "value_date",
    "project",
    "source",
    "plan_year",
    "kind",
    "amount",
    "recovered_advance",
    "reverses",
]


def line_shape_problems(
    *, number: str, kind: str | None, amount: int | None, recovered: int | None, original: str
) -> list[tuple[str, str]]:
    """(column, reason) for each rule a treasury line breaks on its own, before the ledger's
    rules: shared by the importer, the entry form and `TreasuryBook`."""
    problems: list[tuple[str, str]] = []
    if amount == 0:
        problems.append(("so_tien", "số tiền phải khác 0"))
    if recovered and kind == LineKind.ADVANCE:
        problems.append(("thu_hoi_tam_ung", "chứng từ tạm ứng không có thu hồi tạm ứng"))
    elif amount is not None and recovered is not None and amount > 0:
        if recovered < 0:
            problems.append(("thu_hoi_tam_ung", "thu hồi tạm ứng không được âm"))
        elif recovered > amount:
            problems.append(("thu_hoi_tam_ung", "thu hồi tạm ứng lớn hơn số tiền thanh toán"))
    if amount is not None and recovered is not None and amount < 0:
        if not original:
            problems.append(
                ("chung_tu_goc", "số tiền âm là chứng từ điều chỉnh: phải ghi chứng từ gốc")
            )
        elif not amount <= recovered <= 0:
            problems.append(
                (
                    "thu_hoi_tam_ung",
                    "chứng từ điều chỉnh: thu hồi tạm ứng phải từ số tiền (âm) đến 0",
                )
            )
    if original and number and original == number:
        problems.append(("chung_tu_goc", "chứng từ không thể điều chỉnh chính nó"))
    return problems


class LineInput(NamedTuple):
    """A treasury line to record. A named tuple: a statement makes hundreds of thousands."""

    document_number: str
    value_date: dt.date
    project_id: int
    source_id: int
    plan_year: int
    kind: str
    amount: int
    recovered_advance: int = 0
    reverses_number: str = ""  # a document of the same treasury
    project_code: str = ""
    # The treasury that issued it; None: the recording user's treasury, or the only one
    # (`org.treasuries.default_treasury_id`), which `TreasuryBook` puts in.
    treasury_id: int | None = None

    # Checked and new, a line that corrects nothing is written as it is (see `_Line`).
    pk = None
    reverses_id = None


def reversed_totals(original_ids: list[int]) -> dict[Any, list[int]]:
    """[amount, recovered advance] already reversed by corrections, per original line id
    (negative numbers; [0, 0] for a line never corrected)."""
    totals: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    rows = (
        TreasuryLine.objects.filter(reverses_id__in=original_ids)
        .values("reverses_id")
        .annotate(amount=Sum("amount"), recovered=Sum("recovered_advance"))
        .order_by()
    )
    for row in rows:
        totals[row["reverses_id"]] = [row["amount"], row["recovered"]]
    return totals


ORIGINAL, DAY = attrgetter("reverses_number"), attrgetter("value_date")
PROJECT = attrgetter("project_id")
ADVANCE = LineKind.ADVANCE.value  # read for every line: a plain str, not the enum's member


@dataclass(slots=True)
class _Line:
    """A treasury line checked in this chunk: to be written, or already in the ledger."""

    treasury_id: int
    document_number: str
    value_date: dt.date
    project_id: int
    source_id: int
    plan_year: int
    kind: str
    amount: int
    recovered_advance: int
    reverses_id: int | None = None
    reverses_number: str = ""
    pk: int | None = None


# A line of the chunk being checked: new and plain as it came, else with its ids.
Checked = _Line | LineInput


@dataclass(slots=True, eq=False)
class _KeyState:
    """What `TreasuryBook`'s rules need of one key (project, source, plan year)."""

    room: KeyRoom  # what may still be disbursed (`figures.room`)
    outstanding: int = 0  # the advance outstanding
    # Its changes by date (advances +, recoveries -) and the latest day of one: a recovery
    # takes only what was advanced by its own date, and never from a later recovery.
    moves: list[tuple[dt.date, int]] = field(default_factory=list)
    last: dt.date = dt.date.min

    def advance_move(self, day: dt.date, change: int) -> None:
        """The outstanding advance changes by `change` from `day` on."""
        if not change:
            return
        self.outstanding += change
        self.moves.append((day, change))
        if day > self.last:
            self.last = day

    def lowest_outstanding(self, day: dt.date) -> int:
        """The least advance outstanding on `day` or any later day: what a recovery (or an
        advance reversed) dated `day` may take without leaving a day below zero."""
        if day >= self.last:  # the usual case: lines in order
            return self.outstanding
        return Steps.of(self.moves).lowest_from(day)


class TreasuryBook:
    """Checks treasury lines in order against the ledger and writes those that pass.

    It adds what it writes to `LedgerMonth` at the end of every `add`. An import, which
    writes a statement chunk by chunk under its batch, asks instead (`by_batch`) that
    `flush`, called once before it commits, add the batch's lines from the ledger; inside
    `writing`, its chunks are written on a second thread while the next are checked.
    """

    def __init__(self, *, user: Any = None, batch: Any = None, by_batch: bool = False):
        self.user = signed_in(user)
        self.batch = batch
        self.by_batch = by_batch
        self.after_id: int | None = None  # the ledger's last line before this book's first
        # What the rules need of each key of the projects in `loaded`: one look-up a line.
        self.keys: dict[Key, _KeyState] = {}
        self.loaded: set[int] = set()
        self.locked: set[int] = set()
        self.created = 0
        self.skipped = 0
        self.months = MonthSums()
        self.periods: dict[int, tuple[dt.date, dt.date]] = {}  # plan year -> its lines' dates
        self._treasuries: tuple[int | None, set[int] | None] | None = None
        self.writer: RowsAlongside | None = None
        # (treasury, number) of the lines held for `writer` (the last chunk's) and of those
        # released to it (the chunk's before), with the numbers of the lines they correct:
        # a chunk naming one waits for them before its look-ups.
        self.held: set[tuple[int, str]] = set()
        self.released: set[tuple[int, str]] = set()
        self.gathering = False  # the writer sums the lines by month as it writes them
        self.ungathered = 0  # chunks written since it last did

    @contextmanager
    def writing(self) -> Iterator[None]:
        """An import's chunks are written on a second thread (SQLite, `rows_alongside`)
        while the next are read and checked, and summed by month there every
        `GATHER_CHUNKS` chunks (`gathered_months_open`); all are written when the block
        ends."""
        try:
            with rows_alongside() as writer:
                self.writer = writer
                if writer is not None and self.by_batch and self.batch is not None:
                    gathered_months_open()
                    self.gathering = True
                try:
                    yield
                finally:
                    self.writer = None
                    self.held.clear()
                    self.released.clear()
        finally:
            if self.gathering:
                self.gathering = False
                gathered_months_close()

    def treasury_default(self) -> int | None:
        """The treasury of a line that names none: the user's, or the only one."""
        return self._treasury_rules()[0]

    def _treasury_rules(self) -> tuple[int | None, set[int] | None]:
        """(default treasury, treasuries the user may record for: None for any), read once."""
        if self._treasuries is None:
            self._treasuries = (
                default_treasury_id(self.user),
                recordable_treasury_ids(self.user),
            )
        return self._treasuries

    def _with_treasury(
        self, lines: list[tuple[int | None, LineInput]], problems: list[Problem]
    ) -> list[tuple[int | None, LineInput]]:
        """The lines with their treasury, those the user may record for; a problem for the
        others (the one rule of the importer and the entry form)."""
        default, allowed = self._treasury_rules()
        if allowed is None and all(line.treasury_id is not None for _, line in lines):
            return lines
        kept = []
        missing = ""
        for row, line in lines:
            if line.treasury_id is None:
                if default is None:
                    missing = missing or missing_treasury_reason()
                    problems.append(Problem(missing, row, "kho_bac", ""))
                    continue
                line = line._replace(treasury_id=default)
            if allowed is not None and line.treasury_id not in allowed:
                problems.append(
                    Problem(
                        "cán bộ kho bạc chỉ được ghi chứng từ của kho bạc mình",
                        row,
                        "kho_bac",
                        _treasury_code(line.treasury_id),
                    )
                )
                continue
            kept.append((row, line))
        return kept

    def flush(self) -> None:
        """With `by_batch`: add the lines written under the batch to `LedgerMonth`."""
        if not (self.by_batch and self.created):
            return
        if not self.gathering:
            ledger_months_add_batch(self.batch.pk, self.after_id)
            return
        if self.ungathered:
            self._gather()
        ledger_months_add_gathered()

    def _gather(self) -> None:
        """The writer sums the months of the lines written since it last did."""
        for statement in gathered_months_sql(self.batch.pk):
            self.writer.insert(*statement)
        self.ungathered = 0

    def add(self, lines: list[tuple[int | None, LineInput]]) -> list[Problem]:
        problems: list[Problem] = []
        lines = self._with_treasury(lines, problems)
        inputs = [line for _, line in lines]
        lock_projects(map(PROJECT, inputs), self.locked)
        # Numbers are per treasury: every look-up below is by (treasury, number).
        numbers: defaultdict[int, set[str]] = defaultdict(set)
        originals: set[tuple[int, str]] = set()
        for line in inputs:
            numbers[line.treasury_id].add(line.document_number)
            if line.reverses_number:
                numbers[line.treasury_id].add(line.reverses_number)
                originals.add((line.treasury_id, line.reverses_number))
        writer = self.writer
        if writer is not None:
            # The look-ups below run alongside the last chunks' writes, which they may not
            # miss: a number this chunk names (a repeat, an original) may be among them.
            if not writer.busy():
                self.released.clear()
            waiting = self.held | self.released
            if waiting and any(
                (treasury, number) in waiting
                for treasury, wanted in numbers.items()
                for number in wanted
            ):
                writer.wait()
                self.held.clear()
                self.released.clear()
        with nullcontext() if writer is None else writer.reads():
            known = self._known(numbers)
            self._load_outstanding(set(map(PROJECT, inputs)))
            reversed_so_far = reversed_totals(
                [known[number]["id"] for number in originals if number in known]
            )
        if writer is not None:
            # The last chunk's lines are written while this one is checked (after those
            # of the chunk before, if the writer lags).
            writer.wait_released()
            self.released, self.held = self.held, set()
            writer.release()
        pending: dict[tuple[int, str], Checked] = {}
        check = self._check
        for row, line in lines:
            problem = check(line, known, pending, reversed_so_far)
            if problem is not None:
                problems.append(Problem(problem[1], row, problem[0], problem[2]))
        to_write = [line for line in pending.values() if line.pk is None]
        first, later = to_write, []
        if originals:
            # A correction of a line of this same chunk is written after it, to learn its id.
            first = [line for line in to_write if not line.reverses_number or line.reverses_id]
            later = [line for line in to_write if line.reverses_number and not line.reverses_id]
        if self.by_batch and self.after_id is None and to_write:
            last = TreasuryLine.objects.aggregate(last=Max("id"))["last"]
            self.after_id = last or 0
        self._insert(first)
        if later:
            wanted = Q(pk__in=[])
            for line in later:
                wanted |= Q(treasury_id=line.treasury_id, document_number=line.reverses_number)
            ids = {
                (treasury, number): pk
                for treasury, number, pk in TreasuryLine.objects.filter(wanted).values_list(
                    "treasury_id", "document_number", "id"
                )
            }
            for line in later:
                line.reverses_id = ids[(line.treasury_id, line.reverses_number)]
            self._insert(later)
        if self.gathering and to_write:
            self.ungathered += 1
            if self.ungathered >= GATHER_CHUNKS:
                self._gather()
        self.created += len(to_write)
        if not self.by_batch:
            self.months.add_lines(to_write)
            self.months.write()
        return problems

    def _known(self, numbers: dict[int, set[str]]) -> dict[tuple[int, str], dict[str, Any]]:
        """The ledger's lines holding `numbers` (per treasury), by (treasury, number)."""
        found = Q(pk__in=[])
        for treasury, wanted in numbers.items():
            there = existing_document_numbers(treasury, wanted)
            if there:
                found |= Q(treasury_id=treasury, document_number__in=there)
        return {
            (row["treasury_id"], row["document_number"]): row
            for row in TreasuryLine.objects.filter(found)
            .order_by()
            .values(
                "id",
                "treasury_id",
                "document_number",
                "value_date",
                "project_id",
                "source_id",
                "plan_year",
                "kind",
                "amount",
                "recovered_advance",
                "reverses_id",
                "reverses__document_number",
                "import_batch_id",
            )
        }

    def _insert(self, lines: list[Checked]) -> None:
        """Write checked lines in their order: COPY on PostgreSQL, multi-row INSERTs on
        SQLite (`rows_insert`, queued for `writer` inside `writing`). Names come from the
        model, values go as parameters."""
        if not lines:
            return
        if self.writer is not None:
            for line in lines:
                self.held.add((line.treasury_id, line.document_number))
                if line.reverses_number:
                    self.held.add((line.treasury_id, line.reverses_number))
        ops = connection.ops
        days = {day: ops.adapt_datefield_value(day) for day in set(map(DAY, lines))}
        rows_insert(
            model=TreasuryLine,
            columns=LINE_COLUMNS,
            rows=[
                (
                    line.treasury_id,
                    line.document_number,
                    days[line.value_date],
                    line.project_id,
                    line.source_id,
                    line.plan_year,
                    line.kind,
                    line.amount,
                    line.recovered_advance,
                    line.reverses_id,
                )
                for line in lines
            ],
            constants={
                "created_at": ops.adapt_datetimefield_value(timezone.now()),
                "created_by": self.user.pk if self.user is not None else None,
                "import_batch": self.batch.pk if self.batch is not None else None,
            },
            writer=self.writer,
        )

    def _load_outstanding(self, projects: set[int]) -> None:
        """The advance outstanding on each key of `projects` not loaded yet (a key with no
        line has none: `outstanding` gives 0)."""
        missing = projects - self.loaded
        if not missing:
            return
        self.loaded |= missing
        keys = self.keys
        for key, room in key_rooms(missing).items():
            keys[key] = _KeyState(room)
        rows = (
            TreasuryLine.objects.filter(project_id__in=missing)
            .filter(Q(kind=LineKind.ADVANCE) | ~Q(recovered_advance=0))
            .values("project_id", "source_id", "plan_year", "value_date")
            .annotate(
                advances=Sum("amount", filter=Q(kind=LineKind.ADVANCE)),
                recovered=Sum("recovered_advance"),
            )
            .order_by()
        )
        for row in rows:
            key = (row["project_id"], row["source_id"], row["plan_year"])
            state = keys.get(key)
            if state is None:
                state = keys[key] = _KeyState(KeyRoom(key[2], Steps(), Steps()))
            state.advance_move(row["value_date"], (row["advances"] or 0) - row["recovered"])

    def _check(
        self,
        line: LineInput,
        known: dict[tuple[int, str], dict],
        pending: dict[tuple[int, str], Checked],
        reversed_so_far: dict[Any, list[int]],
    ) -> tuple[str, str, str] | None:
        """Return (column, reason, value) for the first rule `line` breaks, else record it."""
        # Read for every line of a statement: the tuple's fields at once (`LineInput`).
        number, day, project, source, year, kind, amount, recovered, reverses, _, treasury = line
        place = (treasury, number)
        plain = (
            amount > 0
            and 0 <= recovered <= amount
            and not reverses
            and (not recovered or kind != ADVANCE)
        )
        if not plain:  # a plain line breaks none of the shape rules: skip asking
            shape = line_shape_problems(
                number=number, kind=kind, amount=amount, recovered=recovered, original=reverses
            )
            if shape:
                return shape[0][0], shape[0][1], ""
        if place in pending:
            return (
                "so_chung_tu",
                "số chứng từ trùng với một dòng trước trong tệp (cùng kho bạc)",
                number,
            )
        existing = known.get(place) if known else None
        if existing is not None:
            if self.batch is not None and existing["import_batch_id"] == self.batch.pk:
                return (
                    "so_chung_tu",
                    "số chứng từ trùng với một dòng trước trong tệp (cùng kho bạc)",
                    number,
                )
            if _same_line(existing, line):
                self.skipped += 1
                pending[place] = _Line(**_line_fields(existing), pk=existing["id"])
                return None
            return (
                "so_chung_tu",
                "số chứng từ đã có trong sổ của kho bạc này với nội dung khác; muốn sửa thì "
                "lập chứng từ điều chỉnh (số tiền âm, ghi chứng từ gốc)",
                number,
            )
        period = self.periods.get(year)
        if period is None:
            period = self.periods[year] = (dt.date(year, 1, 1), extension_end(year))
        if not period[0] <= day <= period[1]:
            return (
                "ngay",
                f"ngày không thuộc thời gian giải ngân vốn năm {year} "
                f"(01/01/{year} đến {period[1]:%d/%m/%Y})",
                f"{day:%d/%m/%Y}",
            )
        key = (project, source, year)
        state = self.keys.get(key)
        if state is None:
            state = self.keys[key] = _KeyState(KeyRoom(year, Steps(), Steps()))
        outstanding = state.outstanding
        original: Checked | None = None
        if reverses:
            found = self._original(line, known, pending)
            if not isinstance(found, (_Line, LineInput)):  # (column, reason, value)
                return found
            original = found
            done = reversed_so_far[original.pk or (original.treasury_id, original.document_number)]
            if -(line.amount + done[0]) > original.amount:
                return (
                    "so_tien",
                    "số điều chỉnh giảm vượt số tiền còn lại của chứng từ gốc "
                    f"({format_number(original.amount + done[0])} đồng)",
                    format_number(line.amount),
                )
            if -(line.recovered_advance + done[1]) > original.recovered_advance:
                return (
                    "thu_hoi_tam_ung",
                    "số thu hồi tạm ứng điều chỉnh vượt số thu hồi của chứng từ gốc",
                    format_number(line.recovered_advance),
                )
            done[0] += line.amount
            done[1] += line.recovered_advance
        elif amount < 0:
            return "chung_tu_goc", "số tiền âm là chứng từ điều chỉnh: phải ghi chứng từ gốc", ""
        change = amount - recovered if kind == ADVANCE else -recovered
        lowest = state.lowest_outstanding(day) if change < 0 else outstanding
        if lowest + change < 0:
            if reverses:
                reason = "điều chỉnh này làm dư ứng âm: tạm ứng đã được thu hồi"
            elif lowest == outstanding:
                reason = (
                    "thu hồi tạm ứng vượt số dư ứng của dự án, nguồn vốn, năm kế hoạch "
                    f"({format_number(outstanding)} đồng)"
                )
            else:  # less was advanced by the line's date, or a later recovery took it
                reason = (
                    "thu hồi tạm ứng vượt số dư ứng của dự án, nguồn vốn, năm kế hoạch "
                    f"từ ngày {day:%d/%m/%Y} trở đi ({format_number(lowest)} đồng; "
                    f"dư ứng đến nay {format_number(outstanding)} đồng)"
                )
            return "thu_hoi_tam_ung", reason, format_number(recovered)
        disbursed = amount - recovered
        room = state.room
        if disbursed > 0:  # a correction lowers the disbursement: always allowed
            left = room.left(day)
            if disbursed > left:
                return "so_tien", _over_plan_reason(year, day, left), format_number(amount)
        room.add(day, disbursed)
        if change:
            state.advance_move(day, change)
        if original is None:
            pending[place] = line
            return None
        pending[place] = _Line(
            treasury,
            number,
            day,
            project,
            source,
            year,
            kind,
            amount,
            recovered,
            original.pk,
            reverses,
        )
        return None

    @staticmethod
    def _original(
        line: LineInput,
        known: dict[tuple[int, str], dict],
        pending: dict[tuple[int, str], Checked],
    ) -> Checked | tuple[str, str, str]:
        """The line `line` corrects: a document of the same treasury."""
        number = line.reverses_number
        place = (line.treasury_id, number)
        row = known.get(place)
        if row is not None:
            if row["reverses_id"] is not None:
                return "chung_tu_goc", "chứng từ gốc là một chứng từ điều chỉnh", number
            original = _Line(**_line_fields(row), pk=row["id"])
        elif place in pending:
            original = pending[place]
            if original.reverses_number:
                return "chung_tu_goc", "chứng từ gốc là một chứng từ điều chỉnh", number
        else:
            return (
                "chung_tu_goc",
                "không tìm thấy chứng từ gốc của cùng kho bạc trong sổ hay trong tệp",
                number,
            )
        if line.amount >= 0:
            return "so_tien", "chứng từ điều chỉnh phải có số tiền âm", format_number(line.amount)
        same = (
            original.project_id == line.project_id
            and original.source_id == line.source_id
            and original.plan_year == line.plan_year
            and original.kind == line.kind
        )
        if not same:
            return (
                "chung_tu_goc",
                "dự án, nguồn vốn, năm kế hoạch và loại phải giống chứng từ gốc",
                number,
            )
        if line.value_date < original.value_date:
            return (
                "ngay",
                "ngày điều chỉnh trước ngày của chứng từ gốc",
                f"{line.value_date:%d/%m/%Y}",
            )
        return original


def _treasury_code(treasury_id: int) -> str:
    code = Unit.objects.filter(pk=treasury_id).values_list("code", flat=True).first()
    return code or str(treasury_id)


def _over_plan_reason(year: int, day: dt.date, left: int) -> str:
    """Why a line passing what may still be disbursed is refused, with what is left."""
    left = max(left, 0)
    deadline = disbursement_deadline(year)
    if day > deadline:
        return (
            f"sau ngày {deadline:%d/%m/%Y}, vốn năm {year} chỉ được giải ngân trong số vốn "
            "được kéo dài (quyết định kéo dài của dự án, nguồn vốn này) hoặc vốn giao bổ "
            f"sung sau 30/09/{year}: còn được giải ngân {format_number(left)} đồng"
        )
    return (
        f"vượt kế hoạch vốn năm {year} của dự án, nguồn vốn vào ngày {day:%d/%m/%Y}: "
        f"còn được giải ngân {format_number(left)} đồng"
    )


def _line_fields(row: dict) -> dict:
    return {
        "treasury_id": row["treasury_id"],
        "document_number": row["document_number"],
        "value_date": row["value_date"],
        "project_id": row["project_id"],
        "source_id": row["source_id"],
        "plan_year": row["plan_year"],
        "kind": row["kind"],
        "amount": row["amount"],
        "recovered_advance": row["recovered_advance"],
        "reverses_id": row["reverses_id"],
        "reverses_number": row["reverses__document_number"] or "",
    }


def _same_line(row: dict, line: LineInput) -> bool:
    return (
        row["value_date"] == line.value_date
        and row["project_id"] == line.project_id
        and row["source_id"] == line.source_id
        and row["plan_year"] == line.plan_year
        and row["kind"] == line.kind
        and row["amount"] == line.amount
        and row["recovered_advance"] == line.recovered_advance
        and (row["reverses__document_number"] or "") == line.reverses_number
    )


@dataclass(frozen=True)
class PlanInput:
    decision_number: str
    decision_date: dt.date
    kind: str
    project_id: int
    source_id: int
    plan_year: int
    amount: int
    note: str = ""
    # The body that issued the decision; None: the user's committee, or the district's
    # (`org.issuers.default_issuer_id`), which `PlanBook` puts in.
    issuer_id: int | None = None


PLAN_COLUMNS = [
    "issuer",
    "decision_number",
    "decision_date",
    "kind",
    "project",
    "source",
    "plan_year",
    "amount",
    "note",
]
PlanKey = tuple[int, str, str, int, int, int]  # issuer, decision, kind, project, source, year
Act = tuple[int, str]  # issuer, decision number: one decision

# Every sum the figures make stays far inside the database's integer range (2^63 - 1, about
# 9,2 x 10^18): one amount has at most 15 digits (`lib.money.MAX_DIGITS`), the plan entries
# of a project, source and year add up, in absolute value, to at most 10^16 đồng, and those
# of a plan year to at most 10^18. Lines are bounded by the plan they are paid within.
KEY_PLAN_CAP = 10**16
YEAR_PLAN_CAP = 10**18


class PlanBook:
    """Checks plan-decision lines against the ledger and writes those that pass.

    Whole-decision rules (a transfer nets to zero per source; no project's plan for a
    source and year below zero on any date) are checked by `finish`, after every line of
    the file or form has been written inside the same transaction.

    It adds what it writes to `LedgerMonth` at the end of every `add`; an import asks
    instead (`by_batch`) that `flush`, called once before it commits, add the batch's
    entries from the ledger, as `TreasuryBook` does.
    """

    def __init__(self, *, user: Any = None, batch: Any = None, by_batch: bool = False):
        self.user = user
        self.batch = batch
        self.by_batch = by_batch
        self.after_id: int | None = None  # the ledger's last entry before this book's first
        self.created = 0
        self.skipped = 0
        self.first_row: dict[tuple, int | None] = {}
        self.touched: set[Key] = set()
        self.transfers: set[Act] = set()
        # Decision -> (date, kind, first row in this file or None if recorded before).
        self.acts: dict[Act, tuple[dt.date, str, int | None]] = {}
        self.recorded: set[Act] = set()  # decisions recorded by an earlier file or form
        self._issuer: tuple[int | None] | None = None
        self.key_sizes: dict[Key, int] = {}  # sums of absolute amounts, see KEY_PLAN_CAP
        self.year_sizes: dict[int, int] = {}
        self.cuts: dict[Key, dt.date] = {}  # key -> first day a new entry lowers its plan
        self.carried: dict[Key, int | None] = {}  # key -> row of a new carry-over entry

    def issuer_default(self) -> int | None:
        """The issuer of a decision that names none: the user's committee, or the home one."""
        if self._issuer is None:
            self._issuer = (default_issuer_id(self.user),)
        return self._issuer[0]

    def _with_issuer(
        self, lines: list[tuple[int | None, PlanInput]], problems: list[Problem]
    ) -> list[tuple[int | None, PlanInput]]:
        kept = []
        for row, line in lines:
            if line.issuer_id is None:
                default = self.issuer_default()
                if default is None:
                    problems.append(Problem(missing_issuer_reason(), row, "co_quan_ban_hanh", ""))
                    continue
                line = replace(line, issuer_id=default)
            kept.append((row, line))
        return kept

    def add(self, lines: list[tuple[int | None, PlanInput]]) -> list[Problem]:
        problems: list[Problem] = []
        lines = self._with_issuer(lines, problems)
        lock_projects({line.project_id for _, line in lines})
        known = {
            (
                r["issuer_id"],
                r["decision_number"],
                r["kind"],
                r["project_id"],
                r["source_id"],
                r["plan_year"],
            ): r
            for r in PlanEntry.objects.filter(
                decision_number__in={line.decision_number for _, line in lines}
            ).values(
                "issuer_id",
                "decision_number",
                "decision_date",
                "kind",
                "project_id",
                "source_id",
                "plan_year",
                "amount",
                "import_batch_id",
            )
        }
        self._load_magnitudes([line for _, line in lines])
        acts = self._acts({(line.issuer_id, line.decision_number) for _, line in lines})
        pending: dict[PlanKey, PlanInput] = {}
        for row, line in lines:
            act_key: Act = (line.issuer_id, line.decision_number)
            key: PlanKey = (
                line.issuer_id,
                line.decision_number,
                line.kind,
                line.project_id,
                line.source_id,
                line.plan_year,
            )
            act = acts.setdefault(act_key, (line.decision_date, line.kind, None))
            if act[:2] != (line.decision_date, line.kind):
                problems.append(
                    Problem(
                        f"quyết định {line.decision_number} là một văn bản: "
                        + ("đã có trong sổ" if act[2] is None else f"dòng {act[2]} đã ghi")
                        + f" với ngày {act[0]:%d/%m/%Y}, loại {PlanKind(act[1]).label}; "
                        "không dùng lại số này với ngày hoặc loại khác",
                        row,
                        "so_quyet_dinh",
                        line.decision_number,
                    )
                )
                continue
            if act[2] is None:
                acts[act_key] = (line.decision_date, line.kind, row)
            existing = known.get(key)
            if key in pending or (
                existing is not None
                and self.batch is not None
                and existing["import_batch_id"] == self.batch.pk
            ):
                problems.append(
                    Problem(
                        "quyết định này đã có một dòng cho dự án, nguồn vốn và năm này trong tệp",
                        row,
                        "ma_du_an",
                    )
                )
                continue
            if existing is not None:
                if (
                    existing["amount"] == line.amount
                    and existing["decision_date"] == line.decision_date
                ):
                    self.skipped += 1
                    continue
                problems.append(
                    Problem(
                        "dòng này của quyết định đã có trong sổ với số tiền hoặc ngày khác; "
                        "muốn sửa thì nhập một quyết định điều chỉnh",
                        row,
                        "so_quyet_dinh",
                        line.decision_number,
                    )
                )
                continue
            if existing is None and act_key in self.recorded:
                problems.append(
                    Problem(
                        f"quyết định {line.decision_number} đã có trong sổ (ngày "
                        f"{act[0]:%d/%m/%Y}): không thêm dòng vào một quyết định đã ghi; "
                        "muốn thay đổi thì nhập một quyết định điều chỉnh",
                        row,
                        "so_quyet_dinh",
                        line.decision_number,
                    )
                )
                continue
            if line.amount < 0 and line.kind not in SIGNED_PLAN_KINDS:
                problems.append(
                    Problem(
                        "số tiền âm chỉ dùng cho điều chỉnh hoặc điều chuyển",
                        row,
                        "so_tien",
                        format_number(line.amount),
                    )
                )
                continue
            if line.amount == 0:
                problems.append(Problem("số tiền phải khác 0", row, "so_tien", "0"))
                continue
            too_big = self._too_big(line)
            if too_big:
                problems.append(Problem(too_big, row, "so_tien", format_number(line.amount)))
                continue
            pending[key] = line
            self.first_row.setdefault(("decision", *act_key), row)
            self.first_row.setdefault(("key", *self._key(line), line.decision_date), row)
            self.touched.add(self._key(line))
            if line.kind == PlanKind.CARRY_OVER:
                self.carried.setdefault(self._key(line), row)
            elif line.amount < 0:
                cut = self.cuts.get(self._key(line))
                if cut is None or line.decision_date < cut:
                    self.cuts[self._key(line)] = line.decision_date
            if line.kind == PlanKind.TRANSFER:
                self.transfers.add(act_key)
        if self.by_batch and self.after_id is None and pending:
            self.after_id = PlanEntry.objects.aggregate(last=Max("id"))["last"] or 0
        self._insert(list(pending.values()))
        if not self.by_batch:
            months = MonthSums()
            months.add_entries(pending.values())
            months.write()
        self.created += len(pending)
        return problems

    def flush(self) -> None:
        """With `by_batch`: add the entries written under the batch to `LedgerMonth`."""
        if self.by_batch and self.created:
            ledger_months_add_plan_batch(self.batch.pk, self.after_id)

    def _insert(self, lines: list[PlanInput]) -> None:
        """Write checked lines in their order, as `TreasuryBook` does (`rows_insert`)."""
        if not lines:
            return
        ops = connection.ops
        user = signed_in(self.user)
        rows_insert(
            model=PlanEntry,
            columns=PLAN_COLUMNS,
            rows=[
                (
                    line.issuer_id,
                    line.decision_number,
                    ops.adapt_datefield_value(line.decision_date),
                    line.kind,
                    line.project_id,
                    line.source_id,
                    line.plan_year,
                    line.amount,
                    line.note,
                )
                for line in lines
            ],
            constants={
                "created_at": ops.adapt_datetimefield_value(timezone.now()),
                "created_by": user.pk if user is not None else None,
                "import_batch": self.batch.pk if self.batch is not None else None,
            },
        )

    def _acts(self, wanted: set[Act]) -> dict[Act, tuple[dt.date, str, int | None]]:
        """Date and kind of each decision already recorded by an earlier file or form (row
        None), remembered in `recorded`, and of those met earlier in this file."""
        wanted = wanted - self.acts.keys()
        if not wanted:
            return self.acts
        rows = PlanEntry.objects.filter(decision_number__in={number for _, number in wanted})
        if self.batch is not None:  # this file's earlier chunks are in `acts` already
            rows = rows.exclude(import_batch=self.batch)
        found = rows.values_list("issuer_id", "decision_number", "decision_date", "kind")
        for issuer, number, day, kind in found.distinct().order_by("decision_date"):
            if (issuer, number) in wanted:
                self.acts.setdefault((issuer, number), (day, kind, None))
                self.recorded.add((issuer, number))
        return self.acts

    def _load_magnitudes(self, lines: list[PlanInput]) -> None:
        """The ledger's sums of absolute amounts for the keys and years not seen yet."""
        keys = {self._key(line) for line in lines} - self.key_sizes.keys()
        years = {line.plan_year for line in lines} - self.year_sizes.keys()
        for key in keys:
            self.key_sizes[key] = 0
        for year in years:
            self.year_sizes[year] = 0
        size = Sum(Abs("amount"))
        if keys:
            rows = (
                PlanEntry.objects.filter(project_id__in={key[0] for key in keys})
                .values_list("project_id", "source_id", "plan_year")
                .annotate(size=size)
                .order_by()
            )
            for project, source, year, total in rows:
                if (project, source, year) in keys:
                    self.key_sizes[(project, source, year)] = total or 0
        if years:
            rows = (
                PlanEntry.objects.filter(plan_year__in=years)
                .values_list("plan_year")
                .annotate(size=size)
                .order_by()
            )
            for year, total in rows:
                self.year_sizes[year] = total or 0

    def _too_big(self, line: PlanInput) -> str:
        """Why `line` would take a sum past what the database can hold, else ""; counts it."""
        key, size = self._key(line), abs(line.amount)
        if self.key_sizes[key] + size > KEY_PLAN_CAP:
            return (
                "tổng số tiền các dòng kế hoạch của một dự án, nguồn vốn, năm kế hoạch không "
                f"được vượt {format_number(KEY_PLAN_CAP)} đồng (10^16): số tiền quá lớn"
            )
        if self.year_sizes[line.plan_year] + size > YEAR_PLAN_CAP:
            return (
                f"tổng số tiền các dòng kế hoạch năm {line.plan_year} không được vượt "
                f"{format_number(YEAR_PLAN_CAP)} đồng (10^18): số tiền quá lớn"
            )
        self.key_sizes[key] += size
        self.year_sizes[line.plan_year] += size
        return ""

    @staticmethod
    def _key(line: PlanInput) -> Key:
        return (line.project_id, line.source_id, line.plan_year)

    def finish(self) -> list[Problem]:
        """Check the rules that need every line: call after the last `add`."""
        problems: list[Problem] = []
        transfers = Q(pk__in=[])
        for issuer, number in self.transfers:
            transfers |= Q(issuer_id=issuer, decision_number=number)
        unbalanced = (
            PlanEntry.objects.filter(transfers, kind=PlanKind.TRANSFER)
            .values("issuer_id", "decision_number", "source__code", "plan_year")
            .annotate(net=Sum("amount"))
            .exclude(net=0)
            .order_by("decision_number", "issuer_id", "source__code")
        )
        for row in unbalanced:
            problems.append(
                Problem(
                    "quyết định điều chuyển phải cân bằng (tổng bằng 0) trong từng nguồn vốn: "
                    f"nguồn {row['source__code']} năm {row['plan_year']} "
                    f"lệch {format_number(row['net'])} đồng",
                    self.first_row.get(("decision", row["issuer_id"], row["decision_number"])),
                    "so_quyet_dinh",
                    row["decision_number"],
                )
            )
        problems.extend(self._negative_plans())
        problems.extend(self._below_disbursed())
        return problems

    def _below_disbursed(self) -> list[Problem]:
        """A cut may not take a plan below what is already disbursed from it, and a
        carry-over is at most the plan left unspent at 31/01/N+1 (`figures.room`)."""
        keys = self.cuts.keys() | self.carried.keys()
        if not keys:
            return []
        rooms = key_rooms({key[0] for key in keys})
        codes = dict(
            Project.objects.filter(id__in={key[0] for key in keys}).values_list("id", "code")
        )
        sources = dict(FundingSource.objects.values_list("id", "code"))
        problems: list[Problem] = []
        for key in sorted(keys):
            room = rooms.get(key)
            if room is None:
                continue
            what = f"dự án {codes[key[0]]}, nguồn {sources[key[1]]}, năm {key[2]}"
            cut = self.cuts.get(key)
            if cut is not None and room.disbursed > 0:
                lowest = room.plan.lowest_from(cut)
                if lowest < room.disbursed:
                    problems.append(
                        Problem(
                            f"kế hoạch vốn của {what} sẽ còn {format_number(lowest)} đồng, "
                            f"thấp hơn số đã giải ngân ({format_number(room.disbursed)} đồng)",
                            self.first_row.get(("key", *key, cut)),
                            "so_tien",
                        )
                    )
            if key in self.carried:
                deadline = disbursement_deadline(key[2])
                unspent = room.plan.amount_on(deadline) - (room.disbursed - room.disbursed_late)
                carried = room.carried_over
                if carried > max(unspent, 0):
                    problems.append(
                        Problem(
                            f"vốn kéo dài của {what} ({format_number(carried)} đồng) vượt số "
                            f"vốn năm {key[2]} chưa giải ngân đến ngày {deadline:%d/%m/%Y} "
                            f"({format_number(max(unspent, 0))} đồng)",
                            self.carried[key],
                            "so_tien",
                        )
                    )
        return problems

    def _negative_plans(self) -> list[Problem]:
        """No touched key's plan (carry-over apart) below zero on any date: the running sums
        are made by the database, which returns only the dates where one is negative (a
        nation's plan file touches every project: reading each date's sum took seconds)."""
        if not self.touched:
            return []
        quote = connection.ops.quote_name
        table = quote(PlanEntry._meta.db_table)
        project, source, year, day, amount = (
            quote(name)
            for name in ("project_id", "source_id", "plan_year", "decision_date", "amount")
        )
        key = f"{project}, {source}, {year}"
        if self.by_batch and self.batch is not None and self.after_id is not None:
            # The projects this import wrote to: its own entries say which.
            projects = (
                f"SELECT {project} FROM {table} WHERE {quote('id')} > %s "
                f"AND {quote('import_batch_id')} = %s"
            )
            params: list[Any] = [self.after_id, self.batch.pk]
        else:
            ids = sorted({touched[0] for touched in self.touched})
            projects = ", ".join(["%s"] * len(ids))
            params = ids
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {key}, {day}, running FROM (SELECT {key}, {day}, "
                f"SUM(SUM({amount})) OVER (PARTITION BY {key} ORDER BY {day}) AS running "
                f"FROM {table} WHERE {quote('kind')} <> %s AND {project} IN ({projects}) "
                f"GROUP BY {key}, {day}) AS sums WHERE running < 0 ORDER BY {key}, {day}",
                [PlanKind.CARRY_OVER.value, *params],
            )
            negative = cursor.fetchall()
        first: dict[Key, tuple[dt.date, int]] = {}
        for project_id, source_id, plan_year, date, running in negative:
            found = (project_id, source_id, plan_year)
            if found in self.touched and found not in first:
                first[found] = (_as_date(date), int(running))
        if not first:
            return []
        codes = dict(
            Project.objects.filter(id__in={found[0] for found in first}).values_list("id", "code")
        )
        sources = dict(FundingSource.objects.values_list("id", "code"))
        return [
            Problem(
                f"kế hoạch vốn của dự án {codes[found[0]]}, nguồn {sources[found[1]]}, năm "
                f"{found[2]} sẽ âm ({format_number(running)} đồng) vào ngày {date:%d/%m/%Y}",
                self.first_row.get(("key", *found, date)),
                "so_tien",
            )
            for found, (date, running) in first.items()
        ]


def _as_date(value: dt.date | str) -> dt.date:
    """A date column read by a raw query: SQLite gives its ISO text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)

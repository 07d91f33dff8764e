"""The import pipeline shared by every kind of file.

Every row is read, checked and written inside one transaction, in chunks so memory does not
grow with the file; the database itself holds what earlier rows wrote. If any row fails, or
on a dry run, the transaction is rolled back: a file is imported whole or not at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction

from giaingan.audit.services import log_action
from giaingan.figures.cache import ledger_generation_bump, ledger_generation_deferred
from giaingan.imports.cells import RowReader
from giaingan.imports.models import ImportBatch, ImportKind
from giaingan.imports.reader import Column, Table, open_table
from giaingan.imports.sandbox import preview_database
from giaingan.imports.workbook import error_text_in
from giaingan.lib.collector import collector_paused
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.text import control_character, control_character_reason
from giaingan.lib.users import signed_in

MAX_PROBLEMS = 1000
CHUNK_ROWS = 5000


@dataclass
class ImportResult:
    kind: str
    file_name: str
    sha256: str
    dry_run: bool
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    created_codes: list[str] = field(default_factory=list)
    batch: ImportBatch | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed_nothing(self) -> bool:
        return self.ok and not self.created and not self.updated

    def summary(self) -> str:
        """One Vietnamese paragraph saying what happened (or would happen, on a dry run)."""
        if not self.ok:
            return (
                f"Tệp {self.file_name} có {self.problems_total} lỗi; không ghi dòng nào. "
                "Sửa các lỗi dưới đây rồi nhập lại."
            )
        verb = "Sẽ tạo mới" if self.dry_run else "Đã tạo mới"
        parts = [
            f"Đọc {self.rows_read} dòng.",
            f"{verb} {self.created}, cập nhật {self.updated}, bỏ qua {self.skipped} dòng đã có.",
        ]
        if self.changed_nothing and self.rows_read:
            parts.append("Tệp này đã được nhập trước đây: không có gì thay đổi.")
        if self.ignored_columns:
            parts.append("Cột không dùng đến: " + ", ".join(self.ignored_columns) + ".")
        if self.dry_run:
            parts.append("Chạy thử: chưa ghi gì vào cơ sở dữ liệu.")
        return " ".join(parts)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportResult:
        """The result `as_dict` gave, back (as a background job stores it)."""
        fields = {key: value for key, value in data.items() if key != "problems"}
        return cls(**fields, problems=[Problem(**problem) for problem in data["problems"]])

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "rows_read": self.rows_read,
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "ignored_columns": self.ignored_columns,
            "problems": [problem.as_dict() for problem in self.problems],
            "problems_total": self.problems_total,
        }


class Rollback(Exception):
    """Internal: leave the transaction without writing."""


class Importer:
    """One kind of file. Subclasses read rows into records and write them by chunk."""

    kind: ImportKind
    columns: list[Column]
    # Columns where tab and line breaks are legitimate (a note); other control characters
    # are refused in every cell (`lib.text.control_character`).
    multiline_columns: frozenset[str] = frozenset()

    def __init__(self, *, user: Any = None, dry_run: bool = False):
        self.user = user
        self.dry_run = dry_run
        self.batch: ImportBatch | None = None
        self.result: ImportResult | None = None

    # What a subclass provides.
    def prepare(self) -> None:
        """Load the catalogues the rows refer to."""

    def read_row(self, reader: RowReader) -> Any:
        """Turn one row into a record; problems go to `reader.fail`."""
        raise NotImplementedError

    def fast_reader(self, table: Table) -> Callable[[list[object]], Any] | None:
        """Optionally, a quicker `read_row` for rows that are plainly well formed.

        It returns the record `read_row` would give, or None for any row it is not sure of,
        which then goes through `read_row` (so every message stays that of `read_row`).
        For long files, where the per-row work costs as much as the database's."""
        return None

    def write_chunk(self, records: list[tuple[int, Any]]) -> None:
        """Check `records` against the ledger and write those that pass."""
        raise NotImplementedError

    def writing(self) -> AbstractContextManager[None]:
        """Around the chunks and `finish`: how the chunks are written, if not one by one
        as they come (the treasury's statement: on a second thread, `TreasuryBook`)."""
        return nullcontext()

    def finish(self) -> None:
        """Checks that need the whole file (a transfer nets to zero, ...)."""

    # The pipeline.
    def problem(self, problem: Problem) -> None:
        result = self.result
        assert result is not None
        result.problems_total += 1
        if len(result.problems) < MAX_PROBLEMS:
            result.problems.append(problem)

    def run(
        self,
        stream: IO[bytes],
        file_name: str,
        progress: Callable[[int], None] | None = None,
    ) -> ImportResult:
        sha256 = _sha256(stream)
        self.result = result = ImportResult(
            kind=self.kind, file_name=file_name, sha256=sha256, dry_run=self.dry_run
        )
        # A dry run (a preview) works on its own copy of the database where the database
        # would lock everyone out while it runs (SQLite): it writes nothing real either way.
        sandbox = preview_database() if self.dry_run else nullcontext()
        try:
            with sandbox, transaction.atomic(), collector_paused(), ledger_generation_deferred():
                self._import(stream, file_name, progress)
                if result.problems_total or self.dry_run:
                    raise Rollback
        except Rollback:
            self.batch = None
        except InvalidInput as invalid:
            for problem in invalid.problems:
                self.problem(problem)
            self.batch = None
        result.problems.sort(key=lambda problem: problem.row or 0)
        result.batch = self.batch
        return result

    def _import(
        self, stream: IO[bytes], file_name: str, progress: Callable[[int], None] | None
    ) -> None:
        result = self.result
        assert result is not None
        table = open_table(stream, file_name, self.columns)
        result.ignored_columns = table.ignored
        self.batch = ImportBatch.objects.create(
            kind=self.kind,
            file_name=file_name[:255],
            sha256=result.sha256,
            user=signed_in(self.user),
        )
        self.prepare()
        with self.writing():
            self._chunks(table, progress)
            if not result.rows_read:
                self.problem(Problem("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
            self.finish()
        if result.problems_total:
            return
        self.batch.rows_read = result.rows_read
        self.batch.created = result.created
        self.batch.updated = result.updated
        self.batch.skipped = result.skipped
        self.batch.ignored_columns = result.ignored_columns
        self.batch.created_codes = result.created_codes[:10000]
        self.batch.save()
        ledger_generation_bump()  # whatever the file changed, no figure cached before holds
        log_action(
            f"imports.{self.kind}.imported",
            user=self.user,
            obj=self.batch,
            data={
                "file_name": file_name,
                "sha256": result.sha256,
                "rows_read": result.rows_read,
                "created": result.created,
                "updated": result.updated,
                "skipped": result.skipped,
            },
        )

    def _chunks(self, table: Table, progress: Callable[[int], None] | None) -> None:
        """Read every row into a record and write them chunk by chunk."""
        result = self.result
        assert result is not None
        # An xlsx's rows always go through `_read`: it names the cells Excel shows but the
        # file does not hold (`Table.unreadable`); so does a csv row holding an Excel error's
        # text (`#REF!`), which no fast reader may take for a value.
        fast = self.fast_reader(table) if table.text_only else None
        chunk: list[tuple[int, Any]] = []
        try:
            for number, values in table.rows:
                result.rows_read += 1
                record = None if fast is None or error_text_in(values) else fast(values)
                if record is None:
                    record = self._read(table, number, values)
                if record is not None:
                    chunk.append((number, record))
                if len(chunk) >= CHUNK_ROWS:
                    self.write_chunk(chunk)
                    chunk = []
                if progress is not None and result.rows_read % 1000 == 0:
                    progress(1000)
        except InvalidInput as invalid:  # the file broke off part way
            for problem in invalid.problems:
                self.problem(problem)
        if chunk:
            self.write_chunk(chunk)
        if progress is not None:
            progress(result.rows_read % 1000)

    def _read(self, table: Table, number: int, values: list[object]) -> Any:
        if unreadable := table.unreadable(number, values):
            for problem in unreadable:  # never read as empty: each cell says why
                self.problem(problem)
            return None
        reader = RowReader(number, table.cells(values))
        for column, value in reader.cells.items():
            if type(value) is str:
                code = control_character(value, multiline=column in self.multiline_columns)
                if code is not None:
                    shown = value.encode("unicode_escape").decode("ascii")
                    reader.fail(column, control_character_reason(code), shown)
        if reader.problems:  # no stored value may break an export or the database later
            for problem in reader.problems:
                self.problem(problem)
            return None
        record = self.read_row(reader)
        for problem in reader.problems:
            self.problem(problem)
        return None if reader.problems else record


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: stream.read(1 << 20), b""):
        digest.update(block)
    stream.seek(0)
    return digest.hexdigest()


def chunked(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

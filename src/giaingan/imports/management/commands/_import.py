"""What every `giaingan import_*` command shares."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from giaingan.imports.importers import IMPORTERS
from giaingan.imports.reader import row_estimate
from giaingan.lib.commands import input_file, user_named


class ImportCommand(BaseCommand):
    kind: str
    help = "Nhập tệp .xlsx hoặc .csv theo FORMATS.md."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="tệp .xlsx hoặc .csv")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        parser.add_argument("--user", help="tên đăng nhập của người nhập (ghi vào nhật ký)")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args, **options) -> None:
        path = input_file(options["file"])
        user = user_named(options["user"])
        importer = IMPORTERS[self.kind](user=user, dry_run=options["dry_run"])
        try:
            with path.open("rb") as stream, _progress(path) as progress:
                result = importer.run(stream, path.name, progress=progress)
        except PermissionError:
            raise CommandError(f"Không có quyền đọc tệp {path}", returncode=2) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        if not result.ok:
            self.stderr.write(result.summary())
            for problem in result.problems:
                self.stderr.write(f"  {problem}")
            if result.problems_total > len(result.problems):
                self.stderr.write(
                    f"  ... và {result.problems_total - len(result.problems)} lỗi khác."
                )
            sys.exit(1)
        if not options["json"]:
            self.stdout.write(result.summary())


class _progress:
    """A progress bar on a terminal; nothing in a pipe."""

    def __init__(self, path: Path):
        self.path = path
        self.bar = None

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        with self.path.open("rb") as stream:
            total = row_estimate(stream) or None
        self.bar = tqdm(
            desc=f"Đọc {self.path.name}",
            total=total,
            unit=" dòng",
            file=sys.stderr,
            leave=False,
        )
        return self.bar.update

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()

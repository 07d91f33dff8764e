"""`giaingan movement evaluate CODE --as-of DATE --format {json,csv}`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giaingan.emulation.evaluation import movement_evaluate
from giaingan.emulation.models import Movement
from giaingan.lib.dates import DateError, parse_date

CSV_COLUMNS = [
    "code",
    "name",
    "category",
    "plan",
    "disbursed",
    "rate_percent",
    "completion_date",
    "proposal",
]


class Command(BaseCommand):
    help = "Phong trào thi đua: đánh giá các đơn vị tham gia theo số liệu giải ngân."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, title="thao tác")
        evaluate = actions.add_parser(
            "evaluate",
            help="đánh giá từng đơn vị: số liệu, tiêu chí, đề xuất",
            called_from_command_line=True,
        )
        evaluate.add_argument("code", help="mã phong trào, ví dụ DTC-2024")
        evaluate.add_argument(
            "--as-of", required=True, help="tính đến ngày (dd/mm/yyyy hoặc yyyy-mm-dd)"
        )
        evaluate.add_argument("--format", choices=["json", "csv"], default="json")
        evaluate.add_argument("-o", "--output", help="ghi ra tệp thay vì màn hình")

    def handle(self, *args, **options) -> None:
        try:
            as_of = parse_date(options["as_of"])
        except DateError as error:
            raise CommandError(f"--as-of: {error}", returncode=2) from None
        movement = Movement.objects.filter(code=options["code"]).first()
        if movement is None:
            raise CommandError(f"Không có phong trào mã {options['code']}", returncode=1)
        evaluations = movement_evaluate(movement, as_of)
        if options["format"] == "json":
            text = (
                json.dumps(
                    {
                        "movement": movement.code,
                        "as_of": as_of.isoformat(),
                        "participants": [evaluation.as_dict() for evaluation in evaluations],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
                + "\n"
            )
        else:
            text = _csv(evaluations)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")


def _csv(evaluations) -> str:
    """One row per participant; each criterion as a column `met` (1/0/empty)."""
    keys = [criterion.key for criterion in evaluations[0].criteria] if evaluations else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS[:-1] + keys + ["proposal"])
    for evaluation in evaluations:
        data = evaluation.as_dict()
        met = {criterion.key: criterion.met for criterion in evaluation.criteria}
        writer.writerow(
            ["" if data[column] is None else data[column] for column in CSV_COLUMNS[:-1]]
            + ["" if met[key] is None else int(met[key]) for key in keys]
            + [evaluation.proposal]
        )
    return out.getvalue()

"""`giaingan movement evaluate CODE --as-of DATE --format {json,csv}` and
`giaingan movement load FILE`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giaingan.emulation.evaluation import evaluation_csv, movement_evaluate
from giaingan.emulation.loading import movement_load, problem_line
from giaingan.emulation.models import Movement
from giaingan.lib.commands import date_option, input_file, user_named
from giaingan.lib.dates import DATE_FORMS
from giaingan.lib.problems import InvalidInput


class Command(BaseCommand):
    help = "Phong trào thi đua: nạp phong trào từ tệp; đánh giá các đơn vị tham gia."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, title="thao tác")
        evaluate = actions.add_parser(
            "evaluate",
            help="đánh giá từng đơn vị: số liệu, tiêu chí, đề xuất",
            called_from_command_line=True,
        )
        evaluate.add_argument("code", help="mã phong trào, ví dụ DTC-2024")
        evaluate.add_argument("--as-of", required=True, help=f"tính đến ngày ({DATE_FORMS})")
        evaluate.add_argument("--format", choices=["json", "csv"], default="json")
        evaluate.add_argument("-o", "--output", help="ghi ra tệp thay vì màn hình")
        load = actions.add_parser(
            "load",
            help="tạo hoặc cập nhật phong trào, các nhóm đối tượng và tiêu chí từ tệp YAML/JSON",
            called_from_command_line=True,
        )
        load.add_argument("file", help="tệp .yaml, .yml hoặc .json (xem docs/movement-file.md)")
        load.add_argument("--user", help="tên đăng nhập của người nạp (ghi vào nhật ký)")

    def handle(self, *args, **options) -> None:
        if options["action"] == "load":
            self.load(options)
        else:
            self.evaluate(options)

    def load(self, options: dict) -> None:
        path = input_file(options["file"])
        user = user_named(options["user"])
        try:
            saved = movement_load(path=path, user=user)
        except InvalidInput as refused:
            self.stderr.write(
                f"Không nạp được {path.name}: {len(refused.problems)} lỗi; chưa ghi gì."
            )
            for problem in refused.problems:
                self.stderr.write(f"  {problem_line(problem)}")
            sys.exit(1)
        self.stdout.write(saved.summary())

    def evaluate(self, options: dict) -> None:
        as_of = date_option(options["as_of"], "--as-of")
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
            text = evaluation_csv(evaluations)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

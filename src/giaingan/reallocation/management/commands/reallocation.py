"""`giaingan reallocation propose --year Y --as-of DATE --format json|csv|xlsx [-o FILE]`:
the moves the advisor proposes and the district's expected rate before and after."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from giaingan.figures.advisor import district_advice
from giaingan.lib.dates import DATE_FORMS, DateError, parse_date
from giaingan.monitoring.cli import add_output_arguments, emit
from giaingan.reallocation.exports import advice_csv, advice_json, advice_xlsx, year_check
from giaingan.reallocation.selectors import needs_for


class Command(BaseCommand):
    help = "Điều chuyển vốn: đề xuất của hệ thống."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, title="việc")
        propose = actions.add_parser(
            "propose", help="các dòng điều chuyển đề xuất", called_from_command_line=True
        )
        propose.add_argument("--year", type=int, required=True, help="năm kế hoạch")
        propose.add_argument("--as-of", required=True, help=f"tính đến ngày ({DATE_FORMS})")
        add_output_arguments(propose)

    def handle(self, *args, **options) -> None:
        try:
            as_of = parse_date(options["as_of"])
        except DateError as error:
            raise CommandError(f"--as-of: {error}", returncode=2) from None
        year = options["year"]
        year_check(year)
        advice = district_advice(year=year, as_of=as_of, needs=needs_for(year=year, as_of=as_of))
        emit(
            self,
            options,
            text=lambda fmt: advice_json(advice) if fmt == "json" else advice_csv(advice),
            xlsx=lambda: advice_xlsx(advice),
        )

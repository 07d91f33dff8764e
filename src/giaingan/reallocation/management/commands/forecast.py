"""`giaingan forecast --year Y --as-of DATE --format json|csv|xlsx [-o FILE]`: each
project's expected disbursement by the year's deadline (FORMATS, "Command line")."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from giaingan.figures.forecast import district_forecast
from giaingan.lib.dates import DATE_FORMS, DateError, parse_date
from giaingan.monitoring.cli import add_output_arguments, emit
from giaingan.reallocation.exports import forecast_csv, forecast_json, forecast_xlsx, year_check


class Command(BaseCommand):
    help = "Dự báo giải ngân đến hạn cuối của năm kế hoạch, từng dự án."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, help="năm kế hoạch")
        parser.add_argument("--as-of", required=True, help=f"tính đến ngày ({DATE_FORMS})")
        add_output_arguments(parser)

    def handle(self, *args, **options) -> None:
        try:
            as_of = parse_date(options["as_of"])
        except DateError as error:
            raise CommandError(f"--as-of: {error}", returncode=2) from None
        year_check(options["year"])
        forecast = district_forecast(year=options["year"], as_of=as_of)
        emit(
            self,
            options,
            text=lambda fmt: forecast_json(forecast) if fmt == "json" else forecast_csv(forecast),
            xlsx=lambda: forecast_xlsx(forecast),
        )

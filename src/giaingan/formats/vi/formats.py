"""Vietnamese display formats: 1.234.567,5 and dd/mm/yyyy."""

# Django's own date fields (the admin's) read the forms `parse_date` reads.
from giaingan.lib.dates import DATE_INPUT_FORMATS

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3

__all__ = [
    "DATE_FORMAT",
    "DATE_INPUT_FORMATS",
    "DATETIME_FORMAT",
    "DECIMAL_SEPARATOR",
    "NUMBER_GROUPING",
    "SHORT_DATE_FORMAT",
    "THOUSAND_SEPARATOR",
]

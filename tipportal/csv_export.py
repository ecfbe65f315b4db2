"""CSV downloads that a spreadsheet opens as data, never as formulas.

Excel, LibreOffice and Google Sheets run a cell that begins with `=`, `+`, `-` or `@` (and some
after a leading tab or carriage return) as a formula: an area named `=HYPERLINK(...)` would
become a link, or worse, on an officer's machine. As OWASP's CSV injection advice says, a text
cell that begins with one of those characters (or NUL, which OWASP's ASVS adds) gets a single
quote in front, every text cell is quoted, and quotes inside are doubled. Numbers are written as
they are, so a negative count stays a number; only text is ever escaped.
"""

import csv
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should show it: text that could start a formula is prefixed
    with a single quote; numbers and everything else are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[Sequence[Any]], filename: str) -> HttpResponse:
    """A CSV download of `rows` (the first one being the header), every cell made safe."""
    # QUOTE_NONNUMERIC quotes every text cell (doubling quotes inside) and leaves numbers bare.
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_NONNUMERIC)
    content = "".join(writer.writerow([safe_cell(value) for value in row]) for row in rows)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

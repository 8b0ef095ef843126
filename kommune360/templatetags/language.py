"""{{ text|lang_en }}: English phrases in German text marked with lang="en" (WCAG 3.1.2),
so that screen readers pronounce "Lean Coffee" in English, not as German words."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

# The names of the initiative's own formats, as they stand in German sentences.
ENGLISH_PHRASES = (
    "Working-Out-Loud-Circles",
    "Working-Out-Loud-Circle",
    "Working Out Loud Circle",
    "Working Out Loud",
    "Lean Coffee",
    "WOL-Circles",
    "WOL-Circle",
)
_PHRASE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(p) for p in ENGLISH_PHRASES) + r")(?![\w-])"
)


@register.filter(needs_autoescape=True)
def lang_en(text, autoescape=True):
    escaped = conditional_escape(text) if autoescape else str(text)
    return mark_safe(_PHRASE.sub(r'<span lang="en">\1</span>', escaped))  # noqa: S308 (escaped above)

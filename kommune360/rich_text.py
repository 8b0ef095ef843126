"""Markdown the team writes in the admin, as HTML a public page can show safely.

Python-Markdown renders, nh3 (ammonia) sanitises against an allow-list of
what Markdown itself makes. HTML typed into the text does not pass as such:
scripts and styles go with their content, every other tag outside the list
goes and leaves its text, and so do images (nothing from other hosts), event
attributes and `javascript:` links.

Headings in the text start at <h3>: the page gives each section its <h2>.
"""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"https", "http", "mailto"}


def render_markdown(text: str) -> SafeString:
    """The team's Markdown `text` as sanitised HTML, headings from <h3> on."""
    html = markdown.markdown(
        text or "",
        extensions=["sane_lists", "toc"],
        extension_configs={"toc": {"baselevel": 3}},
        output_format="html",
    )
    return mark_safe(  # noqa: S308 (nh3 has just removed everything outside the allow-list)
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel=None,
        )
    )

"""Markdown the team writes in the admin, as HTML a public page can show safely.

Python-Markdown renders, nh3 (ammonia) sanitises against an allow-list of
what Markdown itself makes. HTML typed into the text is not taken over, as
the admin's help text says: Markdown's raw-HTML processors are switched off,
so a typed tag (`<a href=… onclick=…>`, `<script>`) shows as the text it is,
escaped, never as an element. nh3 stays the final allow-list: images go
(nothing from other hosts), and so do `javascript:` links. Every link gets
rel="noopener".

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
    renderer = markdown.Markdown(
        extensions=["sane_lists", "toc"],
        extension_configs={"toc": {"baselevel": 3}},
        output_format="html",
    )
    # Raw HTML blocks and inline tags stay text (escaped); autolinks <https://…> still work.
    renderer.preprocessors.deregister("html_block")
    renderer.inlinePatterns.deregister("html")
    html = renderer.convert(text or "")
    return mark_safe(  # noqa: S308 (nh3 has just removed everything outside the allow-list)
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener",
        )
    )

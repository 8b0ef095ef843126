"""schema.org JSON-LD in a page's head: {% offer_jsonld offer %}, {% session_jsonld session %}.

The data block is not executed, so the Content-Security-Policy leaves it alone;
"<", ">" and "&" are escaped as in Django's json_script, so no text can end it.
"""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def script(data: dict):
    payload = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag
def offer_jsonld(offer):
    from offers.open_data.structured import course

    return script(course(offer))


@register.simple_tag
def session_jsonld(session):
    from formats.open_data import event

    return script(event(session))

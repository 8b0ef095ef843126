"""{% legal "name" %}: an operator fact from settings.LEGAL, or its marked placeholder."""

from django import template
from django.conf import settings
from django.utils.html import format_html

from kommune360.legal import FACTS, missing_facts

register = template.Library()


@register.simple_tag
def legal(name):
    fact = FACTS[name]
    value = settings.LEGAL.get(name, "")
    if not value:
        return format_html(
            '<span class="placeholder">[{} – vom Betreiber einzutragen: {}]</span>',
            fact.description,
            fact.variable,
        )
    if name.endswith("email"):
        return format_html('<a href="mailto:{0}">{0}</a>', value)
    return value


@register.simple_tag
def legal_placeholders_remain():
    return bool(missing_facts())

"""How an offer's link reads on its page."""

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.filter
def leads_to_formats(url):
    """True for a link to the dates of one of the initiative's own formats on this site,
    which the offer page names as such instead of as the provider's external page."""
    return bool(url) and url.startswith(f"{settings.SITE_URL}{reverse('formats:overview')}")

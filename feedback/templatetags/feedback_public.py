"""Public pieces other pages compose from feedback, without importing this app's code."""

from django import template

from feedback.selectors import needs_by_gap_and_audience, published_for_gap, stories_for_offer

register = template.Library()


@register.inclusion_tag("feedback/includes/gap_contributions.html")
def gap_contributions(gap):
    """The published Mitdenken posts on a gap, for the gap's page (nothing when there are none)."""
    return {"contributions": list(published_for_gap(gap))}


@register.simple_tag
def reported_needs():
    """{(gap id, audience id): count} of reported needs, for the coverage table on
    /leerstellen/ (offers' `coverage_rows` tag puts them beside the offers)."""
    return needs_by_gap_and_audience()


@register.inclusion_tag("feedback/includes/offer_stories.html")
def offer_stories(offer):
    """Published practitioners' stories on an offer's page (nothing when there are none)."""
    return {"stories": list(stories_for_offer(offer)), "offer": offer}

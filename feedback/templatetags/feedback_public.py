"""Public pieces other pages compose from feedback, without importing this app's code."""

from django import template

from feedback.selectors import published_for_gap

register = template.Library()


@register.inclusion_tag("feedback/includes/gap_contributions.html")
def gap_contributions(gap):
    """The published Mitdenken posts on a gap, for the gap's page (nothing when there are none)."""
    return {"contributions": list(published_for_gap(gap))}

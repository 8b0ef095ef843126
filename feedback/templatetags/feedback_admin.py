"""Numbers the team sees on the admin index."""

from django import template
from django.utils import timezone

from feedback.models import Contribution, ContributionStatus, CooperationRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def feedback_counts(context):
    """New contributions, open cooperation requests and overdue next steps — only what
    the current user may see; None if they may see nothing of it."""
    user = context["request"].user
    counts = {}
    if user.has_perm("feedback.view_contribution"):
        counts["new_contributions"] = Contribution.objects.filter(
            status=ContributionStatus.NEW
        ).count()
    if user.has_perm("feedback.view_cooperationrequest"):
        cooperation = CooperationRequest.objects
        counts["open_cooperations"] = cooperation.open().count()
        counts["overdue_cooperations"] = cooperation.overdue(timezone.localdate()).count()
    return counts or None

"""The moderation numbers on the admin index."""

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from offers.models import Offer, OfferChange, OfferStatus, Provider

register = template.Library()


@register.simple_tag(takes_context=True)
def offer_moderation_counts(context):
    """What waits for the team, in four small queries; None for users who may not moderate."""
    user = context["request"].user
    if not user.has_perm("offers.view_offer"):
        return None
    today = timezone.localdate()
    counts = Offer.objects.aggregate(
        submitted=Count("pk", filter=Q(status=OfferStatus.SUBMITTED)),
        expired=Count("pk", filter=Q(status=OfferStatus.PUBLISHED, valid_until__lt=today)),
    )
    counts["changes"] = (
        OfferChange.objects.open().filter(offer__status=OfferStatus.PUBLISHED).count()
    )
    counts["new_providers"] = (
        Provider.objects.filter(is_approved=False).count()
        if user.has_perm("offers.view_provider")
        else None
    )
    # The queue's own length (it also lists the expired offers), so both say the same.
    counts["queue"] = Offer.objects.moderation_queue(today).count()
    return counts

"""State changes of offers. Every status change goes through `transition_offer`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Offer, OfferStatus, OfferTransition

S = OfferStatus

# Which moves are allowed, from → to.
ALLOWED_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED, S.PUBLISHED, S.ARCHIVED},
    S.SUBMITTED: {S.PUBLISHED, S.REJECTED, S.DRAFT, S.ARCHIVED},
    S.PUBLISHED: {S.ARCHIVED, S.DRAFT},
    S.REJECTED: {S.SUBMITTED, S.ARCHIVED},
    S.ARCHIVED: {S.PUBLISHED, S.DRAFT},
}


class IllegalTransition(ValidationError):
    pass


def can_transition(offer: Offer, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(offer.status, set())


@transaction.atomic
def transition_offer(offer: Offer, to_status: str, by=None, reason: str = "") -> OfferTransition:
    """Move `offer` to `to_status`, stamp the matching timestamp and log who did it and why.

    Raises IllegalTransition for a move the state machine does not allow, and
    PermissionDenied when `by` is a user without the change permission.
    """
    to_status = S(to_status)
    if by is not None and not by.has_perm("offers.change_offer"):
        raise PermissionDenied("Keine Berechtigung, Angebote zu moderieren.")
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if not can_transition(locked, to_status):
        raise IllegalTransition(
            f"Ein Angebot im Status „{locked.get_status_display()}“ kann nicht "
            f"auf „{to_status.label}“ gesetzt werden."
        )
    expired = locked.valid_until and locked.valid_until < timezone.localdate()
    if to_status == S.PUBLISHED and expired:
        raise IllegalTransition(
            "Das Angebot ist abgelaufen („gültig bis“ liegt in der Vergangenheit). "
            "Bitte zuerst das Datum anpassen."
        )
    now = timezone.now()
    from_status = locked.status
    locked.status = to_status
    stamp = {
        S.SUBMITTED: "submitted_at",
        S.PUBLISHED: "published_at",
        S.ARCHIVED: "archived_at",
    }.get(to_status)
    update_fields = ["status", "updated_at"]
    if stamp:
        setattr(locked, stamp, now)
        update_fields.append(stamp)
    locked.save(update_fields=update_fields)
    offer.status = locked.status
    for field in update_fields:
        setattr(offer, field, getattr(locked, field))
    return OfferTransition.objects.create(
        offer=locked, from_status=from_status, to_status=to_status, by=by, reason=reason
    )


def publish_offer(offer: Offer, by=None, reason: str = "") -> OfferTransition:
    """Publish `offer`: it becomes visible in the catalogue (while not expired)."""
    return transition_offer(offer, S.PUBLISHED, by=by, reason=reason)


def archive_offer(offer: Offer, by=None, reason: str = "") -> OfferTransition:
    """Archive `offer`: it leaves the public catalogue at once."""
    return transition_offer(offer, S.ARCHIVED, by=by, reason=reason)

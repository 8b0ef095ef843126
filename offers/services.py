"""State changes of offers and their providers.

Every status change goes through `transition_offer`, which checks the move
against ALLOWED_TRANSITIONS and writes the OfferTransition log. The public
forms (submit, edit, withdraw), the admin actions and the reminder command all
call the functions here, so they behave alike.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from . import emails
from .catalogue import index
from .models import (
    Offer,
    OfferChange,
    OfferChangeStatus,
    OfferEditLink,
    OfferMessage,
    OfferReminder,
    OfferStatus,
    OfferTransition,
    Provider,
)
from .submission.tokens import issue_edit_link, revoke_edit_links
from .submission.values import apply_values, resolve_provider, same_values, values_of_offer

S = OfferStatus

# Which moves are allowed, from → to.
#   entwurf → eingereicht          provider submits (again, after the team asked for changes)
#   eingereicht → veröffentlicht   team publishes
#   eingereicht → abgelehnt        team rejects with a reason
#   eingereicht/veröffentlicht → entwurf   team asks the provider for changes
#   * → archiviert                 provider withdraws, team archives
ALLOWED_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED, S.PUBLISHED, S.ARCHIVED},
    S.SUBMITTED: {S.PUBLISHED, S.REJECTED, S.DRAFT, S.ARCHIVED},
    S.PUBLISHED: {S.ARCHIVED, S.DRAFT},
    S.REJECTED: {S.SUBMITTED, S.ARCHIVED},
    S.ARCHIVED: {S.PUBLISHED, S.DRAFT},
}

SUBMITTED_REASON = "Über das Formular eingereicht"
RESUBMITTED_REASON = "Von der Anbieter:in überarbeitet und erneut eingereicht"
WITHDRAWN_REASON = "Von der Anbieter:in zurückgezogen"

# Statuses in which the provider may still edit through the link.
EDITABLE_STATUSES = {S.DRAFT, S.SUBMITTED, S.PUBLISHED}
WITHDRAWABLE_STATUSES = {S.DRAFT, S.SUBMITTED, S.PUBLISHED}


class IllegalTransition(ValidationError):
    pass


def can_transition(offer: Offer, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(offer.status, set())


def _require(user, *perms):
    if user is not None and not user.has_perms(perms):
        raise PermissionDenied("Dafür fehlt Ihnen die Berechtigung.")


@transaction.atomic
def transition_offer(offer: Offer, to_status: str, by=None, reason: str = "") -> OfferTransition:
    """Move `offer` to `to_status`, stamp the matching timestamp and log who did it and why.

    Raises IllegalTransition for a move the state machine does not allow, and
    PermissionDenied when `by` is a user without the change permission. `by=None`
    means the provider (through the private link) or the system.
    An offer that is archived closes its open pending change: nothing of it goes live.
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
    if to_status == S.ARCHIVED:
        OfferChange.objects.open().filter(offer=locked).update(
            status=OfferChangeStatus.SUPERSEDED, decided_at=now
        )
    return OfferTransition.objects.create(
        offer=locked, from_status=from_status, to_status=to_status, by=by, reason=reason
    )


def publish_offer(
    offer: Offer, by=None, reason: str = "", *, notify_provider: bool = False
) -> OfferTransition:
    """Publish `offer`: it becomes visible in the catalogue (while not expired).

    With `notify_provider` the provider gets an e-mail with the public address.
    """
    with transaction.atomic():
        entry = transition_offer(offer, S.PUBLISHED, by=by, reason=reason)
        if notify_provider:
            _message_provider(offer, OfferMessage.Kind.PUBLISHED, "", by)
    return entry


def archive_offer(offer: Offer, by=None, reason: str = "") -> OfferTransition:
    """Archive `offer`: it leaves the public catalogue at once."""
    return transition_offer(offer, S.ARCHIVED, by=by, reason=reason)


def reject_offer(offer: Offer, by, message: str, note: str = "") -> OfferTransition:
    """Reject a submitted offer. `message` goes to the provider (e-mail and edit page);
    `note` stays internal in the log (the message is logged when there is no note)."""
    message = message.strip()
    if not message:
        raise ValidationError("Bitte schreiben Sie der Anbieter:in kurz, warum.")
    with transaction.atomic():
        entry = transition_offer(offer, S.REJECTED, by=by, reason=note.strip() or message)
        _message_provider(offer, OfferMessage.Kind.REJECTED, message, by)
    return entry


def request_changes(offer: Offer, by, message: str, note: str = "") -> OfferTransition:
    """Send an offer back to its provider (status Entwurf) with what should change.

    The e-mail carries a fresh edit link; the provider's next save re-submits the offer.
    A published offer leaves the catalogue until it is published again.
    """
    message = message.strip()
    if not message:
        raise ValidationError("Bitte schreiben Sie der Anbieter:in, was sie ändern soll.")
    with transaction.atomic():
        entry = transition_offer(offer, S.DRAFT, by=by, reason=note.strip() or message)
        record = _record_message(offer, OfferMessage.Kind.CHANGES_REQUESTED, message, by)
        address = provider_address(offer)
        token = (
            issue_edit_link(offer, OfferEditLink.Purpose.CHANGES_REQUESTED, address)
            if address
            else None
        )
        _send_message(offer, record, token=token)
    return entry


# Public side: submit, edit, withdraw ---------------------------------------------------


def provider_address(offer: Offer) -> str:
    """Where mail for an offer's provider goes: the offer's contact, else the provider's."""
    return offer.contact_email or offer.provider.email


def submit_offer(values: dict) -> tuple[Offer, str]:
    """Create an offer from the public form's values and submit it for moderation.

    The provider is matched (same name or e-mail) or created pending approval. The offer
    ends in status „eingereicht“ with a logged transition; a private edit link is issued.
    The e-mails (confirmation with the link, note to the team) are queued in the same
    transaction: the offer is never saved without them.
    Returns the offer and the plain edit token.
    """
    with transaction.atomic():
        provider = resolve_provider(values["provider"])
        offer = Offer(status=S.DRAFT)
        apply_values(offer, values, provider=provider)
        transition_offer(offer, S.SUBMITTED, reason=SUBMITTED_REASON)
        token = issue_edit_link(offer, OfferEditLink.Purpose.SUBMITTED, offer.contact_email)
        emails.send_submission_confirmation(offer, token)
        emails.notify_team_submission(offer)
    return offer, token


class NotEditable(ValidationError):
    pass


def update_offer_from_link(offer: Offer, values: dict) -> str:
    """Save a provider's edit made through the private link. Returns what happened:

    - "pending": the offer is published; the values wait as a pending change beside the
      live offer (an open change is updated), the team is told.
    - "unchanged": the values equal the live offer; an open change is withdrawn.
    - "resubmitted": a draft (sent back for changes) is updated and submitted again.
    - "updated": a submitted offer is updated directly.
    Raises NotEditable for rejected or archived offers.
    """
    with transaction.atomic():
        locked = Offer.objects.select_for_update().select_related("provider").get(pk=offer.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise NotEditable(
                f"Ein Angebot im Status „{locked.get_status_display()}“ kann nicht mehr "
                "bearbeitet werden."
            )
        now = timezone.now()
        open_change = OfferChange.objects.open().filter(offer=locked).first()
        if locked.status == S.PUBLISHED:
            if same_values(values_of_offer(locked), values):
                _supersede(open_change, now)
                return "unchanged"
            if open_change is None:
                open_change = OfferChange.objects.create(offer=locked, values=values)
            else:
                open_change.values = values
                open_change.updated_at = now
                open_change.save(update_fields=["values", "updated_at"])
            outcome = "pending"
        else:
            provider = resolve_provider(values["provider"], current=locked.provider)
            apply_values(locked, values, provider=provider)
            _supersede(open_change, now)
            if locked.status == S.DRAFT:
                transition_offer(locked, S.SUBMITTED, reason=RESUBMITTED_REASON)
                outcome = "resubmitted"
            else:
                outcome = "updated"
        if outcome == "pending":
            emails.notify_team_change(locked, open_change)
        elif outcome == "resubmitted":
            emails.notify_team_submission(locked, resubmitted=True)
    offer.refresh_from_db()
    return outcome


def _supersede(change, now) -> None:
    """Close an open change that a later edit made moot (nothing of it is applied)."""
    if change is not None:
        change.status = OfferChangeStatus.SUPERSEDED
        change.decided_at = now
        change.save(update_fields=["status", "decided_at"])


def withdraw_offer(offer: Offer) -> OfferTransition:
    """The provider withdraws the offer: archived at once, gone from the catalogue,
    any pending change closed; the team is told."""
    if offer.status not in WITHDRAWABLE_STATUSES:
        raise IllegalTransition(
            f"Ein Angebot im Status „{offer.get_status_display()}“ kann nicht zurückgezogen werden."
        )
    with transaction.atomic():
        entry = archive_offer(offer, reason=WITHDRAWN_REASON)
        emails.notify_team_withdrawn(offer)
    return entry


# Pending changes -----------------------------------------------------------------------


def approve_change(change: OfferChange, by) -> None:
    """Apply a pending change to its offer; the live offer shows the new values at once.

    The provider named in the change is matched or created as in a new submission.
    """
    _require(by, "offers.change_offerchange", "offers.change_offer")
    with transaction.atomic():
        locked = OfferChange.objects.select_for_update().get(pk=change.pk)
        if not locked.is_open:
            raise ValidationError("Über diese Änderung wurde schon entschieden.")
        offer = Offer.objects.select_for_update().select_related("provider").get(pk=locked.offer_id)
        provider = resolve_provider(locked.values["provider"], current=offer.provider)
        apply_values(offer, locked.values, provider=provider)
        locked.status = OfferChangeStatus.APPROVED
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        _message_provider(offer, OfferMessage.Kind.CHANGE_APPROVED, "", by)
    change.refresh_from_db()


def reject_change(change: OfferChange, by, reason: str) -> None:
    """Reject a pending change; the live offer stays as it is, the provider reads `reason`."""
    _require(by, "offers.change_offerchange")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Bitte schreiben Sie der Anbieter:in kurz, warum.")
    with transaction.atomic():
        locked = OfferChange.objects.select_for_update().get(pk=change.pk)
        if not locked.is_open:
            raise ValidationError("Über diese Änderung wurde schon entschieden.")
        locked.status = OfferChangeStatus.REJECTED
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.decision_reason = reason
        locked.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        _message_provider(locked.offer, OfferMessage.Kind.CHANGE_REJECTED, reason, by)
    change.refresh_from_db()


# Messages to providers ----------------------------------------------------------------


def _record_message(offer, kind, text, by) -> OfferMessage:
    return OfferMessage.objects.create(
        offer=offer, kind=kind, text=text, created_by=by, emailed_to=provider_address(offer)
    )


def _send_message(offer, record: OfferMessage, token: str | None = None) -> None:
    """Queue the e-mail of `record`; call it inside the transaction that recorded it."""
    if record.emailed_to and emails.send_moderation_message(offer, record, token=token):
        OfferMessage.objects.filter(pk=record.pk).update(email_sent=True)
        record.email_sent = True


def _message_provider(offer, kind, text, by) -> None:
    _send_message(offer, _record_message(offer, kind, text, by))


def send_new_edit_link(offer: Offer, by) -> bool:
    """Issue a fresh edit link for `offer` and mail it to the provider (on the team's request).

    Earlier links stay valid; revoke them separately if one may have leaked.
    """
    _require(by, "offers.add_offereditlink")
    address = provider_address(offer)
    if not address:
        raise ValidationError(f"„{offer}“ hat keine E-Mail-Adresse.")
    with transaction.atomic():
        token = issue_edit_link(offer, OfferEditLink.Purpose.REISSUED, address)
        return emails.send_new_edit_link(offer, token)


def revoke_links(links, by) -> int:
    """Revoke these edit links (a queryset); they answer 404 from now on.
    Returns how many were still active."""
    _require(by, "offers.change_offereditlink")
    return revoke_edit_links(links, by=by)


def revoke_offer_edit_links(offers, by) -> int:
    """Revoke every active edit link of these offers; return how many were revoked."""
    return revoke_links(OfferEditLink.objects.filter(offer__in=offers), by)


# Providers ------------------------------------------------------------------------------


def approve_providers(providers, by) -> int:
    """Mark providers as checked by the team; return how many changed."""
    _require(by, "offers.change_provider")
    return providers.filter(is_approved=False).update(is_approved=True)


def merge_providers(keep: Provider, duplicates, by) -> int:
    """Merge duplicate providers into `keep`: move all their offers, then delete them.

    Empty fields of `keep` (website, e-mail, description) are filled from the duplicates;
    `keep` counts as approved if any of them was. Returns the number of offers moved.
    """
    _require(by, "offers.change_provider", "offers.delete_provider", "offers.change_offer")
    duplicates = [provider for provider in duplicates if provider.pk != keep.pk]
    if not duplicates:
        raise ValidationError(
            "Bitte mindestens eine weitere Anbieter:in zum Zusammenführen wählen."
        )
    with transaction.atomic():
        keep = Provider.objects.select_for_update().get(pk=keep.pk)
        duplicate_ids = [provider.pk for provider in duplicates]
        moved_ids = list(
            Offer.objects.filter(provider_id__in=duplicate_ids).values_list("pk", flat=True)
        )
        Offer.objects.filter(pk__in=moved_ids).update(provider=keep)
        for provider in Provider.objects.filter(pk__in=duplicate_ids).order_by("created_at"):
            for field in ("website", "email", "description"):
                if not getattr(keep, field) and getattr(provider, field):
                    setattr(keep, field, getattr(provider, field))
            keep.is_approved = keep.is_approved or provider.is_approved
        keep.save()
        Provider.objects.filter(pk__in=duplicate_ids).delete()
        index.offers_changed(moved_ids)
    return len(moved_ids)


# Expiry reminders -------------------------------------------------------------------------


REMINDER_DAYS = 30


def offers_due_for_reminder(today=None, days: int = REMINDER_DAYS):
    """Published offers whose valid-until date is within `days`, not yet reminded for it."""
    today = today or timezone.localdate()
    already = OfferReminder.objects.filter(
        offer=OuterRef("pk"), valid_until=OuterRef("valid_until")
    )
    return (
        Offer.objects.filter(
            status=S.PUBLISHED,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=days),
        )
        .exclude(Exists(already))
        .select_related("provider")
        .order_by("valid_until", "pk")
    )


def remind_offer(offer: Offer) -> bool:
    """Send the expiry reminder for `offer`'s current valid-until date, at most once.

    The reminder row, a fresh edit link and the queued e-mail are written in one
    transaction (a unique constraint makes a parallel run skip the offer). The reminder
    carries a fresh edit link; older links stay valid (see
    offers.submission.tokens: the plain token of an old link is no longer known, and revoking the
    link a provider bookmarked would lock them out without warning).
    Returns True if an e-mail was queued.
    """
    address = provider_address(offer)
    if not address or offer.valid_until is None:
        return False
    with transaction.atomic():
        _reminder, created = OfferReminder.objects.get_or_create(
            offer=offer, valid_until=offer.valid_until, defaults={"sent_to": address}
        )
        if not created:
            return False
        token = issue_edit_link(offer, OfferEditLink.Purpose.REMINDER, address)
        return emails.send_expiry_reminder(offer, token)

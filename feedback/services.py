"""State changes of contributions and cooperation requests.

Every status change of a contribution goes through `set_status`: the admin
form, the admin actions, the reply view, the demo loader and the privacy
commands all call it, so the rules (allowed moves, publishing only with the
author's opt-in, permission) hold everywhere.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import emails
from .models import (
    Contribution,
    ContributionKind,
    ContributionReply,
    ContributionStatus,
    ContributionTransition,
    CooperationRequest,
    Need,
    PublicName,
)

S = ContributionStatus

ALLOWED_TRANSITIONS = {
    S.NEW: {S.IN_PROGRESS, S.ANSWERED, S.PUBLISHED, S.ARCHIVED},
    S.IN_PROGRESS: {S.ANSWERED, S.PUBLISHED, S.ARCHIVED},
    S.ANSWERED: {S.IN_PROGRESS, S.PUBLISHED, S.ARCHIVED},
    S.PUBLISHED: {S.ANSWERED, S.ARCHIVED},
    S.ARCHIVED: {S.IN_PROGRESS, S.ANSWERED, S.PUBLISHED},
}


class IllegalTransition(ValidationError):
    pass


def check_transition(contribution: Contribution, to_status: str) -> None:
    """Raise IllegalTransition unless `contribution` may move to `to_status` now."""
    to_status = S(to_status)
    current = S(contribution.status)
    if to_status not in ALLOWED_TRANSITIONS[current]:
        raise IllegalTransition(
            f"Ein Beitrag im Status „{current.label}“ kann nicht auf „{to_status.label}“ "
            "gesetzt werden."
        )
    if to_status == S.PUBLISHED:
        if not contribution.public_opt_in:
            raise IllegalTransition(
                "Dieser Beitrag kann nicht veröffentlicht werden: Die Verfasser:in hat einer "
                "öffentlichen Anzeige nicht zugestimmt."
            )
        if not contribution.text.strip():
            raise IllegalTransition("Ein Beitrag ohne Text kann nicht veröffentlicht werden.")


@transaction.atomic
def set_status(
    contribution: Contribution, to_status: str, by=None, reason: str = ""
) -> ContributionTransition:
    """Move `contribution` to `to_status` and log who did it.

    Raises IllegalTransition for a move the rules do not allow (publishing needs
    the author's opt-in) and PermissionDenied when `by` may not change contributions.
    `by=None` means the system itself (demo data, privacy commands).
    """
    to_status = S(to_status)
    if by is not None and not by.has_perm("feedback.change_contribution"):
        raise PermissionDenied("Keine Berechtigung, Beiträge zu moderieren.")
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    check_transition(locked, to_status)
    now = timezone.now()
    from_status = locked.status
    locked.status = to_status
    locked.last_activity_at = now
    update_fields = ["status", "last_activity_at"]
    if to_status == S.PUBLISHED:
        locked.published_at = now
        update_fields.append("published_at")
    locked.save(update_fields=update_fields)
    for field in update_fields:
        setattr(contribution, field, getattr(locked, field))
    return ContributionTransition.objects.create(
        contribution=locked, from_status=from_status, to_status=to_status, by=by, reason=reason
    )


def submit_contribution(
    contribution: Contribution, cooperation: dict | None = None, need: dict | None = None
):
    """Save a new contribution from the public form (and its cooperation or need details,
    if it is a cooperation request or a reported need), the confirmation to the author and
    the note to the team in one transaction: a stored contribution always has its mails
    queued."""
    now = timezone.now()
    contribution.status = S.NEW
    contribution.created_at = now
    contribution.last_activity_at = now
    contribution.consent_at = now
    if not contribution.public_opt_in:
        contribution.public_name = PublicName.ANONYMOUS
    with transaction.atomic():
        contribution.save()
        if contribution.kind == ContributionKind.COOPERATION:
            CooperationRequest.objects.create(
                contribution=contribution, created_at=now, **(cooperation or {})
            )
        if contribution.kind == ContributionKind.NEED:
            Need.objects.create(contribution=contribution, **(need or {}))
        emails.send_confirmation(contribution)
        emails.notify_team(contribution)
    return contribution


def record_activity(contribution: Contribution) -> None:
    """Note that the team worked on `contribution` (restarts the retention period)."""
    contribution.last_activity_at = timezone.now()
    Contribution.objects.filter(pk=contribution.pk).update(
        last_activity_at=contribution.last_activity_at
    )


def send_reply(contribution: Contribution, *, subject: str, body: str, by) -> ContributionReply:
    """E-mail `body` to the author of `contribution` and record it.

    A contribution that is still new or in progress counts as answered afterwards.
    Raises PermissionDenied when `by` may not send replies, ValidationError when the
    contribution has no address (anonymised). The reply is queued in the same
    transaction as its record; the outbox delivers it.
    """
    if not by.has_perm("feedback.add_contributionreply"):
        raise PermissionDenied("Keine Berechtigung, Antworten zu senden.")
    if not contribution.email:
        raise ValidationError("Zu diesem Beitrag ist keine E-Mail-Adresse (mehr) gespeichert.")
    with transaction.atomic():
        reply = ContributionReply.objects.create(
            contribution=contribution, sent_by=by, subject=subject, body=body
        )
        if contribution.status in (S.NEW, S.IN_PROGRESS):
            set_status(contribution, S.ANSWERED, by=by, reason="Antwort-E-Mail gesendet")
        else:
            record_activity(contribution)
        emails.send_reply(contribution, subject, body)
    return reply


@transaction.atomic
def anonymise_contribution(contribution: Contribution, *, keep_public: bool, reason: str) -> None:
    """Remove the personal data of `contribution`.

    keep_public=True (retention of a published contribution): the public text, the
    team's public answer and the name only if the author chose to appear with it
    stay; contact data, internal note and reply e-mails go.
    keep_public=False (erasure, or retention of anything unpublished): only kind,
    role, references and dates stay, for the team's statistics; the contribution
    is withdrawn from the public (archived) through `set_status`.
    """
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if not keep_public and contribution.status != S.ARCHIVED:
        set_status(contribution, S.ARCHIVED, by=None, reason=reason)
    if not (keep_public and contribution.public_name == PublicName.WITH_NAME):
        contribution.name = ""
    contribution.email = ""
    contribution.organisation = ""
    contribution.internal_note = ""
    if not keep_public:
        contribution.text = ""
        contribution.public_answer = ""
        contribution.public_opt_in = False
        contribution.public_name = PublicName.ANONYMOUS
    contribution.anonymised_at = timezone.now()
    contribution.save()
    contribution.replies.all().delete()
    CooperationRequest.objects.filter(contribution=contribution).update(
        offer_or_seek="", phone="", next_step=""
    )

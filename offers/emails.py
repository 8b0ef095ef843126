"""E-mails about submitted offers: plain text with an HTML alternative, in German.

Templates live in templates/offers/emails/<name>.txt and .html. Links are built
from settings.SITE_URL. Each function queues its mail through kommune360.mail, in
the caller's transaction, and returns False only when there is no recipient.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.text import Truncator

from kommune360 import mail
from kommune360.site_url import absolute


def edit_url(token: str) -> str:
    return absolute(reverse("offers:edit", args=[token]))


def _subject_title(offer) -> str:
    # Titles are single-line (the form collapses whitespace); keep subjects short.
    return Truncator(" ".join(offer.title.split())).chars(60)


def _queue(template: str, subject: str, to: list[str], context: dict, reply_to=None) -> bool:
    context = {
        "site_url": settings.SITE_URL,
        "privacy_url": absolute(reverse("datenschutz") + "#angebote-einreichen"),
        "submit_url": absolute(reverse("offers:submit")),
        **context,
    }
    return mail.send_templated(f"offers/emails/{template}", subject, to, context, reply_to=reply_to)


def _provider_to(offer) -> list[str]:
    address = offer.contact_email or offer.provider.email
    return [address] if address else []


def send_submission_confirmation(offer, token: str) -> bool:
    to = _provider_to(offer)
    return bool(to) and _queue(
        "submission_confirmation",
        f"Ihr Angebot „{_subject_title(offer)}“ ist bei Kommune 360° eingegangen",
        to,
        {"offer": offer, "edit_url": edit_url(token)},
        reply_to=[settings.TEAM_EMAIL],
    )


def _admin_url(name: str, *args) -> str:
    return absolute(reverse(f"admin:{name}", args=args))


def notify_team_submission(offer, *, resubmitted: bool = False) -> bool:
    subject = "Überarbeitetes Angebot" if resubmitted else "Neues Angebot eingereicht"
    return _queue(
        "team_submission",
        f"{subject}: {_subject_title(offer)}",
        [settings.TEAM_EMAIL],
        {
            "offer": offer,
            "resubmitted": resubmitted,
            "admin_url": _admin_url("offers_offer_change", offer.pk),
            "queue_url": _admin_url("offers_queuedoffer_changelist"),
        },
        reply_to=_provider_to(offer) or None,
    )


def notify_team_change(offer, change) -> bool:
    return _queue(
        "team_change",
        f"Änderung wartet auf Prüfung: {_subject_title(offer)}",
        [settings.TEAM_EMAIL],
        {
            "offer": offer,
            "review_url": _admin_url("offers_offerchange_change", change.pk),
        },
        reply_to=_provider_to(offer) or None,
    )


def notify_team_withdrawn(offer) -> bool:
    return _queue(
        "team_withdrawn",
        f"Angebot zurückgezogen: {_subject_title(offer)}",
        [settings.TEAM_EMAIL],
        {"offer": offer, "admin_url": _admin_url("offers_offer_change", offer.pk)},
    )


MESSAGE_SUBJECTS = {
    "veroeffentlicht": "Ihr Angebot „{title}“ ist jetzt im Katalog",
    "abgelehnt": "Ihr Angebot „{title}“ wurde nicht aufgenommen",
    "aenderungen-erbeten": "Bitte ergänzen Sie Ihr Angebot „{title}“",
    "aenderung-uebernommen": "Ihre Änderung an „{title}“ ist online",
    "aenderung-abgelehnt": "Ihre Änderung an „{title}“ wurde nicht übernommen",
}


def send_moderation_message(offer, record, token: str | None = None) -> bool:
    """The team's decision or request (an OfferMessage) to the provider."""
    return _queue(
        "moderation_message",
        MESSAGE_SUBJECTS[record.kind].format(title=_subject_title(offer)),
        [record.emailed_to],
        {
            "offer": offer,
            "record": record,
            "edit_url": edit_url(token) if token else "",
            "public_url": absolute(offer.get_absolute_url()),
        },
        reply_to=[settings.TEAM_EMAIL],
    )


def send_new_edit_link(offer, token: str, to: str = "") -> bool:
    """A fresh edit link, to the provider's usual address or to `to`."""
    return _queue(
        "new_edit_link",
        f"Ihr Link zum Bearbeiten von „{_subject_title(offer)}“",
        [to] if to else _provider_to(offer),
        {"offer": offer, "edit_url": edit_url(token)},
        reply_to=[settings.TEAM_EMAIL],
    )


def send_expiry_reminder(offer, token: str) -> bool:
    return _queue(
        "expiry_reminder",
        f"Ihr Angebot „{_subject_title(offer)}“ läuft bald ab",
        _provider_to(offer),
        {
            "offer": offer,
            "edit_url": edit_url(token),
            "public_url": absolute(offer.get_absolute_url()),
        },
        reply_to=[settings.TEAM_EMAIL],
    )


def send_provider_overview(address: str, token: str, offer_count: int) -> bool:
    """The link to a provider's overview of all their offers (offers/provider_access)."""
    from offers.provider_access.services import OVERVIEW_MAX_AGE

    return _queue(
        "provider_overview",
        "Ihre Angebote bei Kommune 360°: Link zur Übersicht",
        [address],
        {
            "overview_url": absolute(reverse("offers:provider_overview", args=[token])),
            "request_url": absolute(reverse("offers:provider_request")),
            "offer_count": offer_count,
            "valid_days": OVERVIEW_MAX_AGE // 86400,
        },
        reply_to=[settings.TEAM_EMAIL],
    )

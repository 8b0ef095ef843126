"""E-mails about submitted offers: plain text with an HTML alternative, in German.

Templates live in templates/emails/offers/<name>.txt and .html. Links are built
from settings.SITE_URL. A failing mail server is logged and reported as False,
never raised: the offer is already saved when a mail goes out.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def edit_url(token: str) -> str:
    return absolute(reverse("offers:edit", args=[token]))


def _subject_title(offer) -> str:
    # Titles are single-line (the form collapses whitespace); keep subjects short.
    return Truncator(" ".join(offer.title.split())).chars(60)


def _send(template: str, subject: str, to: list[str], context: dict, reply_to=None) -> bool:
    context = {
        "site_url": settings.SITE_URL,
        "privacy_url": absolute(reverse("datenschutz") + "#angebote-einreichen"),
        "submit_url": absolute(reverse("offers:submit")),
        **context,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/offers/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
    )
    message.attach_alternative(
        render_to_string(f"emails/offers/{template}.html", context), "text/html"
    )
    try:
        message.send()
    except Exception:
        logger.exception("Could not send the %s e-mail", template)
        return False
    return True


def _provider_to(offer) -> list[str]:
    address = offer.contact_email or offer.provider.email
    return [address] if address else []


def send_submission_confirmation(offer, token: str) -> bool:
    to = _provider_to(offer)
    return bool(to) and _send(
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
    return _send(
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
    return _send(
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
    return _send(
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
    return _send(
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


def send_new_edit_link(offer, token: str) -> bool:
    return _send(
        "new_edit_link",
        f"Ihr Link zum Bearbeiten von „{_subject_title(offer)}“",
        _provider_to(offer),
        {"offer": offer, "edit_url": edit_url(token)},
        reply_to=[settings.TEAM_EMAIL],
    )


def send_expiry_reminder(offer, token: str) -> bool:
    return _send(
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

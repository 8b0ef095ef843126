"""E-mails of the feedback app. Each is sent as plain text with an HTML alternative.

Subjects never contain what a visitor typed (no header injection, no spoofed
subjects); the team's own reply subject is checked in the reply form.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _send(template: str, subject: str, to: list[str], context: dict, reply_to=None) -> bool:
    """Render `template`.txt/.html and send it. Returns False (and logs) if sending failed,
    so that a broken mail server never loses a contribution that is already saved."""
    context = {
        "site_url": settings.SITE_URL,
        "start_url": absolute(reverse("feedback:start")),
        "privacy_url": absolute(reverse("datenschutz")),
        **context,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"feedback/emails/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
    )
    message.attach_alternative(
        render_to_string(f"feedback/emails/{template}.html", context), "text/html"
    )
    try:
        message.send()
    except Exception:
        logger.exception("Could not send the %s e-mail", template)
        return False
    return True


def send_confirmation(contribution) -> bool:
    return _send(
        "confirmation",
        "Danke für Ihren Beitrag zu Kommune 360°",
        [contribution.email],
        {"contribution": contribution},
        reply_to=[settings.TEAM_EMAIL],  # the mail invites the author to simply reply
    )


def notify_team(contribution) -> bool:
    admin_path = reverse("admin:feedback_contribution_change", args=[contribution.pk])
    return _send(
        "team_notification",
        f"Neuer Beitrag im Mitdenken: {contribution.get_kind_display()}",
        [settings.TEAM_EMAIL],
        {"contribution": contribution, "admin_url": absolute(admin_path)},
        reply_to=[contribution.email] if contribution.email else None,
    )


def send_reply(contribution, subject: str, body: str) -> bool:
    return _send(
        "reply",
        subject,
        [contribution.email],
        {"contribution": contribution, "body": body},
        reply_to=[settings.TEAM_EMAIL],
    )

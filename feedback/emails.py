"""E-mails of the feedback app: plain text with an HTML alternative, queued through
kommune360.mail in the caller's transaction.

Subjects never contain what a visitor typed (no header injection, no spoofed
subjects); the team's own reply subject is checked in the reply form.
"""

from django.conf import settings
from django.urls import reverse

from kommune360 import mail
from kommune360.site_url import absolute


def _queue(template: str, subject: str, to: list[str], context: dict, reply_to=None) -> bool:
    context = {
        "site_url": settings.SITE_URL,
        "start_url": absolute(reverse("feedback:start")),
        "privacy_url": absolute(reverse("datenschutz")),
        **context,
    }
    return mail.send_templated(
        f"feedback/emails/{template}", subject, to, context, reply_to=reply_to
    )


def send_confirmation(contribution) -> bool:
    return _queue(
        "confirmation",
        "Danke für Ihren Beitrag zu Kommune 360°",
        [contribution.email],
        {"contribution": contribution},
        reply_to=[settings.TEAM_EMAIL],  # the mail invites the author to simply reply
    )


def notify_team(contribution) -> bool:
    admin_path = reverse("admin:feedback_contribution_change", args=[contribution.pk])
    return _queue(
        "team_notification",
        f"Neuer Beitrag im Mitdenken: {contribution.get_kind_display()}",
        [settings.TEAM_EMAIL],
        {"contribution": contribution, "admin_url": absolute(admin_path)},
        reply_to=[contribution.email] if contribution.email else None,
    )


def send_reply(contribution, subject: str, body: str) -> bool:
    return _queue(
        "reply",
        subject,
        [contribution.email],
        {"contribution": contribution, "body": body},
        reply_to=[settings.TEAM_EMAIL],
    )

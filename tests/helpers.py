"""Small helpers shared by tests of the public forms."""

import smtplib
import time

from django.core.mail.backends.base import BaseEmailBackend

from kommune360.forms import started_token


def spam_fields(seconds_ago: float = 60) -> dict:
    """The hidden anti-spam fields as sent by a person who took `seconds_ago` to fill in."""
    return {"website": "", "form_started": started_token(time.time() - seconds_ago)}


class MailServerDown(BaseEmailBackend):
    """A delivery backend whose server refuses every connection, like SMTP while it is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class MailServerRejects(BaseEmailBackend):
    """A delivery backend whose server rejects every mail with an answer of several lines
    (as HTTP-API mail backends and some SMTP relays report them)."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("5.7.1 Message rejected\n5.7.1 Policy violation")

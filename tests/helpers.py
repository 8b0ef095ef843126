"""Small helpers shared by tests of the public forms."""

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

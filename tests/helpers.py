"""Small helpers shared by tests of the public forms."""

import time

from kommune360.forms import started_token


def spam_fields(seconds_ago: float = 60) -> dict:
    """The hidden anti-spam fields as sent by a person who took `seconds_ago` to fill in."""
    return {"website": "", "form_started": started_token(time.time() - seconds_ago)}

"""Participation tokens: the key in every link a participant gets by e-mail.

The database holds only a SHA-256 hash of the token (for lookup) and a random
nonce. The token is an HMAC of the nonce under SECRET_KEY, so a later e-mail
(reminder, moving up from the waiting list) can carry the same link again,
while a copy of the database alone reveals no working link.
"""

import hashlib
import secrets

from django.utils.crypto import salted_hmac

_SALT = "formats.registration-token"


def new_nonce() -> str:
    return secrets.token_urlsafe(32)


def token_from_nonce(nonce: str) -> str:
    return salted_hmac(_SALT, nonce, algorithm="sha256").hexdigest()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(registration) -> str:
    """Give `registration` a fresh nonce and token hash (not saved); return the token."""
    registration.token_nonce = new_nonce()
    token = token_from_nonce(registration.token_nonce)
    registration.token_hash = hash_token(token)
    return token


def token_for(registration) -> str:
    return token_from_nonce(registration.token_nonce)


def looks_like_token(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)

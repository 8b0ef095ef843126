"""Providers' overview of all their offers, reached by a signed e-mail link (no password).

A provider enters an address on /angebote/meine/. If offers carry it (as the offer's
contact address or the provider's general address), a mail with a link to the overview
goes to that address; the page answers the same either way, so it reveals nothing about
which addresses we know.

The link is a Django-signed, timestamped token that expires after OVERVIEW_MAX_AGE. It
holds the ids of the offers found and a keyed hash of the address, never the address
itself: a link copied into a log shows no e-mail address. Each view checks again that
the offers still carry that address, so an offer whose contact changed drops out.
Nothing is stored for the overview; from it, the provider can have a fresh edit link
for one offer sent to the same address.
"""

from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils.crypto import constant_time_compare, salted_hmac

from kommune360.ratelimit import is_limited_for
from offers import emails
from offers.models import Offer, OfferEditLink
from offers.submission.tokens import issue_edit_link

OVERVIEW_MAX_AGE = 3 * 24 * 3600  # seconds: three days
_SALT = "offers.provider-overview"
# A provider with more offers than this gets the newest ones; the team helps with the rest.
MAX_OFFERS = 200
# Overview mails per address and window (seconds), however many clients ask for them:
# the per-client limit alone would let many clients fill one inbox.
ADDRESS_LIMIT = (3, 24 * 3600)


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def address_hash(email: str) -> str:
    return salted_hmac(_SALT, normalise(email), algorithm="sha256").hexdigest()[:32]


def offers_for_email(email: str):
    """Offers whose contact address or whose provider's address is `email` (any case)."""
    email = normalise(email)
    if not email:
        return Offer.objects.none()
    return Offer.objects.filter(Q(contact_email__iexact=email) | Q(provider__email__iexact=email))


def overview_token(email: str, offer_ids) -> str:
    return signing.dumps(
        {"h": address_hash(email), "o": sorted(offer_ids)}, salt=_SALT, compress=True
    )


def request_overview(email: str) -> bool:
    """Mail a link to the overview to `email` if offers carry that address, at most
    ADDRESS_LIMIT mails per address and window.

    Returns whether a mail was queued; callers must not tell the visitor (the
    public page answers the same either way, also when the address's limit is reached).
    """
    email = normalise(email)
    ids = list(
        offers_for_email(email)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[:MAX_OFFERS]
    )
    if not ids or is_limited_for("provider-overview-address", address_hash(email), *ADDRESS_LIMIT):
        return False
    with transaction.atomic():
        return emails.send_provider_overview(email, overview_token(email, ids), len(ids))


def matched_address(offer, wanted_hash: str) -> str:
    """The address of `offer` (contact, else provider's) whose hash is `wanted_hash`, or ""."""
    for address in (offer.contact_email, offer.provider.email):
        if address and constant_time_compare(address_hash(address), wanted_hash):
            return normalise(address)
    return ""


@dataclass
class Overview:
    """What a valid overview link shows: the offers that still carry its address."""

    token: str
    address_hash: str
    offers: list

    def offer(self, pk: int):
        return next((offer for offer in self.offers if offer.pk == pk), None)


def overview_for_token(token: str) -> Overview | None:
    """The overview behind `token`, or None if it is forged or older than OVERVIEW_MAX_AGE."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=OVERVIEW_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    try:
        wanted, ids = str(payload["h"]), [int(pk) for pk in payload["o"]][:MAX_OFFERS]
    except (KeyError, TypeError, ValueError):
        return None
    offers = (
        Offer.objects.filter(pk__in=ids)
        .select_related("provider", "offer_type")
        .order_by("-created_at", "-pk")
    )
    return Overview(
        token=token,
        address_hash=wanted,
        offers=[offer for offer in offers if matched_address(offer, wanted)],
    )


def send_edit_link(overview: Overview, offer) -> bool:
    """Issue a fresh edit link for `offer` (one of the overview's) and mail it to the
    address the overview was requested for. Earlier links stay valid."""
    address = matched_address(offer, overview.address_hash)
    if not address or overview.offer(offer.pk) is None:
        return False
    with transaction.atomic():
        token = issue_edit_link(offer, OfferEditLink.Purpose.REQUESTED, address)
        return emails.send_new_edit_link(offer, token, to=address)

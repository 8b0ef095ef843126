from .offer import (
    PRINCIPLE_FIELDS,
    Delivery,
    Language,
    Offer,
    OfferQuerySet,
    OfferStatus,
    OfferTransition,
    Principle,
    RegionScope,
    State,
)
from .provider import Provider
from .vocabulary import Audience, Gap, OfferType, Topic

__all__ = [
    "PRINCIPLE_FIELDS",
    "Audience",
    "Delivery",
    "Gap",
    "Language",
    "Offer",
    "OfferQuerySet",
    "OfferStatus",
    "OfferTransition",
    "OfferType",
    "Principle",
    "Provider",
    "RegionScope",
    "State",
    "Topic",
]

from .alert import AlertFrequency, SearchAlert
from .analysis import AnalysisPage, AnalysisSection
from .catalogue_version import CatalogueVersion
from .edit_link import OfferEditLink
from .message import OfferMessage
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
from .offer_date import OfferDate
from .pending_change import OfferChange, OfferChangeStatus
from .provider import Provider
from .queue import QueuedOffer
from .reminder import OfferReminder
from .search_index import SearchDocument, SearchFts, SearchTerm
from .vocabulary import Audience, Competence, Gap, OfferType, Topic

__all__ = [
    "PRINCIPLE_FIELDS",
    "AlertFrequency",
    "AnalysisPage",
    "AnalysisSection",
    "Audience",
    "CatalogueVersion",
    "Competence",
    "Delivery",
    "Gap",
    "Language",
    "Offer",
    "OfferChange",
    "OfferChangeStatus",
    "OfferDate",
    "OfferEditLink",
    "OfferMessage",
    "OfferQuerySet",
    "OfferReminder",
    "OfferStatus",
    "OfferTransition",
    "OfferType",
    "Principle",
    "Provider",
    "QueuedOffer",
    "RegionScope",
    "SearchAlert",
    "SearchDocument",
    "SearchFts",
    "SearchTerm",
    "State",
    "Topic",
]

from .contribution import (
    ANONYMOUS_LABEL,
    AuthorRole,
    Contribution,
    ContributionKind,
    ContributionQuerySet,
    ContributionStatus,
    ContributionTransition,
    PublicName,
    inbox_ordering,
)
from .cooperation import (
    OPEN_STATUSES,
    CooperationRequest,
    CooperationStatus,
    OrganisationType,
    PreferredContact,
)
from .erasure import ErasureRecord
from .need import Need, NeedQuerySet
from .reply import ContributionReply

__all__ = [
    "ANONYMOUS_LABEL",
    "OPEN_STATUSES",
    "AuthorRole",
    "Contribution",
    "ContributionKind",
    "ContributionQuerySet",
    "ContributionReply",
    "ContributionStatus",
    "ContributionTransition",
    "CooperationRequest",
    "CooperationStatus",
    "ErasureRecord",
    "Need",
    "NeedQuerySet",
    "OrganisationType",
    "PreferredContact",
    "PublicName",
    "inbox_ordering",
]

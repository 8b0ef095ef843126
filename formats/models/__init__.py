from .board import BoardAction, BoardTopic, BoardVote, Timebox, TimeboxDecision, TopicColumn
from .circle import Circle
from .feedback import TalkFeedback
from .kind import FormatKind
from .registration import ACTIVE_STATUSES, Registration, RegistrationStatus
from .series import Series
from .session import CALENDAR_FIELDS, Session, SessionStatus

__all__ = [
    "ACTIVE_STATUSES",
    "CALENDAR_FIELDS",
    "BoardAction",
    "BoardTopic",
    "BoardVote",
    "Circle",
    "FormatKind",
    "Registration",
    "RegistrationStatus",
    "Series",
    "Session",
    "SessionStatus",
    "TalkFeedback",
    "Timebox",
    "TimeboxDecision",
    "TopicColumn",
]

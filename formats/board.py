"""Running a Lean Coffee round: topics, three dots per person, timeboxes and a record.

Participants (confirmed registrations, identified by their token) propose and
dot-vote topics before and during the round; the facilitator (a team member)
takes topics into the conversation, runs timeboxes of 8, then 4, then 2
minutes, records the thumbs vote and keeps notes. Afterwards the board is the
round's record and can be exported as Markdown.
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format

from .models import (
    BoardTopic,
    BoardVote,
    Registration,
    SessionStatus,
    Timebox,
    TimeboxDecision,
    TopicColumn,
)

VOTES_PER_PERSON = 3
TOPICS_PER_PERSON = 5
# First timebox, then each "continue" gets the next, the last one repeats.
TIMEBOX_MINUTES = (8, 4, 2)
MARKDOWN_SPECIAL = set("\\`*_[]<>#|~!")


class BoardError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def participant_for(session, token_hash: str):
    """The confirmed registration of `session` with this token hash, else None."""
    return Registration.objects.confirmed().filter(session=session, token_hash=token_hash).first()


def is_open_for_participants(session, now=None) -> bool:
    """Participants may add topics and dots until the round has ended."""
    now = now or timezone.now()
    return session.status == SessionStatus.PLANNED and session.end > now


def _require_open(session):
    if not is_open_for_participants(session):
        raise BoardError("Die Runde ist vorbei. Das Board kann nur noch gelesen werden.")


def propose_topic(session, title: str, registration=None) -> BoardTopic:
    """Add a topic to „zu besprechen“; a participant may propose up to five."""
    title = " ".join(title.split())
    if not title:
        raise BoardError("Bitte geben Sie ein Thema ein.")
    if registration is not None:
        _require_open(session)
        if registration.proposed_topics.filter(session=session).count() >= TOPICS_PER_PERSON:
            raise BoardError(
                f"Sie haben schon {TOPICS_PER_PERSON} Themen vorgeschlagen. Bitte geben Sie "
                "anderen Raum – oder verteilen Sie Ihre Punkte."
            )
    return BoardTopic.objects.create(session=session, title=title[:200], proposed_by=registration)


def toggle_vote(topic, registration) -> bool:
    """Put a dot on `topic` or take it back. Returns True when the dot is now set."""
    _require_open(topic.session)
    if topic.column == TopicColumn.DONE:
        raise BoardError("Über dieses Thema wurde schon gesprochen.")
    with transaction.atomic():
        # Locking the person's row serialises their clicks, so three stays three.
        Registration.objects.select_for_update().get(pk=registration.pk)
        existing = BoardVote.objects.filter(topic=topic, registration=registration)
        if existing.exists():
            existing.delete()
            return False
        used = BoardVote.objects.filter(
            registration=registration, topic__session=topic.session
        ).count()
        if used >= VOTES_PER_PERSON:
            raise BoardError(
                "Sie haben schon alle drei Punkte vergeben. Nehmen Sie einen Punkt zurück, "
                "um ihn neu zu setzen."
            )
        BoardVote.objects.create(topic=topic, registration=registration)
        return True


def current_timebox(topic):
    return topic.timeboxes.filter(ended_at__isnull=True).order_by("-started_at").first()


def next_minutes(topic) -> int:
    done = topic.timeboxes.count()
    return TIMEBOX_MINUTES[min(done, len(TIMEBOX_MINUTES) - 1)]


@transaction.atomic
def start_topic(topic, *, minutes: int | None = None, now=None) -> Timebox:
    """Take `topic` into the conversation with a first timebox (8 minutes unless given).

    A topic still „im Gespräch“ moves to „besprochen“ – only one runs at a time.
    """
    now = now or timezone.now()
    if topic.session.status == SessionStatus.CANCELLED:
        raise BoardError("Der Termin wurde abgesagt.")
    for running in topic.session.board_topics.filter(column=TopicColumn.DISCUSSING).exclude(
        pk=topic.pk
    ):
        _finish(running, now)
    topic.column = TopicColumn.DISCUSSING
    topic.started_at = topic.started_at or now
    topic.save(update_fields=["column", "started_at"])
    topic.timeboxes.filter(ended_at__isnull=True).update(ended_at=now)
    return Timebox.objects.create(
        topic=topic, minutes=minutes or next_minutes(topic), started_at=now
    )


def _finish(topic, now):
    topic.timeboxes.filter(ended_at__isnull=True).update(ended_at=now)
    topic.column = TopicColumn.DONE
    topic.save(update_fields=["column"])


@transaction.atomic
def record_vote(topic, decision: str, *, thumbs_up=None, thumbs_down=None, now=None):
    """Close the running timebox with the thumbs vote; continue with a shorter one or move on.

    Returns the new timebox when the round continues, else None.
    """
    now = now or timezone.now()
    if topic.column != TopicColumn.DISCUSSING:
        raise BoardError("Dieses Thema ist gerade nicht im Gespräch.")
    timebox = current_timebox(topic)
    if timebox is not None:
        timebox.ended_at = now
        timebox.thumbs_up, timebox.thumbs_down = thumbs_up, thumbs_down
        timebox.decision = decision
        timebox.save(update_fields=["ended_at", "thumbs_up", "thumbs_down", "decision"])
    if decision == TimeboxDecision.CONTINUE:
        return Timebox.objects.create(topic=topic, minutes=next_minutes(topic), started_at=now)
    _finish(topic, now)
    return None


def save_notes(topic, notes: str) -> None:
    topic.notes = notes.strip()
    topic.save(update_fields=["notes"])


def remove_topic(topic) -> None:
    """Take a topic off the board (duplicate or off-topic); its dots go with it."""
    topic.delete()


def reopen_topic(topic) -> None:
    """Put a topic back to „zu besprechen“, e.g. after a mis-click."""
    topic.timeboxes.filter(ended_at__isnull=True).update(ended_at=timezone.now())
    topic.column = TopicColumn.TO_DISCUSS
    topic.save(update_fields=["column"])


@dataclass
class BoardView:
    to_discuss: list
    discussing: list
    done: list
    votes_left: int
    my_votes: set
    timebox: Timebox | None


def board_for(session, registration=None) -> BoardView:
    """The three columns: open topics by dots, the running one, finished ones in order."""
    topics = list(
        session.board_topics.annotate(vote_count=Count("votes")).prefetch_related("timeboxes")
    )
    my_votes = set()
    if registration is not None:
        my_votes = set(
            BoardVote.objects.filter(registration=registration, topic__session=session).values_list(
                "topic_id", flat=True
            )
        )
    discussing = [t for t in topics if t.column == TopicColumn.DISCUSSING]
    timebox = None
    if discussing:
        open_boxes = [box for box in discussing[0].timeboxes.all() if box.ended_at is None]
        timebox = open_boxes[-1] if open_boxes else None
    return BoardView(
        to_discuss=sorted(
            (t for t in topics if t.column == TopicColumn.TO_DISCUSS),
            key=lambda t: (-t.vote_count, t.created_at, t.pk),
        ),
        discussing=discussing,
        done=sorted(
            (t for t in topics if t.column == TopicColumn.DONE),
            key=lambda t: (t.started_at or t.created_at, t.pk),
        ),
        votes_left=VOTES_PER_PERSON - len(my_votes),
        my_votes=my_votes,
        timebox=timebox,
    )


def _md(text: str) -> str:
    """Plain text safe on one Markdown line: no emphasis, links, HTML or list markers."""
    escaped = "".join(f"\\{char}" if char in MARKDOWN_SPECIAL else char for char in text)
    escaped = " ".join(escaped.split())
    if re.match(r"[-+]|\d+[.)]", escaped):
        escaped = "\\" + escaped
    return escaped


def board_markdown(session) -> str:
    """The round's record: every topic with its dots, timeboxes, votes and notes."""
    view = board_for(session)
    start = timezone.localtime(session.start)
    lines = [
        f"# {_md(session.full_title)}",
        "",
        f"{date_format(start, 'l, j. F Y')}, {start:%H:%M} Uhr"
        + (f" · Moderation: {_md(session.host)}" if session.host else ""),
        "",
    ]
    sections = [
        ("Besprochen", view.done),
        ("Im Gespräch", view.discussing),
        ("Zu besprechen", view.to_discuss),
    ]
    for heading, topics in sections:
        lines += [f"## {heading}", ""]
        if not topics:
            lines += ["(keine Themen)", ""]
        for topic in topics:
            dots = "Punkt" if topic.vote_count == 1 else "Punkte"
            lines.append(f"### {_md(topic.title)} ({topic.vote_count} {dots})")
            lines.append("")
            boxes = [box for box in topic.timeboxes.all() if box.ended_at or box.decision]
            for box in boxes:
                vote = ""
                if box.thumbs_up is not None or box.thumbs_down is not None:
                    vote = f", Daumen: {box.thumbs_up or 0} hoch / {box.thumbs_down or 0} runter"
                decision = f" → {box.get_decision_display()}" if box.decision else ""
                lines.append(f"- {box.minutes} Minuten{vote}{decision}")
            if boxes:
                lines.append("")
            if topic.notes:
                lines += [
                    "Notizen:",
                    "",
                    *[
                        f"> {_md(line)}" if line.strip() else ">"
                        for line in topic.notes.splitlines()
                    ],
                    "",
                ]
    return "\n".join(lines).rstrip() + "\n"

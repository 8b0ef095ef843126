"""Running a Lean Coffee round: topics, three dots per person, timeboxes and a record.

Participants (confirmed registrations, identified by their token) propose and
dot-vote topics before and during the round, and between rounds propose topics
for the next one. When the series has no next round yet, such a topic waits
with the series (a topic without a session) and moves onto the board of the
next round once the team schedules it (`attach_pending_topics`). The
facilitator (a team member) merges duplicates, takes topics into the
conversation, runs timeboxes of 8, then 4, then 2 minutes, records the thumbs
vote, keeps notes and the agreed actions. Afterwards the
board is the round's record and can be exported as Markdown. `board_state` is
what every open board polls to update itself without a reload.
"""

import hashlib
import json
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format

from .models import (
    BoardAction,
    BoardTopic,
    BoardVote,
    Registration,
    Session,
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


def _later_rounds(series_id, kind_id, after, now):
    """Planned board rounds of a series (of a kind without series) starting after `after`
    that have not ended, soonest first."""
    rounds = Session.objects.listed().filter(
        kind__has_board=True, status=SessionStatus.PLANNED, start__gt=after, end__gt=now
    )
    if series_id:
        return rounds.filter(series_id=series_id).order_by("start", "pk")
    return rounds.filter(kind_id=kind_id, series__isnull=True).order_by("start", "pk")


def next_round(session, now=None):
    """The round after `session` that takes topics: a planned round of the same series
    (of the same format when there is no series) that starts later and has not ended."""
    now = now or timezone.now()
    rounds = _later_rounds(session.series_id, session.kind_id, session.start, now)
    return rounds.exclude(pk=session.pk).first()


def pending_topics(series):
    """Topics waiting for the next round of `series`, in the order they came in."""
    return BoardTopic.objects.pending().filter(series=series).order_by("created_at", "pk")


def propose_for_next_round(session, title: str, registration=None):
    """Propose a topic for the round after `session`. Returns (topic, round).

    With a next round scheduled, the topic goes onto its board (`propose_topic`);
    without one, it waits with the series (`round` is None) until the team
    schedules it. A participant may have up to five such waiting topics per series.
    A round without a series has no "next" before one is scheduled: BoardError.
    """
    upcoming = next_round(session)
    if upcoming is not None:
        return propose_topic(upcoming, title, registration), upcoming
    if not session.series_id:
        raise BoardError("Für die nächste Runde gibt es noch keinen Termin.")
    title = " ".join(title.split())
    if not title:
        raise BoardError("Bitte geben Sie ein Thema ein.")
    if registration is not None:
        waiting = registration.proposed_topics.pending().filter(series_id=session.series_id)
        if waiting.count() >= TOPICS_PER_PERSON:
            raise BoardError(
                f"Sie haben schon {TOPICS_PER_PERSON} Themen für die nächste Runde "
                "vorgeschlagen. Bitte geben Sie anderen Raum."
            )
    topic = BoardTopic.objects.create(
        session=None,
        series_id=session.series_id,
        for_round_after=session.start,
        title=title[:200],
        proposed_by=registration,
    )
    return topic, None


@transaction.atomic
def attach_pending_topics(series, now=None) -> int:
    """Move the topics waiting for the next round of `series` onto its board.

    Each waiting topic goes to the first planned round of the series that starts
    after the round it was proposed in and has not ended; topics for which no
    such round exists keep waiting. The admin (a new or re-planned round, rounds
    generated from a rule) and every command that schedules rounds call this.
    Returns how many topics moved.
    """
    if series is None or not series.kind.has_board:
        return 0
    now = now or timezone.now()
    waiting = list(pending_topics(series).select_for_update())
    moved = 0
    targets = {}
    for topic in waiting:
        after = topic.for_round_after or topic.created_at
        if after not in targets:
            targets[after] = _later_rounds(series.pk, series.kind_id, after, now).first()
        target = targets[after]
        if target is not None:
            moved += BoardTopic.objects.filter(pk=topic.pk, session__isnull=True).update(
                session=target
            )
    return moved


@transaction.atomic
def merge_topics(duplicate, keep) -> BoardTopic:
    """Fold `duplicate` into `keep` (both of one round, neither discussed yet).

    Dots move over; a person who dotted both keeps one and gets the other back.
    The duplicate's title is kept in `keep.also_proposed_as` and its notes are
    appended, then the duplicate goes. Returns `keep`.
    """
    if (
        duplicate.pk == keep.pk
        or duplicate.session_id is None
        or duplicate.session_id != keep.session_id
    ):
        raise BoardError("Bitte zwei verschiedene Themen derselben Runde wählen.")
    if TopicColumn.DONE in (duplicate.column, keep.column):
        raise BoardError("Besprochene Themen bleiben, wie sie sind.")
    voters = set(keep.votes.values_list("registration_id", flat=True))
    duplicate.votes.filter(registration_id__in=voters).delete()
    duplicate.votes.update(topic=keep)
    keep.also_proposed_as = [
        *keep.also_proposed_as,
        duplicate.title,
        *duplicate.also_proposed_as,
    ]
    if duplicate.notes:
        keep.notes = "\n\n".join(part for part in (keep.notes, duplicate.notes) if part)
    keep.save(update_fields=["also_proposed_as", "notes"])
    duplicate.actions.update(topic=keep)
    duplicate.delete()
    return keep


def add_action(session, text: str, *, owner: str = "", topic=None) -> BoardAction:
    """Record a step the round agreed on (what, optionally who and for which topic)."""
    text = " ".join(text.split())
    if not text:
        raise BoardError("Bitte beschreiben Sie den vereinbarten Schritt.")
    if topic is not None and topic.session_id != session.pk:
        raise BoardError("Das Thema gehört zu einer anderen Runde.")
    return BoardAction.objects.create(
        session=session, topic=topic, text=text[:300], owner=" ".join(owner.split())[:120]
    )


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
    actions: list


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
        actions=list(session.board_actions.select_related("topic")),
    )


def board_state(session, registration=None, view: BoardView | None = None) -> dict:
    """What a board shows, as plain data, with a `version` that changes whenever it does.

    An open board polls this and redraws only when the version differs: new
    topics, dots, the topic under discussion with its timebox, notes, actions.
    """
    view = view or board_for(session, registration)

    def topic(t):
        return {
            "id": t.pk,
            "title": t.title,
            "votes": t.vote_count,
            "mine": t.pk in view.my_votes,
            "notes": t.notes,
            "also_proposed_as": t.also_proposed_as,
        }

    state = {
        "to_discuss": [topic(t) for t in view.to_discuss],
        "discussing": [topic(t) for t in view.discussing],
        "done": [topic(t) for t in view.done],
        "votes_left": view.votes_left,
        "timebox": (
            {
                "minutes": view.timebox.minutes,
                "ends_at": view.timebox.ends_at.isoformat(),
            }
            if view.timebox
            else None
        ),
        "actions": [{"text": a.text, "owner": a.owner, "topic": a.topic_id} for a in view.actions],
        "open": is_open_for_participants(session),
    }
    digest = hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()
    return {"version": digest[:16], **state}


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
            if topic.also_proposed_as:
                merged = "; ".join(_md(title) for title in topic.also_proposed_as)
                lines += [f"Auch vorgeschlagen als: {merged}", ""]
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
    lines += ["## Vereinbarte Schritte", ""]
    if not view.actions:
        lines += ["(keine)", ""]
    for action in view.actions:
        who = f" – {_md(action.owner)}" if action.owner else ""
        about = f" (zu: {_md(action.topic.title)})" if action.topic else ""
        lines.append(f"- {_md(action.text)}{who}{about}")
    return "\n".join(lines).rstrip() + "\n"

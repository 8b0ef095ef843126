"""Recurring sessions: dates from a rule, times in Berlin wall-clock time, stored in UTC.

A rule says "from date X, at 12:30–13:15, N times, every k weeks" or "on the
n-th weekday of each month". Each occurrence is built in Europe/Berlin local
time and only then converted, so 12:30 stays 12:30 across the change between
summer and winter time (the UTC time moves by an hour instead).
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.text import slugify

from .board import attach_pending_topics
from .models import Session

BERLIN = ZoneInfo("Europe/Berlin")
MAX_OCCURRENCES = 60


@dataclass(frozen=True)
class Rule:
    first_date: date
    start_time: time
    end_time: time
    count: int
    interval_weeks: int = 1
    # 1–4: the n-th weekday (the weekday of first_date) of each month; 5 = the last one.
    # None: every `interval_weeks` weeks.
    week_of_month: int | None = None

    def __post_init__(self):
        if not 1 <= self.count <= MAX_OCCURRENCES:
            raise ValueError(f"count must be between 1 and {MAX_OCCURRENCES}")
        if self.interval_weeks < 1:
            raise ValueError("interval_weeks must be at least 1")
        if self.week_of_month is not None and not 1 <= self.week_of_month <= 5:
            raise ValueError("week_of_month must be 1–5")
        if self.end_time <= self.start_time:
            raise ValueError("end_time must be after start_time")


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th `weekday` (0 = Monday) of a month; n = 5 means the last one."""
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    return days[-1] if n == 5 else days[n - 1]


def occurrence_dates(rule: Rule) -> list[date]:
    """The local calendar dates the rule produces, starting on or after `first_date`."""
    if rule.week_of_month is None:
        step = timedelta(weeks=rule.interval_weeks)
        return [rule.first_date + step * index for index in range(rule.count)]
    dates = []
    year, month = rule.first_date.year, rule.first_date.month
    weekday = rule.first_date.weekday()
    while len(dates) < rule.count:
        day = _nth_weekday(year, month, weekday, rule.week_of_month)
        if day >= rule.first_date:
            dates.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def local_span(day: date, start_time: time, end_time: time) -> tuple[datetime, datetime]:
    """Start and end of one occurrence as aware datetimes in Europe/Berlin."""
    return (
        datetime.combine(day, start_time, tzinfo=BERLIN),
        datetime.combine(day, end_time, tzinfo=BERLIN),
    )


def _free_slug(base: str) -> str:
    slug, suffix = base, 2
    while Session.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


@transaction.atomic
def generate_sessions(
    series,
    rule: Rule,
    *,
    title: str = "",
    capacity: int | None = None,
    host: str = "",
    room_url: str = "",
    registration_deadline_hours: int | None = None,
    is_demo: bool = False,
) -> list[Session]:
    """Create the sessions of `series` that `rule` describes and return them, oldest first.

    Dates that already have a session of this series are skipped, so running the
    same rule twice creates nothing new. For a circle format (WOL) the first
    session is the circle start and the others are its follow-up meetings;
    the audiences and fields of the series are copied to every new session.
    Topics proposed for the series' next round before it existed move onto the
    board of the new round they were meant for (board.attach_pending_topics).
    """
    kind = series.kind
    existing = {
        start.astimezone(BERLIN).date() for start in series.sessions.values_list("start", flat=True)
    }
    circle_start = series.sessions.filter(parent__isnull=True).order_by("start").first()
    audiences = list(series.audiences.all())
    topics = list(series.topics.all())
    created = []
    dates = occurrence_dates(rule)
    for number, day in enumerate(dates, start=1):
        if day in existing:
            continue
        start, end = local_span(day, rule.start_time, rule.end_time)
        label = title or series.title
        if kind.is_circle:
            label = f"{label} – Treffen {number} von {len(dates)}"
        session = Session(
            series=series,
            kind=kind,
            parent=circle_start if kind.is_circle else None,
            title=label,
            slug=_free_slug(slugify(f"{series.slug}-{day.isoformat()}")[:200]),
            description=series.description,
            start=start,
            end=end,
            capacity=capacity if capacity is not None else kind.default_capacity,
            host=host,
            room_url=room_url,
            registration_deadline=(
                start - timedelta(hours=registration_deadline_hours)
                if registration_deadline_hours
                else None
            ),
            is_demo=is_demo,
        )
        session.full_clean(exclude=["slug", "uid"])
        session.save()
        session.audiences.set(audiences)
        session.topics.set(topics)
        if kind.is_circle and circle_start is None:
            circle_start = session
        created.append(session)
    if created:
        attach_pending_topics(series)
    return created


def circle_rule(first_date: date, start_time: time, kind) -> Rule:
    """The rule of a circle format: `circle_meetings` weekly meetings of the usual length."""
    end = datetime.combine(first_date, start_time) + timedelta(
        minutes=kind.default_duration_minutes
    )
    return Rule(
        first_date=first_date,
        start_time=start_time,
        end_time=end.time(),
        count=kind.meetings_per_circle,
    )

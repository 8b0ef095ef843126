"""Demo sessions for `manage.py load_demo`: every format has upcoming dates.

The entries live in `demo_data/sessions.toml`, checked when this module is imported.
Relative to `today`: Kurzimpulse and Lean-Coffee rounds within the next eight
weeks, one Kurzimpuls nearly full, and two WOL circle starts (each with its
twelve weekly meetings). Idempotent: every row has a stable slug or demo
address and is updated in place; everything is marked `is_demo`. Demo
registrations are written directly (no e-mails go out) and use example.org.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

from kommune360.demo_data import (
    DemoDataError,
    check_choice,
    entries,
    entry,
    look_up,
    read_toml,
)
from offers.models import Audience, Gap, Topic

from .models import (
    BoardTopic,
    FormatKind,
    Registration,
    RegistrationStatus,
    Series,
    Session,
    SessionStatus,
)
from .recurrence import local_span
from .tokens import issue

DATA_FILE = Path(__file__).parent / "demo_data" / "sessions.toml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
TABLES = ("series", "sessions", "circle_starts", "people")


@dataclass(frozen=True, kw_only=True)
class DemoSettings:
    room_url: str
    nearly_full: str  # a session that gets demo registrations until one seat is left
    board_session: str  # a Lean-Coffee session that gets the board topics
    board_topics: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class DemoSeries:
    slug: str
    kind: str
    title: str
    description: str
    audiences: tuple[str, ...]
    topics: tuple[str, ...]
    gaps: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class DemoSession:
    slug: str
    series: str
    weekday: str
    weeks_later: int
    start: time
    end: time
    title: str
    host: str
    capacity: int

    def __post_init__(self):
        check_choice("weekday", self.weekday, WEEKDAYS)


@dataclass(frozen=True, kw_only=True)
class DemoCircleStart:
    """The first meeting of a circle; the series' kind says how many weekly meetings follow."""

    slug_prefix: str
    series: str
    weekday: str
    weeks_later: int
    start: time
    end: time
    title: str
    host: str

    def __post_init__(self):
        check_choice("weekday", self.weekday, WEEKDAYS)


@dataclass(frozen=True, kw_only=True)
class DemoPerson:
    name: str
    organisation: str
    municipality: str
    role: str  # an audience slug


def read_sessions(path: Path):
    """The checked entries of a sessions file: (settings, series, sessions, circle starts,
    people). What needs the database (kinds, vocabulary slugs) is checked by `load`."""
    data = read_toml(path)
    settings = entry(
        {key: value for key, value in data.items() if key not in TABLES},
        DemoSettings,
        what=path.name,
    )
    series = entries(data, "series", DemoSeries, what=f"{path.name}: Reihe")
    sessions = entries(data, "sessions", DemoSession, what=f"{path.name}: Termin")
    circle_starts = entries(
        data,
        "circle_starts",
        DemoCircleStart,
        what=f"{path.name}: Kreisstart",
        name_key="slug_prefix",
    )
    people = entries(data, "people", DemoPerson, what=f"{path.name}: Person", name_key="name")
    series_slugs = {spec.slug for spec in series}
    named = [(f"Termin „{s.slug}“", s) for s in sessions]
    named += [(f"Kreisstart „{s.slug_prefix}“", s) for s in circle_starts]
    for what, spec in named:
        if spec.series not in series_slugs:
            raise DemoDataError(
                f"{path.name}: {what}: Die Reihe „{spec.series}“ steht nicht unter [[series]]."
            )
    session_slugs = {spec.slug for spec in sessions}
    for key in ("nearly_full", "board_session"):
        if getattr(settings, key) not in session_slugs:
            raise DemoDataError(f"{path.name}: „{key}“ nennt keinen Termin unter [[sessions]].")
    return settings, series, sessions, circle_starts, people


SETTINGS, SERIES, SINGLE_SESSIONS, CIRCLE_STARTS, PEOPLE = read_sessions(DATA_FILE)
NEARLY_FULL = SETTINGS.nearly_full


def _upsert_series(spec, kinds, vocabularies):
    what = f"Reihe „{spec.slug}“"
    (kind,) = look_up(kinds, [spec.kind], what=what, label="Format")
    series, _ = Series.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "title": spec.title,
            "kind": kind,
            "description": spec.description,
            "is_demo": True,
        },
    )
    audiences, topics, gaps = vocabularies
    series.audiences.set(look_up(audiences, spec.audiences, what=what, label="Zielgruppe"))
    series.topics.set(look_up(topics, spec.topics, what=what, label="Themenfeld"))
    series.gaps.set(look_up(gaps, spec.gaps, what=what, label="Leerstelle"))
    return series


def _upsert_session(slug, series, day: date, start_time, end_time, **fields):
    start, end = local_span(day, start_time, end_time)
    session, _ = Session.objects.update_or_create(
        slug=slug,
        defaults={
            "series": series,
            "kind": series.kind,
            "start": start,
            "end": end,
            "room_url": SETTINGS.room_url,
            "status": SessionStatus.PLANNED,
            "registration_deadline": None,
            "is_demo": True,
            "description": series.description,
            **fields,
        },
    )
    session.audiences.set(series.audiences.all())
    session.topics.set(series.topics.all())
    return session


def _demo_registration(session, index, person, roles):
    email = f"demo.teilnahme{index + 1}@example.org"
    registration = Registration.objects.filter(session=session, email=email).first()
    if registration is None:
        registration = Registration(session=session, email=email)
        issue(registration)
    registration.name = f"{person.name} (Demo)"
    registration.organisation = person.organisation
    registration.municipality = person.municipality
    (registration.role,) = look_up(
        roles, [person.role], what=f"Person „{person.name}“", label="Rolle"
    )
    registration.status = RegistrationStatus.CONFIRMED
    registration.consent_at = registration.consent_at or session.created_at
    registration.confirmed_at = registration.confirmed_at or session.created_at
    registration.is_demo = True
    registration.save()
    return registration


def _next(today: date, weekday: int, weeks: int = 0) -> date:
    """The first `weekday` at least three days after `today`, plus `weeks` weeks."""
    earliest = today + timedelta(days=3)
    return earliest + timedelta(days=(weekday - earliest.weekday()) % 7, weeks=weeks)


def load(*, today, stdout) -> str:
    """Create or update the demo series and sessions; returns a one-line summary.

    An entry whose format or vocabulary slug is missing from the database stops the load
    with a `DemoDataError` naming it.
    """
    kinds = FormatKind.objects.in_bulk(field_name="slug")
    roles = Audience.objects.in_bulk(field_name="slug")
    vocabularies = (
        roles,
        Topic.objects.in_bulk(field_name="slug"),
        Gap.objects.in_bulk(field_name="slug"),
    )
    series = {spec.slug: _upsert_series(spec, kinds, vocabularies) for spec in SERIES}

    count = 0
    for spec in SINGLE_SESSIONS:
        _upsert_session(
            spec.slug,
            series[spec.series],
            _next(today, WEEKDAYS.index(spec.weekday), spec.weeks_later),
            spec.start,
            spec.end,
            title=spec.title,
            host=spec.host,
            capacity=spec.capacity,
            parent=None,
        )
        count += 1

    for spec in CIRCLE_STARTS:
        circle = series[spec.series]
        meetings = circle.kind.meetings_per_circle
        first = _next(today, WEEKDAYS.index(spec.weekday), spec.weeks_later)
        start_session = None
        for number in range(1, meetings + 1):
            extra = {}
            if start_session is None:
                # Registration closes early so the team has time to form the circles.
                extra["registration_deadline"] = local_span(
                    first - timedelta(days=3), spec.start, spec.end
                )[0]
            session = _upsert_session(
                f"{spec.slug_prefix}-treffen-{number}",
                circle,
                first + timedelta(weeks=number - 1),
                spec.start,
                spec.end,
                title=f"{spec.title} – Treffen {number} von {meetings}",
                host=spec.host,
                capacity=circle.kind.default_capacity * 2,
                parent=start_session,
                **extra,
            )
            start_session = start_session or session
            count += 1

    nearly_full = Session.objects.get(slug=SETTINGS.nearly_full)
    for index, person in enumerate(PEOPLE[: nearly_full.capacity - 1]):
        _demo_registration(nearly_full, index, person, roles)

    board_session = Session.objects.get(slug=SETTINGS.board_session)
    for title in SETTINGS.board_topics:
        BoardTopic.objects.get_or_create(session=board_session, title=title)

    stdout.write(
        f"  Formate: fast ausgebucht: {nearly_full.title} "
        f"({nearly_full.registrations.confirmed().count()} von {nearly_full.capacity} Plätzen)"
    )
    return f"{count} Demo-Termine in {len(series)} Reihen angelegt oder aktualisiert."

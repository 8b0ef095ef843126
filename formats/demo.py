"""Demo sessions for `manage.py load_demo`: every format has upcoming dates.

Relative to `today`: Kurzimpulse and Lean-Coffee rounds within the next eight
weeks, one Kurzimpuls nearly full, and two WOL circle starts (each with its
twelve weekly meetings). Idempotent: every row has a stable slug or demo
address and is updated in place; everything is marked `is_demo`. Demo
registrations are written directly (no e-mails go out) and use example.org.
"""

from datetime import date, time, timedelta

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

ROOM = "https://raum.kommune360.example/demo"

SERIES = {
    "demo-kurzimpulsreihe": {
        "kind": FormatKind.SHORT_TALK,
        "title": "Kurzimpulsreihe für kommunale Führungskräfte (Demo)",
        "description": "Kompakte Inputs in der Mittagspause: Eine Expertin oder ein Experte "
        "bringt ein Steuerungsthema auf den Punkt, danach tauschen wir uns aus.",
        "audiences": ["fuehrungskraefte", "kommunalpolitiker-innen"],
        "topics": ["veraenderungsmanagement", "netzwerkarbeit"],
        "gaps": ["digital-niedrigschwellig", "veraenderung-gestalten"],
    },
    "demo-lean-coffee": {
        "kind": FormatKind.LEAN_COFFEE,
        "title": "Lean Coffee: Integriert arbeiten im Alltag (Demo)",
        "description": "Offene Runde für alle, die ressortübergreifend arbeiten – die Themen "
        "bringen die Teilnehmenden mit.",
        "audiences": [],
        "topics": ["integrierte-planung-sozialraum", "beteiligung"],
        "gaps": ["digital-niedrigschwellig", "interdisziplinaer-lernen"],
    },
    "demo-wol-circle": {
        "kind": FormatKind.WOL_CIRCLE,
        "title": "WOL-Circle für kommunale Gestalter:innen (Demo)",
        "description": "Zwölf Wochen, ein eigenes Ziel, vier Mitstreiter:innen aus anderen "
        "Kommunen und Aufgaben.",
        "audiences": [],
        "topics": ["personalentwicklung", "innovative-methoden"],
        "gaps": ["digital-niedrigschwellig", "interdisziplinaer-lernen"],
    },
}

# (slug, series, (weekday, weeks later), start, end, title, host, capacity); weekday 0 = Monday
TUESDAY, THURSDAY, MONDAY = 1, 3, 0
SINGLE_SESSIONS = [
    (
        "demo-kurzimpuls-netzwerke-steuern",
        "demo-kurzimpulsreihe",
        (TUESDAY, 0),
        time(12, 30),
        time(13, 15),
        "Netzwerke steuern ohne Weisungsbefugnis",
        "Dr. Miriam Beispiel (Demo)",
        12,
    ),
    (
        "demo-kurzimpuls-beteiligung-planen",
        "demo-kurzimpulsreihe",
        (TUESDAY, 2),
        time(12, 30),
        time(13, 15),
        "Beteiligung planen, bevor sie gebraucht wird",
        "Jonas Muster (Demo)",
        30,
    ),
    (
        "demo-kurzimpuls-agil-im-amt",
        "demo-kurzimpulsreihe",
        (TUESDAY, 4),
        time(12, 30),
        time(13, 15),
        "Agile Methoden im Amt – was trägt, was nicht?",
        "Prof. Dr. Aylin Probe (Demo)",
        30,
    ),
    (
        "demo-lean-coffee-runde-1",
        "demo-lean-coffee",
        (THURSDAY, 0),
        time(16, 0),
        time(17, 0),
        "Lean-Coffee-Runde: Was bewegt Sie gerade?",
        "Kommune-360°-Team (Demo)",
        12,
    ),
    (
        "demo-lean-coffee-runde-2",
        "demo-lean-coffee",
        (THURSDAY, 4),
        time(16, 0),
        time(17, 0),
        "Lean-Coffee-Runde: Zusammenarbeit über Ressortgrenzen",
        "Kommune-360°-Team (Demo)",
        12,
    ),
]

# (slug prefix, weeks after the first possible Monday, title)
CIRCLE_STARTS = [
    ("demo-wol-kreis-a", 1, "WOL-Circle Kreisstart A"),
    ("demo-wol-kreis-b", 5, "WOL-Circle Kreisstart B"),
]

NEARLY_FULL = "demo-kurzimpuls-netzwerke-steuern"

# Demo participants: (name, organisation, municipality, role slug)
PEOPLE = [
    ("Alex Beispiel", "Jugendamt", "Stadt Musterstadt", "fuehrungskraefte"),
    ("Bea Probe", "Sozialamt", "Kreis Beispielland", "fuehrungskraefte"),
    ("Can Muster", "Bürgermeisteramt", "Gemeinde Vorbild", "kommunalpolitiker-innen"),
    ("Dana Demo", "Amt für Schule", "Stadt Exempel", "fuehrungskraefte"),
    ("Eli Test", "Büro Sozialplanung", "Stadt Musterstadt", "planungskraefte"),
    ("Fatma Fiktiv", "Gesundheitsamt", "Kreis Probeland", "fuehrungskraefte"),
    ("Gero Gedacht", "Stadtrat", "Stadt Beispielhausen", "kommunalpolitiker-innen"),
    (
        "Hana Hypothese",
        "Netzwerkbüro Frühe Hilfen",
        "Kreis Beispielland",
        "netzwerkkoordinator-innen",
    ),
    ("Ivo Illustration", "Dezernat Bildung", "Stadt Exempel", "fuehrungskraefte"),
    ("Jule Jedermann", "Stabsstelle Integration", "Gemeinde Vorbild", "fuehrungskraefte"),
    ("Kai Kopie", "Amt für Jugend und Familie", "Stadt Probstadt", "fuehrungskraefte"),
]

BOARD_TOPICS = [
    "Wie gewinnen wir die Politik für eine integrierte Sozialplanung?",
    "Fortbildung genehmigt bekommen: Was hat bei Ihnen geholfen?",
    "Daten teilen zwischen Ämtern – wer darf was?",
]


def _upsert_series(slug, spec, kinds):
    series, _ = Series.objects.update_or_create(
        slug=slug,
        defaults={
            "title": spec["title"],
            "kind": kinds[spec["kind"]],
            "description": spec["description"],
            "is_demo": True,
        },
    )
    series.audiences.set(Audience.objects.filter(slug__in=spec["audiences"]))
    series.topics.set(Topic.objects.filter(slug__in=spec["topics"]))
    series.gaps.set(Gap.objects.filter(slug__in=spec["gaps"]))
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
            "room_url": ROOM,
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
    name, organisation, municipality, role = person
    email = f"demo.teilnahme{index + 1}@example.org"
    registration = Registration.objects.filter(session=session, email=email).first()
    if registration is None:
        registration = Registration(session=session, email=email)
        issue(registration)
    registration.name = f"{name} (Demo)"
    registration.organisation = organisation
    registration.municipality = municipality
    registration.role = roles[role]
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
    kinds = {kind.slug: kind for kind in FormatKind.objects.all()}
    roles = {audience.slug: audience for audience in Audience.objects.all()}
    series = {slug: _upsert_series(slug, spec, kinds) for slug, spec in SERIES.items()}

    count = 0
    for slug, series_slug, (weekday, weeks), start, end, title, host, capacity in SINGLE_SESSIONS:
        _upsert_session(
            slug,
            series[series_slug],
            _next(today, weekday, weeks),
            start,
            end,
            title=title,
            host=host,
            capacity=capacity,
            parent=None,
        )
        count += 1

    wol = series["demo-wol-circle"]
    meetings = wol.kind.circle_meetings or 12
    for prefix, weeks, title in CIRCLE_STARTS:
        first = _next(today, MONDAY, weeks)
        start_session = None
        for number in range(1, meetings + 1):
            extra = {}
            if start_session is None:
                # Registration closes early so the team has time to form the circles.
                extra["registration_deadline"] = local_span(
                    first - timedelta(days=3), time(8, 0), time(9, 0)
                )[0]
            session = _upsert_session(
                f"{prefix}-treffen-{number}",
                wol,
                first + timedelta(weeks=number - 1),
                time(8, 0),
                time(9, 0),
                title=f"{title} – Treffen {number} von {meetings}",
                host="Kommune-360°-Team (Demo)",
                capacity=wol.kind.default_capacity * 2,
                parent=start_session,
                **extra,
            )
            start_session = start_session or session
            count += 1

    nearly_full = Session.objects.get(slug=NEARLY_FULL)
    for index, person in enumerate(PEOPLE[: nearly_full.capacity - 1]):
        _demo_registration(nearly_full, index, person, roles)

    board_session = Session.objects.get(slug="demo-lean-coffee-runde-1")
    for title in BOARD_TOPICS:
        BoardTopic.objects.get_or_create(session=board_session, title=title)

    stdout.write(
        f"  Formate: fast ausgebucht: {nearly_full.title} "
        f"({nearly_full.registrations.confirmed().count()} von {nearly_full.capacity} Plätzen)"
    )
    return f"{count} Demo-Termine in {len(series)} Reihen angelegt oder aktualisiert."

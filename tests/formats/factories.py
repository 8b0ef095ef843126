"""Test data for the formats app: factories and small helpers."""

from datetime import timedelta
from importlib import import_module

import factory
from django.apps import apps
from django.utils import timezone

from formats import tokens
from formats.models import FormatKind, Registration, RegistrationStatus, Series, Session
from offers.models import Audience

SEED_MIGRATIONS = (
    "offers.migrations.0002_seed_vocabularies",
    "formats.migrations.0002_seed_format_kinds",
    "formats.migrations.0008_short_talks_ask_feedback",
)


def ensure_seeded():
    """Seed audiences, fields and format kinds again after a transactional test's flush.

    (Serialized rollback does not restore them under pytest-playwright: its event
    loop in the test thread makes Django hand out a different connection object.)
    """
    for path in SEED_MIGRATIONS:
        import_module(path).seed(apps, None)


def kind(slug=FormatKind.SHORT_TALK) -> FormatKind:
    """One of the three seeded kinds (the data migration creates them)."""
    return FormatKind.objects.get(slug=slug)


def audience(slug="fuehrungskraefte") -> Audience:
    return Audience.objects.get(slug=slug)


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    title = factory.Sequence(lambda n: f"Reihe {n}")
    slug = factory.Sequence(lambda n: f"reihe-{n}")
    kind = factory.LazyFunction(kind)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    kind = factory.LazyFunction(kind)
    title = factory.Sequence(lambda n: f"Kurzimpuls Nummer {n}")
    slug = factory.Sequence(lambda n: f"termin-{n}")
    description = "Worum es geht, in zwei Sätzen."
    start = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    )
    end = factory.LazyAttribute(lambda o: o.start + timedelta(minutes=45))
    capacity = 5
    host = "Dr. Beispiel"
    room_url = "https://raum.example.org/geheim-123"


def person(n=0, role="fuehrungskraefte", **overrides) -> dict:
    """The data `services.register` expects for one person."""
    data = {
        "name": f"Person {n}",
        "email": f"person{n}@example.org",
        "organisation": f"Amt {n}",
        "municipality": f"Stadt {n}",
        "role": audience(role),
        "note": "",
    }
    data.update(overrides)
    return data


def make_registration(session, n=0, status=RegistrationStatus.CONFIRMED, **overrides):
    """A registration written directly (bypassing the service), for reads and admin tests."""
    data = person(n, **{k: v for k, v in overrides.items() if k == "role"})
    data.update({k: v for k, v in overrides.items() if k != "role"})
    registration = Registration(
        session=session,
        status=status,
        consent_at=timezone.now(),
        confirmed_at=timezone.now() if status == RegistrationStatus.CONFIRMED else None,
        **data,
    )
    token = tokens.issue(registration)
    registration.save()
    registration.plain_token = token
    return registration

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from formats import demo, privacy, services
from formats.models import BoardTopic, FormatKind, Registration, RegistrationStatus, Session

from .factories import SessionFactory, make_registration, person

pytestmark = pytest.mark.django_db


def load_twice():
    today = timezone.localdate()
    demo.load(today=today, stdout=StringIO())
    counts = (Session.objects.count(), Registration.objects.count(), BoardTopic.objects.count())
    summary = demo.load(today=today, stdout=StringIO())
    return counts, summary


def test_demo_load_twice_is_idempotent():
    counts, summary = load_twice()
    assert counts == (
        Session.objects.count(),
        Registration.objects.count(),
        BoardTopic.objects.count(),
    )
    assert "Demo-Termine" in summary


def test_demo_every_format_has_two_upcoming_listed_sessions_within_eight_weeks():
    load_twice()
    now = timezone.now()
    horizon = now + timedelta(weeks=8)
    for slug in (FormatKind.LEAN_COFFEE, FormatKind.WOL_CIRCLE, FormatKind.SHORT_TALK):
        upcoming = Session.objects.listed().filter(
            kind__slug=slug, start__gt=now, start__lt=horizon
        )
        assert upcoming.count() >= 2, slug
    assert not Session.objects.filter(is_demo=False).exists()
    assert not Registration.objects.filter(is_demo=False).exists()


def test_demo_next_day_moves_dates_without_duplicates_and_keeps_weekdays():
    today = timezone.localdate()
    demo.load(today=today, stdout=StringIO())
    before = Session.objects.count()
    demo.load(today=today + timedelta(days=1), stdout=StringIO())
    assert Session.objects.count() == before
    assert all(timezone.localtime(s.start).weekday() < 5 for s in Session.objects.all())


def test_demo_one_short_talk_nearly_full_with_example_addresses():
    load_twice()
    session = Session.objects.with_seats().get(slug=demo.NEARLY_FULL)
    assert session.seats_left == 1
    assert all(
        email.endswith("@example.org")
        for email in session.registrations.values_list("email", flat=True)
    )


def test_demo_wol_circle_start_has_twelve_meetings():
    load_twice()
    start = Session.objects.get(slug="demo-wol-kreis-a-treffen-1")
    assert start.parent is None
    assert start.follow_ups.count() == 11


def test_demo_via_load_demo_command_runs():
    out = StringIO()
    call_command("load_demo", "--only", "formats", stdout=out)
    assert "formats:" in out.getvalue()


def test_privacy_export_lists_registrations_of_that_address_only():
    session = SessionFactory(title="Datenschutz")
    make_registration(session, 1, email="Anna@Example.org", note="Bitte Untertitel")
    make_registration(session, 2, email="other@example.org")
    data = privacy.export_for_email("anna@example.org")
    (entry,) = data["anmeldungen"]
    assert entry["termin"] == "Datenschutz"
    assert entry["anmerkung"] == "Bitte Untertitel"
    assert entry["email"] == "Anna@Example.org"
    assert entry["einwilligung_am"]


def test_privacy_erase_anonymises_cancels_and_promotes():
    session = SessionFactory(capacity=1)
    anna = services.register(session, person(1, email="anna@example.org")).registrations[0]
    waiting = services.register(session, person(2)).registrations[0]
    old_hash = anna.token_hash
    assert privacy.erase_for_email("ANNA@example.org") == 1
    anna.refresh_from_db()
    waiting.refresh_from_db()
    assert anna.status == RegistrationStatus.CANCELLED
    assert anna.name == "gelöscht"
    assert "anna" not in anna.email
    assert (anna.organisation, anna.municipality, anna.note) == ("", "", "")
    assert anna.token_hash != old_hash
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert privacy.export_for_email("anna@example.org") == {"anmeldungen": []}


def test_privacy_erase_unknown_address_changes_nothing():
    make_registration(SessionFactory(), 1)
    assert privacy.erase_for_email("nobody@example.org") == 0

"""Retention of registrations (FORMATS_RETENTION_MONTHS): anonymised after the session."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from formats import privacy, retention, services
from formats.models import (
    BoardTopic,
    BoardVote,
    Circle,
    FormatKind,
    Registration,
    RegistrationStatus,
    Session,
)
from kommune360.retention import months_before

from .factories import SessionFactory, kind, make_registration, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def six_months(settings):
    settings.FORMATS_RETENTION_MONTHS = 6


def session_ended(months, **kwargs):
    """A session that ended `months` calendar months ago (plus an hour)."""
    end = months_before(timezone.now(), months) - timedelta(hours=1)
    return SessionFactory(start=end - timedelta(minutes=45), end=end, **kwargs)


def assert_anonymised(registration):
    registration.refresh_from_db()
    assert registration.name == privacy.ERASED_NAME
    assert registration.email.endswith("@geloescht.invalid")
    assert (registration.organisation, registration.municipality, registration.note) == (
        "",
        "",
        "",
    )


def test_retention_past_session_anonymised_and_seat_counts_kept():
    session = session_ended(7, capacity=3)
    confirmed = [make_registration(session, n, note="Bitte mit Untertiteln") for n in (1, 2)]
    waiting = make_registration(session, 3, status=RegistrationStatus.WAITING)
    cancelled = make_registration(session, 4, status=RegistrationStatus.CANCELLED)
    old_hash = confirmed[0].token_hash
    before = Session.objects.with_seats().get(pk=session.pk)
    report = retention.purge_personal_data()
    assert report.registrations == 4
    for registration in [*confirmed, waiting, cancelled]:
        assert_anonymised(registration)
    after = Session.objects.with_seats().get(pk=session.pk)
    assert (
        (after.confirmed_count, after.waiting_count)
        == (
            before.confirmed_count,
            before.waiting_count,
        )
        == (2, 1)
    )
    kept = Registration.objects.get(pk=confirmed[0].pk)
    assert kept.role.slug == "fuehrungskraefte" and kept.status == RegistrationStatus.CONFIRMED
    assert kept.token_hash != old_hash
    assert services.find_by_token(confirmed[0].plain_token) is None
    stored = json.dumps(list(Registration.objects.values()), default=str)
    assert "person1@example.org" not in stored and "Amt 1" not in stored


def test_retention_within_period_and_future_sessions_untouched():
    recent = session_ended(5)
    future = SessionFactory()
    old_people = make_registration(recent, 1)
    coming = services.register(future, person(2)).registrations[0]
    assert coming.status == RegistrationStatus.CONFIRMED
    assert retention.purge_personal_data().total == 0
    for registration in (old_people, coming):
        registration.refresh_from_db()
        assert "@example.org" in registration.email and registration.name.startswith("Person")
    assert Session.objects.with_seats().get(pk=future.pk).confirmed_count == 1


def test_retention_circle_counts_from_last_meeting():
    start = session_ended(9, kind=kind(FormatKind.WOL_CIRCLE), capacity=10)
    last = SessionFactory(
        kind=start.kind,
        parent=start,
        start=months_before(timezone.now(), 4),
        end=months_before(timezone.now(), 4) + timedelta(hours=1),
    )
    circle = Circle.objects.create(session=start, name="Kreis A", note="Anna kommt später")
    member = make_registration(start, 1, circle=circle)
    assert retention.purge_personal_data().total == 0
    member.refresh_from_db()
    assert member.name == "Person 1"
    # Eight months later the last meeting is more than six months ago too.
    later = timezone.now() + timedelta(days=240)
    assert last.end < months_before(later, 6)
    report = retention.purge_personal_data(now=later)
    assert (report.registrations, report.circle_notes) == (1, 1)
    assert_anonymised(member)
    circle.refresh_from_db()
    assert circle.note == "" and circle.members.get() == member


def test_retention_tandem_and_board_entries():
    session = session_ended(8, kind=kind(FormatKind.LEAN_COFFEE), capacity=6)
    first = make_registration(session, 1)
    second = make_registration(session, 2, role="netzwerkkoordinator-innen")
    first.tandem_partner, second.tandem_partner = second, first
    first.save()
    second.save()
    topic = BoardTopic.objects.create(session=session, title="Offene Daten", proposed_by=first)
    BoardVote.objects.create(topic=topic, registration=second)
    assert retention.purge_personal_data().registrations == 2
    assert_anonymised(first)
    assert_anonymised(second)
    assert first.tandem_partner_id == second.pk
    topic.refresh_from_db()
    assert topic.title == "Offene Daten" and topic.proposed_by_id == first.pk
    assert topic.votes.count() == 1


def test_retention_dry_run_changes_nothing():
    session = session_ended(7)
    registration = make_registration(session, 1)
    Circle.objects.create(session=session, name="K", note="Notiz")
    before = json.dumps(
        [list(Registration.objects.values()), list(Circle.objects.values())], default=str
    )
    report = retention.purge_personal_data(dry_run=True)
    assert (report.registrations, report.circle_notes) == (1, 1)
    after = json.dumps(
        [list(Registration.objects.values()), list(Circle.objects.values())], default=str
    )
    assert after == before
    registration.refresh_from_db()
    assert registration.email == "person1@example.org"


def test_retention_second_run_changes_nothing():
    session = session_ended(7)
    make_registration(session, 1)
    make_registration(session, 2, status=RegistrationStatus.CANCELLED)
    assert retention.purge_personal_data().registrations == 2
    first = json.dumps(list(Registration.objects.values()), default=str)
    assert retention.purge_personal_data().total == 0
    assert json.dumps(list(Registration.objects.values()), default=str) == first


def test_retention_erased_registrations_are_not_counted_again():
    session = session_ended(7)
    make_registration(session, 1, email="weg@example.org")
    make_registration(session, 2)
    assert privacy.erase_for_email("weg@example.org") == 1
    assert retention.purge_personal_data().registrations == 1


def test_retention_setting_is_used(settings):
    make_registration(session_ended(4), 1)
    assert retention.purge_personal_data(dry_run=True).total == 0
    settings.FORMATS_RETENTION_MONTHS = 3
    assert retention.purge_personal_data(dry_run=True).registrations == 1


def test_retention_circle_start_without_follow_ups_counts_from_its_twelfth_week():
    # A circle start with no follow-up sessions (its circles meet at their own weekly
    # time): the circles' last meeting is eleven weeks after the start, so seven months
    # after the start only about four have passed since then.
    start = session_ended(7, kind=kind(FormatKind.WOL_CIRCLE), capacity=10)
    circle = Circle.objects.create(
        session=start, name="Kreis 1", weekday=3, start_time=start.start.time(), theme="Daten"
    )
    member = make_registration(start, 1, circle=circle)
    last_meeting = circle.weekly_meetings()[-1]
    assert last_meeting.end > months_before(timezone.now(), 6)
    assert retention.purge_personal_data().total == 0
    member.refresh_from_db()
    assert member.name == "Person 1"
    # Once six months have passed since that last meeting, the data goes.
    later = last_meeting.end + timedelta(days=190)
    report = retention.purge_personal_data(now=later)
    assert (report.registrations, report.circle_notes) == (1, 1)
    assert_anonymised(member)
    circle.refresh_from_db()
    assert circle.theme == ""


def test_retention_circle_start_purged_no_earlier_than_needed():
    # Not kept for ever: once the last possible meeting is six months past, it goes,
    # while a Kurzimpuls that ended on the same day went long before.
    start = session_ended(10, kind=kind(FormatKind.WOL_CIRCLE), capacity=10)
    talk = session_ended(10)
    member = make_registration(start, 1)
    listener = make_registration(talk, 2)
    assert retention.purge_personal_data().registrations == 2
    assert_anonymised(member)
    assert_anonymised(listener)


@pytest.mark.parametrize("offset", range(7))
def test_retention_circle_at_any_weekday_kept_until_its_last_meeting(monkeypatch, offset):
    start = session_ended(9, kind=kind(FormatKind.WOL_CIRCLE), capacity=10)
    local = timezone.localtime(start.start)
    circle = Circle.objects.create(
        session=start,
        name="Kreis 1",
        weekday=(local.weekday() + offset) % 7,
        start_time=local.time(),
    )
    member = make_registration(start, 1, circle=circle)
    last = circle.weekly_meetings()[-1]
    monkeypatch.setattr(retention, "cutoff", lambda now=None: last.end - timedelta(minutes=1))
    assert not retention.expired_registrations().exists()
    monkeypatch.setattr(retention, "cutoff", lambda now=None: last.end + timedelta(days=7))
    assert list(retention.expired_registrations()) == [member]


def test_retention_clears_who_takes_care_of_an_agreed_step_after_the_period():
    from formats.models import BoardAction

    old = session_ended(8, kind=kind(FormatKind.LEAN_COFFEE))
    recent = session_ended(2, kind=kind(FormatKind.LEAN_COFFEE))
    expired = BoardAction.objects.create(session=old, text="Vorlage teilen", owner="Frau Yilmaz")
    kept = BoardAction.objects.create(session=recent, text="Termin finden", owner="Herr Berg")
    assert retention.purge_personal_data(dry_run=True).action_owners == 1
    expired.refresh_from_db()
    assert expired.owner == "Frau Yilmaz"
    report = retention.purge_personal_data()
    assert report.action_owners == 1 and report.total >= 1
    expired.refresh_from_db()
    kept.refresh_from_db()
    assert (expired.text, expired.owner) == ("Vorlage teilen", "")
    assert kept.owner == "Herr Berg"
    assert retention.purge_personal_data().action_owners == 0


def test_purge_command_reports_cleared_action_owners():
    import io

    from django.core.management import call_command

    from formats.models import BoardAction

    old = session_ended(8, kind=kind(FormatKind.LEAN_COFFEE))
    BoardAction.objects.create(session=old, text="Vorlage teilen", owner="Frau Yilmaz")
    out = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "bei 1 vereinbarten Schritt aus Lean-Coffee-Runden" in out.getvalue()

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from formats.models import FormatKind, RegistrationStatus, Session, SessionStatus

from .factories import SeriesFactory, SessionFactory, kind, make_registration

pytestmark = pytest.mark.django_db


def test_format_kinds_seeded_with_defaults():
    kinds = {k.slug: k for k in FormatKind.objects.all()}
    assert set(kinds) == {"lean-coffee", "wol-circle", "kurzimpuls"}
    assert kinds["lean-coffee"].has_board
    assert kinds["wol-circle"].circle_size == 5
    assert kinds["wol-circle"].circle_meetings == 12
    assert kinds["wol-circle"].guide_url.startswith("https://workingoutloud.com/")
    assert kinds["kurzimpuls"].default_duration_minutes <= 45


def test_session_sequence_change_of_time_increases():
    session = SessionFactory()
    assert session.sequence == 0
    session = Session.objects.get(pk=session.pk)
    session.start += timedelta(hours=1)
    session.end += timedelta(hours=1)
    session.save()
    assert Session.objects.get(pk=session.pk).sequence == 1


def test_session_sequence_unrelated_change_stays():
    session = Session.objects.get(pk=SessionFactory().pk)
    session.capacity = 99
    session.is_demo = True
    session.save()
    assert Session.objects.get(pk=session.pk).sequence == 0


def test_session_sequence_with_update_fields_is_saved():
    session = Session.objects.get(pk=SessionFactory().pk)
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])
    assert Session.objects.get(pk=session.pk).sequence == 1
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])
    assert Session.objects.get(pk=session.pk).sequence == 1


def test_session_uid_stable_across_saves():
    session = SessionFactory()
    uid = session.uid
    session.title = "Neuer Titel"
    session.save()
    assert Session.objects.get(pk=session.pk).uid == uid
    assert uid.endswith("@kommune360")


def test_session_clean_end_before_start_rejected():
    session = SessionFactory.build(kind=kind())
    session.end = session.start - timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "end" in error.value.message_dict


def test_session_clean_kind_other_than_series_rejected():
    series = SeriesFactory(kind=kind(FormatKind.LEAN_COFFEE))
    session = SessionFactory.build(series=series, kind=kind(FormatKind.SHORT_TALK))
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "kind" in error.value.message_dict


def test_session_database_rejects_end_before_start():
    session = SessionFactory()
    with pytest.raises(IntegrityError):
        Session.objects.filter(pk=session.pk).update(end=session.start)


def test_registration_constraint_same_email_other_case_rejected():
    session = SessionFactory()
    make_registration(session, 1, email="Anna@Example.org")
    with pytest.raises(IntegrityError):
        make_registration(session, 2, email="anna@example.ORG")


def test_registration_constraint_cancelled_one_does_not_block():
    session = SessionFactory()
    make_registration(session, 1, email="anna@example.org", status=RegistrationStatus.CANCELLED)
    make_registration(session, 2, email="anna@example.org")
    assert session.registrations.count() == 2


def test_session_seats_with_annotation_match_counts():
    session = SessionFactory(capacity=3)
    make_registration(session, 1)
    make_registration(session, 2, status=RegistrationStatus.WAITING)
    make_registration(session, 3, status=RegistrationStatus.CANCELLED)
    annotated = Session.objects.with_seats().get(pk=session.pk)
    assert (annotated.seats_taken, annotated.waiting, annotated.seats_left) == (1, 1, 2)
    assert (session.seats_taken, session.waiting, session.seats_left) == (1, 1, 2)

"""No overbooking under concurrency: real threads against a real PostgreSQL server."""

import threading

import pytest
from django.core import mail
from django.db import connection

from formats import services
from formats.models import Registration, RegistrationStatus

from .factories import SessionFactory, ensure_seeded, person

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
S = RegistrationStatus


@pytest.fixture(autouse=True)
def _require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL to a PostgreSQL server)")


@pytest.fixture(autouse=True)
def _seeded(_require_postgresql):
    ensure_seeded()


def run_at_once(count, work):
    """Run work(i) for i in range(count), all threads released together; return errors."""
    barrier = threading.Barrier(count)
    errors = []

    def runner(index):
        try:
            barrier.wait(timeout=30)
            work(index)
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def test_register_fifty_at_once_for_five_seats_confirms_exactly_five():
    session = SessionFactory(capacity=5, waiting_list_limit=45)
    errors = run_at_once(50, lambda i: services.register(session, person(i)))
    assert errors == []
    statuses = list(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count(S.CONFIRMED) == 5
    assert statuses.count(S.WAITING) == 45
    assert len(mail.outbox) == 50


def test_register_twenty_tandems_at_once_never_split_a_tandem():
    session = SessionFactory(capacity=5, waiting_list_limit=36)
    errors = run_at_once(
        20,
        lambda i: services.register(
            session,
            person(2 * i),
            tandem_partner=person(2 * i + 1, role="netzwerkkoordinator-innen"),
        ),
    )
    assert errors == []
    registrations = list(Registration.objects.filter(session=session))
    confirmed = [r for r in registrations if r.status == S.CONFIRMED]
    assert len(confirmed) == 4
    assert len(registrations) - len(confirmed) == 36
    for registration in registrations:
        partner = next(r for r in registrations if r.pk == registration.tandem_partner_id)
        assert partner.status == registration.status


def test_register_same_email_at_once_only_one_registration():
    session = SessionFactory(capacity=5)
    errors = run_at_once(10, lambda i: services.register(session, person(1)))
    assert Registration.objects.filter(session=session).count() == 1
    assert len(errors) == 9
    assert all(isinstance(error, services.AlreadyRegistered) for error in errors)


def test_cancel_and_register_at_once_never_overbook():
    session = SessionFactory(capacity=5, waiting_list_limit=25)
    first_five = [services.register(session, person(i)).registrations[0] for i in range(5)]
    waiting = [services.register(session, person(100 + i)).registrations[0] for i in range(5)]

    def work(index):
        if index < 5:
            services.cancel(first_five[index])
        else:
            services.register(session, person(200 + index))

    assert run_at_once(25, work) == []
    confirmed = Registration.objects.filter(session=session, status=S.CONFIRMED)
    assert confirmed.count() == 5
    # The five who waited first got the freed seats; newcomers queued behind them.
    assert set(confirmed.values_list("pk", flat=True)) == {r.pk for r in waiting}


def test_register_thirty_at_once_never_overfill_the_waiting_list():
    session = SessionFactory(capacity=2, waiting_list_limit=5)
    errors = run_at_once(30, lambda i: services.register(session, person(i)))
    assert len(errors) == 23
    assert all(isinstance(error, services.WaitingListFull) for error in errors)
    statuses = list(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count(S.CONFIRMED) == 2
    assert statuses.count(S.WAITING) == 5


def test_join_circle_ten_at_once_fills_the_circle_exactly():
    from datetime import time

    from formats import circles
    from formats.models import FormatKind

    from .factories import kind

    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), capacity=30)
    starter = services.register(session, person(100)).registrations[0]
    circle = circles.start_circle(starter, weekday=1, start_time=time(12), theme="")
    circles.release_circle(circle)
    errors = run_at_once(10, lambda i: services.register(session, person(i), join_circle=circle))
    assert len(errors) == 6
    assert all(isinstance(error, services.CircleUnavailable) for error in errors)
    assert circle.members.count() == 5
    # A refused join saves nothing: no registration without its circle.
    assert Registration.objects.filter(session=session).count() == 5

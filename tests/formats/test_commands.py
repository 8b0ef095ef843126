from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from formats.models import Registration, RegistrationStatus

from .factories import SessionFactory, make_registration

pytestmark = pytest.mark.django_db


def soon_session(**kwargs):
    now = timezone.now()
    return SessionFactory(start=now + timedelta(hours=10), end=now + timedelta(hours=11), **kwargs)


def test_send_reminders_twice_sends_once():
    session = soon_session()
    registration = make_registration(session, 1)
    Registration.objects.filter(pk=registration.pk).update(
        confirmed_at=timezone.now() - timedelta(days=3)
    )
    out = StringIO()
    call_command("send_reminders", stdout=out)
    call_command("send_reminders", stdout=out)
    assert len(mail.outbox) == 1
    assert "1 Erinnerung(en)" in out.getvalue()
    assert "0 Erinnerung(en)" in out.getvalue()


def test_send_reminders_bad_hours_refused():
    err = StringIO()
    call_command("send_reminders", "--hours", "0", stderr=err, stdout=StringIO())
    assert "mindestens 1" in err.getvalue()


def test_promote_waiting_lists_fills_raised_capacity():
    session = SessionFactory(capacity=1)
    make_registration(session, 1)
    waiting = make_registration(session, 2, status=RegistrationStatus.WAITING)
    session.capacity = 2
    session.save()
    out = StringIO()
    call_command("promote_waiting_lists", stdout=out)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert "1 Person(en)" in out.getvalue()
    assert "nachgerückt" in mail.outbox[0].subject

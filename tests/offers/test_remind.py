"""manage.py remind_stale_offers: one reminder per offer and valid-until date."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kommune360 import mail as kommune360_mail
from offers.models import Offer, OfferEditLink, OfferReminder, OfferStatus

from .factories import OfferFactory
from .submission_helpers import edit_path_from, submit_offer

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def remind(*args):
    out, err = StringIO(), StringIO()
    call_command("remind_stale_offers", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_remind_mails_offers_expiring_within_30_days_only():
    due_today = OfferFactory(title="Heute", valid_until=in_days(0), contact_email="a@example.org")
    due_last = OfferFactory(title="In 30", valid_until=in_days(30), contact_email="b@example.org")
    OfferFactory(title="In 31", valid_until=in_days(31), contact_email="c@example.org")
    OfferFactory(title="Gestern", valid_until=in_days(-1), contact_email="d@example.org")
    OfferFactory(title="Unbefristet", valid_until=None, contact_email="e@example.org")
    OfferFactory(
        title="Eingereicht",
        status=OfferStatus.SUBMITTED,
        valid_until=in_days(5),
        contact_email="f@example.org",
    )
    out, _ = remind()
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    assert "2 Erinnerung(en) verschickt." in out
    assert set(OfferReminder.objects.values_list("offer_id", flat=True)) == {
        due_today.pk,
        due_last.pk,
    }


def test_remind_rerun_sends_nothing_new():
    OfferFactory(valid_until=in_days(10), contact_email="a@example.org")
    remind()
    remind()
    assert len(mail.outbox) == 1
    assert OfferReminder.objects.count() == 1


def test_remind_new_valid_until_starts_a_new_period():
    offer = OfferFactory(valid_until=in_days(10), contact_email="a@example.org")
    remind()
    Offer.objects.filter(pk=offer.pk).update(valid_until=in_days(20))
    remind()
    remind()
    assert len(mail.outbox) == 2
    assert sorted(OfferReminder.objects.values_list("valid_until", flat=True)) == [
        in_days(10),
        in_days(20),
    ]


def test_remind_mail_has_a_fresh_working_link_and_old_links_stay_valid(client):
    offer, first_token = submit_offer(valid_until=in_days(7).isoformat())
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.PUBLISHED)
    remind()
    message = mail.outbox[0]
    assert "läuft bald ab" in message.subject
    assert message.alternatives[0][1] == "text/html"
    path = edit_path_from(message)
    assert first_token not in path
    page = client.get(path)
    assert page.status_code == 200
    assert client.get(f"/angebote/bearbeiten/{first_token}/").status_code == 200
    purposes = set(OfferEditLink.objects.values_list("purpose", flat=True))
    assert purposes == {"eingereicht", "erinnerung"}


def test_remind_mail_server_down_reminds_once_and_delivers_later(mail_server_down):
    OfferFactory(valid_until=in_days(3), contact_email="a@example.org")
    remind()
    remind()
    assert not mail.outbox
    assert OfferReminder.objects.count() == 1
    mail_server_down.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    kommune360_mail.deliver_round(now=timezone.now() + datetime.timedelta(hours=7))
    assert [message.to for message in mail.outbox] == [["a@example.org"]]


def test_remind_dry_run_sends_and_stores_nothing():
    OfferFactory(title="Bald weg", valid_until=in_days(3), contact_email="a@example.org")
    out, _ = remind("--dry-run")
    assert "würde erinnern: „Bald weg“" in out
    assert not mail.outbox
    assert not OfferReminder.objects.exists()


def test_remind_offer_without_any_address_is_skipped():
    OfferFactory(valid_until=in_days(3), contact_email="")
    out, _ = remind()
    assert "ohne E-Mail-Adresse" in out
    assert not mail.outbox


def test_remind_falls_back_to_the_provider_address():
    offer = OfferFactory(valid_until=in_days(3), contact_email="")
    offer.provider.email = "info@anbieterin.example"
    offer.provider.save()
    remind()
    assert mail.outbox[0].to == ["info@anbieterin.example"]


def test_remind_days_option_widens_the_window():
    OfferFactory(valid_until=in_days(45), contact_email="a@example.org")
    remind()
    assert not mail.outbox
    remind("--days", "60")
    assert len(mail.outbox) == 1

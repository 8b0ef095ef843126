"""The mail tables keep addresses: purge_personal_data deletes them after MAIL_LOG_RETENTION_DAYS."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from mailer.models import RESULT_SUCCESS, Message, MessageLog

from kommune360 import mail as outbox

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def queue_one(to):
    outbox.send_templated(
        "feedback/emails/reply",
        "Antwort",
        [to],
        {"contribution": None, "body": "Hallo", "site_url": "", "start_url": "", "privacy_url": ""},
    )


def days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def retention(settings):
    settings.MAIL_LOG_RETENTION_DAYS = 14
    settings.MAILER_EMAIL_MAX_RETRIES = 2
    return settings


def delivered(to, days):
    queue_one(to)  # the test settings deliver at once (locmem) and log the delivery
    MessageLog.objects.filter(when_attempted__gt=days_ago(1)).update(when_attempted=days_ago(days))


def failed(mail_server_down, to, days, retries):
    mail_server_down.MAILER_EMAIL_BACKEND = "tests.helpers.MailServerDown"
    queue_one(to)
    Message.objects.filter(when_added__gt=days_ago(1)).update(
        when_added=days_ago(days), retry_count=retries
    )
    MessageLog.objects.filter(when_attempted__gt=days_ago(1)).update(when_attempted=days_ago(days))
    mail_server_down.MAILER_EMAIL_BACKEND = LOCMEM


def logged_addresses():
    return sorted(address for log in MessageLog.objects.all() for address in log.to_addresses)


def test_mail_purge_old_delivery_log_deleted_recent_kept(retention):
    delivered("alt@example.org", 15)
    delivered("neu@example.org", 13)

    report = outbox.purge_personal_data()

    assert report.log_entries == 1
    assert logged_addresses() == ["neu@example.org"]
    assert MessageLog.objects.get().result == RESULT_SUCCESS


def test_mail_purge_keeps_log_of_mails_still_waiting_deletes_given_up(retention, mail_server_down):
    failed(mail_server_down, "wartet@example.org", 20, retries=1)
    failed(mail_server_down, "aufgegeben@example.org", 20, retries=2)
    failed(mail_server_down, "frisch-aufgegeben@example.org", 3, retries=2)

    report = outbox.purge_personal_data()

    assert (report.log_entries, report.given_up) == (1, 1)
    assert sorted(m.to_addresses[0] for m in Message.objects.all()) == [
        "frisch-aufgegeben@example.org",
        "wartet@example.org",
    ]
    assert logged_addresses() == ["frisch-aufgegeben@example.org", "wartet@example.org"]


def test_mail_purge_dry_run_deletes_nothing(retention):
    delivered("alt@example.org", 30)

    report = outbox.purge_personal_data(dry_run=True)

    assert report.log_entries == 1
    assert logged_addresses() == ["alt@example.org"]


def test_mail_purge_runs_in_purge_personal_data(retention):
    delivered("alt@example.org", 30)
    out = io.StringIO()

    call_command("purge_personal_data", stdout=out)

    assert "E-Mails – Aufbewahrungsfrist: 14 Tage" in out.getvalue()
    assert (
        "1 Einträge im Zustellprotokoll und 0 aufgegebene E-Mails wurden gelöscht" in out.getvalue()
    )
    assert not MessageLog.objects.exists()


def test_mail_dsgvo_export_and_erase_cover_outbox_and_log(retention, mail_server_down):
    from feedback import dsgvo
    from kommune360 import privacy

    mail_server_down.MAILER_EMAIL_BACKEND = LOCMEM
    delivered("Person@Example.org", 2)
    failed(mail_server_down, "person@example.org", 1, retries=0)
    delivered("andere@example.org", 2)

    data = dsgvo.export_for_email("person@example.org")["bereiche"]["mail"]["daten"]
    assert len(data["e_mails_im_ausgang"]) == 1
    assert len(data["zustellprotokoll"]) == 2
    assert data["zustellprotokoll"][0]["betreff"] == "Antwort"

    assert privacy.erase_for_email("person@example.org") == 3
    assert logged_addresses() == ["andere@example.org"]
    assert not Message.objects.exists()

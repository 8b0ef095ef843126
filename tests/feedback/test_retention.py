"""purge_personal_data: retention of personal data in contributions, and the command
that runs the retention of every app."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command, get_commands
from django.utils import timezone

from feedback.models import ContributionReply, ContributionStatus
from feedback.retention import purge_personal_data
from formats.models import Registration
from kommune360.retention import months_before
from offers.models import Offer, OfferStatus
from tests.feedback.factories import ContributionFactory
from tests.formats.factories import SessionFactory, make_registration
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


def aged(months, **kwargs):
    moment = months_before(timezone.now(), months)
    return ContributionFactory(created_at=moment, last_activity_at=moment, **kwargs)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime.datetime(2026, 3, 31, 12), 1, datetime.datetime(2026, 2, 28, 12)),
        (datetime.datetime(2026, 1, 15), 24, datetime.datetime(2024, 1, 15)),
        (datetime.datetime(2024, 2, 29), 12, datetime.datetime(2023, 2, 28)),
        (datetime.datetime(2026, 12, 1), 11, datetime.datetime(2026, 1, 1)),
        (datetime.datetime(2026, 1, 1), 1, datetime.datetime(2025, 12, 1)),
    ],
)
def test_months_before_clamps_to_month_end(moment, months, expected):
    assert months_before(moment, months) == expected


def test_purge_recent_contributions_untouched(settings):
    settings.FEEDBACK_RETENTION_MONTHS = 24
    recent = aged(23, email="neu@example.org")
    report = purge_personal_data()
    assert report.total == 0
    recent.refresh_from_db()
    assert recent.email == "neu@example.org"


def test_purge_old_unpublished_anonymised(settings):
    settings.FEEDBACK_RETENTION_MONTHS = 24
    old = aged(25, name="Alt", email="alt@example.org", text="Alter Text")
    ContributionReply.objects.create(contribution=old, subject="s", body="b")
    report = purge_personal_data()
    assert (report.anonymised, report.kept_public) == (1, 0)
    old.refresh_from_db()
    assert (old.name, old.email, old.text) == ("", "", "")
    assert old.status == ContributionStatus.ARCHIVED
    assert old.anonymised_at is not None
    assert not old.replies.exists()


@pytest.mark.parametrize(("shown_as", "kept_name"), [("mit-namen", "Ada"), ("anonym", "")])
def test_purge_old_published_keeps_only_allowed_display(settings, client, shown_as, kept_name):
    settings.FEEDBACK_RETENTION_MONTHS = 24
    old = aged(
        30,
        published=True,
        name="Ada",
        public_name=shown_as,
        gap_id=None,
        text="Bleibt öffentlich",
        public_answer="Antwort bleibt",
        organisation="Geheim GmbH",
    )
    report = purge_personal_data()
    assert report.kept_public == 1
    old.refresh_from_db()
    assert old.status == ContributionStatus.PUBLISHED
    assert old.name == kept_name
    assert (old.email, old.organisation) == ("", "")
    assert (old.text, old.public_answer) == ("Bleibt öffentlich", "Antwort bleibt")


def test_purge_respects_last_activity_not_creation(settings):
    settings.FEEDBACK_RETENTION_MONTHS = 24
    created = months_before(timezone.now(), 36)
    active = ContributionFactory(created_at=created, last_activity_at=timezone.now())
    assert purge_personal_data().total == 0
    active.refresh_from_db()
    assert active.email


def test_purge_setting_is_used(settings):
    settings.FEEDBACK_RETENTION_MONTHS = 6
    aged(7)
    assert purge_personal_data(dry_run=True).total == 1
    settings.FEEDBACK_RETENTION_MONTHS = 8
    assert purge_personal_data(dry_run=True).total == 0


def test_command_dry_run_reports_and_changes_nothing(settings):
    settings.FEEDBACK_RETENTION_MONTHS = 24
    old = aged(25, email="alt@example.org")
    aged(26, published=True, email="pub@example.org")
    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "1 veröffentlichte Beiträge würden" in text
    assert "1 weitere Beiträge würden anonymisiert" in text
    assert "Probelauf" in text
    old.refresh_from_db()
    assert old.email == "alt@example.org" and old.anonymised_at is None


def test_command_is_idempotent(settings):
    settings.FEEDBACK_RETENTION_MONTHS = 24
    aged(25)
    aged(26, published=True)
    first, second = StringIO(), StringIO()
    call_command("purge_personal_data", stdout=first)
    assert "1 veröffentlichte Beiträge wurden" in first.getvalue()
    call_command("purge_personal_data", stdout=second)
    assert "0 veröffentlichte Beiträge wurden" in second.getvalue()
    assert "0 weitere Beiträge wurden" in second.getvalue()


def test_command_is_defined_once():
    paths = [
        Path(config.path, "management", "commands", "purge_personal_data.py")
        for config in apps.get_app_configs()
    ]
    assert [path.parent.parent.parent.name for path in paths if path.exists()] == ["feedback"]
    assert get_commands()["purge_personal_data"] == "feedback"


def test_command_runs_every_app(settings):
    settings.FEEDBACK_RETENTION_MONTHS = 24
    settings.FORMATS_RETENTION_MONTHS = 6
    settings.OFFERS_RETENTION_MONTHS = 12
    contribution = aged(25, email="alt@example.org")
    end = months_before(timezone.now(), 7)
    session = SessionFactory(start=end - datetime.timedelta(hours=1), end=end)
    registration = make_registration(session, 1)
    rejected = OfferFactory(status=OfferStatus.REJECTED, published_at=None)
    archived = OfferFactory(status=OfferStatus.ARCHIVED, contact_email="a@example.org")
    listed = OfferFactory(contact_email="bleibt@example.org")
    Offer.objects.filter(pk__in=[rejected.pk, archived.pk, listed.pk]).update(
        updated_at=months_before(timezone.now(), 13)
    )

    dry = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=dry)
    text = dry.getvalue()
    assert "1 weitere Beiträge würden anonymisiert" in text
    assert "1 Anmeldungen würden anonymisiert" in text
    assert "1 abgelehnte oder zurückgezogene Einreichungen würden gelöscht" in text
    assert "bei 1 Angeboten würden die Kontaktdaten entfernt" in text
    assert Offer.objects.filter(pk=rejected.pk).exists()
    registration.refresh_from_db()
    assert registration.email == "person1@example.org"

    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Fertig." in out.getvalue()
    contribution.refresh_from_db()
    registration.refresh_from_db()
    archived.refresh_from_db()
    listed.refresh_from_db()
    assert contribution.email == ""
    assert registration.email.endswith("@geloescht.invalid")
    assert not Offer.objects.filter(pk=rejected.pk).exists()
    assert archived.contact_email == "" and listed.contact_email == "bleibt@example.org"
    assert Registration.objects.count() == 1

    again = StringIO()
    call_command("purge_personal_data", stdout=again)
    for zero in ("0 weitere Beiträge", "0 Anmeldungen", "0 abgelehnte", "bei 0 Angeboten"):
        assert zero in again.getvalue()

"""feedback.demo: demo contributions for load_demo."""

import datetime
from io import StringIO

import pytest

from feedback import demo
from feedback.models import Contribution, ContributionStatus, CooperationRequest
from feedback.selectors import published_for_gap
from tests.feedback.factories import gap

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


def test_demo_load_creates_published_answered_contributions_on_gaps():
    summary = demo.load(today=TODAY, stdout=StringIO())
    assert "Mitdenken" in summary
    published = Contribution.objects.filter(status=ContributionStatus.PUBLISHED)
    assert published.count() == len(demo.PUBLISHED)
    for contribution in published:
        assert contribution.is_demo and contribution.public_opt_in
        assert contribution.public_answer and contribution.gap is not None
        assert contribution.email.endswith("@kommune360.example")
    assert published_for_gap(gap("innovative-arbeitsweisen")).exists()
    assert CooperationRequest.objects.filter(contribution__is_demo=True).count() == 1


def test_demo_load_is_idempotent():
    demo.load(today=TODAY, stdout=StringIO())
    count = Contribution.objects.count()
    summary = demo.load(today=TODAY, stdout=StringIO())
    assert Contribution.objects.count() == count
    assert "0 Demo-Beiträge angelegt" in summary


def test_demo_dates_relative_to_today():
    demo.load(today=TODAY, stdout=StringIO())
    newest = Contribution.objects.order_by("-created_at").first()
    assert newest.created_at.date() <= TODAY
    assert (TODAY - newest.created_at.date()).days < 60


def test_demo_gap_page_shows_demo_voices(client):
    demo.load(today=TODAY, stdout=StringIO())
    html = client.get("/leerstellen/innovative-arbeitsweisen/").content.decode()
    assert "Fortbildungsgenehmigung" in html
    assert "Antwort des Initiativteams" in html

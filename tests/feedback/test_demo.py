"""feedback.demo: demo contributions for load_demo."""

import dataclasses
import datetime
import tomllib
from io import StringIO

import pytest

from feedback import demo
from feedback.models import Contribution, ContributionStatus, CooperationRequest
from feedback.selectors import published_for_gap
from kommune360.demo_data import DemoDataError
from offers.models import Gap
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


def test_demo_contributions_file_every_entry_is_loaded():
    with demo.DATA_FILE.open("rb") as file:
        raw = tomllib.load(file)
    demo.load(today=TODAY, stdout=StringIO())
    expected = [entry["key"] for entry in raw["published"]] + [raw["cooperation"]["key"]]
    expected += [entry["key"] for entry in raw["needs"]]
    assert sorted(
        Contribution.objects.filter(is_demo=True).values_list("email", flat=True)
    ) == sorted(f"demo-{key}@kommune360.example" for key in expected)


def test_demo_contributions_file_every_entry_refers_to_an_existing_gap():
    gaps = set(Gap.objects.values_list("slug", flat=True))
    for spec in [*demo.PUBLISHED, demo.COOPERATION, *demo.NEEDS]:
        assert spec.gap in gaps, spec.key


def test_demo_needs_are_counted_and_not_published():
    from feedback.models import Need
    from feedback.selectors import needs_by_gap_and_audience

    demo.load(today=TODAY, stdout=StringIO())
    assert Need.objects.count() == len(demo.NEEDS)
    assert sum(needs_by_gap_and_audience().values()) == len(demo.NEEDS)
    assert not Need.objects.filter(contribution__public_opt_in=True).exists()


def test_demo_story_with_offer_appears_on_offer_page(client):
    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    html = client.get("/angebote/lean-coffee-kommunale-akteurinnen/").content.decode()
    assert "Erfahrungen aus der Praxis" in html


def test_read_contributions_malformed_entry_error_names_the_entry(tmp_path):
    text = demo.DATA_FILE.read_text(encoding="utf-8")
    broken = text.replace('kind = "widerspruch"', 'kind = "beschwerde"')
    assert broken != text
    path = tmp_path / "contributions.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(
        DemoDataError,
        match="contributions.toml: Beitrag „widerspruch-politik“: „kind“ ist „beschwerde“",
    ):
        demo.read_contributions(path)


def test_demo_load_unknown_gap_error_names_the_contribution(monkeypatch):
    monkeypatch.setattr(demo, "PUBLISHED", [dataclasses.replace(demo.PUBLISHED[0], gap="nirgends")])
    with pytest.raises(
        DemoDataError, match="Beitrag „hinweis-genehmigung“: Leerstelle „nirgends“ gibt es"
    ):
        demo.load(today=TODAY, stdout=StringIO())

"""schema.org JSON-LD on offer and session pages: it parses and carries the named fields."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from .factories import OfferFactory

pytestmark = pytest.mark.django_db
BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld(response):
    blocks = BLOCK.findall(response.content.decode())
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_offer_page_has_course_with_price_and_certificate(client, db, settings):
    settings.SITE_URL = "https://kommune360.example"
    offer = OfferFactory(
        title="Beteiligung <gestalten> & leiten",
        is_free=False,
        cost_eur=250,
        certificate=True,
        time_commitment_hours=6,
        audiences=["fuehrungskraefte", "fachkraefte"],
        tags=["Scrum"],
    )
    data = jsonld(client.get(offer.get_absolute_url()))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Course"
    assert data["name"] == "Beteiligung <gestalten> & leiten"
    assert data["url"] == f"https://kommune360.example/angebote/{offer.slug}/"
    assert data["provider"] == {"@type": "Organization", "name": offer.provider.name}
    assert data["inLanguage"] == "de"
    assert {a["audienceType"] for a in data["audience"]} == {"Führungskräfte", "Fachkräfte"}
    assert data["isAccessibleForFree"] is False
    assert data["offers"]["price"] == "250.00" and data["offers"]["priceCurrency"] == "EUR"
    assert data["educationalCredentialAwarded"]["name"] == "Teilnahmebescheinigung"
    assert data["hasCourseInstance"]["courseMode"] == "online"
    assert data["timeRequired"] == "PT6H"


def test_offer_page_free_offer_without_certificate(client, db):
    offer = OfferFactory(is_free=True, certificate=False, delivery="praesenz")
    data = jsonld(client.get(offer.get_absolute_url()))
    assert data["isAccessibleForFree"] is True
    assert data["offers"]["price"] == "0"
    assert "educationalCredentialAwarded" not in data
    assert data["hasCourseInstance"]["courseMode"] == "onsite"


def test_offer_page_jsonld_cannot_be_closed_by_text(client, db):
    offer = OfferFactory(summary="</script><script>alert(1)</script>")
    text = client.get(offer.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in text
    assert jsonld(client.get(offer.get_absolute_url()))["description"].startswith("</script>")


def test_session_page_has_online_event_with_zoned_dates_and_availability(client, db):
    from tests.formats.factories import SessionFactory, make_registration

    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    session = SessionFactory(capacity=1, start=start, end=start + datetime.timedelta(hours=1))
    data = jsonld(client.get(session.get_absolute_url()))
    assert data["@type"] == "Event"
    assert data["startDate"] == timezone.localtime(start).isoformat()
    assert re.search(r"[+-]\d\d:\d\d$", data["endDate"])
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert "geheim" not in json.dumps(data)  # the room link is for registered people only
    assert data["organizer"]["@type"] == "Organization"
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    make_registration(session, 0)
    data = jsonld(client.get(session.get_absolute_url()))
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"
    assert data["remainingAttendeeCapacity"] == 0

"""The same filters give the same offers in the page, the API, the Atom feed and the CSV."""

import csv
import datetime
import io
import random
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from offers.models import (
    PRINCIPLE_FIELDS,
    Audience,
    Competence,
    Delivery,
    Gap,
    OfferDate,
    Principle,
    Topic,
)

from .factories import OfferFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = timezone.localdate()

VALUES = {
    "zielgruppe": ["fuehrungskraefte", "fachkraefte", "planungskraefte", "unbekannt"],
    "themenfeld": ["beteiligung", "praevention", "personalentwicklung"],
    "leerstelle": ["digital-niedrigschwellig", "veraenderung-gestalten"],
    "art": ["fortbildung", "e-learning", "beratung"],
    "durchfuehrung": [d.value for d in Delivery],
    "kostenfrei": ["1"],
    "ohne_reise": ["1"],
    "integriert": [*Principle.values, "unbekannt"],
    "mit_bescheinigung": ["1"],
    "kompetenz": ["veraenderungsmanagement", "beteiligung-steuern", "unbekannt"],
    "termine_ab": [
        (TODAY + datetime.timedelta(days=10)).isoformat(),
        (TODAY + datetime.timedelta(days=40)).strftime("%d.%m.%Y"),
        "kein-datum",
    ],
    "kosten_bis": ["0", "49,99", "50", "-1"],
    "q": ["Werkstatt", "Seminar Netzwerk", "zzz"],
    "sortierung": ["titel", "neu", "dauer"],
}


@pytest.fixture
def offers(db):
    rng = random.Random(11)
    audiences = list(Audience.objects.values_list("slug", flat=True))
    topics = list(Topic.objects.values_list("slug", flat=True))
    gaps = list(Gap.objects.values_list("slug", flat=True))
    from offers.models import OfferType

    types = list(OfferType.objects.all())
    competences = list(Competence.objects.values_list("slug", flat=True))
    now = timezone.now()
    for index in range(24):
        offer = OfferFactory(
            title=f"{rng.choice(['Werkstatt', 'Seminar', 'Netzwerk'])} {index:02d}",
            audiences=rng.sample(audiences, rng.randint(1, 2)),
            topics=rng.sample(topics, 1),
            gaps=rng.sample(gaps, rng.randint(0, 2)),
            offer_type=rng.choice(types),
            delivery=rng.choice(list(Delivery)),
            is_free=index % 2 == 0,
            cost_eur=None if index % 2 == 0 else 20 + index * 3,
            travel_required=index % 3 == 0,
            time_commitment_hours=index % 5 + 1,
            published_at=now - datetime.timedelta(hours=index * 7),
            **{field: rng.random() < 0.4 for field in PRINCIPLE_FIELDS.values()},
            certificate=index % 4 == 1,
            competences=rng.sample(competences, rng.randint(0, 2)),
        )
        for _ in range(rng.randint(0, 2)):
            OfferDate.objects.create(
                offer=offer, starts_on=TODAY + datetime.timedelta(days=rng.randint(-5, 60))
            )


selections = st.fixed_dictionaries(
    {},
    optional={
        param: st.lists(st.sampled_from(values), min_size=1, max_size=2, unique=True)
        for param, values in VALUES.items()
    },
)


def slugs_from_csv(response, titles):
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    _heading, *rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    return [titles[row[0]] for row in rows]


@hypothesis_settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(params=selections)
def test_same_filters_same_offers_everywhere(client, offers, settings, params):
    from offers.models import Offer

    settings.CATALOGUE_PAGE_SIZE = 100
    cache.clear()
    params = {key: value for key, value in params.items() if value}
    titles = dict(Offer.objects.values_list("title", "slug"))

    page = client.get("/angebote/", params).context["page"]
    expected = [offer.slug for offer in page.object_list]

    api = client.get("/api/v1/angebote/", params).json()
    assert api["count"] == page.paginator.count
    assert [offer["slug"] for offer in api["results"]] == expected

    assert slugs_from_csv(client.get("/angebote.csv", params), titles) == expected

    root = ET.fromstring(client.get("/angebote.atom", params).content)
    links = [
        entry.find(f"{ATOM}link").get("href").rstrip("/").rsplit("/", 1)[1]
        for entry in root.findall(f"{ATOM}entry")
    ]
    cache.clear()  # the page itself may have been this very URL, and came from the cache
    newest_first = client.get("/angebote/", {**params, "sortierung": "neu"}).context["page"]
    assert links == [offer.slug for offer in newest_first.object_list]
    assert sorted(links) == sorted(expected)

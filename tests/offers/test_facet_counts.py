"""Facet counts and result pages (offers/catalogue/) against counts done by hand.

Every facet count must equal the number of visible offers that have the value
and pass every active filter except the facet's own; the result count and
the page must be a slice of the FilterSet's results (`results()`).
"""

import datetime
import random
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import slugify
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from offers.catalogue.query import Catalogue
from offers.models import (
    PRINCIPLE_FIELDS,
    Audience,
    Competence,
    Delivery,
    Gap,
    OfferDate,
    OfferStatus,
    OfferType,
    RegionScope,
    State,
    Topic,
)

from .factories import OfferFactory

pytestmark = pytest.mark.django_db

URL = "/angebote/"
TAG_NAMES = ["Scrum", "Kanban", "Design Thinking", "Lean Coffee"]
TODAY = timezone.localdate()
# The value facets' choices here: a threshold each, and which offers pass it.
DATES_FROM = [(TODAY + datetime.timedelta(days=days)).isoformat() for days in (10, 30)]
MAX_COSTS = ["0", "90", "100"]


def principles_for(index):
    """The principle flags of the index-th offer: varied, and without drawing random numbers."""
    return {
        field: (index + bit) % (bit + 2) == 0 for bit, field in enumerate(PRINCIPLE_FIELDS.values())
    }


def region_key(offer):
    return "bundesweit" if offer.region_scope == RegionScope.NATIONWIDE else offer.state


@pytest.fixture
def offers(db):
    rng = random.Random(7)
    audiences = list(Audience.objects.values_list("slug", flat=True))
    topics = list(Topic.objects.values_list("slug", flat=True))
    gaps = list(Gap.objects.values_list("slug", flat=True))
    types = list(OfferType.objects.all())
    competences = list(Competence.objects.values_list("slug", flat=True))
    made = []
    for index in range(40):
        scope = rng.choice(list(RegionScope))
        state = "" if scope == RegionScope.NATIONWIDE else rng.choice([State.NW, State.BY])
        made.append(
            OfferFactory(
                title=f"{'Werkstatt' if index % 3 == 0 else 'Seminar'} Nummer {index}",
                audiences=rng.sample(audiences, rng.randint(1, 3)),
                topics=rng.sample(topics, rng.randint(1, 2)),
                gaps=rng.sample(gaps, rng.randint(0, 2)),
                tags=rng.sample(TAG_NAMES, rng.randint(0, 2)),
                offer_type=rng.choice(types),
                delivery=rng.choice(list(Delivery)),
                region_scope=scope,
                state=state,
                municipality="Köln" if scope == RegionScope.MUNICIPALITY else "",
                is_free=index % 2 == 0,
                cost_eur=None if index % 2 == 0 else 90,
                application_required=index % 5 == 0,
                travel_required=index % 4 == 0,
                published_at=timezone.now() - datetime.timedelta(days=index),
                **principles_for(index),
                certificate=index % 3 == 1,
                competences=rng.sample(competences, rng.randint(0, 2)),
            )
        )
        for _ in range(rng.randint(0, 2)):
            OfferDate.objects.create(
                offer=made[-1], starts_on=TODAY + datetime.timedelta(days=rng.randint(0, 40))
            )
    # Invisible offers must never be counted.
    OfferFactory(title="Werkstatt Entwurf", status=OfferStatus.DRAFT, audiences=audiences)
    return made


def facts(offer):
    return {
        "zielgruppe": {a.slug for a in offer.audiences.all()},
        "themenfeld": {t.slug for t in offer.topics.all()},
        "leerstelle": {g.slug for g in offer.gaps.all()},
        "art": {offer.offer_type.slug},
        "durchfuehrung": {offer.delivery},
        "region": {region_key(offer)},
        "tag": {t.slug for t in offer.tags.all()},
        "kostenfrei": {"1"} if offer.is_free else set(),
        "ohne_antrag": set() if offer.application_required else {"1"},
        "ohne_reise": set() if offer.travel_required else {"1"},
        "q": {"werkstatt"} if "Werkstatt" in offer.title else set(),
        "integriert": {value for value, field in PRINCIPLE_FIELDS.items() if getattr(offer, field)},
        "kompetenz": {c.slug for c in offer.competences.all()},
        "mit_bescheinigung": {"1"} if offer.certificate else set(),
        "termine_ab": {
            day
            for day in DATES_FROM
            if any(d.starts_on.isoformat() >= day for d in offer.dates.all())
        },
        "kosten_bis": {
            amount
            for amount in MAX_COSTS
            if offer.is_free or Decimal(str(offer.cost_eur)) <= Decimal(amount)
        },
    }


# The multiple-choice facets whose counts are checked by hand.
LISTED = [
    "zielgruppe",
    "themenfeld",
    "leerstelle",
    "kompetenz",
    "integriert",
    "art",
    "durchfuehrung",
    "region",
]
FLAGS = ["kostenfrei", "ohne_antrag", "ohne_reise", "mit_bescheinigung"]


def passes(offer_facts, params, without=None):
    return all(
        offer_facts[param] & set(values) for param, values in params.items() if param != without
    )


def expected_counts(offers, params):
    all_facts = [facts(offer) for offer in offers]
    counts = {}
    for param in LISTED:
        counts[param] = {}
        for offer_facts in all_facts:
            if passes(offer_facts, params, without=param):
                for value in offer_facts[param]:
                    counts[param][value] = counts[param].get(value, 0) + 1
    for flag in FLAGS:
        counts[flag] = sum(
            1 for f in all_facts if passes(f, params, without=flag) and f[flag] == {"1"}
        )
    counts["total"] = sum(1 for f in all_facts if passes(f, params))
    return counts


def catalogue_for(params, **extra):
    querydict = QueryDict(mutable=True)
    for param, values in params.items():
        querydict.setlist(param, values)
    for param, value in extra.items():
        querydict[param] = value
    return Catalogue(querydict)


def assert_counts_by_hand(catalogue, offers, params):
    """The result count, the flags and every facet's counts; returns the facets by param."""
    expected = expected_counts(offers, params)
    assert catalogue.total == expected["total"] == catalogue.results().count()
    flags = {flag["param"]: flag["count"] for flag in catalogue.flags()}
    for flag in FLAGS:
        assert flags[flag] == expected[flag], flag
    shown = {facet.param: facet for facet in catalogue.facets()}
    for param in LISTED:
        assert {o.value: o.count for o in shown[param].options if o.count} == expected[param]
    return shown


PARAMS = [
    {},
    {"zielgruppe": ["fuehrungskraefte", "fachkraefte"]},
    {"zielgruppe": ["fuehrungskraefte"], "leerstelle": ["digital-niedrigschwellig"]},
    {"themenfeld": ["beteiligung", "praevention"], "art": ["fortbildung", "e-learning"]},
    {"durchfuehrung": ["hybrid", "praesenz"], "region": ["nordrhein-westfalen"]},
    {"region": ["bundesweit", "bayern"], "kostenfrei": ["1"], "ohne_reise": ["1"]},
    {"tag": ["scrum", "kanban"], "ohne_antrag": ["1"]},
    {"q": ["werkstatt"]},
    {"q": ["werkstatt"], "zielgruppe": ["planungskraefte"], "kostenfrei": ["1"]},
    {"integriert": ["im-alltag", "ressortuebergreifend"], "zielgruppe": ["fuehrungskraefte"]},
    {"integriert": ["wirkungsorientiert"], "art": ["fortbildung"], "kostenfrei": ["1"]},
    {"kompetenz": ["veraenderungsmanagement", "beteiligung-steuern"], "mit_bescheinigung": ["1"]},
    {"termine_ab": [DATES_FROM[0]], "kosten_bis": ["90"], "zielgruppe": ["fachkraefte"]},
    {"kosten_bis": ["0"], "kompetenz": ["prozess-netzwerksteuerung"], "art": ["fortbildung"]},
]


@pytest.mark.parametrize("params", PARAMS)
def test_facet_counts_match_counting_by_hand(client, offers, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    expected = expected_counts(offers, params)
    shown = {
        facet.param: {option.value: option.count for option in facet.options if option.count}
        for facet in response.context["facets"]
    }
    for param in LISTED:
        assert shown[param] == expected[param], param
    flags = {flag["param"]: flag["count"] for flag in response.context["flags"]}
    for flag in FLAGS:
        assert flags[flag] == expected[flag], flag
    assert response.context["page"].paginator.count == expected["total"]


def test_facet_counts_tag_facet_matches_counting_by_hand(client, offers):
    response = client.get(URL, {"zielgruppe": "fuehrungskraefte", "tag": "scrum"})
    params = {"zielgruppe": ["fuehrungskraefte"], "tag": ["scrum"]}
    expected = {}
    for offer in offers:
        offer_facts = facts(offer)
        if passes(offer_facts, params, without="tag"):
            for slug in offer_facts["tag"]:
                expected[slug] = expected.get(slug, 0) + 1
    tag_facet = next(f for f in response.context["facets"] if f.param == "tag")
    assert {o.value: o.count for o in tag_facet.options} == expected
    counts = [o.count for o in tag_facet.options]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("sort", ["", "relevanz", "neu", "titel", "dauer"])
@pytest.mark.parametrize("page_number", ["1", "2", "3"])
def test_facet_counts_search_page_equals_plain_results(client, offers, settings, sort, page_number):
    settings.CATALOGUE_PAGE_SIZE = 4
    params = {"q": "Werkstatt", "seite": page_number, "sortierung": sort}
    response = client.get(URL, params)
    page = response.context["page"]
    catalogue = Catalogue(response.wsgi_request.GET)
    plain = list(catalogue.results()[(page.number - 1) * 4 : page.number * 4])
    assert [o.pk for o in page.object_list] == [o.pk for o in plain]
    assert page.paginator.count == catalogue.results().count()


def test_facet_counts_out_of_range_search_page_shows_last_page(client, offers, settings):
    settings.CATALOGUE_PAGE_SIZE = 5
    response = client.get(URL, {"q": "Werkstatt", "seite": "99"})
    page = response.context["page"]
    assert page.number == page.paginator.num_pages == 3
    assert len(page.object_list) == page.paginator.count - 10
    assert "Diese Seite gibt es nicht" in response.content.decode()


def test_facet_counts_query_without_search_terms_keeps_working(client, offers):
    response = client.get(URL, {"q": "☃ 🙂", "sortierung": "relevanz"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == len(offers)


VALUES = {
    "zielgruppe": [
        "fuehrungskraefte",
        "fachkraefte",
        "planungskraefte",
        "netzwerkkoordinator-innen",
    ],
    "themenfeld": ["beteiligung", "praevention", "digitalisierung", "sozialplanung"],
    "leerstelle": ["digital-niedrigschwellig", "kommunalpolitik", "veraenderung-gestalten"],
    "art": ["fortbildung", "e-learning", "beratung", "methode"],
    "durchfuehrung": ["hybrid", "praesenz", "digital-live"],
    "region": ["bundesweit", "bayern", "nordrhein-westfalen"],
    "tag": ["scrum", "kanban", "design-thinking"],
    "kostenfrei": ["1"],
    "ohne_antrag": ["1"],
    "ohne_reise": ["1"],
    "q": ["werkstatt"],
    "integriert": ["ressortuebergreifend", "bedarfsorientiert", "im-alltag"],
    "kompetenz": ["veraenderungsmanagement", "beteiligung-steuern", "prozess-netzwerksteuerung"],
    "mit_bescheinigung": ["1"],
    "termine_ab": DATES_FROM,
    "kosten_bis": MAX_COSTS,
}
SINGLE_VALUED = {"termine_ab", "kosten_bis"}  # one input each; a second value would replace it
random_params = st.fixed_dictionaries(
    {},
    optional={
        param: st.lists(
            st.sampled_from(values),
            min_size=1,
            max_size=1 if param in SINGLE_VALUED else 2,
            unique=True,
        )
        for param, values in VALUES.items()
    },
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=random_params,
    sort=st.sampled_from(["neu", "relevanz", "dauer"]),
    page_number=st.integers(min_value=1, max_value=4),
)
def test_facet_counts_agree_with_counting_by_hand_on_random_filters(
    offers, settings, params, sort, page_number
):
    """Random filter combinations: counts by hand, results through the FilterSet's SQL."""
    settings.CATALOGUE_PAGE_SIZE = 6
    catalogue = catalogue_for(params, sortierung=sort, seite=str(page_number))
    shown = assert_counts_by_hand(catalogue, offers, params)
    tags = {}
    for offer in offers:
        offer_facts = facts(offer)
        if passes(offer_facts, params, without="tag"):
            for slug in offer_facts["tag"]:
                tags[slug] = tags.get(slug, 0) + 1
    assert {o.value: o.count for o in shown["tag"].options if o.count} == tags
    page = catalogue.page()
    start = (page.number - 1) * 6
    assert [o.pk for o in page.object_list] == [
        o.pk for o in catalogue.results()[start : start + 6]
    ]


offer_specs = st.lists(
    st.fixed_dictionaries(
        {
            "title": st.sampled_from(["Werkstatt Nord", "Seminar Süd", "Werkstatt Süd"]),
            "audiences": st.lists(st.sampled_from(VALUES["zielgruppe"]), min_size=1, unique=True),
            "topics": st.lists(st.sampled_from(VALUES["themenfeld"]), min_size=1, unique=True),
            "gaps": st.lists(st.sampled_from(VALUES["leerstelle"]), unique=True),
            "tags": st.lists(st.sampled_from(TAG_NAMES), max_size=2, unique=True),
            "delivery": st.sampled_from(list(Delivery)),
            "region": st.sampled_from(["bundesweit", State.BY, State.NW]),
            "is_free": st.booleans(),
            "application_required": st.booleans(),
            "visible": st.booleans(),
        }
    ),
    max_size=7,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=offer_specs, params=random_params)
def test_facet_counts_agree_with_counting_by_hand_on_random_catalogues(db, specs, params):
    """Random catalogues and random filters: the FilterSet's results and all counts."""
    from offers.catalogue import index
    from offers.models import Offer

    Offer.objects.all().delete()
    # Every tag of the URL exists: a slug that is no tag at all is dropped with a notice
    # (the URL contract), which counting by hand does not model.
    for name in TAG_NAMES:
        Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    made = []
    for spec in specs:
        nationwide = spec["region"] == "bundesweit"
        offer = OfferFactory(
            title=spec["title"],
            audiences=spec["audiences"],
            topics=spec["topics"],
            gaps=spec["gaps"],
            tags=spec["tags"],
            delivery=spec["delivery"],
            region_scope=RegionScope.NATIONWIDE if nationwide else RegionScope.STATE,
            state="" if nationwide else spec["region"],
            is_free=spec["is_free"],
            cost_eur=None if spec["is_free"] else 50,
            application_required=spec["application_required"],
            status=OfferStatus.PUBLISHED if spec["visible"] else OfferStatus.DRAFT,
        )
        if spec["visible"]:
            made.append(offer)
    index.flush()
    assert_counts_by_hand(catalogue_for(params), made, params)

"""The read-only catalogue API (django-ninja): offers, one offer, the vocabularies.

`/api/v1/angebote/` takes the catalogue page's GET parameters and runs the
page's own `Catalogue`, so its count, its order and its pages are the page's.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema

from offers.catalogue.facets import (
    FACETS,
    VOCABULARY_MODELS,
    ColumnFacet,
    FlagFacet,
    PrincipleFacet,
    ValueFacet,
)
from offers.catalogue.query import SORT_CHOICES, Catalogue, FacetOption
from offers.models import Offer

from .facts import absolute, offer_facts, with_facts

router = Router(tags=["Angebote"])

# The facets /vokabulare/ lists: the vocabulary tables, and the properties of integrated
# work (a fixed list: the Principle choices, one yes/no column each).
FIXED_CHOICES = {facet.param: facet for facet in FACETS if isinstance(facet, PrincipleFacet)}
VOCABULARY_PARAMS = {*VOCABULARY_MODELS, *FIXED_CHOICES}


class VocabularyRef(Schema):
    slug: str
    name: str


class ProviderOut(Schema):
    name: str
    kind: str
    website: str


class OfferDateOut(Schema):
    starts_on: str
    ends_on: str | None
    label: str


class OfferOut(Schema):
    slug: str
    title: str
    summary: str
    description: str
    page_url: str
    offer_url: str
    provider: ProviderOut
    offer_type: VocabularyRef
    audiences: list[VocabularyRef]
    topics: list[VocabularyRef]
    gaps: list[VocabularyRef]
    competences: list[VocabularyRef]
    tags: list[str]
    principles: list[VocabularyRef]
    learning_goals: str
    delivery: str
    delivery_label: str
    venue: str
    dates: list[OfferDateOut]
    duration: str
    time_commitment_hours: float | None
    is_free: bool
    cost_eur: float | None
    cost_note: str
    application_required: bool
    travel_required: bool
    certificate: bool
    region: str
    language: str
    valid_until: str | None
    published_at: str | None
    updated_at: str


class OfferPage(Schema):
    count: int
    next: str | None
    previous: str | None
    notes: list[str]
    results: list[OfferOut]


class VocabularyEntryOut(Schema):
    slug: str
    name: str
    count: int
    selected: bool


def catalogue_parameters():
    """The catalogue's GET parameters for the OpenAPI description, read from facets.py."""
    parameters = [
        {
            "name": "q",
            "in": "query",
            "required": False,
            "description": "Suchbegriffe (ganze Wörter oder Wortanfänge)",
            "schema": {"type": "string", "maxLength": 200},
        }
    ]
    for facet in FACETS:
        if isinstance(facet, ValueFacet):
            parameters.append(
                {
                    "name": facet.param,
                    "in": "query",
                    "required": False,
                    "description": f"{facet.label}: {facet.help}",
                    "schema": facet.schema(),
                }
            )
            continue
        if isinstance(facet, FlagFacet) or not facet.multiple:
            schema = {"type": "string"}
            if isinstance(facet, FlagFacet):
                schema["enum"] = ["1"]
            parameters.append(
                {
                    "name": facet.param,
                    "in": "query",
                    "required": False,
                    "description": facet.label,
                    "schema": schema,
                }
            )
            continue
        item = {"type": "string"}
        if (
            isinstance(facet, (ColumnFacet, PrincipleFacet))
            and facet.param not in VOCABULARY_MODELS
        ):
            item["enum"] = [value for value, _label in facet.choices]
        description = facet.label
        if facet.param in VOCABULARY_PARAMS:
            description += " (Kurznamen aus /api/v1/vokabulare/)"
        parameters.append(
            {
                "name": facet.param,
                "in": "query",
                "required": False,
                "description": f"{description}; mehrfach möglich",
                "schema": {"type": "array", "items": item},
                "style": "form",
                "explode": True,
            }
        )
    parameters += [
        {
            "name": "sortierung",
            "in": "query",
            "required": False,
            "description": "Reihenfolge; ohne Angabe: Relevanz bei Suche, sonst neueste zuerst",
            "schema": {"type": "string", "enum": [value for value, _label in SORT_CHOICES]},
        },
        {
            "name": "seite",
            "in": "query",
            "required": False,
            "description": f"Seite mit je {settings.CATALOGUE_PAGE_SIZE} Angeboten",
            "schema": {"type": "integer", "minimum": 1},
        },
    ]
    return parameters


def _page_link(request, number):
    if number is None:
        return None
    query = request.GET.copy()
    query.pop("seite", None)
    if number > 1:
        query["seite"] = str(number)
    encoded = query.urlencode()
    return absolute(reverse("api-v1:offer_list")) + (f"?{encoded}" if encoded else "")


@router.api_operation(["HEAD"], "/angebote/", response=OfferPage, include_in_schema=False)
@router.get(
    "/angebote/",
    response=OfferPage,
    url_name="offer_list",
    summary="Angebote mit den Filtern des Katalogs",
    openapi_extra={"parameters": catalogue_parameters()},
)
def offer_list(request):
    catalogue = Catalogue(request.GET)
    page = catalogue.page()
    offers = with_facts(Offer.objects.filter(pk__in=[offer.pk for offer in page.object_list]))
    by_pk = {offer.pk: offer for offer in offers}
    return {
        "count": catalogue.total,
        "next": _page_link(request, page.next_page_number() if page.has_next() else None),
        "previous": _page_link(
            request, page.previous_page_number() if page.has_previous() else None
        ),
        "notes": catalogue.notes,
        "results": [offer_facts(by_pk[offer.pk]) for offer in page.object_list],
    }


@router.api_operation(["HEAD"], "/angebote/{slug}/", response=OfferOut, include_in_schema=False)
@router.get("/angebote/{slug}/", response=OfferOut, url_name="offer_detail", summary="Ein Angebot")
def offer_detail(request, slug: str):
    return offer_facts(get_object_or_404(with_facts(Offer.objects.visible()), slug=slug))


@router.api_operation(
    ["HEAD"],
    "/vokabulare/",
    response=dict[str, list[VocabularyEntryOut]],
    include_in_schema=False,
)
@router.get(
    "/vokabulare/",
    response=dict[str, list[VocabularyEntryOut]],
    url_name="vocabularies",
    summary="Leerstellen, Zielgruppen, Themenfelder, Kompetenzen … mit Zahl der Angebote",
    description=(
        "Nimmt dieselben Filter wie /angebote/ und zählt wie die Katalogseite: "
        "Die Auswahl einer Facette bleibt bei ihren eigenen Zahlen außen vor."
    ),
    openapi_extra={"parameters": catalogue_parameters()},
)
def vocabularies(request):
    catalogue = Catalogue(request.GET)
    return {
        view.param: [
            {"slug": o.value, "name": o.label, "count": o.count, "selected": o.selected}
            for o in _all_options(view)
        ]
        for view in catalogue.facets()
        if view.param in VOCABULARY_PARAMS
    }


def _all_options(view):
    """A facet's options, every value of a fixed list among them (the catalogue page shows
    only those with offers; a vocabulary lists them all, with 0)."""
    facet = FIXED_CHOICES.get(view.param)
    if facet is None:
        return view.options
    shown = {option.value: option for option in view.options}
    return [
        shown.get(value) or FacetOption(value, label, 0, False) for value, label in facet.choices
    ]

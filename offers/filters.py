"""The catalogue's filters, built on django-filter.

The URL is the whole state: every parameter is a GET value, slugs as values,
repeatable for multiple choice. Values are validated against the vocabularies
before filtering; unknown ones are dropped and reported, never a 500.
"""

import django_filters
from django import forms
from django.db.models import Case, CharField, F, Q, Value, When

from .models import Delivery, Offer, RegionScope, State
from .search import clean_query, search

# Multiple-choice facets backed by a vocabulary table: URL parameter → vocabulary kind.
VOCABULARY_FACETS = {
    "zielgruppe": "audience",
    "themenfeld": "topic",
    "leerstelle": "gap",
    "art": "offertype",
}
# M2M relations for the vocabulary facets (OfferType is a plain foreign key).
M2M_THROUGH = {
    "zielgruppe": (Offer.audiences.through, "audience_id"),
    "themenfeld": (Offer.topics.through, "topic_id"),
    "leerstelle": (Offer.gaps.through, "gap_id"),
}
FLAG_FILTERS = {
    "kostenfrei": ("is_free", True, "kostenfrei"),
    "ohne_antrag": ("application_required", False, "ohne Antragsverfahren"),
    "ohne_reise": ("travel_required", False, "ohne Anreise"),
}
REGION_CHOICES = [(RegionScope.NATIONWIDE.value, "bundesweit"), *State.choices]
SORT_CHOICES = [
    ("relevanz", "Relevanz"),
    ("neu", "Neueste zuerst"),
    ("titel", "Titel (A–Z)"),
    ("dauer", "Zeitaufwand (kürzeste zuerst)"),
]
MULTI_PARAMS = [*VOCABULARY_FACETS, "durchfuehrung", "region", "tag"]
MAX_VALUES_PER_PARAM = 30


FACET_PARAMS = [*MULTI_PARAMS, *FLAG_FILTERS]


def region_q(values) -> Q:
    query = Q()
    for value in values:
        if value == RegionScope.NATIONWIDE:
            query |= Q(region_scope=RegionScope.NATIONWIDE)
        else:
            query |= Q(state=value) & ~Q(region_scope=RegionScope.NATIONWIDE)
    return query


def offer_tag_items():
    """Tag assignments of offers (taggit's table holds those of every model)."""
    return Offer.tags.through.objects.filter(
        content_type__app_label="offers", content_type__model="offer"
    )


def region_key():
    """An offer's value in the region facet: "bundesweit" or its Land (as region_q reads it)."""
    return Case(
        When(region_scope=RegionScope.NATIONWIDE, then=Value(RegionScope.NATIONWIDE.value)),
        default=F("state"),
        output_field=CharField(),
    )


def tagged_offer_ids(tag_slugs):
    return offer_tag_items().filter(tag__slug__in=tag_slugs).values("object_id")


def facet_condition(param, value) -> Q:
    """The condition one facet filter puts on offers, for a validated, non-empty value.

    The facet index (facet_index.py) answers the same filters from bitsets;
    the tests hold it to these conditions.
    """
    if param in M2M_THROUGH:
        through, column = M2M_THROUGH[param]
        return Q(pk__in=through.objects.filter(**{f"{column}__in": value}).values("offer_id"))
    if param == "art":
        return Q(offer_type_id__in=value)
    if param == "durchfuehrung":
        return Q(delivery__in=value)
    if param == "region":
        return region_q(value)
    if param == "tag":
        return Q(pk__in=tagged_offer_ids(value))
    if param in FLAG_FILTERS:
        field, wanted, _label = FLAG_FILTERS[param]
        return Q(**{field: wanted})
    raise ValueError(f"{param} is not a facet")


class IdsField(forms.Field):
    """Accepts the already validated list of primary keys."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return [int(v) for v in value or []]


class IdsFilter(django_filters.Filter):
    field_class = IdsField

    def __init__(self, *args, param, **kwargs):
        self.param = param
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(facet_condition(self.param, value)) if value else qs


class CatalogueFilter(django_filters.FilterSet):
    """Filters over visible offers. Build it with `data` from `clean_params()`."""

    q = django_filters.CharFilter(method="filter_search")
    zielgruppe = IdsFilter(param="zielgruppe")
    themenfeld = IdsFilter(param="themenfeld")
    leerstelle = IdsFilter(param="leerstelle")
    art = IdsFilter(param="art")
    durchfuehrung = django_filters.MultipleChoiceFilter(
        method="filter_facet", choices=Delivery.choices
    )
    region = django_filters.MultipleChoiceFilter(method="filter_facet", choices=REGION_CHOICES)
    tag = django_filters.MultipleChoiceFilter(method="filter_facet", choices=[])
    kostenfrei = django_filters.BooleanFilter(method="filter_facet")
    ohne_antrag = django_filters.BooleanFilter(method="filter_facet")
    ohne_reise = django_filters.BooleanFilter(method="filter_facet")

    class Meta:
        model = Offer
        fields = []

    def __init__(self, *args, tag_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["tag"].extra["choices"] = [(slug, slug) for slug in tag_choices]

    def filter_search(self, qs, name, value):
        return search(qs, value)

    def filter_facet(self, qs, name, value):
        return qs.filter(facet_condition(name, value)) if value else qs


def clean_params(querydict, vocabulary, known_tags):
    """Turn raw GET parameters into FilterSet data plus German notes on what was dropped.

    `vocabulary` maps URL parameter → {slug: VocabularyEntry}; `known_tags` is
    the set of tag slugs that exist. Returns (data, selected, notes) where
    `selected` maps parameter → list of valid slugs in URL order.
    """
    data, selected, notes = {}, {}, []
    raw_q = querydict.get("q", "")
    q = clean_query(raw_q)
    if q:
        data["q"] = q
        if len(" ".join(raw_q.split())) > len(q):
            notes.append(f"Der Suchbegriff war zu lang und wurde auf {len(q)} Zeichen gekürzt.")
    allowed = {
        **{param: set(entries) for param, entries in vocabulary.items()},
        "durchfuehrung": set(Delivery.values),
        "region": {value for value, _ in REGION_CHOICES},
        "tag": set(known_tags),
    }
    for param in MULTI_PARAMS:
        values = []
        for value in querydict.getlist(param)[:MAX_VALUES_PER_PARAM]:
            value = value.strip()
            if not value or value in values:
                continue
            if value in allowed[param]:
                values.append(value)
            else:
                shown = clean_query(value)[:60]
                notes.append(f"Den Filterwert „{shown}“ gibt es nicht; er wurde ignoriert.")
        if values:
            selected[param] = values
            if param in vocabulary:
                data[param] = [vocabulary[param][slug].pk for slug in values]
            else:
                data[param] = values
    for flag in FLAG_FILTERS:
        if querydict.get(flag) in {"1", "true", "ja", "on"}:
            data[flag] = True
            selected[flag] = ["1"]
    return data, selected, notes

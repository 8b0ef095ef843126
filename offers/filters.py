"""The catalogue's filters, built on django-filter.

The URL is the whole state: every parameter is a GET value, slugs as values,
repeatable for multiple choice. Values are validated against the vocabularies
before filtering; unknown ones are dropped and reported, never a 500.
"""

import django_filters
from django import forms
from django.db.models import Q

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


def region_q(values) -> Q:
    query = Q()
    for value in values:
        if value == RegionScope.NATIONWIDE:
            query |= Q(region_scope=RegionScope.NATIONWIDE)
        else:
            query |= Q(state=value) & ~Q(region_scope=RegionScope.NATIONWIDE)
    return query


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
        if not value:
            return qs
        if self.param in M2M_THROUGH:
            through, column = M2M_THROUGH[self.param]
            return qs.filter(
                pk__in=through.objects.filter(**{f"{column}__in": value}).values("offer_id")
            )
        return qs.filter(offer_type_id__in=value)


class CatalogueFilter(django_filters.FilterSet):
    """Filters over visible offers. Build it with `data` from `clean_params()`."""

    q = django_filters.CharFilter(method="filter_search")
    zielgruppe = IdsFilter(param="zielgruppe")
    themenfeld = IdsFilter(param="themenfeld")
    leerstelle = IdsFilter(param="leerstelle")
    art = IdsFilter(param="art")
    durchfuehrung = django_filters.MultipleChoiceFilter(
        field_name="delivery", choices=Delivery.choices
    )
    region = django_filters.MultipleChoiceFilter(method="filter_region", choices=REGION_CHOICES)
    tag = django_filters.MultipleChoiceFilter(method="filter_tags", choices=[])
    kostenfrei = django_filters.BooleanFilter(method="filter_flag")
    ohne_antrag = django_filters.BooleanFilter(method="filter_flag")
    ohne_reise = django_filters.BooleanFilter(method="filter_flag")

    class Meta:
        model = Offer
        fields = []

    def __init__(self, *args, tag_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["tag"].extra["choices"] = [(slug, slug) for slug in tag_choices]

    def filter_search(self, qs, name, value):
        return search(qs, value)

    def filter_region(self, qs, name, value):
        return qs.filter(region_q(value)) if value else qs

    def filter_tags(self, qs, name, value):
        if not value:
            return qs
        tagged = Offer.tags.through.objects.filter(
            content_type__app_label="offers", content_type__model="offer", tag__slug__in=value
        )
        return qs.filter(pk__in=tagged.values("object_id"))

    def filter_flag(self, qs, name, value):
        if not value:
            return qs
        field, wanted, _label = FLAG_FILTERS[name]
        return qs.filter(**{field: wanted})

    def queryset_without(self, *names):
        """The base queryset filtered by every active filter except `names` (for facet counts)."""
        qs = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name in names:
                continue
            qs = self.filters[name].filter(qs, value)
        return qs


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

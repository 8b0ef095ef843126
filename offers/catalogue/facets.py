"""The catalogue's facets, each declared once, and the django-filter FilterSet built from them.

A facet bundles its URL parameter, its label, its choices, the condition it
puts on offers and how its counts are read (the way pretalx's filter objects
do). The FilterSet applies the conditions; `count_rows()` is a plain
`values(...).annotate(Count(...))` over the filtered offers. The URL is the
whole state: every parameter is a GET value, slugs as values, repeatable for
multiple choice.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import Cast

from offers.models import Audience, Delivery, Gap, Offer, OfferType, RegionScope, State, Topic

from . import search

MAX_VALUES_PER_PARAM = 30
TAG_FACET_SIZE = 15
REGION_CHOICES = [(RegionScope.NATIONWIDE.value, "bundesweit"), *State.choices]


def offer_tag_items():
    """Tag assignments of offers (taggit's table holds those of every model)."""
    return Offer.tags.through.objects.filter(
        content_type__app_label="offers", content_type__model="offer"
    )


def counted(queryset, param, value, count, label=None):
    """Rows (param, value as text, label, count) grouped by `value`, for the facet-count union.

    A constant `value` gives a single row over the whole queryset.
    """
    return (
        queryset.order_by()
        .values(
            f_param=Value(param),
            f_value=Cast(value, CharField()),
            f_label=label if label is not None else Value(""),
        )
        .annotate(f_count=count)
        .values_list("f_param", "f_value", "f_label", "f_count")
    )


@dataclass(frozen=True)
class Facet:
    param: str
    label: str

    multiple = True
    shown_always = False

    def condition(self, values) -> Q:
        raise NotImplementedError

    def count_rows(self, offers):
        """A values queryset of (param, value, label, count) rows over `offers`."""
        raise NotImplementedError

    def make_filter(self):
        return FacetFilter(facet=self)


@dataclass(frozen=True)
class VocabularyFacet(Facet):
    """A facet over a vocabulary the team edits (URL values are slugs)."""

    model: type = None
    relation: str = ""  # "audiences", "topics", "gaps" (m2m) or "offer_type"

    def _through(self):
        field = Offer._meta.get_field(self.relation)
        return (field.remote_field.through, f"{field.m2m_reverse_field_name()}_id")

    def condition(self, values) -> Q:
        if self.relation == "offer_type":
            return Q(offer_type_id__in=values)
        through, column = self._through()
        return Q(pk__in=through.objects.filter(**{f"{column}__in": values}).values("offer_id"))

    def count_rows(self, offers):
        if self.relation == "offer_type":
            return counted(offers, self.param, F("offer_type_id"), Count("pk"))
        through, column = self._through()
        linked = through.objects.filter(offer_id__in=offers.values("pk"))
        return counted(linked, self.param, F(column), Count("offer_id"))


@dataclass(frozen=True)
class ChoiceFacet(Facet):
    """A facet over fixed choices of the offer itself (delivery, region)."""

    choices: tuple = ()
    field: str = ""
    shown_always: bool = False

    def key(self):
        if self.field == "region":
            # An offer's value in the region facet: "bundesweit" or its Land.
            return Case(
                When(region_scope=RegionScope.NATIONWIDE, then=Value(RegionScope.NATIONWIDE.value)),
                default=F("state"),
                output_field=CharField(),
            )
        return F(self.field)

    def condition(self, values) -> Q:
        if self.field != "region":
            return Q(**{f"{self.field}__in": values})
        query = Q()
        for value in values:
            if value == RegionScope.NATIONWIDE:
                query |= Q(region_scope=RegionScope.NATIONWIDE)
            else:
                query |= Q(state=value) & ~Q(region_scope=RegionScope.NATIONWIDE)
        return query

    def count_rows(self, offers):
        return counted(offers, self.param, self.key(), Count("pk"))


@dataclass(frozen=True)
class TagFacet(Facet):
    def condition(self, values) -> Q:
        return Q(pk__in=offer_tag_items().filter(tag__slug__in=values).values("object_id"))

    def count_rows(self, offers):
        items = offer_tag_items().filter(object_id__in=offers.values("pk"))
        return counted(items, self.param, F("tag__slug"), Count("object_id"), F("tag__name"))


@dataclass(frozen=True)
class FlagFacet(Facet):
    """A yes/no condition such as "kostenfrei": on or absent in the URL."""

    field: str = ""
    wanted: bool = True

    multiple = False

    def condition(self, values) -> Q:
        return Q(**{self.field: self.wanted})

    def count_rows(self, offers):
        wanted = Count("pk", filter=Q(**{self.field: self.wanted}))
        return counted(offers, self.param, Value("1"), wanted)


FACETS = [
    VocabularyFacet("leerstelle", "Leerstelle", model=Gap, relation="gaps"),
    VocabularyFacet("zielgruppe", "Zielgruppe", model=Audience, relation="audiences"),
    VocabularyFacet("themenfeld", "Themenfeld", model=Topic, relation="topics"),
    VocabularyFacet("art", "Angebotsart", model=OfferType, relation="offer_type"),
    ChoiceFacet(
        "durchfuehrung",
        "Durchführung",
        choices=tuple(Delivery.choices),
        field="delivery",
        shown_always=True,
    ),
    ChoiceFacet("region", "Region", choices=tuple(REGION_CHOICES), field="region"),
    TagFacet("tag", "Schlagwort"),
    FlagFacet("kostenfrei", "kostenfrei", field="is_free", wanted=True),
    FlagFacet("ohne_antrag", "ohne Antragsverfahren", field="application_required", wanted=False),
    FlagFacet("ohne_reise", "ohne Anreise", field="travel_required", wanted=False),
]
FACETS_BY_PARAM = {facet.param: facet for facet in FACETS}
FLAG_VALUES = {"1", "true", "ja", "on"}


class ValuesField(forms.Field):
    """Accepts the list of values `clean_params()` has already validated."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return list(value or [])


class FacetFilter(django_filters.Filter):
    field_class = ValuesField

    def __init__(self, *args, facet, **kwargs):
        self.facet = facet
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(self.facet.condition(value)) if value else qs


class SearchFilter(django_filters.CharFilter):
    def filter(self, qs, value):
        return search.filter_and_rank(qs, search.query_terms(value)) if value else qs


class CatalogueFilterSet(django_filters.FilterSet):
    """Filters over visible offers; `data` comes from `clean_params()`.

    `filter_queryset(qs, leave_out=param)` applies every filter but one: a
    facet's counts leave out its own selection.
    """

    q = SearchFilter()

    class Meta:
        model = Offer
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for facet in FACETS:
            self.filters[facet.param] = facet.make_filter()
        self.form.is_valid()  # the data is validated already; this fills cleaned_data

    def filter_queryset(self, queryset, leave_out=None):
        for name, value in self.form.cleaned_data.items():
            if name != leave_out:
                queryset = self.filters[name].filter(queryset, value)
        return queryset


def clean_params(querydict, vocabulary, known_tags):
    """Turn raw GET parameters into FilterSet data plus German notes on what was dropped.

    `vocabulary` maps URL parameter → {slug: VocabularyEntry}; `known_tags`
    holds the tag slugs that exist. Returns (data, selected, notes) where
    `selected` maps parameter → list of valid values in URL order.
    """
    from .text import clean_query

    data, selected, notes = {}, {}, []
    raw_q = querydict.get("q", "")
    q = clean_query(raw_q)
    if q:
        data["q"] = q
        if len(" ".join(raw_q.split())) > len(q):
            notes.append(f"Der Suchbegriff war zu lang und wurde auf {len(q)} Zeichen gekürzt.")
    for facet in FACETS:
        if not facet.multiple:
            if querydict.get(facet.param) in FLAG_VALUES:
                data[facet.param] = [True]
                selected[facet.param] = ["1"]
            continue
        if isinstance(facet, VocabularyFacet):
            allowed = vocabulary[facet.param]
        elif isinstance(facet, TagFacet):
            allowed = known_tags
        else:
            allowed = {value for value, _label in facet.choices}
        values = []
        for value in querydict.getlist(facet.param)[:MAX_VALUES_PER_PARAM]:
            value = value.strip()
            if not value or value in values:
                continue
            if value in allowed:
                values.append(value)
            else:
                shown = clean_query(value)[:60]
                notes.append(f"Den Filterwert „{shown}“ gibt es nicht; er wurde ignoriert.")
        if values:
            selected[facet.param] = values
            if isinstance(facet, VocabularyFacet):
                data[facet.param] = [vocabulary[facet.param][slug].pk for slug in values]
            else:
                data[facet.param] = values
    return data, selected, notes

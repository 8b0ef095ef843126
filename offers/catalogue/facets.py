"""The catalogue's facets, each declared once, and the django-filter FilterSet built from them.

A facet bundles its URL parameter, its label, its choices, the condition it
puts on offers and how its counts are read (the way pretalx's filter objects
do). The FilterSet applies the conditions. Counts are plain
`values(...).annotate(Count(...))` over the filtered offers:

- a facet over linked rows (audiences, fields, gaps, tags) counts its links;
- the principles of integrated work (`PrincipleFacet`, five yes/no columns
  chosen together) count the offers per combination of principles;
- the facets over one value of the offer itself (type, delivery, region and
  the yes/no flags) are `ColumnFacet`s: one query groups the offers by all
  their keys at once, and each facet adds up the groups that pass the other
  column facets. A column facet's key defines both: its filter is
  "key in the selected values", in SQL and on a counted group alike;
- a `ValueFacet` takes one typed value from an input field ("Termine ab" a
  date, "Kosten bis" an amount). It has no choices and no counts: it narrows
  the offers every other facet counts.

The URL is the whole state: every parameter is a GET value, slugs as
values, repeatable for multiple choice.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import Cast
from django.db.models.lookups import In

from offers.models import (
    PRINCIPLE_FIELDS,
    Audience,
    Competence,
    Delivery,
    Gap,
    Offer,
    OfferDate,
    OfferType,
    Principle,
    RegionScope,
    State,
    Topic,
)

from . import search

MAX_VALUES_PER_PARAM = 30
TAG_FACET_SIZE = 15
REGION_CHOICES = [(RegionScope.NATIONWIDE.value, "bundesweit"), *State.choices]


def offer_tag_items():
    """Tag assignments of offers (taggit's table holds those of every model)."""
    # The content type's id, not a join: the planner then estimates the rows well.
    content_type = ContentType.objects.get_for_model(Offer)  # cached per process
    return Offer.tags.through.objects.filter(content_type_id=content_type.pk)


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

    def condition(self, values):
        """What the selected `values` require of an offer, for `QuerySet.filter()`."""
        raise NotImplementedError

    def make_filter(self):
        return FacetFilter(facet=self)

    def add_count(self, counts, value, count):
        """Note one counted row (facets.counted) in `counts`, this facet's {value: count}."""
        counts[value] = count


@dataclass(frozen=True)
class LinkFacet(Facet):
    """A facet over linked rows: a vocabulary (m2m) or the tags. URL values are slugs."""

    relation: str = ""  # "audiences", "topics", "gaps" or "tags"
    model: type = None

    def _links(self):
        """(the link rows, their column of the offer's key, their column of the value's key)."""
        if self.relation == "tags":
            return offer_tag_items(), "object_id", "tag_id"
        field = Offer._meta.get_field(self.relation)
        through = field.remote_field.through
        return through.objects.all(), "offer_id", f"{field.m2m_reverse_field_name()}_id"

    def condition(self, values):
        links, offer_column, value_column = self._links()
        if self.relation == "tags":
            chosen = links.filter(tag__slug__in=values)
        else:
            chosen = links.filter(**{f"{value_column}__in": values})
        return Q(pk__in=chosen.values(offer_column))

    def count_rows(self, offers):
        """A values queryset of (param, value, label, count) rows over `offers`."""
        links, offer_column, value_column = self._links()
        links = links.filter(**{f"{offer_column}__in": offers.values("pk")})
        if self.relation == "tags":
            return counted(links, self.param, F("tag__slug"), Count(offer_column), F("tag__name"))
        return counted(links, self.param, F(value_column), Count(offer_column))


@dataclass(frozen=True)
class ColumnFacet(Facet):
    """A facet over one value of the offer itself; `key()` is that value as SQL."""

    field: str = ""  # a model field, or "region"
    choices: tuple = ()
    shown_always: bool = False
    model: type = None  # a vocabulary: slugs in the URL, the entries' keys in the filter

    def key(self):
        if self.field == "region":
            # "bundesweit", or the Land of a regional offer.
            return Case(
                When(region_scope=RegionScope.NATIONWIDE, then=Value(RegionScope.NATIONWIDE.value)),
                default=F("state"),
                output_field=CharField(),
            )
        return F(self.field)

    def accepted(self, values) -> set:
        """The keys an offer may have to pass, given the selected values."""
        return set(values)

    def condition(self, values):
        return In(self.key(), sorted(self.accepted(values), key=str))


@dataclass(frozen=True)
class FlagFacet(ColumnFacet):
    """A yes/no condition such as "kostenfrei": on or absent in the URL."""

    wanted: bool = True

    multiple = False

    def accepted(self, values) -> set:
        return {self.wanted}


# The principles of integrated work (issue 18) --------------------------------------------


@dataclass(frozen=True)
class PrincipleFacet(Facet):
    """The principles of integrated work an offer strengthens: one yes/no column each.

    Multiple choice like the link facets: an offer passes when it strengthens
    any selected principle. Its counts are one grouping by the offer's
    combination of principles (a number with one bit per principle, so at most
    32 rows) in the link facets' union; `add_count` gives each principle the
    offers of every combination that holds it.
    """

    choices: tuple = tuple(Principle.choices)

    def _fields(self):
        return [PRINCIPLE_FIELDS[value] for value, _label in self.choices]

    def condition(self, values):
        wanted = Q()
        for value in values:
            wanted |= Q(**{PRINCIPLE_FIELDS[value]: True})
        return wanted

    def combination(self):
        bits = [
            Case(When(**{field: True}, then=Value(1 << bit)), default=Value(0))
            for bit, field in enumerate(self._fields())
        ]
        return sum(bits[1:], bits[0])

    def count_rows(self, offers):
        """A values queryset of (param, combination, "", count) rows over `offers`."""
        return counted(offers, self.param, self.combination(), Count("pk"))

    def add_count(self, counts, value, count):
        combination = int(value)
        for bit, (principle, _label) in enumerate(self.choices):
            if combination & (1 << bit):
                counts[principle] = counts.get(principle, 0) + count


# -------------------------------------------------------------------------------------------


class InvalidValue(ValueError):
    """A value facet's input that cannot be read; the message is German, for the person."""


@dataclass(frozen=True)
class ValueFacet(Facet):
    """One typed value from an input field, such as a date or an amount; no choices, no counts.

    `parse()` reads what a person typed (or a link carries) into a value or
    raises `InvalidValue`; `as_text()` writes the value the way the URL keeps it.
    """

    input_type: str = "text"
    inputmode: str = ""
    unit: str = ""  # shown with the input's label, e.g. "Euro"
    help: str = ""

    multiple = False

    def parse(self, raw: str):
        raise NotImplementedError

    def as_text(self, value) -> str:
        return str(value)

    def chip_label(self, value) -> str:
        return f"{self.label}: {self.as_text(value)}"

    def schema(self) -> dict:
        """The parameter's schema in the API's OpenAPI description."""
        return {"type": "string"}

    def condition(self, values):
        return self.condition_for(values[0])

    def condition_for(self, value):
        raise NotImplementedError


GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", re.ASCII)
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
FIRST_YEAR = 1900  # year 1 is a date too, but no one means it


@dataclass(frozen=True)
class DatesFromFacet(ValueFacet):
    """ "nur mit Terminen ab …": offers with a date that begins on that day or later."""

    input_type: str = "date"

    def parse(self, raw):
        german, iso = GERMAN_DATE.fullmatch(raw), ISO_DATE.fullmatch(raw)
        try:
            if iso:
                value = datetime.date(*(int(part) for part in iso.groups()))
            elif german:
                day, month, year = (int(part) for part in german.groups())
                value = datetime.date(year, month, day)
            else:
                value = None
        except ValueError:
            value = None
        if value is not None and value.year >= FIRST_YEAR:
            return value
        raise InvalidValue(
            f"„{raw}“ ist kein gültiges Datum. Bitte ein Datum wie 01.03.2027 angeben; "
            f"der Filter „{self.label}“ wurde nicht angewendet."
        )

    def as_text(self, value):
        return value.isoformat()

    def chip_label(self, value):
        return f"{self.label} {value:%d.%m.%Y}"

    def schema(self):
        return {"type": "string", "format": "date"}

    def condition_for(self, value):
        return Q(pk__in=OfferDate.objects.starting_from(value).values("offer_id"))


AMOUNT = re.compile(r"\d{1,6}(?:[.,]\d{1,2})?", re.ASCII)
MAX_AMOUNT = Decimal("999999.99")  # Offer.cost_eur holds no more


@dataclass(frozen=True)
class MaxCostFacet(ValueFacet):
    """ "Kosten bis … €": offers that cost at most this much per person; free ones cost 0."""

    # Text, not "number": a number field drops "49,50" in some browsers and what was typed.
    inputmode: str = "decimal"
    unit: str = "Euro"

    def parse(self, raw):
        text = raw.replace("€", "").replace("EUR", "").strip()
        if text.startswith("-"):
            raise InvalidValue(
                f"„{raw}“: Ein Höchstbetrag kann nicht negativ sein. Bitte einen Betrag ab 0 Euro "
                f"angeben; der Filter „{self.label}“ wurde nicht angewendet."
            )
        if not AMOUNT.fullmatch(text):
            raise InvalidValue(
                f"„{raw}“ ist kein Betrag. Bitte eine Zahl in Euro ohne Tausenderpunkt angeben, "
                f"z. B. 100 oder 49,50; der Filter „{self.label}“ wurde nicht angewendet."
            )
        return Decimal(text.replace(",", "."))

    def as_text(self, value):
        return f"{value.normalize():f}"

    def chip_label(self, value):
        amount = f"{value:.2f}".replace(".", ",").removesuffix(",00")
        return f"{self.label} {amount} €"

    def schema(self):
        return {"type": "number", "minimum": 0, "maximum": float(MAX_AMOUNT)}

    def condition_for(self, value):
        return Q(is_free=True) | Q(cost_eur__lte=value)


FACETS = [
    LinkFacet("leerstelle", "Leerstelle", relation="gaps", model=Gap),
    LinkFacet("zielgruppe", "Zielgruppe", relation="audiences", model=Audience),
    LinkFacet("themenfeld", "Themenfeld", relation="topics", model=Topic),
    # Competences after the Kompetenzprofil Jugendhilfeplanung (issue #18).
    LinkFacet("kompetenz", "Kompetenz", relation="competences", model=Competence),
    PrincipleFacet("integriert", "Integriertes Arbeiten"),
    ColumnFacet("art", "Angebotsart", field="offer_type_id", model=OfferType),
    ColumnFacet(
        "durchfuehrung",
        "Durchführung",
        choices=tuple(Delivery.choices),
        field="delivery",
        shown_always=True,
    ),
    ColumnFacet("region", "Region", choices=tuple(REGION_CHOICES), field="region"),
    LinkFacet("tag", "Schlagwort", relation="tags"),
    FlagFacet("kostenfrei", "kostenfrei", field="is_free", wanted=True),
    FlagFacet("ohne_antrag", "ohne Antragsverfahren", field="application_required", wanted=False),
    FlagFacet("ohne_reise", "ohne Anreise", field="travel_required", wanted=False),
    # For planning and approving a training (issues #17, #18).
    FlagFacet("mit_bescheinigung", "mit Teilnahmebescheinigung", field="certificate", wanted=True),
    DatesFromFacet(
        "termine_ab",
        "nur mit Terminen ab",
        help="Zeigt nur Angebote mit einem Termin, der an diesem Tag oder später beginnt.",
    ),
    MaxCostFacet(
        "kosten_bis",
        "Kosten bis",
        help="Höchstbetrag pro Person in Euro; kostenfreie Angebote zählen als 0 €.",
    ),
]
# The facets counted in one UNION ALL of their `count_rows()` (query.py).
UNION_FACETS = [facet for facet in FACETS if isinstance(facet, (LinkFacet, PrincipleFacet))]
FACETS_BY_PARAM = {facet.param: facet for facet in FACETS}
COLUMN_FACETS = [facet for facet in FACETS if isinstance(facet, ColumnFacet)]
VALUE_FACETS = [facet for facet in FACETS if isinstance(facet, ValueFacet)]
# The facets whose URL values are vocabulary slugs and whose filter values are the entries' keys.
VOCABULARY_MODELS = {
    facet.param: facet.model for facet in FACETS if getattr(facet, "model", None) is not None
}
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

    `filter_queryset(qs, leave_out=params)` applies every filter but those:
    a facet's counts leave out its own selection.
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

    def filter_queryset(self, queryset, leave_out=()):
        for name, value in self.form.cleaned_data.items():
            if name not in leave_out:
                queryset = self.filters[name].filter(queryset, value)
        return queryset


def clean_params(querydict, vocabulary, known_tags):
    """Turn raw GET parameters into FilterSet data plus German notes on what was dropped.

    `vocabulary` maps URL parameter → {slug: VocabularyEntry}; `known_tags`
    holds the tag slugs that exist. Returns (data, selected, notes, invalid) where
    `selected` maps parameter → list of valid values in URL order, and `invalid`
    a value facet's parameter → (what was typed, the note), when it could not be read.
    """
    from .text import clean_query, printable

    data, selected, notes, invalid = {}, {}, [], {}
    raw_q = querydict.get("q", "")
    q = clean_query(raw_q)
    if q:
        data["q"] = q
        if len(" ".join(printable(raw_q).split())) > len(q):
            notes.append(f"Der Suchbegriff war zu lang und wurde auf {len(q)} Zeichen gekürzt.")
    for facet in FACETS:
        if isinstance(facet, ValueFacet):
            raw = clean_query(querydict.get(facet.param, ""))[:60]
            if not raw:
                continue
            try:
                value = facet.parse(raw)
            except InvalidValue as error:
                notes.append(str(error))
                invalid[facet.param] = (raw, str(error))
                continue
            data[facet.param] = [value]
            selected[facet.param] = [facet.as_text(value)]
            continue
        if not facet.multiple:
            if querydict.get(facet.param) in FLAG_VALUES:
                data[facet.param] = [True]
                selected[facet.param] = ["1"]
            continue
        if facet.param in VOCABULARY_MODELS:
            allowed = vocabulary[facet.param]
        elif facet.param == "tag":
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
            if facet.param in VOCABULARY_MODELS:
                data[facet.param] = [vocabulary[facet.param][slug].pk for slug in values]
            else:
                data[facet.param] = values
    return data, selected, notes, invalid

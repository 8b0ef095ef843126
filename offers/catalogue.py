"""Reads behind the public catalogue: results, facet counts, chips.

One `Catalogue` per request. The number of queries does not depend on the
page size or the number of offers: one for the vocabularies, one (only with
a tag filter) to check tag slugs, one union for all facet counts, one for the
tag facet, then count, page and two prefetches.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, F, Value, When
from django.db.models.functions import Cast
from taggit.models import Tag

from .filters import (
    FLAG_FILTERS,
    M2M_THROUGH,
    REGION_CHOICES,
    SORT_CHOICES,
    VOCABULARY_FACETS,
    CatalogueFilter,
    clean_params,
)
from .models import Audience, Delivery, Gap, Offer, OfferType, RegionScope, Topic
from .search import uses_postgres

VOCABULARY_MODELS = {"audience": Audience, "topic": Topic, "gap": Gap, "offertype": OfferType}
FACET_LABELS = {
    "leerstelle": "Leerstelle",
    "zielgruppe": "Zielgruppe",
    "themenfeld": "Themenfeld",
    "art": "Angebotsart",
    "durchfuehrung": "Durchführung",
    "region": "Region",
    "tag": "Schlagwort",
}
TAG_FACET_SIZE = 15


@dataclass
class VocabularyEntry:
    pk: int
    slug: str
    name: str


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    param: str
    label: str
    options: list = field(default_factory=list)


@dataclass
class Chip:
    label: str
    remove_url: str


def load_vocabularies():
    """All four vocabularies in one query, as {url parameter: {slug: VocabularyEntry}}."""
    parts = [
        model.objects.order_by().values_list(Value(kind), "pk", "slug", "name", "position")
        for kind, model in VOCABULARY_MODELS.items()
    ]
    rows = parts[0].union(*parts[1:], all=True).order_by("position", "name")
    by_kind = {kind: {} for kind in VOCABULARY_MODELS}
    for kind, pk, slug, name, _position in rows:
        by_kind[kind][slug] = VocabularyEntry(pk, slug, name)
    return {param: by_kind[kind] for param, kind in VOCABULARY_FACETS.items()}


def region_key():
    return Case(
        When(region_scope=RegionScope.NATIONWIDE, then=Value(RegionScope.NATIONWIDE.value)),
        default=F("state"),
        output_field=CharField(),
    )


class Catalogue:
    def __init__(self, querydict, *, base_queryset=None):
        self.querydict = querydict
        self.vocabulary = load_vocabularies()
        requested_tags = [t for t in querydict.getlist("tag")[:30] if t]
        self.tag_names = (
            dict(Tag.objects.filter(slug__in=requested_tags).values_list("slug", "name"))
            if requested_tags
            else {}
        )
        self.data, self.selected, self.notes = clean_params(
            querydict, self.vocabulary, self.tag_names
        )
        self.base = base_queryset if base_queryset is not None else Offer.objects.visible()
        self.filterset = CatalogueFilter(self.data, queryset=self.base, tag_choices=self.tag_names)
        self.filterset.form.is_valid()  # data is pre-validated; this fills cleaned_data
        self.query = self.data.get("q", "")
        self.sort = self._sort()

    # Results -----------------------------------------------------------------

    def _sort(self):
        requested = self.querydict.get("sortierung", "")
        valid = {value for value, _ in SORT_CHOICES}
        if requested in valid and not (requested == "relevanz" and not self.query):
            return requested
        if requested and requested not in valid:
            self.notes.append("Diese Sortierung gibt es nicht; die Standardsortierung gilt.")
        return "relevanz" if self.query else "neu"

    def results(self):
        qs = self.filterset.qs
        if self.sort == "relevanz" and self.query and uses_postgres():
            qs = qs.order_by("-rank", "-published_at", "pk")
        elif self.sort == "titel":
            qs = qs.order_by("title", "pk")
        elif self.sort == "dauer":
            qs = qs.order_by(F("time_commitment_hours").asc(nulls_last=True), "title", "pk")
        else:
            qs = qs.order_by("-published_at", "pk")
        return qs.for_cards()

    def page(self):
        paginator = Paginator(self.results(), settings.CATALOGUE_PAGE_SIZE)
        raw = self.querydict.get("seite", "1")
        page = paginator.get_page(raw)
        if raw not in {"", str(page.number)} and raw != "1":
            if not raw.isdigit():
                self.notes.append("Die Seitenzahl war ungültig; Sie sehen die erste Seite.")
            elif paginator.count:
                self.notes.append(f"Diese Seite gibt es nicht; Sie sehen Seite {page.number}.")
        return page

    # Facets ------------------------------------------------------------------

    def facets(self):
        counts = self._facet_counts()
        facets = []
        for param in ("leerstelle", "zielgruppe", "themenfeld", "art"):
            selected = set(self.selected.get(param, []))
            facet = Facet(param, FACET_LABELS[param])
            for entry in self.vocabulary[param].values():
                facet.options.append(
                    FacetOption(
                        entry.slug,
                        entry.name,
                        counts[param].get(str(entry.pk), 0),
                        entry.slug in selected,
                    )
                )
            facets.append(facet)
        for param, choices in (("durchfuehrung", Delivery.choices), ("region", REGION_CHOICES)):
            selected = set(self.selected.get(param, []))
            facet = Facet(param, FACET_LABELS[param])
            for value, label in choices:
                count = counts[param].get(value, 0)
                if count or value in selected or param == "durchfuehrung":
                    facet.options.append(FacetOption(value, label, count, value in selected))
            facets.append(facet)
        facets.append(self._tag_facet())
        return facets

    def flag_counts(self):
        return self._facet_counts()["flags"]

    def _facet_counts(self):
        if hasattr(self, "_counts"):
            return self._counts
        parts = []
        for param, (through, column) in M2M_THROUGH.items():
            ids = self.filterset.queryset_without(param).values("pk")
            parts.append(
                through.objects.filter(offer_id__in=ids)
                .values(facet=Value(param), key=Cast(column, CharField()))
                .annotate(n=Count("offer_id"))
            )
        parts.append(
            self.filterset.queryset_without("art")
            .values(facet=Value("art"), key=Cast("offer_type_id", CharField()))
            .annotate(n=Count("pk"))
        )
        parts.append(
            self.filterset.queryset_without("durchfuehrung")
            .values(facet=Value("durchfuehrung"), key=F("delivery"))
            .annotate(n=Count("pk"))
        )
        parts.append(
            self.filterset.queryset_without("region")
            .values(facet=Value("region"), key=region_key())
            .annotate(n=Count("pk"))
        )
        for flag, (column, wanted, _label) in FLAG_FILTERS.items():
            parts.append(
                self.filterset.queryset_without(flag)
                .filter(**{column: wanted})
                .values(facet=Value("flags"), key=Value(flag))
                .annotate(n=Count("pk"))
            )
        parts = [part.order_by() for part in parts]
        counts = {param: {} for param in [*VOCABULARY_FACETS, "durchfuehrung", "region", "flags"]}
        for row in parts[0].union(*parts[1:], all=True):
            counts[row["facet"]][row["key"]] = row["n"]
        self._counts = counts
        return counts

    def _tag_facet(self):
        selected = self.selected.get("tag", [])
        ids = self.filterset.queryset_without("tag").values("pk")
        content_type = ContentType.objects.get_for_model(Offer)
        rows = (
            Offer.tags.through.objects.filter(content_type=content_type, object_id__in=ids)
            .values("tag__slug", "tag__name")
            .annotate(n=Count("id"))
            .order_by("-n", "tag__name")[:TAG_FACET_SIZE]
        )
        facet = Facet("tag", FACET_LABELS["tag"])
        seen = set()
        for row in rows:
            seen.add(row["tag__slug"])
            facet.options.append(
                FacetOption(
                    row["tag__slug"], row["tag__name"], row["n"], row["tag__slug"] in selected
                )
            )
        for slug in selected:
            if slug not in seen:
                facet.options.append(FacetOption(slug, self.tag_names.get(slug, slug), 0, True))
        return facet

    # State in the URL --------------------------------------------------------

    def state_pairs(self, *, drop=None, drop_value=None, extra=()):
        """The current state as (param, value) pairs, optionally without one value."""
        pairs = []
        if self.query and drop != "q":
            pairs.append(("q", self.query))
        for param in [*VOCABULARY_FACETS, "durchfuehrung", "region", "tag", *FLAG_FILTERS]:
            for value in self.selected.get(param, []):
                if param == drop and (drop_value is None or value == drop_value):
                    continue
                pairs.append((param, value))
        if self.sort not in {"relevanz", "neu"} and drop != "sortierung":
            pairs.append(("sortierung", self.sort))
        pairs.extend(extra)
        return pairs

    def url_for(self, **kwargs):
        query = urlencode(self.state_pairs(**kwargs))
        return f"?{query}" if query else "?"

    def chips(self):
        chips = []
        if self.query:
            chips.append(Chip(f"Suche: „{self.query}“", self.url_for(drop="q")))
        for param in [*VOCABULARY_FACETS, "durchfuehrung", "region", "tag"]:
            labels = self._labels(param)
            for value in self.selected.get(param, []):
                label = f"{FACET_LABELS[param]}: {labels.get(value, value)}"
                chips.append(Chip(label, self.url_for(drop=param, drop_value=value)))
        for flag, (_c, _w, label) in FLAG_FILTERS.items():
            if flag in self.selected:
                chips.append(Chip(label, self.url_for(drop=flag)))
        return chips

    def _labels(self, param):
        if param in self.vocabulary:
            return {slug: entry.name for slug, entry in self.vocabulary[param].items()}
        if param == "durchfuehrung":
            return dict(Delivery.choices)
        if param == "region":
            return dict(REGION_CHOICES)
        return self.tag_names

    @property
    def has_filters(self):
        return bool(self.query or self.selected)

    def hidden_state(self, *, without=()):
        """Pairs for hidden inputs in a form that changes only some parameters."""
        return [(k, v) for k, v in self.state_pairs() if k not in without]

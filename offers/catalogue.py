"""Reads behind the public catalogue: results, facet counts, chips.

One `Catalogue` per request. Facet counts, the result count and which offers
make up a page come from the facet index (facet_index.py), so the number of
queries depends neither on the page size nor on the number of offers: the
vocabularies, the catalogue version, the search (only with `q`; on
PostgreSQL the word index's bitmaps and, sorted by relevance, the ranks of
the filtered matches), the page's offers and the prefetch of their gaps.
Rebuilding the index adds up to four (isolation level, token, the facet
values, the newest-first order), and the first page sorted by title or
duration one more. What each filter means is defined once, by the
django-filter FilterSet in filters.py; `results()` runs it as SQL, and the
tests hold the index to it.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Value

from .facet_index import current_index
from .filters import (
    FACET_PARAMS,
    FLAG_FILTERS,
    REGION_CHOICES,
    SORT_CHOICES,
    VOCABULARY_FACETS,
    CatalogueFilter,
    clean_params,
)
from .models import Audience, Delivery, Gap, Offer, OfferType, Topic
from .search import matching, search_rank, uses_postgres

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


class Results(Sequence):
    """The results as the paginator sees them: a length, and offers loaded per slice."""

    def __init__(self, total, load):
        self.total, self.load = total, load

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Results are read in slices, a page at a time.")
        start, stop, _step = index.indices(self.total)
        return self.load(start, stop) if start < stop else []


class Catalogue:
    def __init__(self, querydict):
        self.querydict = querydict
        self.vocabulary = load_vocabularies()
        self.index = current_index()
        self.tag_names = self.index.known_tags(querydict.getlist("tag")[:30])
        self.data, self.selected, self.notes = clean_params(
            querydict, self.vocabulary, self.tag_names
        )
        self.filterset = CatalogueFilter(
            self.data, queryset=Offer.objects.visible(self.index.day), tag_choices=self.tag_names
        )
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
        """All results through the FilterSet's SQL, in the page's order (the reference).

        The page itself is picked by the facet index, which sorts titles in
        German dictionary order (Ä as Ae, case ignored); this SQL sorts them by
        the database's collation.
        """
        if self.sort == "relevanz" and search_rank(self.query) is not None:
            ordering = ["-rank", "-published_at", "pk"]
        elif self.sort == "titel":
            ordering = ["title", "pk"]
        elif self.sort == "dauer":
            ordering = [F("time_commitment_hours").asc(nulls_last=True), "title", "pk"]
        else:
            ordering = ["-published_at", "pk"]
        return self.filterset.qs.order_by(*ordering)

    def page(self):
        counts = self.counts()
        paginator = Paginator(Results(counts.total, self._offers), settings.CATALOGUE_PAGE_SIZE)
        raw = self.querydict.get("seite", "1")
        page = paginator.get_page(raw)
        if raw not in {"", str(page.number)} and raw != "1":
            if not raw.isdigit():
                self.notes.append("Die Seitenzahl war ungültig; Sie sehen die erste Seite.")
            elif paginator.count:
                self.notes.append(f"Diese Seite gibt es nicht; Sie sehen Seite {page.number}.")
        return page

    def _offers(self, start, stop):
        """The offers results[start:stop], loaded for the result cards."""
        ids = self._ids(start, stop)
        offers = {
            o.pk: o for o in Offer.objects.visible(self.index.day).filter(pk__in=ids).for_cards()
        }
        return [offers[pk] for pk in ids if pk in offers]

    def _ids(self, start, stop):
        counts = self.counts()
        if self._ranks is None:
            sort = self.sort if self.sort in {"titel", "dauer"} else "neu"
            return self.index.page_ids(counts.results, counts.total, sort, start, stop)
        if not hasattr(self, "_by_relevance"):
            # Best rank first, then newest first, as results() orders them.
            newest = self.index.ranks["neu"]
            unknown = len(newest)
            self._by_relevance = sorted(
                self._ranks,
                key=lambda pk: (-self._ranks[pk], newest[pk] if pk < unknown else unknown),
            )
        return self._by_relevance[start:stop]

    # Facets ------------------------------------------------------------------

    def counts(self):
        """Facet counts, the tag facet, the result count and the results (facet_index.Counts)."""
        if not hasattr(self, "_counts"):
            masks = {
                param: self.index.matching(param, value)
                for param, value in self.filterset.form.cleaned_data.items()
                if param in FACET_PARAMS and value
            }
            base, self._ranks = self.index.visible, None
            found = matching(self.query, rank_among=self._rank_among(masks))
            if found is not None:
                bits, ranks = found
                base &= bits
                self._ranks = ranks if self.sort == "relevanz" and uses_postgres() else None
            self._counts = self.index.count(base, masks, tag_limit=TAG_FACET_SIZE)
        return self._counts

    def _rank_among(self, masks):
        """The offers the search should rank: those passing every facet filter (relevance only)."""
        if self.sort != "relevanz" or not uses_postgres():
            return None
        among = self.index.visible
        for mask in masks.values():
            among &= mask
        return among

    def facets(self):
        counts = self.counts()
        facets = []
        for param in ("leerstelle", "zielgruppe", "themenfeld", "art"):
            selected = set(self.selected.get(param, []))
            facet = Facet(param, FACET_LABELS[param])
            for entry in self.vocabulary[param].values():
                facet.options.append(
                    FacetOption(
                        entry.slug,
                        entry.name,
                        counts.values[param].get(entry.pk, 0),
                        entry.slug in selected,
                    )
                )
            facets.append(facet)
        for param, choices in (("durchfuehrung", Delivery.choices), ("region", REGION_CHOICES)):
            selected = set(self.selected.get(param, []))
            facet = Facet(param, FACET_LABELS[param])
            for value, label in choices:
                count = counts.values[param].get(value, 0)
                if count or value in selected or param == "durchfuehrung":
                    facet.options.append(FacetOption(value, label, count, value in selected))
            facets.append(facet)
        facets.append(self._tag_facet())
        return facets

    def flag_counts(self):
        return self.counts().flags

    def _tag_facet(self):
        selected = self.selected.get("tag", [])
        facet = Facet("tag", FACET_LABELS["tag"])
        seen = set()
        for slug, name, count in self.counts().tags:
            seen.add(slug)
            facet.options.append(FacetOption(slug, name, count, slug in selected))
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

"""One run of the catalogue's filters: results, facet counts, chips, links.

`Catalogue(querydict)` is the single entry point for "these filters": the
catalogue page uses it, and an API, feeds or alerts given the same GET
parameters get the same offers. What a filter means is declared once, in
facets.py; results come from the django-filter FilterSet.

Queries per page, however many offers match: the vocabularies, the tag
names (only with `tag` in the URL), the counts of the link facets and the
principles (one union), the column facets' counts with the result count
(one grouping), the page of offers and their gaps, and with `q` whether its
words are in the index; similar words only when a search finds (almost)
nothing.
"""

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, Func, Value
from django.db.models.functions import Lower
from django.utils import timezone
from taggit.models import Tag

from offers.approval.shortlist import CARRY_PARAM, Shortlist
from offers.models import Offer

from . import index, suggest
from .facets import (
    COLUMN_FACETS,
    FACETS,
    FACETS_BY_PARAM,
    MAX_VALUES_PER_PARAM,
    TAG_FACET_SIZE,
    UNION_FACETS,
    VALUE_FACETS,
    VOCABULARY_MODELS,
    CatalogueFilterSet,
    ColumnFacet,
    FlagFacet,
    PrincipleFacet,
    ValueFacet,
    clean_params,
)
from .text import TRANSLITERATION, clean_query

SORT_CHOICES = [
    ("relevanz", "Relevanz"),
    ("neu", "Neueste zuerst"),
    ("titel", "Titel (A–Z)"),
    ("dauer", "Zeitaufwand (kürzeste zuerst)"),
]
# Dictionary order for titles: Ä as Ae, ß as ss, case ignored, on both databases.
# Title order: the letters the search writes out (text.py), in both cases.
TITLE_SPELLINGS = [
    (letter, spelled.lower())
    for letter, spelled in ((chr(code), value) for code, value in TRANSLITERATION.items())
    if letter.lower() != spelled.lower()
]
COUNTS_CACHE_SECONDS = 600  # the version makes older entries unreachable anyway
SUGGEST_BELOW = 3  # offer a corrected search when a search finds fewer offers than this
SLUG = re.compile(r"[-\w]{1,100}")


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
class FacetView:
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
        model.objects.order_by().values_list(Value(param), "pk", "slug", "name", "position")
        for param, model in VOCABULARY_MODELS.items()
    ]
    rows = parts[0].union(*parts[1:], all=True).order_by("position", "name")
    by_param = {param: {} for param in VOCABULARY_MODELS}
    for param, pk, slug, name, _position in rows:
        by_param[param][slug] = VocabularyEntry(pk, slug, name)
    return by_param


# The catalogue's URL contract: every parameter a catalogue page understands.
CATALOGUE_PARAMS = ["q", *(facet.param for facet in FACETS), "sortierung", "seite", CARRY_PARAM]
BACK_PARAMETER = "von"


def catalogue_url(raw_state: str) -> str:
    """The catalogue URL for a state an offer link carried along (`?von=…`), cleaned.

    Only the catalogue's own parameters pass, each value printable and short,
    so the way back can neither break a page nor lead anywhere else.
    """
    from django.http import QueryDict
    from django.urls import reverse

    state = QueryDict((raw_state or "")[:2000])
    pairs = []
    for param in CATALOGUE_PARAMS:
        for value in state.getlist(param)[:MAX_VALUES_PER_PARAM]:
            value = clean_query(value)[:100]
            if value:
                pairs.append((param, value))
    query = urlencode(pairs)
    return reverse("offers:catalogue") + (f"?{query}" if query else "")


def title_key():
    expression = F("title")
    for letter, spelled in TITLE_SPELLINGS:
        expression = Func(expression, Value(letter), Value(spelled), function="REPLACE")
    return Lower(expression)


class CountedPaginator(Paginator):
    """A paginator told the count, which the facet query has already read."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


class Catalogue:
    def __init__(self, querydict, *, today=None, version=None):
        index.flush(quiet=True)  # a reader inside a writing transaction sees its own changes
        self.querydict = querydict
        self.today = today or timezone.localdate()
        self.version = version  # the catalogue version, when the caller has read it
        self.vocabulary = load_vocabularies()
        wanted_tags = [
            slug.strip()
            for slug in querydict.getlist("tag")[:MAX_VALUES_PER_PARAM]
            if SLUG.fullmatch(slug.strip())
        ]
        self.tag_names = (
            dict(Tag.objects.filter(slug__in=wanted_tags).values_list("slug", "name"))
            if wanted_tags
            else {}
        )
        self.data, self.selected, self.notes, self.invalid = clean_params(
            querydict, self.vocabulary, set(self.tag_names)
        )
        self.filterset = CatalogueFilterSet(self.data, queryset=self.visible())
        self.query = self.data.get("q", "")
        self.sort = self._sort()
        # The Merkliste rides along on every link of the page (offers/approval/shortlist.py);
        # it is not a filter, so feeds, exports and counts never see it.
        self.shortlist = Shortlist.from_query(querydict, CARRY_PARAM)
        self.notes.extend(self.shortlist.notes)

    def visible(self):
        return Offer.objects.visible(self.today)

    # Results -----------------------------------------------------------------

    def _sort(self):
        requested = self.querydict.get("sortierung", "")
        valid = {value for value, _ in SORT_CHOICES}
        if requested in valid and not (requested == "relevanz" and not self.query):
            return requested
        if requested and requested not in valid:
            self.notes.append("Diese Sortierung gibt es nicht; die Standardsortierung gilt.")
        return self.default_sort

    @property
    def default_sort(self):
        return "relevanz" if self.query else "neu"

    @property
    def sort_choices(self):
        """(value, label, selected) for the sort menu.

        The default order has the value "", so that sending the search box
        after a new query never carries an old order along: with `q`,
        relevance is the default.
        """
        choices = []
        for value, label in SORT_CHOICES:
            if value == "relevanz" and not self.query:
                continue
            shown = "" if value == self.default_sort else value
            choices.append((shown, label, value == self.sort))
        return choices

    def results(self):
        """All results in the page's order (the FilterSet's queryset, sorted)."""
        results = self.filterset.qs
        if self.sort == "relevanz" and "search_rank" in results.query.annotations:
            ordering = [F("search_rank").desc(), "-published_at", "pk"]
        elif self.sort == "titel":
            ordering = [title_key(), "pk"]
        elif self.sort == "dauer":
            ordering = [F("time_commitment_hours").asc(nulls_last=True), title_key(), "pk"]
        else:
            ordering = ["-published_at", "pk"]
        return results.order_by(*ordering)

    def page(self):
        paginator = CountedPaginator(
            self.results().for_cards(self.today), settings.CATALOGUE_PAGE_SIZE, self.total
        )
        raw = self.querydict.get("seite", "1")
        page = paginator.get_page(raw)
        if raw not in {"", str(page.number)} and raw != "1":
            if not raw.isdigit():
                self.notes.append("Die Seitenzahl war ungültig; Sie sehen die erste Seite.")
            elif paginator.count:
                self.notes.append(f"Diese Seite gibt es nicht; Sie sehen Seite {page.number}.")
        return page

    # Facets ------------------------------------------------------------------

    @cached_property
    def counts(self):
        """({param: {value: count}}, [(tag slug, name, count)], result count).

        Kept in Django's cache per catalogue version and filter state (the
        same for every page and order of one selection) when the caller
        knows the version; otherwise counted (`_count`).
        """
        if self.version is None:
            return self._count()
        state = urlencode(self.state_pairs(drop="sortierung"))
        digest = hashlib.sha256(f"{self.version}|{self.today}|{state}".encode()).hexdigest()
        key = f"k360:counts:{digest}"
        found = cache.get(key)
        if found is None:
            found = self._count()
            cache.set(key, found, COUNTS_CACHE_SECONDS)
        self.tag_names.update({slug: name for slug, name, _count in found[1]})
        return found

    def _count(self):
        """Count in two queries.

        Facets without a selection count over the filtered results; a facet
        with a selection counts as if it had none, so its alternatives stay
        visible. The link facets and the principles are one UNION ALL; the
        column facets and the result count come from one grouping by all
        column keys (facets.py).
        """
        counts = {facet.param: {} for facet in FACETS}
        filtered = self.filterset.qs
        parts = [
            facet.count_rows(
                self.filterset.filter_queryset(self.visible(), leave_out={facet.param})
                if facet.param in self.selected
                else filtered
            )
            for facet in UNION_FACETS
        ]
        tags = []
        for param, value, label, count in parts[0].union(*parts[1:], all=True):
            if param == "tag":
                tags.append((value, label, count))
            else:
                FACETS_BY_PARAM[param].add_count(counts[param], value, count)
        tags.sort(key=lambda row: (-row[2], row[1].lower()))
        self.tag_names.update({slug: name for slug, name, _count in tags})
        return counts, tags, self._count_columns(counts)

    def _count_columns(self, counts):
        """Add the column facets' counts to `counts`; return the result count."""
        base = self.filterset.filter_queryset(
            self.visible(), leave_out={facet.param for facet in COLUMN_FACETS}
        )
        keys = {f"key_{facet.param}": facet.key() for facet in COLUMN_FACETS}
        active = {
            facet: facet.accepted(self.data[facet.param])
            for facet in COLUMN_FACETS
            if self.data.get(facet.param)
        }
        total = 0
        for group in base.order_by().values(**keys).annotate(group_count=Count("pk")):
            number = group["group_count"]
            failing = [
                facet for facet, ok in active.items() if group[f"key_{facet.param}"] not in ok
            ]
            if not failing:
                total += number
            for facet in COLUMN_FACETS:
                if failing and failing != [facet]:
                    continue  # fails another facet's selection
                key = group[f"key_{facet.param}"]
                if isinstance(facet, FlagFacet):
                    if key != facet.wanted:
                        continue
                    key = "1"
                values = counts[facet.param]
                values[str(key)] = values.get(str(key), 0) + number
        return total

    @property
    def total(self):
        return self.counts[2]

    def facets(self):
        counts, tags, _total = self.counts
        views = []
        for facet in FACETS:
            if isinstance(facet, FlagFacet | ValueFacet):
                continue
            selected = set(self.selected.get(facet.param, []))
            view = FacetView(facet.param, facet.label)
            if facet.param in self.vocabulary:
                for entry in self.vocabulary[facet.param].values():
                    count = counts[facet.param].get(str(entry.pk), 0)
                    view.options.append(
                        FacetOption(entry.slug, entry.name, count, entry.slug in selected)
                    )
            elif facet.param == "tag":
                shown = tags[:TAG_FACET_SIZE]
                seen = {slug for slug, _name, _count in shown}
                view.options = [
                    FacetOption(slug, name, count, slug in selected) for slug, name, count in shown
                ]
                for slug in self.selected.get("tag", []):
                    if slug not in seen:
                        name = self.tag_names.get(slug, slug)
                        count = next((c for s, _n, c in tags if s == slug), 0)
                        view.options.append(FacetOption(slug, name, count, True))
            else:
                for value, label in facet.choices:
                    count = counts[facet.param].get(value, 0)
                    if count or value in selected or facet.shown_always:
                        view.options.append(FacetOption(value, label, count, value in selected))
            views.append(view)
        return views

    def flags(self):
        counts = self.counts[0]
        return [
            {
                "param": facet.param,
                "label": facet.label,
                "checked": facet.param in self.selected,
                "count": counts[facet.param].get("1", 0),
            }
            for facet in FACETS
            if isinstance(facet, FlagFacet)
        ]

    def value_inputs(self):
        """The value facets' input fields: the value in force, or what was typed and its error."""
        inputs = []
        for facet in VALUE_FACETS:
            typed, error = self.invalid.get(facet.param, (None, ""))
            value = typed if typed is not None else self.selected.get(facet.param, [""])[0]
            inputs.append(
                {
                    "param": facet.param,
                    "label": facet.label,
                    "help": facet.help,
                    "input_type": facet.input_type,
                    "inputmode": facet.inputmode,
                    "unit": facet.unit,
                    "value": value,
                    "error": error,
                }
            )
        return inputs

    # Spelling ----------------------------------------------------------------

    @cached_property
    def suggestion(self):
        """A corrected query ("Meinten Sie …?") with its link, or None."""
        if not self.query:
            return None
        unknown = suggest.unknown_terms(self.query)  # one query, asked for every search
        if not unknown or self.total >= SUGGEST_BELOW:
            return None
        corrected = suggest.suggestion(self.query, unknown, self._count_for, self.total)
        if corrected is None:
            return None
        return {"query": corrected, "url": self.url_for(drop="q", extra=[("q", corrected)])}

    def _count_for(self, query):
        data = {**self.data, "q": query}
        return CatalogueFilterSet(data, queryset=self.visible()).qs.count()

    # State in the URL --------------------------------------------------------

    def state_pairs(self, *, drop=None, drop_value=None, extra=()):
        """The current state as (param, value) pairs, optionally without one value."""
        pairs = []
        if self.query and drop != "q":
            pairs.append(("q", self.query))
        for facet in FACETS:
            for value in self.selected.get(facet.param, []):
                if facet.param == drop and (drop_value is None or value == drop_value):
                    continue
                pairs.append((facet.param, value))
        if self.sort != self.default_sort and drop != "sortierung":
            pairs.append(("sortierung", self.sort))
        pairs.extend(extra)
        return pairs

    def back_state(self, page_number=1):
        """The state an offer link carries, so that its page leads back to this list."""
        extra = [("seite", page_number)] if page_number > 1 else []
        return urlencode(self.state_pairs(extra=extra) + self.shortlist.pairs())

    def url_for(self, **kwargs):
        """A link to this catalogue in another state; the Merkliste rides along."""
        query = urlencode(self.state_pairs(**kwargs) + self.shortlist.pairs())
        return f"?{query}" if query else "?"

    def chips(self):
        chips = []
        if self.query:
            chips.append(Chip(f"Suche: „{self.query}“", self.url_for(drop="q")))
        for facet in FACETS:
            if facet.param not in self.selected:
                continue
            if isinstance(facet, FlagFacet):
                chips.append(Chip(facet.label, self.url_for(drop=facet.param)))
                continue
            if isinstance(facet, ValueFacet):
                label = facet.chip_label(self.data[facet.param][0])
                chips.append(Chip(label, self.url_for(drop=facet.param)))
                continue
            labels = self._labels(facet)
            for value in self.selected[facet.param]:
                label = f"{facet.label}: {labels.get(value, value)}"
                chips.append(Chip(label, self.url_for(drop=facet.param, drop_value=value)))
        return chips

    def _labels(self, facet):
        if facet.param in self.vocabulary:
            return {slug: entry.name for slug, entry in self.vocabulary[facet.param].items()}
        if isinstance(facet, (ColumnFacet, PrincipleFacet)):
            return dict(facet.choices)
        return self.tag_names

    @property
    def has_filters(self):
        return bool(self.query or self.selected)

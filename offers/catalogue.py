"""Reads behind the public catalogue: results, facet counts, chips.

One `Catalogue` per request. The number of queries does not depend on the
page size or the number of offers: one for the vocabularies, one (only with
a tag filter) to check tag slugs, one for all facet counts, the tag facet and
the result count together, then the page and two prefetches.

The facet query finds the offers matching the search once (a materialised
CTE), with one boolean column per active facet filter, and counts every facet
from there under all the *other* active filters; when there is a search it
also picks the page's offers. Searching once instead of once per facet (and
again for count and page) is what keeps it fast on a large catalogue: see
`make bench` and the README.
"""

import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from taggit.models import Tag

from .filters import (
    FACET_PARAMS,
    FLAG_FILTERS,
    M2M_THROUGH,
    REGION_CHOICES,
    SORT_CHOICES,
    VOCABULARY_FACETS,
    CatalogueFilter,
    clean_params,
)
from .models import Audience, Delivery, Gap, Offer, OfferType, RegionScope, Topic
from .search import search_rank

# What a tag slug can look like; anything else in `?tag=` is never sent to the database.
SLUG_SHAPE = re.compile(r"[-\w]{1,100}")

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
        self.base = base_queryset if base_queryset is not None else Offer.objects.visible()
        self.tag_names = self._known_tags(querydict.getlist("tag")[:30])
        self.data, self.selected, self.notes = clean_params(
            querydict, self.vocabulary, self.tag_names
        )
        self.filterset = CatalogueFilter(self.data, queryset=self.base, tag_choices=self.tag_names)
        self.filterset.form.is_valid()  # data is pre-validated; this fills cleaned_data
        self.query = self.data.get("q", "")
        self.sort = self._sort()

    def _known_tags(self, requested):
        """{slug: name} of the requested tags that label at least one visible offer.

        Only slug-shaped values are looked up (no NUL bytes or markup reach the
        database), and a tag used only on unmoderated offers stays unknown, so a
        crafted link cannot put unreviewed text on the page.
        """
        slugs = [value for value in requested if SLUG_SHAPE.fullmatch(value)]
        if not slugs:
            return {}
        tagged_visible = Offer.tags.through.objects.filter(
            tag_id=OuterRef("pk"),
            content_type__app_label="offers",
            content_type__model="offer",
            object_id__in=self.base.values("pk"),
        )
        return dict(
            Tag.objects.filter(slug__in=slugs)
            .filter(Exists(tagged_visible))
            .values_list("slug", "name")
        )

    # Results -----------------------------------------------------------------

    def _sort(self):
        requested = self.querydict.get("sortierung", "")
        valid = {value for value, _ in SORT_CHOICES}
        if requested in valid and not (requested == "relevanz" and not self.query):
            return requested
        if requested and requested not in valid:
            self.notes.append("Diese Sortierung gibt es nicht; die Standardsortierung gilt.")
        return "relevanz" if self.query else "neu"

    def ordering(self):
        """The ORDER BY of the results for the current sort."""
        if self.sort == "relevanz" and search_rank(self.query) is not None:
            return ["-rank", "-published_at", "pk"]
        if self.sort == "titel":
            return ["title", "pk"]
        if self.sort == "dauer":
            return [F("time_commitment_hours").asc(nulls_last=True), "title", "pk"]
        return ["-published_at", "pk"]

    def results(self):
        return self.filterset.qs.order_by(*self.ordering()).for_cards()

    def page(self):
        counts = self._facet_counts()
        paginator = Paginator(self.results(), settings.CATALOGUE_PAGE_SIZE)
        # The facet query counts the results too; this saves the paginator's COUNT query.
        paginator.count = counts["total"]
        raw = self.querydict.get("seite", "1")
        page = paginator.get_page(raw)
        if counts["page_ids"] is not None and page.number == self._requested_page():
            # The facet query has already picked this page's offers: load them by key
            # instead of running the search a second time.
            page.object_list = self._offers_in_order(counts["page_ids"])
        if raw not in {"", str(page.number)} and raw != "1":
            if not raw.isdigit():
                self.notes.append("Die Seitenzahl war ungültig; Sie sehen die erste Seite.")
            elif paginator.count:
                self.notes.append(f"Diese Seite gibt es nicht; Sie sehen Seite {page.number}.")
        return page

    def _requested_page(self):
        raw = self.querydict.get("seite", "1")
        return int(raw) if raw.isdigit() and int(raw) >= 1 else 1

    @staticmethod
    def _offers_in_order(ids):
        offers = {offer.pk: offer for offer in Offer.objects.filter(pk__in=ids).for_cards()}
        return [offers[pk] for pk in ids if pk in offers]

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
        """All facet counts, the tag facet and the result count, in one query."""
        if not hasattr(self, "_counts"):
            page = None
            if self.query:
                # Searching is the expensive part: let the same query pick the page.
                size = settings.CATALOGUE_PAGE_SIZE
                offset = (self._requested_page() - 1) * size
                page = (self.ordering(), search_rank(self.query), offset, size)
            self._counts = FacetQuery(self.filterset, page=page).run()
        return self._counts

    def _tag_facet(self):
        selected = self.selected.get("tag", [])
        facet = Facet("tag", FACET_LABELS["tag"])
        seen = set()
        for slug, name, count in self._facet_counts()["tags"]:
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


class FacetQuery:
    """Builds and runs the one query behind all facet counts of a catalogue page.

    The offers matching the search (visible offers when there is none) are
    selected once by the ORM, as `matched`, with the columns the facets group
    by and one boolean column per active facet filter. Every facet then counts
    the rows of `matched` that pass all active filters except its own, so a
    chosen value does not hide its alternatives. The SQL is plain enough for
    PostgreSQL and SQLite alike. Only table and column names from the models'
    meta data and generated column names are put into the SQL text; every
    value is a parameter (hence the S608 exemptions).
    """

    def __init__(self, filterset, *, page=None):
        self.filterset = filterset
        self.page = page
        conditions = filterset.facet_conditions()
        # One boolean column per active filter, named by position (params contain no SQL).
        self.filter_columns = {param: f"f{i}" for i, param in enumerate(conditions)}
        self.flag_columns = {flag: f"flag{i}" for i, flag in enumerate(FLAG_FILTERS)}
        booleans = {
            **{self.filter_columns[p]: condition for p, condition in conditions.items()},
            **{
                self.flag_columns[flag]: Q(**{column: wanted})
                for flag, (column, wanted, _label) in FLAG_FILTERS.items()
            },
        }
        self.matched = (
            filterset.queryset_without(*FACET_PARAMS)
            .order_by()
            .values(
                m_id=F("pk"),
                m_type=F("offer_type_id"),
                m_delivery=F("delivery"),
                m_region=region_key(),
                **{
                    name: ExpressionWrapper(condition, output_field=BooleanField())
                    for name, condition in booleans.items()
                },
            )
        )

    def where(self, *conditions, without=None):
        parts = [*conditions]
        parts += [
            f"m.{column}" for param, column in self.filter_columns.items() if param != without
        ]
        return f"WHERE {' AND '.join(parts)}" if parts else ""

    def branches(self):
        """(SQL, params) of every UNION ALL branch: facet, key, label, n, position."""
        quote = connection.ops.quote_name
        for param, (through, column) in M2M_THROUGH.items():
            table = quote(through._meta.db_table)
            offer_column = quote(through._meta.get_field("offer").column)
            key = f"t.{quote(column)}"
            yield (
                f"SELECT %s, CAST({key} AS TEXT), CAST(NULL AS TEXT), COUNT(*), 0 "  # noqa: S608
                f"FROM matched m JOIN {table} t ON t.{offer_column} = m.m_id "
                f"{self.where(without=param)} GROUP BY {key}",
                [param],
            )
        for param, key in (
            ("art", "m.m_type"),
            ("durchfuehrung", "m.m_delivery"),
            ("region", "m.m_region"),
        ):
            yield (
                f"SELECT %s, CAST({key} AS TEXT), CAST(NULL AS TEXT), COUNT(*), 0 "  # noqa: S608
                f"FROM matched m {self.where(without=param)} GROUP BY {key}",
                [param],
            )
        for flag, column in self.flag_columns.items():
            yield (
                "SELECT 'flags', %s, CAST(NULL AS TEXT), COUNT(*), 0 "  # noqa: S608
                f"FROM matched m {self.where(f'm.{column}', without=flag)}",
                [flag],
            )
        yield (
            "SELECT 'total', '', CAST(NULL AS TEXT), COUNT(*), 0 "  # noqa: S608
            f"FROM matched m {self.where()}",
            [],
        )
        items = Offer.tags.through
        yield (
            "SELECT * FROM (SELECT 'tag', tg.slug, tg.name, COUNT(*), "  # noqa: S608
            "ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, tg.name) "
            f"FROM matched m JOIN {quote(items._meta.db_table)} ti "
            "ON ti.object_id = m.m_id AND ti.content_type_id = %s "
            f"JOIN {quote(Tag._meta.db_table)} tg ON tg.id = ti.tag_id "
            f"{self.where(without='tag')} GROUP BY tg.slug, tg.name "
            "ORDER BY COUNT(*) DESC, tg.name LIMIT %s) tag_facet",
            [ContentType.objects.get_for_model(Offer).pk, TAG_FACET_SIZE],
        )
        if self.page is not None:
            yield self.page_branch(*self.page)

    def page_branch(self, ordering, rank, offset, limit):
        """The keys of one page of results, in order, chosen among the matched offers."""
        matched_ids = f"SELECT m.m_id FROM matched m {self.where()}"  # noqa: S608
        results = Offer.objects.filter(pk__in=RawSQL(matched_ids, ()))  # noqa: S611
        if rank is not None:
            results = results.annotate(rank=rank)
        page_sql, params = (
            results.order_by(*ordering)
            .values(p_id=F("pk"), p_position=Window(RowNumber(), order_by=ordering))[
                offset : offset + limit
            ]
            .query.sql_with_params()
        )
        return (
            "SELECT 'page', CAST(p.p_id AS TEXT), CAST(NULL AS TEXT), 0, p.p_position "  # noqa: S608
            f"FROM ({page_sql}) p",
            list(params),
        )

    def sql(self):
        matched_sql, params = self.matched.query.sql_with_params()
        columns = "m_id, m_type, m_delivery, m_region, " + ", ".join(
            [*self.filter_columns.values(), *self.flag_columns.values()]
        )
        parts = []
        for branch_sql, branch_params in self.branches():
            parts.append(branch_sql)
            params = (*params, *branch_params)
        # Materialise the matches once (PostgreSQL would also do so for a CTE used more than
        # once; the keyword makes it explicit). SQLite knows the keyword since 3.35.
        materialized = "MATERIALIZED " if self._supports_materialized() else ""
        sql = f"WITH matched ({columns}) AS {materialized}({matched_sql}) " + " UNION ALL ".join(
            parts
        )
        return sql, params

    @staticmethod
    def _supports_materialized():
        if connection.vendor == "sqlite":
            return connection.Database.sqlite_version_info >= (3, 35)
        return connection.vendor == "postgresql"

    def run(self):
        counts = {param: {} for param in [*VOCABULARY_FACETS, "durchfuehrung", "region", "flags"]}
        tags, page, total = [], [], 0
        sql, params = self.sql()
        # The planner prices a sequential scan with `search_vector @@ query` by the table's
        # pages, but each row then has its TOASTed, compressed vector unpacked: for a common
        # word that is ten times slower than the GIN index, which answers these queries
        # exactly (no recheck). So a search never scans the table, for this query only.
        searching = bool(self.filterset.form.cleaned_data.get("q"))
        no_seqscan = searching and connection.vendor == "postgresql"
        with transaction.atomic() if no_seqscan else nullcontext(), connection.cursor() as cursor:
            if no_seqscan:
                cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for facet, key, label, n, position in rows:
            if facet == "total":
                total = n
            elif facet == "tag":
                tags.append((position, key, label, n))
            elif facet == "page":
                page.append((position, int(key)))
            else:
                counts[facet][key] = n
        counts["total"] = total
        counts["tags"] = [(slug, name, n) for _position, slug, name, n in sorted(tags)]
        counts["page_ids"] = [pk for _position, pk in sorted(page)] if self.page else None
        return counts

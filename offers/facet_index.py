"""The visible catalogue as bitsets, for facet counts and result pages.

Counting facets in SQL costs time for every matching offer in every facet:
at 100,000 offers a common search word matches 30,000 of them, and joining
those to audiences, topics, gaps and tags took most of a request's time. Here
each facet value has the set of visible offers that carry it as a bitset (a
Python int whose bit n stands for the offer with primary key n). The count
of a value under the active filters is then an AND and a population count,
in microseconds, however many offers match. The database still answers what
it answers well: the full-text search (a set of ids, and the ranks of the
results) and the page's offers.

`FacetIndex.build()` reads the visible catalogue in two queries, from one
snapshot together with the version token. Each process keeps the index of
the current catalogue version (`CatalogueVersion`, renewed by database
triggers on every relevant change, see catalogue_triggers.py) and of the day
(offers expire by date), and rebuilds it when either changes. A transaction
that has changed the catalogue itself gets an index of its own, uncached.
Bitsets are as long as the highest primary key: memory follows the keys, so
a catalogue whose keys are far apart (imports with explicit ids) costs more.
The filters' meaning stays defined once, by the FilterSet in filters.py;
tests compare the two on random catalogues and filter combinations.
"""

import datetime
import threading
from array import array
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    BooleanField,
    F,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils import timezone

from .bitsets import BIT, bitset, members, to_bytes
from .filters import FLAG_FILTERS, M2M_THROUGH, offer_tag_items, region_key
from .models import CatalogueVersion, Offer
from .search import TRANSLITERATION, normalize


def title_key(title):
    """Titles in German dictionary order, whatever the database's collation: Ä as Ae, case ignored."""
    key = title.translate(TRANSLITERATION).casefold()
    return key if key.isascii() else normalize(key)


# The orders the index keeps besides "neu" (newest first, read from the database), as sort
# keys of (pk, title, hours) rows. "relevanz" needs the search rank and is left to SQL.
ORDERS = {
    "titel": lambda row: (title_key(row[1]), row[0]),
    "dauer": lambda row: (row[2] is None, row[2] or 0, title_key(row[1]), row[0]),
}


class IdList(Aggregate):
    """The values of a group as one comma-separated text (STRING_AGG, GROUP_CONCAT)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(CAST(%(expressions)s AS TEXT), ',')",
            **extra_context,
        )


@dataclass
class Counts:
    """Everything a catalogue page counts, from `FacetIndex.count()`."""

    values: dict  # facet parameter → {key: number of offers}
    flags: dict  # flag parameter → number of offers
    tags: list  # (slug, name, number), most frequent first
    total: int
    results: int  # the bitset of the results


@dataclass
class FacetIndex:
    """The visible catalogue of one day and one catalogue version, as bitsets and orders.

    Read-only once built (the title and duration orders are added on first
    use), so requests in several threads may share one.
    """

    token: str | None
    day: datetime.date | None
    visible: int = 0
    size: int = 0  # bytes a bitset of any visible offer fits in
    values: dict = field(default_factory=dict)  # facet parameter → {key: bitset}
    flags: dict = field(default_factory=dict)  # flag parameter → bitset of offers passing
    tags: dict = field(default_factory=dict)  # tag slug → (name, bitset)
    orders: dict = field(default_factory=dict)  # sort → visible ids in that order
    ranks: dict = field(default_factory=dict)  # sort → array: primary key → place in order

    # Building -----------------------------------------------------------------

    @classmethod
    def build(cls, token=None, day=None):
        """The index of the visible catalogue on `day` (today), in two queries."""
        day = day or timezone.localdate()
        index = cls(token, day)
        index._read_groups()
        index._set_order(
            "neu", index._visible().order_by("-published_at", "pk").values_list("pk", flat=True)
        )
        index.visible = bitset(index.orders["neu"])
        index.size = (index.visible.bit_length() + 7) >> 3
        return index

    def _visible(self):
        return Offer.objects.visible(self.day).order_by()

    def _read_groups(self):
        """Every facet value's offers, as (facet, key, name, ids) rows of one query."""
        visible = self._visible()
        visible_ids = visible.values("pk")

        def grouped(queryset, param, key, id_column, name=None):
            return (
                queryset.values(f_key=Cast(key, TextField()), f_name=name or Value(""))
                .annotate(f_param=Value(param), f_ids=IdList(id_column))
                .values_list("f_param", "f_key", "f_name", "f_ids")
            )

        parts = [
            grouped(through.objects.filter(offer_id__in=visible_ids), param, column, "offer_id")
            for param, (through, column) in M2M_THROUGH.items()
        ]
        offer_tags = offer_tag_items().filter(object_id__in=visible_ids)
        parts.append(grouped(offer_tags, "tag", "tag__slug", "object_id", F("tag__name")))
        parts.append(grouped(visible, "art", "offer_type_id", "pk"))
        parts.append(grouped(visible, "durchfuehrung", "delivery", "pk"))
        parts.append(grouped(visible, "region", region_key(), "pk"))
        for flag, (column, wanted, _label) in FLAG_FILTERS.items():
            parts.append(grouped(visible.filter(**{column: wanted}), flag, Value(""), "pk"))
        self.values = {param: {} for param in [*M2M_THROUGH, "art", "durchfuehrung", "region"]}
        self.flags = dict.fromkeys(FLAG_FILTERS, 0)
        for param, key, name, ids in parts[0].union(*parts[1:], all=True):
            bits = bitset([int(pk) for pk in ids.split(",")]) if ids else 0
            if param in self.flags:
                self.flags[param] = bits
            elif param == "tag":
                self.tags[key] = (name, bits)
            else:
                self.values[param][key if param in ("durchfuehrung", "region") else int(key)] = bits

    def _set_order(self, sort, ids):
        ids = list(ids)
        top = max(ids, default=-1) + 1
        # Offers the order does not know (none, while the token holds) sort last.
        ranks = array("l", [len(ids)]) * top
        for place, pk in enumerate(ids):
            ranks[pk] = place
        self.orders[sort], self.ranks[sort] = ids, ranks

    def order(self, sort):
        """The visible offers' ids in the order `sort`; titel and dauer are read on first use."""
        if sort not in self.orders:
            rows = self._visible().values_list("pk", "title", "time_commitment_hours")
            # Read later than the rest of the index: offers published since are left out.
            visible = to_bytes(self.visible, self.size)
            rows = [
                row
                for row in rows
                if row[0] >> 3 < self.size and visible[row[0] >> 3] & BIT[row[0] & 7]
            ]
            self._set_order(sort, [row[0] for row in sorted(rows, key=ORDERS[sort])])
        return self.orders[sort]

    # Reading ------------------------------------------------------------------

    def known_tags(self, slugs) -> dict:
        """{slug: name} of those `slugs` that tag at least one visible offer."""
        return {slug: self.tags[slug][0] for slug in slugs if slug in self.tags}

    def matching(self, param, values) -> int:
        """The offers passing one active filter: any of `values` (a flag: just True)."""
        if param in self.flags:
            return self.flags[param]
        bits = 0
        for value in values:
            if param == "tag":
                bits |= self.tags[value][1] if value in self.tags else 0
            else:
                bits |= self.values[param].get(value, 0)
        return bits

    def count(self, base: int, masks: dict, *, tag_limit: int) -> Counts:
        """Every facet's counts among `base` under all active filters but its own.

        `masks` maps each active filter's parameter to the bitset of offers
        passing it. The tag facet lists the `tag_limit` most frequent tags.
        """

        def under(without=None):
            bits = base
            for param, mask in masks.items():
                if param != without:
                    bits &= mask
            return bits

        values = {}
        for param, keyed in self.values.items():
            among = under(param)
            values[param] = {
                key: n for key, bits in keyed.items() if (n := (among & bits).bit_count())
            }
        flags = {flag: (under(flag) & bits).bit_count() for flag, bits in self.flags.items()}
        among = under("tag")
        tags = sorted(
            (
                (-n, title_key(name), name, slug)
                for slug, (name, bits) in self.tags.items()
                if (n := (among & bits).bit_count())
            )
        )[:tag_limit]
        results = under()
        return Counts(
            values=values,
            flags=flags,
            tags=[(slug, name, -negative) for negative, _key, name, slug in tags],
            total=results.bit_count(),
            results=results,
        )

    def page_ids(self, results: int, total: int, sort: str, start: int, stop: int) -> list[int]:
        """The ids of results[start:stop] in the order `sort` (one of ORDERS)."""
        order = self.order(sort)
        if results == self.visible:
            return order[start:stop]
        if stop * 4 <= total:
            # Many results: walking the order meets the first `stop` of them soon
            # (after about stop × visible / total offers, at most a quarter of them).
            data = to_bytes(results, self.size)
            picked = []
            for pk in order:
                if data[pk >> 3] & BIT[pk & 7]:
                    picked.append(pk)
                    if len(picked) == stop:
                        break
            return picked[start:stop]
        ranks = self.ranks[sort]
        unknown = len(order)
        return sorted(members(results), key=lambda pk: ranks[pk] if pk < len(ranks) else unknown)[
            start:stop
        ]


_lock = threading.Lock()
_cached = None


def catalogue_version():
    """(token, written here): the catalogue's version and whether this transaction changed it."""
    if connection.vendor == "postgresql":
        written = RawSQL(
            "COALESCE(current_setting('kommune360.catalogue_written', true), '') = 'yes'",
            (),
            output_field=BooleanField(),
        )
    else:
        written = Value(False)
    row = CatalogueVersion.objects.filter(pk=1).values_list("token", written).first()
    return row or (None, False)


def _build_consistent(day):
    """Build from one snapshot, with the token read in it (PostgreSQL: REPEATABLE READ)."""
    nested = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not nested:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        token, written_here = catalogue_version()
        return FacetIndex.build(None if written_here else token, day)


def current_index() -> FacetIndex:
    """The facet index of the catalogue as this request sees it (one query when cached)."""
    global _cached
    token, written_here = catalogue_version()
    day = timezone.localdate()
    if token is None or written_here:
        # This transaction's own changes (or a database without a version row, after a
        # test's flush): an index of its own that no other request gets.
        return FacetIndex.build(None, day)
    index = _cached
    if index is not None and (index.token, index.day) == (token, day):
        return index
    with _lock:  # one build per process at a time; the others wait and take its result
        index = _cached
        if index is None or (index.token, index.day) != (token, day):
            index = _build_consistent(day)
            if index.token is not None:
                _cached = index
        return index

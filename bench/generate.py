"""Synthetic catalogue for the benchmark: realistic vocabularies, German text, bulk inserts.

`generate(size)` expects a freshly migrated, empty database (vocabularies come
from the seeding migration). It writes `size` published, visible offers plus
5 % invisible ones (drafts, submitted, archived, expired), providers, tags,
the m2m rows and the search index, in batches: COPY on PostgreSQL,
executemany on SQLite (100,000 offers take about a minute).

Bulk inserts send no signals, so the search index is then written with the
app's own `offers.catalogue.search.index_offers()` in batches, and the
catalogue version is renewed: what `offers.catalogue.index.rebuild()` does,
without its sweep for unused suggestion words, which has nothing to find in
a fresh database. VACUUM ANALYZE (or ANALYZE on SQLite) follows.
"""

import datetime
import random
import time
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from offers.catalogue.index import renew_version
from offers.catalogue.search import index_offers
from offers.models import (
    Audience,
    Gap,
    Language,
    Offer,
    OfferStatus,
    OfferType,
    Provider,
    RegionScope,
    Topic,
)

from .pools import (
    ANGLES,
    AUDIENCE_PHRASES,
    AUDIENCE_WEIGHTS,
    CONTEXTS,
    DELIVERY_SENTENCES,
    DELIVERY_WEIGHTS,
    DURATIONS,
    GAP_SENTENCES,
    GAP_WEIGHTS,
    GENERIC_SENTENCES,
    MUNICIPALITIES,
    NOUN_SENTENCES,
    NOUNS,
    PROVIDER_KINDS,
    PROVIDER_PLACES,
    PROVIDER_SUBJECTS,
    TAG_SENTENCES,
    TAGS,
    TOPIC_PHRASES,
    TOPIC_SENTENCES,
    TOPIC_WEIGHTS,
    TYPE_FORMATS,
    TYPE_WEIGHTS,
)

BATCH = 5000
INDEX_BATCH = 1000
INVISIBLE_SHARE = 0.05
STATES = list(MUNICIPALITIES)


def _weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _sample_weighted(rng, weights, k):
    """k distinct keys, drawn with the given weights."""
    pool = dict(weights)
    chosen = []
    for _ in range(min(k, len(pool))):
        key = _weighted(rng, pool)
        chosen.append(key)
        del pool[key]
    return chosen


class CatalogueGenerator:
    def __init__(self, size, *, seed=360, log=print):
        self.size = size
        self.rng = random.Random(seed)
        self.log = log
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.audiences = {a.slug: a.pk for a in Audience.objects.all()}
        self.topics = {t.slug: t.pk for t in Topic.objects.all()}
        self.gaps = {g.slug: g.pk for g in Gap.objects.all()}
        self.types = {t.slug: t.pk for t in OfferType.objects.all()}
        missing = (
            set(AUDIENCE_WEIGHTS) - set(self.audiences)
            | set(TOPIC_WEIGHTS) - set(self.topics)
            | set(GAP_WEIGHTS) - set(self.gaps)
            | set(TYPE_WEIGHTS) - set(self.types)
        )
        if missing:
            raise RuntimeError(f"Seeded vocabularies are missing: {sorted(missing)}")
        # Tag popularity falls off like a Zipf distribution.
        self.tag_weights = {name: 1 / (rank + 1) ** 0.8 for rank, name in enumerate(TAGS)}

    # Building blocks -----------------------------------------------------------

    def providers(self):
        count = max(20, self.size // 40)
        rows = []
        for index in range(count):
            prefix, kind = self.rng.choice(PROVIDER_KINDS)
            subject = self.rng.choice(PROVIDER_SUBJECTS)
            place = self.rng.choice(PROVIDER_PLACES)
            name = f"{prefix} {subject} {place}"
            rows.append(
                Provider(
                    name=name,
                    slug=f"bench-anbieterin-{index}",
                    kind=kind,
                    website=f"https://anbieterin-{index}.example.org/",
                    is_approved=True,
                )
            )
        return Provider.objects.bulk_create(rows, batch_size=BATCH)

    def tags(self):
        return Tag.objects.bulk_create([Tag(name=name, slug=slugify(name)) for name in TAGS])

    def texts(self, topic_slugs, gap_slugs, audience_slugs, type_slug, delivery, tag_names):
        """Title, summary and description in German, composed from the pools."""
        rng = self.rng
        phrase = rng.choice(TOPIC_PHRASES[topic_slugs[0]])
        fmt = rng.choice(TYPE_FORMATS[type_slug])
        shape = rng.random()
        if shape < 0.35:
            title = f"{fmt}: {phrase} {rng.choice(CONTEXTS)}"
        elif shape < 0.65:
            title = f"{phrase} – {rng.choice(ANGLES)}"
        elif shape < 0.85:
            title = f"{phrase} {rng.choice(CONTEXTS)}"
        else:
            second = rng.choice(TOPIC_PHRASES[topic_slugs[-1]])
            title = f"{phrase} und {second}" if second != phrase else f"{fmt}: {phrase}"
        who = rng.choice(AUDIENCE_PHRASES[audience_slugs[0]])
        nouns = rng.sample(NOUNS, 5)
        summary = (
            f"{fmt} für {who}: {rng.choice(ANGLES).capitalize()}, "
            f"mit Blick auf {nouns[0]} und {nouns[1]}."
        )
        sentences = [rng.choice(TOPIC_SENTENCES[slug]) for slug in topic_slugs]
        sentences += [rng.choice(GAP_SENTENCES[slug]) for slug in gap_slugs]
        sentences.append(rng.choice(DELIVERY_SENTENCES[delivery]))
        sentences += rng.sample(GENERIC_SENTENCES, rng.randint(1, 4))
        rng.shuffle(sentences)
        sentences.append(rng.choice(NOUN_SENTENCES).format(*nouns[2:]))
        if tag_names:
            sentences.append(rng.choice(TAG_SENTENCES).format(tags=", ".join(tag_names)))
        return title[:200], summary[:400], " ".join(sentences)

    def offer(self, index, provider, tag_names, *, visible=True):
        rng = self.rng
        topic_slugs = _sample_weighted(rng, TOPIC_WEIGHTS, rng.choice([1, 1, 2, 2, 2, 3]))
        audience_slugs = _sample_weighted(rng, AUDIENCE_WEIGHTS, rng.choice([1, 1, 2, 2, 3]))
        gap_slugs = _sample_weighted(rng, GAP_WEIGHTS, rng.choice([0, 1, 1, 1, 2, 2]))
        type_slug = _weighted(rng, TYPE_WEIGHTS)
        delivery = _weighted(rng, DELIVERY_WEIGHTS)
        title, summary, description = self.texts(
            topic_slugs, gap_slugs, audience_slugs, type_slug, delivery, tag_names
        )

        roll = rng.random()
        if roll < 0.55:
            region = {"region_scope": RegionScope.NATIONWIDE}
        elif roll < 0.85:
            region = {"region_scope": RegionScope.STATE, "state": rng.choice(STATES)}
        else:
            state = rng.choice(STATES)
            region = {
                "region_scope": RegionScope.MUNICIPALITY,
                "state": state,
                "municipality": rng.choice(MUNICIPALITIES[state]),
            }
        is_free = rng.random() < 0.6
        hours, duration = rng.choice(DURATIONS)
        travel_chance = {"praesenz": 0.9, "hybrid": 0.4}.get(delivery, 0.0)
        published_at = self.now - datetime.timedelta(seconds=rng.randint(0, 730 * 86400))
        valid_until = None
        if rng.random() < 0.3:
            valid_until = self.today + datetime.timedelta(days=rng.randint(1, 700))
        status = OfferStatus.PUBLISHED
        if not visible:
            kind = rng.choice(["draft", "submitted", "archived", "expired"])
            if kind == "expired":
                valid_until = self.today - datetime.timedelta(days=rng.randint(1, 300))
            elif kind == "archived":
                status = OfferStatus.ARCHIVED
            else:
                status = OfferStatus.DRAFT if kind == "draft" else OfferStatus.SUBMITTED
                published_at = None
        offer = Offer(
            title=title,
            slug=f"bench-{index}",
            summary=summary,
            description=description,
            provider_id=provider.pk,
            offer_type_id=self.types[type_slug],
            cross_departmental=rng.random() < 0.4,
            participatory=rng.random() < 0.4,
            needs_oriented=rng.random() < 0.3,
            impact_oriented=rng.random() < 0.25,
            everyday_practice=index % 5 == 0,  # not drawn: the random sequence stays as it was
            delivery=delivery,
            duration=duration,
            time_commitment_hours=hours,
            is_free=is_free,
            cost_eur=None if is_free else Decimal(rng.randrange(50, 1500, 10)),
            application_required=rng.random() < 0.25,
            travel_required=rng.random() < travel_chance,
            certificate=rng.random() < 0.4,
            language=rng.choices(list(Language), weights=[85, 5, 6, 4])[0],
            url=f"https://anbieterin.example.org/angebote/{index}",
            contact_name="Servicestelle Fortbildung",
            contact_email=f"kontakt{index % 997}@anbieterin.example.org",
            status=status,
            valid_until=valid_until,
            submitted_at=published_at,
            published_at=published_at,
            **region,
        )
        relations = (
            [self.audiences[s] for s in audience_slugs],
            [self.topics[s] for s in topic_slugs],
            [self.gaps[s] for s in gap_slugs],
        )
        return offer, relations

    # The whole catalogue -----------------------------------------------------

    def run(self):
        providers = self.providers()
        tags = {tag.name: tag.pk for tag in self.tags()}
        content_type_id = ContentType.objects.get_for_model(Offer).pk
        total = self.size + round(self.size * INVISIBLE_SHARE)
        invisible = set(self.rng.sample(range(total), total - self.size))
        next_id = (Offer.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        through = [
            (Offer.audiences.through, "audience_id"),
            (Offer.topics.through, "topic_id"),
            (Offer.gaps.through, "gap_id"),
        ]
        with transaction.atomic():
            writer = OfferWriter()
            for start in range(0, total, BATCH):
                batch, links, tagged = [], ([], [], []), []
                for number in range(start, min(start + BATCH, total)):
                    count = self.rng.choice([0, 1, 1, 2, 2, 3, 4])
                    # In the order of the tags' primary keys, so the texts do not depend on sets.
                    tag_names = sorted(
                        _sample_weighted(self.rng, self.tag_weights, count), key=TAGS.index
                    )
                    offer, relations = self.offer(
                        number,
                        self.rng.choice(providers),
                        tag_names,
                        visible=number not in invisible,
                    )
                    offer.pk = next_id
                    next_id += 1
                    batch.append(offer)
                    for position, ids in enumerate(relations):
                        links[position].extend((offer.pk, pk) for pk in ids)
                    tagged.extend((content_type_id, offer.pk, tags[name]) for name in tag_names)
                writer.write(batch)
                for (model, column), rows in zip(through, links, strict=True):
                    insert_rows(model._meta.db_table, ["offer_id", column], rows)
                insert_rows(
                    TaggedItem._meta.db_table, ["content_type_id", "object_id", "tag_id"], tagged
                )
                done = min(start + BATCH, total)
                if done % (BATCH * 10) == 0 or done == total:
                    self.log(f"{done:,} / {total:,} offers")
            models = [Offer, TaggedItem, *(model for model, _column in through)]
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        started = time.perf_counter()
        self.index()
        self.log(f"search index of {total:,} offers in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        return total

    def index(self):
        ids = list(Offer.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), INDEX_BATCH):
            with transaction.atomic():
                index_offers(ids[start : start + INDEX_BATCH])
            done = min(start + INDEX_BATCH, len(ids))
            if done % (INDEX_BATCH * 20) == 0 or done == len(ids):
                self.log(f"{done:,} / {len(ids):,} offers indexed")
        renew_version()


def insert_rows(table, columns, rows):
    """Plain rows into a table: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, rows)


class OfferWriter:
    """Writes offers faster than bulk_create at this size.

    Every concrete field is prepared the way Django's INSERT prepares it
    (`pre_save`, `get_db_prep_save`); the rows go in by COPY on PostgreSQL.
    """

    def __init__(self):
        self.fields = Offer._meta.concrete_fields
        self.columns = [f.column for f in self.fields]
        self.table = Offer._meta.db_table

    def _row(self, offer):
        return [f.get_db_prep_save(f.pre_save(offer, True), connection) for f in self.fields]

    def write(self, offers):
        insert_rows(self.table, self.columns, [self._row(offer) for offer in offers])


def generate(size, *, seed=360, log=print):
    """Fill the (empty, migrated) database with `size` visible offers; returns all offers made."""
    if Offer.objects.exists():
        raise RuntimeError("The benchmark database already holds offers; it must start empty.")
    return CatalogueGenerator(size, seed=seed, log=log).run()

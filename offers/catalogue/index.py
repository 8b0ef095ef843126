"""Keeps the search index and the catalogue version true after every change.

The one place that knows what the public catalogue is made of. Signal
receivers (connected in `connect()`, called from the app config) note which
offers a change touches: an offer itself, its vocabulary links and tags, its
provider, a vocabulary entry's or a tag's name, a tag merge; and the analysis
page's text, which changes no offer but a cached page. At the commit of
the writing transaction (`transaction.on_commit`) those offers are indexed
again and the catalogue version is renewed, so every process's cached pages
and ETags change at once (offers/catalogue/cache.py). No database triggers.

Writes that send no signals (`QuerySet.update()`, bulk loads, a restore) call
`offers_changed()` or `catalogue_changed()` themselves, or run
`manage.py rebuild_search_index`.

A reader inside the writing transaction calls `flush()` first, so it sees its
own changes (the catalogue does).
"""

import logging
import secrets
import threading

from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from . import search

_state = threading.local()
logger = logging.getLogger(__name__)


def _pending() -> set:
    if not hasattr(_state, "offers"):
        _state.offers, _state.renew = set(), False
    return _state.offers


def offers_changed(offer_ids) -> None:
    """Index these offers again, and renew the catalogue version, when the transaction commits."""
    ids = {pk for pk in offer_ids if pk is not None}
    if ids:
        _pending().update(ids)
        transaction.on_commit(flush, robust=True)


def catalogue_changed() -> None:
    """Renew the catalogue version when the transaction commits (pages may show other data)."""
    _pending()
    _state.renew = True
    transaction.on_commit(flush, robust=True)


def flush(*, quiet=False) -> None:
    """Index the offers noted so far and renew the version; does nothing when nothing is noted.

    Idempotent: a rolled-back transaction may leave ids behind, and indexing
    an offer again only writes what the database holds now. After a commit
    it runs robustly (a failure is logged, never an error page for a change
    that is saved). An offer that cannot be indexed is logged and left out,
    so that it does not hold up the others; `rebuild_search_index` retries
    it. Flushes queue on the version row, so a slower one cannot overwrite a
    newer entry with older data. A reader calls it with `quiet=True`: its
    page never fails for the index. (A reader's flush inside a savepoint that
    is rolled back later loses its work until the next change or rebuild.)
    """
    ids = _pending()
    if not ids and not _state.renew:
        return
    todo = sorted(ids)
    ids.clear()
    _state.renew = False
    try:
        _index_and_renew(todo)
    except Exception as error:
        if not quiet:
            raise  # after a commit, Django's robust on_commit logs it
        logger.warning("Search index: %d offer(s) not indexed (%s)", len(todo), error)


def _index_and_renew(todo):
    from offers.models import CatalogueVersion

    try:
        with transaction.atomic():
            CatalogueVersion.objects.select_for_update().filter(pk=1).first()
            if todo:
                search.index_offers(todo)
            renew_version()
        return
    except DatabaseError:
        if len(todo) < 2:
            raise
    # One offer at a time: a bad one is logged and the rest are indexed.
    for offer_id in todo:
        try:
            with transaction.atomic():
                search.index_offers([offer_id])
        except DatabaseError:
            logger.exception("Search index: offer %s not indexed", offer_id)
    with transaction.atomic():
        renew_version()


def renew_version() -> str:
    """Give the catalogue a new version token (offers/models/catalogue_version.py)."""
    from offers.models import CatalogueVersion

    token = secrets.token_hex(16)
    if not CatalogueVersion.objects.filter(pk=1).update(token=token):
        CatalogueVersion.objects.update_or_create(pk=1, defaults={"token": token})
    return token


def renew_after_migrate(sender, using="default", **kwargs):
    """post_migrate: a deployment may bring new templates; pages cached before must go."""
    from django.db import connections

    from offers.models import CatalogueVersion

    if CatalogueVersion._meta.db_table in connections[using].introspection.table_names():
        CatalogueVersion.objects.using(using).update(token=secrets.token_hex(16))


def rebuild(batch=500) -> int:
    """Index every offer again, drop what no offer uses any more, renew the version.

    Returns the number of offers.
    """
    from offers.models import Offer

    ids = list(Offer.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            search.index_offers(ids[start : start + batch])
    with transaction.atomic():
        search.drop_orphans()
        renew_version()
    return len(ids)


# Signal receivers -----------------------------------------------------------------------


def _offer_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        offers_changed([instance.pk])


def _offer_deleted(sender, instance, **kwargs):
    offers_changed([instance.pk])


def _offer_links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    from offers.models import Offer

    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if not reverse:
        if isinstance(instance, Offer):
            offers_changed([instance.pk])
        return
    # From the other side (audience.offers.add(...)): the offers are in pk_set, or, for a
    # clear, those linked before it.
    if action == "pre_clear":
        _state.cleared = list(_offers_of(instance))
    elif action == "post_clear":
        offers_changed(getattr(_state, "cleared", []))
    elif model is Offer:
        offers_changed(pk_set or [])


def _offers_of(instance):
    from offers.models import Offer

    return Offer.objects.filter(**{_link_lookup(instance): instance.pk}).values_list(
        "pk", flat=True
    )


def _link_lookup(instance):
    from taggit.models import Tag

    from offers.models import Audience, Competence, Gap, OfferType, Provider, Topic

    return {
        Audience: "audiences",
        Topic: "topics",
        Gap: "gaps",
        Competence: "competences",
        OfferType: "offer_type",
        Provider: "provider",
        Tag: "tags",
    }[type(instance)]


def _named_thing_saved(sender, instance, raw=False, created=False, **kwargs):
    """A vocabulary entry, provider or tag: its name is part of its offers' documents.

    A new entry has no offers yet, but the catalogue lists every vocabulary entry.
    """
    if raw:
        return
    if not created:
        offers_changed(_offers_of(instance))
    catalogue_changed()


def _named_thing_deleting(sender, instance, **kwargs):
    offers_changed(list(_offers_of(instance)))
    catalogue_changed()


def _tag_link_changed(sender, instance, raw=False, **kwargs):
    """A tag assignment saved or deleted directly (taggit's admin merges tags this way)."""
    from django.contrib.contenttypes.models import ContentType

    from offers.models import Offer

    if not raw and instance.content_type_id == ContentType.objects.get_for_model(Offer).pk:
        offers_changed([instance.object_id])


def _page_text_changed(sender, instance, raw=False, **kwargs):
    """The analysis page's text or paper: cached public pages must show the new version."""
    if not raw:
        catalogue_changed()


def _offer_date_changed(sender, instance, raw=False, **kwargs):
    """A date added, changed or removed: cards, offer pages and "Termine ab" show dates."""
    if not raw:
        offers_changed([instance.offer_id])


def connect() -> None:
    from taggit.models import Tag, TaggedItem

    from offers.models import (
        AnalysisPage,
        AnalysisSection,
        Audience,
        Competence,
        Gap,
        Offer,
        OfferDate,
        OfferType,
        Provider,
        Topic,
    )

    uid = "offers.catalogue.index"
    post_save.connect(_offer_saved, sender=Offer, dispatch_uid=f"{uid}.offer_saved")
    post_delete.connect(_offer_deleted, sender=Offer, dispatch_uid=f"{uid}.offer_deleted")
    for through in (
        Offer.audiences.through,
        Offer.topics.through,
        Offer.gaps.through,
        Offer.competences.through,
    ):
        m2m_changed.connect(_offer_links_changed, sender=through, dispatch_uid=f"{uid}.{through}")
    m2m_changed.connect(_offer_links_changed, sender=Offer.tags.through, dispatch_uid=f"{uid}.tags")
    post_save.connect(_offer_date_changed, sender=OfferDate, dispatch_uid=f"{uid}.date_saved")
    post_delete.connect(_offer_date_changed, sender=OfferDate, dispatch_uid=f"{uid}.date_gone")
    for model in (Audience, Topic, Gap, Competence, OfferType, Provider, Tag):
        name = model.__name__
        post_save.connect(_named_thing_saved, sender=model, dispatch_uid=f"{uid}.{name}.saved")
        pre_delete.connect(
            _named_thing_deleting, sender=model, dispatch_uid=f"{uid}.{name}.deleting"
        )
    post_save.connect(_tag_link_changed, sender=TaggedItem, dispatch_uid=f"{uid}.tagged.saved")
    post_delete.connect(_tag_link_changed, sender=TaggedItem, dispatch_uid=f"{uid}.tagged.gone")
    for model in (AnalysisPage, AnalysisSection):
        name = model.__name__
        post_save.connect(_page_text_changed, sender=model, dispatch_uid=f"{uid}.{name}.saved")
        post_delete.connect(_page_text_changed, sender=model, dispatch_uid=f"{uid}.{name}.gone")

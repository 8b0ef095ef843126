"""Keeps the search index and the catalogue version true after every change.

The one place that knows what the public catalogue is made of. Signal
receivers (connected in `connect()`, called from the app config) note which
offers a change touches: an offer itself, its vocabulary links and tags, its
provider, a vocabulary entry's or a tag's name, a tag merge. At the commit of
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

from django.db import transaction
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


def flush() -> None:
    """Index the offers noted so far and renew the version; does nothing when nothing is noted.

    Idempotent: a rolled-back transaction may leave ids behind, and indexing
    an offer again only writes what the database holds now. Runs after the
    commit (robustly: a failure is logged, never turned into an error page for
    a change that is saved); what failed stays noted for the next flush.
    """
    ids = _pending()
    if not ids and not _state.renew:
        return
    todo = sorted(ids)
    ids.clear()
    _state.renew = False
    try:
        with transaction.atomic():
            if todo:
                search.index_offers(todo)
            renew_version()
    except Exception:
        ids.update(todo)
        _state.renew = True
        logger.warning("Search index not updated for %d offer(s); retried later.", len(todo))
        raise


def renew_version() -> str:
    """Give the catalogue a new version token (offers/models/catalogue_version.py)."""
    from offers.models import CatalogueVersion

    token = secrets.token_hex(16)
    if not CatalogueVersion.objects.filter(pk=1).update(token=token):
        CatalogueVersion.objects.update_or_create(pk=1, defaults={"token": token})
    return token


def rebuild(batch=500, stdout=None) -> int:
    """Index every offer again, drop unused suggestion words, renew the version; returns the count."""
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

    from offers.models import Audience, Gap, OfferType, Provider, Topic

    return {
        Audience: "audiences",
        Topic: "topics",
        Gap: "gaps",
        OfferType: "offer_type",
        Provider: "provider",
        Tag: "tags",
    }[type(instance)]


def _named_thing_saved(sender, instance, raw=False, created=False, **kwargs):
    """A vocabulary entry, provider or tag: its name is part of its offers' documents."""
    if not raw and not created:
        offers_changed(_offers_of(instance))
        catalogue_changed()


def _named_thing_deleting(sender, instance, **kwargs):
    offers_changed(list(_offers_of(instance)))
    catalogue_changed()


def _tag_link_changed(sender, instance, raw=False, **kwargs):
    """A tag assignment saved or deleted directly (taggit's admin merges tags this way)."""
    if raw or instance.content_type.model_class() is None:
        return
    from offers.models import Offer

    if issubclass(instance.content_type.model_class(), Offer):
        offers_changed([instance.object_id])


def connect() -> None:
    from taggit.models import Tag, TaggedItem

    from offers.models import Audience, Gap, Offer, OfferType, Provider, Topic

    uid = "offers.catalogue.index"
    post_save.connect(_offer_saved, sender=Offer, dispatch_uid=f"{uid}.offer_saved")
    post_delete.connect(_offer_deleted, sender=Offer, dispatch_uid=f"{uid}.offer_deleted")
    for through in (Offer.audiences.through, Offer.topics.through, Offer.gaps.through):
        m2m_changed.connect(_offer_links_changed, sender=through, dispatch_uid=f"{uid}.{through}")
    m2m_changed.connect(_offer_links_changed, sender=Offer.tags.through, dispatch_uid=f"{uid}.tags")
    for model in (Audience, Topic, Gap, OfferType, Provider, Tag):
        name = model.__name__
        post_save.connect(_named_thing_saved, sender=model, dispatch_uid=f"{uid}.{name}.saved")
        pre_delete.connect(
            _named_thing_deleting, sender=model, dispatch_uid=f"{uid}.{name}.deleting"
        )
    post_save.connect(_tag_link_changed, sender=TaggedItem, dispatch_uid=f"{uid}.tagged.saved")
    post_delete.connect(_tag_link_changed, sender=TaggedItem, dispatch_uid=f"{uid}.tagged.gone")

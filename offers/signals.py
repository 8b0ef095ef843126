"""Keep the search index in step with the offer, its provider and its tags."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from .models import Offer, Provider
from .search import refresh_search_index


def _refresh(offer_ids):
    ids = list(offer_ids)
    if ids:
        refresh_search_index(ids)


@receiver(post_save, sender=Offer)
def offer_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh([instance.pk])


@receiver(post_save, sender=Provider)
def provider_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh(instance.offers.values_list("pk", flat=True))


@receiver(m2m_changed, sender=Offer.tags.through)
def offer_tags_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Offer):
        _refresh([instance.pk])

"""The moderation queue as its own entry in the admin (a proxy of Offer, no table)."""

from .offer import Offer


class QueuedOffer(Offer):
    class Meta:
        proxy = True
        verbose_name = "Angebot in der Warteschlange"
        verbose_name_plural = "Angebote in der Warteschlange"

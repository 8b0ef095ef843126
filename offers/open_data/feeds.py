"""Atom feed of the catalogue for any filter, newest published first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from offers.catalogue.query import Catalogue

from .facts import absolute, with_facts

FEED_SIZE = 50


def newest_first(querydict) -> QueryDict:
    """The same filters, in the order a feed needs: newest publication first."""
    data = querydict.copy()
    data["sortierung"] = "neu"
    data.pop("seite", None)
    return data


def filter_title(catalogue) -> str:
    """The filters in words, for a feed's title and a file name: "Suche: „x“, Zielgruppe: y"."""
    return ", ".join(chip.label for chip in catalogue.chips())


def _query(catalogue) -> str:
    query = catalogue.url_for(drop="sortierung")
    return "" if query == "?" else query


class CatalogueFeed(Feed):
    feed_type = Atom1Feed
    language = "de"

    def get_object(self, request):
        return Catalogue(newest_first(request.GET))

    def title(self, catalogue):
        described = filter_title(catalogue)
        return "Kommune 360° – neue Angebote" + (f" ({described})" if described else "")

    def subtitle(self, catalogue):
        return "Unterstützungsangebote für kommunale Akteur:innen, neueste zuerst"

    def link(self, catalogue):
        return absolute(reverse("offers:catalogue") + _query(catalogue))

    def feed_url(self, catalogue):
        return absolute(reverse("catalogue_feed") + _query(catalogue))

    def items(self, catalogue):
        pks = list(catalogue.results().values_list("pk", flat=True)[:FEED_SIZE])
        by_pk = {offer.pk: offer for offer in with_facts(catalogue.visible().filter(pk__in=pks))}
        return [by_pk[pk] for pk in pks]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.summary)  # Atom's <summary type="html">: text, not markup

    def author_name(self, catalogue):
        return settings.OPEN_DATA_PUBLISHER

    def item_author_name(self, item):
        return item.provider.name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [gap.name for gap in item.gaps.all()] + [a.name for a in item.audiences.all()]

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return absolute(item.get_absolute_url())

    item_guid_is_permalink = True

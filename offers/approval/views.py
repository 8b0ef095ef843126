"""The sheet for a training application and the Merkliste.

GET only and behind the catalogue's page cache: the pages depend on the URL
and the catalogue alone, never on a cookie.
"""

from typing import NamedTuple

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from kommune360.pdf import render_pdf
from offers.catalogue.cache import public_page
from offers.catalogue.query import BACK_PARAMETER
from offers.models import Offer
from offers.open_data.exports import offers_csv
from offers.open_data.facts import absolute, with_facts

from .sheet import comparison, sheet_facts
from .shortlist import (
    MAX_OFFERS,
    Shortlist,
    catalogue_link,
    catalogue_state,
    in_list_order,
    offer_link,
)


class Entry(NamedTuple):
    """One offer on a sheet or in the Merkliste, with the links around it."""

    offer: Offer
    facts: list
    page_url: str = ""
    remove_url: str = ""


def _visible():
    return with_facts(Offer.objects.visible())


# One offer ---------------------------------------------------------------------------


def _offer_sheet_context(request, slug):
    offer = get_object_or_404(_visible(), slug=slug)
    return offer, {
        "nav": "angebote",
        "entries": [Entry(offer, sheet_facts(offer), offer.get_absolute_url())],
        "document_title": f"Für den Fortbildungsantrag: {offer.title}",
        "printable_url": reverse("offers:offer_sheet", args=[offer.slug]),
        "pdf_url": reverse("offers:offer_sheet_pdf", args=[offer.slug]),
        "back_url": offer.get_absolute_url(),
        "back_label": "Zurück zum Angebot",
        "created": timezone.localdate(),
    }


@require_safe
@public_page
def offer_sheet(request, slug):
    _offer, context = _offer_sheet_context(request, slug)
    return render(request, "offers/approval/sheet.html", context)


@require_safe
@public_page
def offer_sheet_pdf(request, slug):
    offer, context = _offer_sheet_context(request, slug)
    return render_pdf(
        request, "offers/approval/sheet_pdf.html", context, f"fortbildungsantrag-{offer.slug}.pdf"
    )


# The Merkliste -----------------------------------------------------------------------


class Selection(NamedTuple):
    shortlist: Shortlist  # the offers found, in the order they were added
    entries: list
    notes: list
    state: str  # the catalogue's filters to return to


def _selection(request) -> Selection:
    """The Merkliste of this request: its visible offers, notes on the rest, the way back."""
    requested = Shortlist.from_query(request.GET)
    offers = list(in_list_order(_visible(), requested))
    found = {offer.slug for offer in offers}
    notes = list(requested.notes)
    notes += [
        f"Das Angebot „{slug}“ ist nicht (mehr) im Katalog und steht deshalb nicht "
        "auf dieser Merkliste."
        for slug in requested.slugs
        if slug not in found
    ]
    shortlist = requested.keeping(found)
    state = catalogue_state(request.GET.get(BACK_PARAMETER, ""))
    entries = [
        Entry(
            offer,
            sheet_facts(offer),
            offer_link(offer, state, shortlist),
            shortlist.removing(offer.slug).url(back=state),
        )
        for offer in offers
    ]
    return Selection(shortlist, entries, notes, state)


def _links(selection):
    shortlist, state = selection.shortlist, selection.state
    return {
        "list_url": shortlist.url(back=state),
        "share_url": absolute(shortlist.url()),
        "printable_url": shortlist.url("offers:shortlist_sheets", back=state),
        "pdf_url": shortlist.url("offers:shortlist_sheets_pdf"),
        "csv_url": shortlist.url("offers:shortlist_csv"),
        "catalogue_url": catalogue_link(state, shortlist),
    }


@require_safe
@public_page
def shortlist(request):
    selection = _selection(request)
    return render(
        request,
        "offers/approval/shortlist.html",
        {
            "nav": "angebote",
            "selection": selection,
            "entries": selection.entries,
            # The titles head the columns; the other facts are the rows.
            "rows": comparison([(entry.offer, entry.facts) for entry in selection.entries])[1:],
            "max_offers": MAX_OFFERS,
            **_links(selection),
        },
    )


def _sheets_context(selection):
    links = _links(selection)
    return {
        "nav": "angebote",
        "entries": selection.entries,
        "notes": selection.notes,
        "document_title": "Für den Fortbildungsantrag: Angebote der Merkliste",
        "back_url": links["list_url"],
        "back_label": "Zurück zur Merkliste",
        "created": timezone.localdate(),
        **links,
    }


@require_safe
@public_page
def shortlist_sheets(request):
    return render(request, "offers/approval/sheet.html", _sheets_context(_selection(request)))


@require_safe
@public_page
def shortlist_sheets_pdf(request):
    selection = _selection(request)
    if not selection.entries:
        # No PDF of nothing: the page says why the list is empty and how to fill it.
        return render(request, "offers/approval/sheet.html", _sheets_context(selection))
    filename = f"fortbildungsantrag-merkliste-{timezone.localdate():%Y-%m-%d}.pdf"
    return render_pdf(
        request, "offers/approval/sheet_pdf.html", _sheets_context(selection), filename
    )


@require_safe
@public_page
def shortlist_csv(request):
    shortlist = Shortlist.from_query(request.GET)
    filename = f"kommune360-merkliste-{timezone.localdate():%Y-%m-%d}.csv"
    return offers_csv(in_list_order(Offer.objects.visible(), shortlist), filename)

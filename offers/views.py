from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from . import selectors
from .catalogue.cache import public_page
from .catalogue.query import BACK_PARAMETER, Catalogue, catalogue_url
from .catalogue.text import clean_query
from .models import Gap, Offer


def home(request):
    return render(
        request,
        "offers/home.html",
        {
            "gaps": selectors.gaps_with_counts(),
            "newest": selectors.newest_offers(),
            "offer_count": Offer.objects.visible().count(),
        },
    )


@public_page
def catalogue(request):
    if SEARCH_BUTTON in request.GET:
        return redirect(_after_search(request.GET))
    catalogue = Catalogue(request.GET, version=getattr(request, "catalogue_version", None))
    page = catalogue.page()
    return render(
        request,
        "offers/catalogue.html",
        {
            "nav": "angebote",
            "catalogue": catalogue,
            "page": page,
            "back_state": catalogue.back_state(page.number),
            # The same filters for the feed and the alert (newest first), and the CSV (this order).
            "filter_query": _query(catalogue.state_pairs(drop="sortierung")),
            "export_query": _query(catalogue.state_pairs()),
            "facets": catalogue.facets(),
            "flags": catalogue.flags(),
            "value_inputs": catalogue.value_inputs(),
            "chips": catalogue.chips(),
            "sort_choices": catalogue.sort_choices,
            "suggestion": catalogue.suggestion,
            "page_links": _page_links(catalogue, page),
            "prev_url": _page_url(catalogue, page.number - 1) if page.has_previous() else "",
            "next_url": _page_url(catalogue, page.number + 1) if page.has_next() else "",
        },
    )


# The catalogue's "Suchen" button sends the query the page showed under this name. The sort
# menu sits in the same form, so the order chosen for the old query would otherwise travel
# with a new one; with `q`, relevance is the default (issue 14).
SEARCH_BUTTON = "suche"


def _after_search(querydict) -> str:
    """Where "Suchen" leads: the same selection, in the default order if the query is new.

    Pressing Enter in any field of the form presses "Suchen" too; with the query unchanged
    the chosen order stays. The button's own parameter never appears in a catalogue URL.
    """
    params = querydict.copy()
    shown = params.pop(SEARCH_BUTTON)[-1]
    if clean_query(shown) != clean_query(params.get("q", "")):
        params.pop("sortierung", None)
    query = params.urlencode()
    return reverse("offers:catalogue") + (f"?{query}" if query else "") + "#results-title"


def _query(pairs) -> str:
    return f"?{urlencode(pairs)}" if pairs else ""


def _page_links(catalogue, page):
    """Numbered links around the current page, with gaps as None."""
    total = page.paginator.num_pages
    numbers = sorted({1, total, *range(max(1, page.number - 2), min(total, page.number + 2) + 1)})
    links, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            links.append(None)
        links.append((number, _page_url(catalogue, number)))
        previous = number
    return links


def _page_url(catalogue, number):
    return catalogue.url_for(extra=[("seite", number)] if number > 1 else [])


@public_page
def offer_detail(request, slug):
    offer = get_object_or_404(
        Offer.objects.visible()
        .select_related("provider", "offer_type")
        .prefetch_related("audiences", "topics", "gaps", "competences", "dates", "tags"),
        slug=slug,
    )
    back = request.GET.get(BACK_PARAMETER, "")
    return render(
        request,
        "offers/offer_detail.html",
        {
            "nav": "angebote",
            "offer": offer,
            "related": selectors.related_offers(offer),
            "back_url": catalogue_url(back),
            "back_to_results": bool(back.strip()),
        },
    )


@public_page
def gap_list(request):
    audiences, rows = selectors.coverage_matrix()
    return render(
        request,
        "offers/gap_list.html",
        {
            "nav": "leerstellen",
            "gaps": selectors.gaps_with_counts(),
            "audiences": audiences,
            "matrix": rows,
        },
    )


@public_page
def gap_detail(request, slug):
    gap = get_object_or_404(Gap, slug=slug)
    offers = gap.offers.visible().for_cards().order_by("-published_at", "pk")[:10]
    return render(
        request,
        "offers/gap_detail.html",
        {
            "nav": "leerstellen",
            "gap": gap,
            "offers": offers,
            "offer_count": Offer.objects.visible().filter(gaps=gap).count(),
            "coverage": selectors.gap_coverage(gap),
            "other_gaps": Gap.objects.exclude(pk=gap.pk).order_by("number"),
        },
    )

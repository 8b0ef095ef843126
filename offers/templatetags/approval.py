"""Links to the application sheet and the Merkliste on offer pages and catalogue cards."""

from urllib.parse import urlencode

from django import template
from django.http import QueryDict
from django.urls import reverse

from offers.approval.shortlist import CARRY_PARAM, Shortlist, catalogue_state
from offers.catalogue.query import BACK_PARAMETER

register = template.Library()


@register.inclusion_tag("offers/approval/_offer_links.html", takes_context=True)
def application_links(context, offer):
    """The offer page's box: sheet, PDF and "Auf die Merkliste".

    The Merkliste comes along in the catalogue state of the offer link
    (`?von=…&merkliste=…`), so an offer reached from the catalogue joins the
    offers chosen there.
    """
    request = context.get("request")
    raw_state = request.GET.get(BACK_PARAMETER, "") if request else ""
    shortlist = Shortlist.from_query(QueryDict(raw_state[:2000]), CARRY_PARAM)
    state = catalogue_state(raw_state)
    return {
        "offer": offer,
        "sheet_url": reverse("offers:offer_sheet", args=[offer.slug]),
        "pdf_url": reverse("offers:offer_sheet_pdf", args=[offer.slug]),
        "on_list": offer.slug in shortlist,
        "is_full": shortlist.is_full,
        "count": len(shortlist),
        "list_url": shortlist.url(back=state),
        "add_url": shortlist.adding(offer.slug).url(back=state),
    }


@register.inclusion_tag("offers/approval/_card_toggle.html", takes_context=True)
def shortlist_toggle(context, offer):
    """ "Auf die Merkliste" on a catalogue card: this page again, with the offer added.

    Outside the catalogue (no `catalogue` in the context) it renders nothing.
    """
    catalogue, page = context.get("catalogue"), context.get("page")
    if catalogue is None or page is None:
        return {"shown": False}
    shortlist = catalogue.shortlist
    on_list = offer.slug in shortlist
    changed = shortlist.removing(offer.slug) if on_list else shortlist.adding(offer.slug)
    extra = [("seite", page.number)] if page.number > 1 else []
    query = urlencode(catalogue.state_pairs(extra=extra) + changed.pairs())
    return {
        "shown": True,
        "offer": offer,
        "on_list": on_list,
        "is_full": shortlist.is_full and not on_list,
        "url": f"?{query}#offer-{offer.pk}-title" if query else f"?#offer-{offer.pk}-title",
    }


@register.inclusion_tag("offers/approval/_shortlist_bar.html", takes_context=True)
def shortlist_bar(context):
    """The catalogue's line about the Merkliste: how many offers, and the way to them."""
    catalogue = context["catalogue"]
    shortlist = catalogue.shortlist
    return {
        "count": len(shortlist),
        "list_url": shortlist.url(back=urlencode(catalogue.state_pairs())),
    }

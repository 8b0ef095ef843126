"""Public pages of the provider overview: ask for the link, see all offers, get an edit link."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kommune360.ratelimit import is_limited
from offers.models import OfferStatus

from . import services
from .forms import OverviewRequestForm

REQUEST_LIMIT = (5, 3600)  # per client: five overview requests an hour
EDIT_LINK_LIMIT = (10, 3600)  # per client: ten edit links an hour


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_overview(request):
    rate_limited = False
    if request.method == "POST":
        form = OverviewRequestForm(request.POST)
        if form.is_valid():
            if is_limited("provider-overview", request, *REQUEST_LIMIT):
                rate_limited = True
            else:
                services.request_overview(form.cleaned_data["email"])
                # The same answer whether or not the address belongs to any offer.
                return redirect("offers:provider_requested")
    else:
        form = OverviewRequestForm()
    return render(
        request,
        "offers/provider_access/request.html",
        {"nav": "angebote", "form": form, "rate_limited": rate_limited},
        status=429 if rate_limited else 200,
    )


def requested(request):
    return render(
        request,
        "offers/provider_access/requested.html",
        {
            "nav": "angebote",
            "valid_days": services.OVERVIEW_MAX_AGE // 86400,
            "mails_per_day": services.ADDRESS_LIMIT[0],
        },
    )


def _overview_or_404(token):
    overview = services.overview_for_token(token)
    if overview is None:
        raise Http404("Unbekannter oder abgelaufener Link zur Übersicht")
    return overview


@never_cache
def overview(request, token):
    overview = services.overview_for_token(token)
    if overview is None:
        return render(
            request, "offers/provider_access/expired.html", {"nav": "angebote"}, status=404
        )
    sent_pk = request.GET.get("gesendet", "")
    return render(
        request,
        "offers/provider_access/overview.html",
        {
            "nav": "angebote",
            "overview": overview,
            "sent_offer": overview.offer(int(sent_pk)) if sent_pk.isdigit() else None,
            "limited": request.GET.get("zu-viele") == "1",
            "S": OfferStatus,
        },
    )


@never_cache
@require_POST
def send_edit_link(request, token, pk):
    overview = _overview_or_404(token)
    offer = overview.offer(pk)
    if offer is None:
        raise Http404("Dieses Angebot gehört nicht zu dieser Übersicht")
    url = reverse("offers:provider_overview", args=[token])
    if is_limited("provider-edit-link", request, *EDIT_LINK_LIMIT):
        return redirect(f"{url}?zu-viele=1")
    services.send_edit_link(overview, offer)
    return redirect(f"{url}?gesendet={offer.pk}#angebot-{offer.pk}")

"""Pages of an alert: subscribe (the filters in the address), confirm, manage, unsubscribe."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from kommune360.ratelimit import is_limited
from offers.catalogue.query import Catalogue

from . import services
from .forms import FrequencyForm, SubscribeForm

SUBSCRIBE_LIMIT = (5, 3600)  # per client: five subscriptions an hour


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    catalogue = Catalogue(request.GET)
    rate_limited = False
    if request.method == "POST":
        form = SubscribeForm(request.POST, saved_query=services.saved_state(request.GET)[0])
        if form.is_valid():
            if is_limited("alert-subscribe", request, *SUBSCRIBE_LIMIT):
                rate_limited = True
            else:
                services.subscribe(
                    form.cleaned_data["email"], request.GET, form.cleaned_data["frequency"]
                )
                return redirect("offers:alert_requested")
    else:
        form = SubscribeForm()
    return render(
        request,
        "offers/alerts/subscribe.html",
        {
            "nav": "angebote",
            "form": form,
            "catalogue": catalogue,
            "chips": catalogue.chips(),
            "description": services.describe(catalogue),
            "catalogue_url": reverse("offers:catalogue") + catalogue.url_for(drop="sortierung"),
            "rate_limited": rate_limited,
        },
        status=429 if rate_limited else 200,
    )


def requested(request):
    return render(
        request,
        "offers/alerts/requested.html",
        {"nav": "angebote", "unconfirmed_days": services.UNCONFIRMED_DAYS},
    )


def _alert_or_404(token):
    alert = services.alert_for_token(token)
    if alert is None:
        raise Http404("Dieses Suchabo gibt es nicht (mehr).")
    return alert


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """A button, not the link itself, confirms: mail scanners follow links, people click."""
    alert = _alert_or_404(token)
    if request.method == "POST":
        services.confirm(alert)
        return redirect(f"{reverse('offers:alert_manage', args=[token])}?bestaetigt=1")
    if alert.is_confirmed:
        return redirect("offers:alert_manage", token=token)
    return render(
        request,
        "offers/alerts/confirm.html",
        {"nav": "angebote", "alert": alert, "description": services.description_of(alert)},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    alert = _alert_or_404(token)
    if not alert.is_confirmed:
        return redirect("offers:alert_confirm", token=token)
    saved = False
    if request.method == "POST":
        form = FrequencyForm(request.POST)
        if form.is_valid():
            services.change_frequency(alert, form.cleaned_data["frequency"])
            alert.refresh_from_db()
            saved = True
            form = FrequencyForm(initial={"frequency": alert.frequency})
    else:
        form = FrequencyForm(initial={"frequency": alert.frequency})
    links = services.links(alert)
    return render(
        request,
        "offers/alerts/manage.html",
        {
            "nav": "angebote",
            "alert": alert,
            "form": form,
            "saved": saved,
            "just_confirmed": request.GET.get("bestaetigt") == "1",
            "description": services.description_of(alert),
            "catalogue_url": links["catalogue_url"],
            "token": token,
        },
    )


@never_cache
@csrf_exempt  # the token authorises; mail programs post here without a form (RFC 8058)
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    alert = services.alert_for_token(token)
    if request.method == "POST":
        if alert is not None:
            services.unsubscribe(alert)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Abgemeldet.", content_type="text/plain; charset=utf-8")
        return render(request, "offers/alerts/unsubscribed.html", {"nav": "angebote"})
    if alert is None:
        return render(request, "offers/alerts/unsubscribed.html", {"nav": "angebote"})
    return render(
        request,
        "offers/alerts/unsubscribe.html",
        {"nav": "angebote", "alert": alert, "description": services.description_of(alert)},
    )

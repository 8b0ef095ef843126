"""Public pages for providers: submit an offer, and edit or withdraw it through the private link."""

from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from kommune360.ratelimit import is_limited, peek
from offers import services
from offers.models import Offer, OfferChange, OfferStatus

from .forms import OfferSubmissionForm
from .tokens import find_edit_link
from .values import consent_given_at, form_initial, values_from_form, values_of_offer

SUBMIT_LIMIT = 5
SUBMIT_WINDOW_SECONDS = 3600
LINK_MISS_LIMIT = 20
LINK_MISS_WINDOW_SECONDS = 3600
_RECEIPT_SALT = "offers.submission-receipt"
_RECEIPT_MAX_AGE = 3600

SAVED_NOTICES = {
    "pending": "Danke! Ihre Änderung ist gespeichert und wartet auf die Prüfung durch das "
    "Initiativteam. Bis dahin bleibt die bisherige Fassung im Katalog sichtbar.",
    "unchanged": "Sie haben nichts geändert. Im Katalog bleibt alles, wie es ist.",
    "resubmitted": "Danke! Ihr überarbeitetes Angebot ist gespeichert und liegt dem "
    "Initiativteam wieder zur Prüfung vor.",
    "updated": "Danke! Ihre Änderungen sind gespeichert. Das Initiativteam prüft das Angebot "
    "in dieser Fassung.",
}


def submit(request):
    rate_limited = False
    if request.method == "POST":
        form = OfferSubmissionForm(request.POST, check_duplicates=True)
        if form.is_valid():
            if is_limited("offer-submit", request, SUBMIT_LIMIT, SUBMIT_WINDOW_SECONDS):
                rate_limited = True
            else:
                offer, _token = services.submit_offer(values_from_form(form.cleaned_data))
                receipt = signing.dumps(offer.pk, salt=_RECEIPT_SALT)
                return redirect(f"{reverse('offers:submitted')}?eingang={receipt}")
    else:
        form = OfferSubmissionForm(check_duplicates=True)
    return render(
        request,
        "offers/submission/submit.html",
        {"nav": "angebote", "form": form, "rate_limited": rate_limited},
        status=429 if rate_limited else 200,
    )


def submitted(request):
    """The confirmation after submitting (POST-redirect-GET). A signed, short-lived receipt
    in the address names the offer; without it the page still thanks in general terms."""
    offer = None
    try:
        pk = signing.loads(
            request.GET.get("eingang", ""), salt=_RECEIPT_SALT, max_age=_RECEIPT_MAX_AGE
        )
    except signing.BadSignature:
        pk = None
    if isinstance(pk, int):
        offer = Offer.objects.filter(pk=pk).first()
    return render(
        request,
        "offers/submission/submitted.html",
        {
            "nav": "angebote",
            "offer": offer,
            "masked_email": _mask_email(offer.contact_email) if offer else "",
        },
    )


def _mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    if not domain:
        return ""
    return f"{local[:1]}…@{domain}"


def _edit_link_or_response(request, token):
    """The active edit link for `token`, or the response to send instead (404 or 429).

    Misses are counted per client; past the limit every lookup is refused, so
    guessing tokens is pointless even when a guess would have been right.
    """
    if peek("offer-link-miss", request) > LINK_MISS_LIMIT:
        return None, _link_limited(request)
    link = find_edit_link(token)
    if link is None:
        if is_limited("offer-link-miss", request, LINK_MISS_LIMIT, LINK_MISS_WINDOW_SECONDS):
            return None, _link_limited(request)
        raise Http404("Unbekannter oder widerrufener Bearbeitungslink")
    return link, None


def _link_limited(request):
    return render(request, "offers/submission/link_limited.html", status=429)


@never_cache
def edit(request, token):
    link, response = _edit_link_or_response(request, token)
    if response:
        return response
    offer = link.offer
    open_change = OfferChange.objects.open().filter(offer=offer).first()
    editable = offer.status in services.EDITABLE_STATUSES
    not_editable_error = ""
    consented_at = consent_given_at(offer)
    if request.method == "POST" and editable:
        form = OfferSubmissionForm(request.POST, consent_on_record=consented_at is not None)
        if form.is_valid():
            try:
                outcome = services.update_offer_from_link(
                    offer, values_from_form(form.cleaned_data)
                )
            except services.NotEditable as error:
                not_editable_error = " ".join(error.messages)
                editable = False
            else:
                return redirect(f"{reverse('offers:edit', args=[token])}?gespeichert={outcome}")
    else:
        values = open_change.values if open_change else values_of_offer(offer)
        form = OfferSubmissionForm(
            initial=form_initial(values), consent_on_record=consented_at is not None
        )
    return render(
        request,
        "offers/submission/edit.html",
        {
            "nav": "angebote",
            "token": token,
            "offer": offer,
            "form": form,
            "editable": editable,
            "withdrawable": offer.status in services.WITHDRAWABLE_STATUSES,
            "not_editable_error": not_editable_error,
            "open_change": open_change,
            "consented_at": consented_at,
            "team_messages": offer.messages.all()[:5],
            "saved_notice": SAVED_NOTICES.get(request.GET.get("gespeichert", "")),
            "withdrawn_notice": request.GET.get("zurueckgezogen") == "1"
            and offer.status == OfferStatus.ARCHIVED,
            "S": OfferStatus,
        },
    )


@never_cache
def withdraw(request, token):
    link, response = _edit_link_or_response(request, token)
    if response:
        return response
    offer = link.offer
    edit_url = reverse("offers:edit", args=[token])
    if offer.status not in services.WITHDRAWABLE_STATUSES:
        return redirect(edit_url)
    # This page is the one confirmation step: it asks, and its button withdraws.
    if request.method == "POST":
        try:
            services.withdraw_offer(offer)
        except services.IllegalTransition:
            return redirect(edit_url)
        return redirect(f"{edit_url}?zurueckgezogen=1")
    return render(
        request,
        "offers/submission/withdraw.html",
        {"nav": "angebote", "offer": offer, "token": token, "edit_url": edit_url, "S": OfferStatus},
    )

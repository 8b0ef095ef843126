"""Public pages of the Mitdenken channel: the form and the thank-you page."""

import re

from django.shortcuts import redirect, render
from django.urls import reverse

from kommune360.ratelimit import is_limited
from offers.models import Gap, Offer

from . import services
from .forms import ContributionForm
from .models import ContributionKind

RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 3600
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,220}$")


def _reference_from_query(params) -> dict:
    """The gap or offer a visitor came from (?leerstelle= / ?angebot=), if it exists.

    Unknown or malformed slugs are ignored; offers count only while visible.
    """
    gap_slug = params.get("leerstelle", "")
    offer_slug = params.get("angebot", "")
    if _SLUG.match(gap_slug):
        gap = Gap.objects.filter(slug=gap_slug).first()
        if gap:
            return {"gap": gap}
    if _SLUG.match(offer_slug):
        offer = Offer.objects.visible().filter(slug=offer_slug).first()
        if offer:
            return {"offer": offer}
    return {}


def start(request):
    reference = {}
    if request.method == "POST":
        form = ContributionForm(request.POST)
        if form.is_valid():
            if is_limited("feedback", request, RATE_LIMIT, RATE_WINDOW_SECONDS):
                return render(
                    request,
                    "feedback/rate_limited.html",
                    {"nav": "mitdenken", "text": form.cleaned_data["text"]},
                    status=429,
                )
            contribution = services.submit_contribution(
                form.save(commit=False), form.cooperation_data()
            )
            return redirect(f"{reverse('feedback:thanks')}?art={contribution.kind}")
    else:
        reference = _reference_from_query(request.GET)
        initial = {key: value.slug for key, value in reference.items()}
        if reference:
            initial["kind"] = ContributionKind.HINT
        if request.GET.get("art") in ContributionKind.values:
            # A link may choose the kind, e.g. "Barriere melden" on /barrierefreiheit/.
            initial["kind"] = request.GET["art"]
        form = ContributionForm(initial=initial)
    return render(
        request,
        "feedback/start.html",
        {
            "nav": "mitdenken",
            "form": form,
            "reference": reference.get("gap") or reference.get("offer"),
            "cooperation_kind": ContributionKind.COOPERATION.value,
        },
    )


def thanks(request):
    kind = request.GET.get("art", "")
    return render(
        request,
        "feedback/thanks.html",
        {
            "nav": "mitdenken",
            "is_cooperation": kind == ContributionKind.COOPERATION,
            "is_barrier": kind == ContributionKind.BARRIER,
        },
    )

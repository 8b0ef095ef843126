"""The analysis page (/analyse/) and its Impulspapier (/analyse/impulspapier.pdf)."""

import logging

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse

from kommune360.pdf import render_pdf

from .catalogue.cache import public_page
from .models import AnalysisPage, Gap

logger = logging.getLogger(__name__)
PAPER_FILENAME = "Kommune360-Impulspapier.pdf"
GENERATED_FILENAME = "Kommune360-Analyse.pdf"


def _page_context():
    page = AnalysisPage.current()
    if page is None:
        raise Http404("Die Analyseseite ist noch nicht angelegt.")
    return {
        "nav": "analyse",
        "page": page,
        "sections": list(page.sections.all()),
        "gaps": Gap.objects.order_by("number"),
        # Where render_pdf's 503 page (a server without Pango) sends a reader instead.
        "printable_url": reverse("offers:analysis"),
    }


@public_page
def analysis(request):
    return render(request, "analysis/page.html", _page_context())


@public_page
def analysis_paper(request):
    """The uploaded Impulspapier; without one, the page's own text as a PDF."""
    context = _page_context()
    paper = context["page"].impulse_paper
    if paper:
        try:
            return FileResponse(
                paper.open("rb"), content_type="application/pdf", filename=PAPER_FILENAME
            )
        except FileNotFoundError:
            logger.error("Impulspapier %s is missing under MEDIA_ROOT; serving the page", paper)
    return render_pdf(request, "analysis/print.html", context, GENERATED_FILENAME)

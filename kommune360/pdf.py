"""PDFs from our own HTML templates, made with WeasyPrint.

Why WeasyPrint: it lays out the HTML and CSS templates we already write (no
second layout language), it writes tagged PDF/UA documents that screen
readers can follow, and it is maintained. It needs the system libraries
Pango and fontconfig (Debian: libpango-1.0-0, libpangoft2-1.0-0 and a font
such as fonts-dejavu-core; `ensure_pdf_libraries` in scripts/lib.sh installs
them). Where they are missing, a PDF link answers a German 503 page that
points to the printable HTML page, never a 500; a client asking for too many
fresh PDFs gets the same page as a 429.

Nothing is fetched from another host: the URL fetcher serves our own static
files from disk (the collected files, the static finders before
collectstatic) and refuses every other URL. Fonts come from the system
(fontconfig).
"""

import logging
import mimetypes
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from .ratelimit import is_limited

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/ua-1"  # tagged, with title and language: readable with a screen reader
# Fresh PDFs per client and window: a render costs up to a second of CPU (20 sheets).
# Pages from the page cache (offers.catalogue.cache) do not count.
PDF_RENDER_LIMIT = (30, 600)
UNSAFE_FILENAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")
UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it loads (Pango) are missing on this server."""


def load_weasyprint():
    """The weasyprint module, or PdfUnavailable when it or its system libraries cannot load.

    WeasyPrint opens Pango through cffi when it is imported: a missing
    library is an OSError there, a missing package an ImportError.
    """
    try:
        import weasyprint
    except (ImportError, OSError) as problem:
        raise PdfUnavailable(" ".join(str(problem).split()) or type(problem).__name__) from problem
    return weasyprint


def base_url() -> str:
    """Relative links in a PDF resolve to the public site, as they would in a browser."""
    return f"{settings.SITE_URL}/"


def static_prefix() -> str:
    return urljoin(base_url(), settings.STATIC_URL)


def static_file(url: str) -> Path | None:
    """The file on disk behind one of our static URLs, or None for any other URL."""
    prefix = static_prefix()
    if not url.startswith(prefix):
        return None
    name = unquote(urlsplit(url[len(prefix) :]).path)
    if not name or name.startswith("/") or ".." in Path(name).parts:
        return None
    # Collected files first: with the manifest storage the URL names the hashed copy.
    try:
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except NotImplementedError:  # a storage without local paths
        pass
    found = finders.find(name)
    return Path(found) if found else None


def static_files_fetcher():
    """A WeasyPrint URL fetcher that reads our static files and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = static_file(url)
            if path is None:
                # WeasyPrint logs this and leaves the resource out; nothing goes on the wire.
                raise ValueError(f"Refused to fetch {url}: not one of our static files")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticFilesFetcher()


def safe_filename(filename: str) -> str:
    """`filename` as plain ASCII letters, digits, dots, dashes and underscores, ending in .pdf."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem[:-4] if stem.lower().endswith(".pdf") else stem
    stem = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", stem).translate(UMLAUTS))
    stem = stem.encode("ascii", "ignore").decode("ascii")
    stem = UNSAFE_FILENAME_CHARACTERS.sub("-", stem).strip(".-_")[:100].strip(".-_")
    return f"{stem or 'dokument'}.pdf"


def render_pdf(request, template_name, context, filename) -> HttpResponse:
    """The template rendered as a tagged PDF/UA-1 document, shown inline as `filename`.

    The template is a whole HTML document (`<html lang="de">` with a
    `<title>`: they become the PDF's language and title). When the context
    holds `printable_url`, the 503 page for a server without WeasyPrint's
    libraries links to it.
    """
    try:
        weasyprint = load_weasyprint()
    except PdfUnavailable as problem:
        return pdf_unavailable(request, context, problem)
    if is_limited("pdf", request, *PDF_RENDER_LIMIT):
        return too_many_pdfs(request, context)
    html = render_to_string(template_name, context, request=request)
    document = weasyprint.HTML(string=html, base_url=base_url(), url_fetcher=static_files_fetcher())
    response = HttpResponse(
        document.write_pdf(pdf_variant=PDF_VARIANT), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(False, safe_filename(filename))
    return response


def pdf_unavailable(request, context, problem) -> HttpResponse:
    """A German 503 page: no PDF on this server right now, the printable page instead."""
    logger.warning("PDF unavailable for %s: WeasyPrint cannot load (%s)", request.path, problem)
    return _instead_of_pdf(request, context, 503)


def too_many_pdfs(request, context) -> HttpResponse:
    """A German 429 page for a client past PDF_RENDER_LIMIT, with the printable page."""
    response = _instead_of_pdf(request, context, 429, too_many=True)
    response["Retry-After"] = str(PDF_RENDER_LIMIT[1])
    return response


def _instead_of_pdf(request, context, status, too_many=False) -> HttpResponse:
    page = render_to_string(
        "pdf_unavailable.html",
        {"printable_url": (context or {}).get("printable_url", ""), "too_many": too_many},
        request=request,
    )
    response = HttpResponse(page, status=status)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # a line of ours, or an expected answer
    return response

"""PDFs from our own templates with WeasyPrint; nothing is fetched from other hosts.

The template is a whole HTML document for print; its stylesheets and images
are our static files (`{% static %}`), read from disk. Any other address is
refused, so a PDF never waits for, or tells, another server. Fonts are the
machine's own (fontconfig).
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticFilesOnly(URLFetcher):
    """Hands WeasyPrint our static files for addresses on our own host, and nothing else."""

    def __init__(self, base_url, **kwargs):
        super().__init__(**kwargs)
        self.host = urlsplit(base_url).netloc

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.netloc == self.host and parts.path.startswith(settings.STATIC_URL):
            found = _static_file(unquote(parts.path.removeprefix(settings.STATIC_URL)))
            if found is not None:
                mime_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": mime_type})
        raise ValueError(f"PDF: only our own static files are read, not {url}")


def _static_file(name: str) -> Path | None:
    """The file of a static name: collected (production, hashed names) or from the finders."""
    if ".." in Path(name).parts:
        return None
    try:
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except NotImplementedError:  # a storage without local paths
        pass
    found = finders.find(name)
    return Path(found) if found else None


def render_pdf(request, template_name, context, filename):
    """The template rendered as a PDF response, shown in the browser, saved as `filename`."""
    html = render_to_string(template_name, context, request=request)
    base_url = f"{settings.SITE_URL}/"  # links in the PDF lead to the public site
    document = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=StaticFilesOnly(base_url)
    )
    response = HttpResponse(document.write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response

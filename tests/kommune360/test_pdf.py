"""kommune360.pdf: WeasyPrint PDFs from templates, our static files only, a 503 without Pango."""

import io
import sys

import pytest
from django.test import RequestFactory
from pypdf import PdfReader

from kommune360 import pdf


def test_safe_filename_with_path_quotes_and_umlauts_is_plain_ascii():
    assert pdf.safe_filename('../../etc/"Prüfung"; ß.pdf') == "Pruefung-ss.pdf"
    assert pdf.safe_filename("fortbildungsantrag-kurs-1.pdf") == "fortbildungsantrag-kurs-1.pdf"
    assert pdf.safe_filename("Antrag") == "Antrag.pdf"
    assert pdf.safe_filename("Café Übersicht.PDF") == "Cafe-Uebersicht.pdf"
    assert pdf.safe_filename("\r\n<script>.pdf") == "script.pdf"
    assert pdf.safe_filename("") == "dokument.pdf"
    assert len(pdf.safe_filename("a" * 500)) == 104


def test_static_file_for_our_stylesheet_is_the_file_on_disk(settings):
    found = pdf.static_file(f"{settings.SITE_URL}/static/css/application-sheet.css")
    assert found is not None and found.name == "application-sheet.css"
    assert b"@page" in found.read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "https://fonts.example.com/static/css/application-sheet.css",
        "http://127.0.0.1:9/static/css/application-sheet.css",
        "file:///etc/passwd",
        "{site}/static/../kommune360/settings.py",
        "{site}/static/%2e%2e/kommune360/settings.py",
        "{site}/static/",
        "{site}/static/css/nicht-da.css",
        "{site}/angebote/",
        "data:text/css,body%7Bcolor:red%7D",
    ],
)
def test_static_file_refuses_everything_but_our_static_files(settings, url):
    assert pdf.static_file(url.format(site=settings.SITE_URL)) is None


@pytest.mark.usefixtures("pdf_libraries")
def test_fetcher_refuses_foreign_urls_without_opening_a_connection(settings, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the fetcher opened a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    fetcher = pdf.static_files_fetcher()
    with pytest.raises(ValueError, match="not one of our static files"):
        fetcher.fetch("https://fonts.example.com/font.woff2")
    response = fetcher.fetch(f"{settings.SITE_URL}/static/css/application-sheet.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def _render(template_name, context, filename="Test Dokument.pdf"):
    request = RequestFactory().get("/test.pdf")
    return pdf.render_pdf(request, template_name, context, filename)


@pytest.fixture
def document_template(settings, tmp_path, db):
    (tmp_path / "doc.html").write_text(
        '{% load static %}<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        "<title>{{ title }}</title>"
        '<link rel="stylesheet" href="{% static \'css/application-sheet.css\' %}">'
        '<link rel="stylesheet" href="https://fonts.example.com/css?family=Fremd">'
        '</head><body class="sheet-document"><h1>{{ title }}</h1><p>Übung für Straßenbau</p>'
        '<a href="/angebote/kurs/">Zum Kurs</a></body></html>',
        "utf-8",
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return "doc.html"


@pytest.mark.usefixtures("pdf_libraries")
def test_render_pdf_is_a_tagged_german_pdf_ua_with_the_text(document_template, settings, caplog):
    response = _render(document_template, {"title": "Für den Antrag"})
    assert "Refused to fetch https://fonts.example.com/css?family=Fremd" in caplog.text
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Test-Dokument.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Übung für Straßenbau" in text
    assert reader.metadata.title == "Für den Antrag"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "de"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    metadata = catalog["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in metadata
    # Relative links point to the public site.
    annotations = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    targets = [a["/A"]["/URI"] for a in annotations if "/A" in a]
    assert f"{settings.SITE_URL}/angebote/kurs/" in targets


def test_render_pdf_without_pango_answers_503_pointing_to_the_printable_page(
    document_template, monkeypatch, caplog
):
    # What a server without Pango looks like to Python: importing weasyprint fails.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    response = _render(document_template, {"title": "X", "printable_url": "/druckansicht/"})
    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert "Das PDF lässt sich gerade nicht erstellen" in text
    assert 'href="/druckansicht/"' in text
    assert "PDF unavailable" in caplog.text


def test_render_pdf_without_pango_and_without_printable_page_still_explains(
    document_template, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    response = _render(document_template, {"title": "X"})
    assert response.status_code == 503
    assert "Druckfunktion Ihres Browsers" in response.content.decode()


def test_load_weasyprint_turns_a_missing_library_into_pdf_unavailable(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def failing_import(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': error 0x7e")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", failing_import)
    with pytest.raises(pdf.PdfUnavailable, match="libpango"):
        pdf.load_weasyprint()


@pytest.mark.usefixtures("pdf_libraries")
def test_render_pdf_past_the_limit_answers_429_pointing_to_the_printable_page(
    document_template, monkeypatch
):
    monkeypatch.setattr(pdf, "PDF_RENDER_LIMIT", (2, 600))
    context = {"title": "X", "printable_url": "/druckansicht/"}
    assert [_render(document_template, context).status_code for _ in range(2)] == [200, 200]
    response = _render(document_template, context)
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    text = response.content.decode()
    assert "sehr viele PDF-Anfragen" in text
    assert '<a href="/druckansicht/">Druckansicht öffnen</a>' in text

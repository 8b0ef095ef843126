"""The legal and help pages every visitor can reach, and the German error pages."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import RequestFactory, override_settings
from django.urls import include, path

from kommune360 import errors
from tests.a11y import assert_no_axe_violations

LEGAL_PAGES = {
    "impressum": "/impressum/",
    "datenschutz": "/datenschutz/",
    "barrierefreiheit": "/barrierefreiheit/",
    "leichte_sprache": "/leichte-sprache/",
}
UNKNOWN_URL = "/diese-seite-gibt-es-nicht/"


def broken_view(request):
    raise RuntimeError("boom")


# URLconf for the full-stack 500 test: the real site plus one view that fails.
urlpatterns = [
    path("kaputt/", broken_view),
    path("", include("kommune360.urls")),
]
handler404 = "kommune360.errors.page_not_found"
handler500 = "kommune360.errors.server_error"


class PageOutline(HTMLParser):
    """Collects what a reader (or screen reader) navigates by: headings, ids, links."""

    def __init__(self):
        super().__init__()
        self.headings = []  # (level, text)
        self.ids = []
        self.footer_links = []
        self.links = []
        self._heading = None
        self._footer_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "footer":
            self._footer_depth += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if self._footer_depth:
                self.footer_links.append(attrs["href"])
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), ""]

    def handle_endtag(self, tag):
        if tag == "footer":
            self._footer_depth -= 1
        if self._heading and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None

    def handle_data(self, data):
        if self._heading:
            self._heading[1] += data


def outline(response) -> PageOutline:
    parser = PageOutline()
    parser.feed(response.content.decode())
    return parser


def text_of(response) -> str:
    """The page as plain text, whitespace collapsed."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def main_text(response) -> str:
    html = response.content.decode()
    main = re.search(r"<main\b.*?</main>", html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def section(html: str, heading_id: str) -> str:
    """The <section> whose heading has this id (plain sections, not landmarks)."""
    return re.search(rf'<section>\s*<h2 id="{heading_id}">(.*?)</section>', html, re.S).group(1)


def assert_footer_links_legal_pages(response):
    footer_links = outline(response).footer_links
    for url in LEGAL_PAGES.values():
        assert url in footer_links, f"footer lacks {url}"


# --- the four pages -----------------------------------------------------------------------


@pytest.mark.parametrize("url", LEGAL_PAGES.values())
def test_legal_page_get_returns_german_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="de">' in response.content.decode()


@pytest.mark.parametrize("url", LEGAL_PAGES.values())
def test_legal_page_headings_one_h1_and_no_skipped_level(client, url):
    levels = [level for level, _ in outline(client.get(url)).headings]
    assert levels[0] == 1
    assert levels.count(1) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"


@pytest.mark.parametrize("url", LEGAL_PAGES.values())
def test_legal_page_ids_are_unique(client, url):
    ids = outline(client.get(url)).ids
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("url", LEGAL_PAGES.values())
def test_legal_page_footer_links_all_four_pages(client, url):
    assert_footer_links_legal_pages(client.get(url))


def test_impressum_content_names_provider_identification(client):
    response = client.get("/impressum/")
    text = text_of(response)
    assert "§ 5 des Digitale-Dienste-Gesetzes (DDG)" in text
    assert "§ 18 Abs. 2 MStV" in text
    assert "Vertreten durch" in text
    # Without the operator's facts (LEGAL_*): placeholders, visibly marked and explained.
    html = response.content.decode()
    assert html.count('class="placeholder"') >= 5
    assert "sind Platzhalter" in text
    assert "Demo-Inhalte" in text


def test_datenschutz_content_follows_article_13(client):
    response = client.get("/datenschutz/")
    text = text_of(response)
    assert "Art. 13 der Datenschutz-Grundverordnung" in text
    for heading in ("Verantwortliche Stelle", "Datenschutzbeauftragte:r", "Ihre Rechte"):
        assert heading in text
    for basis in ("lit. a", "lit. b", "lit. f"):  # lit. e: public bodies, test_legal_facts
        assert f"Art. 6 Abs. 1 {basis} DSGVO" in text
    for right in (
        "Art. 15",
        "Art. 16",
        "Art. 17",
        "Art. 18",
        "Art. 20",
        "Art. 21",
        "Art. 7 Abs. 3",
    ):
        assert right in text
    # Browsing: no cookies, no tracking; the one form cookie is explained.
    assert "keine Cookies" in text
    assert "kein Tracking" in text
    assert "csrftoken" in text
    assert "§ 25 Abs. 2 Nr. 2 TDDDG" in text


def test_datenschutz_sections_have_stable_ids_for_forms(client):
    response = client.get("/datenschutz/")
    ids = outline(response).ids
    for section_id in (
        "verantwortlich",
        "dsb",
        "besuch",
        "cookies",
        "angebote-einreichen",
        "formate-anmeldung",
        "mitdenken",
        "missbrauchsschutz",
        "rechte",
        "beschwerde",
    ):
        assert section_id in ids


def test_datenschutz_each_processing_states_retention(client):
    html = client.get("/datenschutz/").content.decode()
    retention = {
        "besuch": "7 Tage",
        "angebote-einreichen": "12 Monate",
        "formate-anmeldung": "6 Monate nach dem Termin",
        "mitdenken": "24 Monate nach dem letzten Kontakt",
        "missbrauchsschutz": "nach einer Stunde",
    }
    for section_id, period in retention.items():
        part = section(html, section_id)
        assert "Speicherdauer" in part
        assert period in part, f"{section_id}: {period!r} missing"


def test_datenschutz_public_display_needs_separate_opt_in(client):
    html = client.get("/datenschutz/").content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", section(html, "mitdenken")).split())
    assert "gesondert zugestimmt" in text
    assert "anonym" in text
    assert "widerrufen" in text


def test_datenschutz_names_complaint_authority(client):
    text = text_of(client.get("/datenschutz/"))
    assert "Art. 77 DSGVO" in text
    assert "Zuständig für uns ist" in text


def test_barrierefreiheit_content_follows_model_statement(client):
    response = client.get("/barrierefreiheit/")
    text = text_of(response)
    assert "BITV 2.0" in text
    assert "teilweise barrierefrei" in text
    assert "axe-core" in text
    assert "noch nicht" in text  # honest: no full manual audit yet
    assert '<time datetime="2026-11-23">' in response.content.decode()
    ids = outline(response).ids
    for section_id in ("stand", "einschraenkungen", "erstellung", "feedback", "schlichtung"):
        assert section_id in ids


def test_barrierefreiheit_names_feedback_contact_and_schlichtungsstelle(client):
    html = client.get("/barrierefreiheit/").content.decode()
    feedback = section(html, "feedback")
    assert "E-Mail" in feedback
    assert 'class="placeholder"' in feedback
    assert 'href="/mitdenken/?art=barriere"' in feedback
    text = text_of(client.get("/barrierefreiheit/"))
    assert "Schlichtungsstelle nach § 16 BGG" in text
    assert 'href="https://www.schlichtungsstelle-bgg.de/"' in html


def test_leichte_sprache_headings_are_questions_covering_the_platform(client):
    headings = [text for level, text in outline(client.get("/leichte-sprache/")).headings]
    questions = headings[1:]
    assert questions, "no sections"
    assert all(text.endswith("?") for text in questions)
    joined = " ".join(questions)
    for topic in ("Kommune 360°", "Angebote", "Leerstellen", "Treffen", "mitdenken", "Hilfe"):
        assert topic in joined


def test_leichte_sprache_sentences_are_short(client):
    html = client.get("/leichte-sprache/").content.decode()
    main = re.search(r"<main\b.*?</main>", html, re.S).group(0)
    # Each paragraph, list item and heading is its own unit; then split sentences.
    blocks = re.split(r"</?(?:p|li|h[1-6]|ul|ol|section)\b[^>]*>", main)
    sentences = [
        " ".join(sentence.split())
        for block in blocks
        for sentence in re.split(r"(?<=[.?!:])\s+", re.sub(r"<[^>]+>", " ", block))
        if sentence.strip()
    ]
    longest = max(sentences, key=lambda s: len(s.split()))
    assert len(longest.split()) <= 15, longest


def test_leichte_sprache_uses_no_gender_colon(client):
    assert ":innen" not in main_text(client.get("/leichte-sprache/"))


def test_leichte_sprache_links_to_every_area(client):
    links = outline(client.get("/leichte-sprache/")).links
    for url in ("/angebote/", "/leerstellen/", "/formate/", "/mitdenken/", "/barrierefreiheit/"):
        assert url in links


# --- error pages --------------------------------------------------------------------------


def test_unknown_url_returns_german_404_page(client):
    response = client.get(UNKNOWN_URL)
    assert response.status_code == 404
    text = text_of(response)
    assert "Diese Seite gibt es leider nicht" in text
    assert '<html lang="de">' in response.content.decode()
    links = outline(response).links
    assert "/" in links
    assert "/angebote/" in links
    assert_footer_links_legal_pages(response)


def test_unknown_url_404_page_offers_catalogue_search(client):
    html = client.get(UNKNOWN_URL).content.decode()
    form = re.search(r"<form\b[^>]*>.*?</form>", html, re.S).group(0)
    assert 'action="/angebote/"' in form
    assert 'method="get"' in form
    assert 'name="q"' in form
    assert re.search(r'<label for="suche-404">', form)


def test_server_error_handler_returns_german_500_page():
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Entschuldigung, hier ist etwas schiefgegangen" in html
    assert 'href="/"' in html
    for url in LEGAL_PAGES.values():
        assert f'href="{url}"' in html
    assert "Traceback" not in html
    assert "boom" not in html


def test_server_error_handler_database_unreachable_still_renders(monkeypatch):
    def unreachable(self):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", unreachable)
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Entschuldigung" in response.content.decode()


@pytest.mark.urls(__name__)
def test_server_error_failing_view_returns_500_page_without_details(client):
    client.raise_request_exception = False
    response = client.get("/kaputt/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Entschuldigung, hier ist etwas schiefgegangen" in html
    assert "RuntimeError" not in html
    assert "boom" not in html
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_server_error_manifest_storage_links_hashed_stylesheet(tmp_path):
    # Production serves static files under hashed names; the 500 page must
    # find its stylesheet through the manifest, without a request.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path, DEBUG=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    match = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', response.content.decode())
    assert match, "stylesheet not linked under its hashed name"
    assert (tmp_path / match.group(1).removeprefix("/static/")).is_file()


# --- in the browser: axe-core on every page here, desktop and phone width ----------------

VIEWPORTS = {"desktop": (1280, 800), "phone": (375, 812)}
BROWSER_PAGES = {
    **{name: (url, 200) for name, url in LEGAL_PAGES.items()},
    "404": (UNKNOWN_URL, 404),
    "500": ("/kaputt/", 500),
}


@pytest.mark.browser
@pytest.mark.urls(__name__)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", BROWSER_PAGES)
def test_page_in_browser_axe_scan_has_no_violations(page, live_site, name, viewport):
    url, status = BROWSER_PAGES[name]
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    response = page.goto(live_site + url)
    assert response.status == status
    # The stylesheet loaded: the header has the brand colour, not the browser default.
    background = page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(11, 94, 85)"
    # Nothing wider than the screen (no horizontal scrolling at 375 px).
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_no_axe_violations(page, f"{url} at {width} px")

"""The analysis page (/analyse/): seeded text, safe Markdown, admin edits, the Impulspapier."""

import io
import re
from html.parser import HTMLParser

import pypdf
import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kommune360.rich_text import render_markdown
from offers.models import AnalysisPage, AnalysisSection, Gap, Principle

pytestmark = pytest.mark.django_db
ADMIN_URL = "/verwaltung/offers/analysispage/"
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def team_client(client):
    user = User.objects.create_user("team", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Initiativteam"))
    client.force_login(user)
    return client


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def heading_levels(html: str) -> list[int]:
    parser = Headings()
    parser.feed(html)
    return parser.levels


def page_text(client, path="/analyse/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def admin_post_data(page, **changes):
    """The admin change form's fields for `page` and its sections, with `changes` applied.

    `changes` may hold page fields and `sections-N-field` keys.
    """
    sections = list(page.sections.all())
    data = {
        "title": page.title,
        "summary": page.summary,
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": str(len(sections)),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    }
    for index, section in enumerate(sections):
        prefix = f"sections-{index}-"
        data.update(
            {
                f"{prefix}id": str(section.pk),
                f"{prefix}page": str(page.pk),
                f"{prefix}position": str(section.position),
                f"{prefix}heading": section.heading,
                f"{prefix}anchor": section.anchor,
                f"{prefix}body": section.body,
            }
        )
        if section.show_gaps:
            data[f"{prefix}show_gaps"] = "on"
    data.update(changes)
    return data


# The seeded content --------------------------------------------------------------------


def test_analysis_page_seeded_says_what_was_examined_and_how(client):
    text = page_text(client)
    for words in [
        "Desktoprecherche",
        "Interviews mit Expert:innen",
        "Befragung kommunaler Mitarbeitender",
        "Diskussion im Expert:innen-Team",
        "Vollständig ist diese Analyse nicht",
    ]:
        assert words in text, words


def test_analysis_page_seeded_shows_five_ideas_and_links_every_gap(client):
    text = page_text(client)
    gaps = list(Gap.objects.order_by("number"))
    assert len(gaps) == 5
    for gap in gaps:
        assert f'href="{gap.get_absolute_url()}"' in text
        assert gap.name in text
    assert "Neue Arbeitsweisen" in text and "können der Kommunalverwaltung viel bringen" in text


# Sentences of seed 003 (the initiative's own text): the page says the ideas in its own words.
SEED_003_WORDING = [
    "ist ein Veränderungsprozess",
    "brauchen einen guten Zugang zu fachlich-strategisch",
]


@pytest.mark.parametrize("wording", SEED_003_WORDING)
def test_analysis_page_seeded_ideas_in_own_words_not_the_seeds(client, wording):
    section = AnalysisSection.objects.get(anchor="fuenf-ideen")
    assert wording not in " ".join(section.body.split())
    text = page_text(client)
    assert "Kommunalpolitik" in text and "Wandel" in text  # the ideas are still there


def test_analysis_page_seeded_names_all_five_properties_and_line_responsibility(client):
    text = page_text(client)
    for label in ["Ressortübergreifend", "Beteiligungsorientiert", "Bedarfsorientiert"]:
        assert f"<strong>{label}:</strong>" in text
    assert "<strong>Wirkungsorientiert:</strong>" in text
    assert "<strong>Im Arbeitsalltag gelebt:</strong>" in text
    assert "Projekten, in gemeinsamen Strategieprozessen" in text
    assert "widerspricht nicht der Fachverantwortung der Ressorts" in text
    # Each property leads to the catalogue filtered by it.
    for value in Principle.values:
        assert f'href="/angebote/?integriert={value}"' in text


def test_analysis_page_headings_descend_without_skipping_a_level(client):
    levels = heading_levels(page_text(client))
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def test_analysis_page_without_a_page_row_is_not_found(client):
    AnalysisPage.objects.all().delete()
    assert client.get("/analyse/").status_code == 404
    assert client.get("/analyse/impulspapier.pdf").status_code == 404


# Links to the page ---------------------------------------------------------------------


def test_home_links_to_analysis(client):
    assert 'href="/analyse/"' in page_text(client, "/")


def test_every_gap_page_and_the_gap_list_link_to_analysis(client):
    assert 'href="/analyse/"' in page_text(client, "/leerstellen/")
    for gap in Gap.objects.all():
        assert 'href="/analyse/"' in page_text(client, gap.get_absolute_url()), gap.slug


def test_mitdenken_links_to_analysis(client):
    assert 'href="/analyse/"' in page_text(client, "/mitdenken/")


# Markdown, safely ----------------------------------------------------------------------


def test_render_markdown_script_and_style_escaped_as_text():
    html = render_markdown(
        "Text <script>alert(1)</script><style>p{}</style>\n\n<script>\nx()\n</script>"
    )
    assert "<script" not in html and "<style" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Text" in html


def test_render_markdown_raw_html_link_escaped_not_a_link():
    html = render_markdown('Siehe <a href="http://evil.example" onclick="steal()">hier</a>.')
    assert "<a " not in html
    assert '&lt;a href="http://evil.example" onclick="steal()"&gt;hier&lt;/a&gt;' in html


def test_render_markdown_raw_html_block_escaped():
    html = render_markdown('<div onclick="x()">\n<a href="/x">a</a>\n</div>\n\n**fett**')
    assert "<div" not in html and "<a " not in html
    assert "&lt;div" in html
    assert "<strong>fett</strong>" in html


def test_render_markdown_markdown_links_kept_with_noopener():
    html = render_markdown(
        "[extern](https://example.org/a) [intern](/angebote/) <https://auto.example/>"
    )
    assert '<a href="https://example.org/a" rel="noopener">extern</a>' in html
    assert '<a href="/angebote/" rel="noopener">intern</a>' in html
    assert '<a href="https://auto.example/" rel="noopener">https://auto.example/</a>' in html


def test_render_markdown_javascript_links_and_images_dropped():
    html = render_markdown(
        "[klick](javascript:alert(1)) ![bild](https://other.example/img.png) "
        '<iframe src="https://other.example"></iframe>'
    )
    assert "javascript:" not in html and '<a rel="noopener">klick</a>' in html
    assert "<img" not in html and "img.png" not in html
    assert "<iframe" not in html


def test_render_markdown_headings_start_at_h3_and_lists_and_links_render():
    html = render_markdown("# Eins\n\n## Zwei\n\n- **fett** [Katalog](/angebote/)\n")
    assert heading_levels(html) == [3, 4]
    assert '<li><strong>fett</strong> <a href="/angebote/" rel="noopener">Katalog</a></li>' in html


def test_analysis_section_with_script_rendered_on_page_as_text(client):
    section = AnalysisSection.objects.get(anchor="vorgehen")
    section.body = "Neu **wichtig** <script>document.cookie</script> <b onmouseover=x>fett</b>"
    section.save()
    text = page_text(client)
    assert "<strong>wichtig</strong>" in text
    assert "<script>document.cookie" not in text
    assert "&lt;script&gt;document.cookie&lt;/script&gt;" in text
    assert "<b onmouseover" not in text and "&lt;b onmouseover=x&gt;" in text


# Editing in the admin ------------------------------------------------------------------


def test_team_edits_section_in_admin_and_cached_page_shows_it(team_client):
    client = Client()  # anonymous: the page comes from the cache
    page = AnalysisPage.current()
    before = client.get("/analyse/")  # the anonymous page is now in the cache
    assert "Unser neuer Absatz" not in before.content.decode()
    assert client.get("/analyse/")["ETag"] == before["ETag"]

    index = [s.anchor for s in page.sections.all()].index("vorgehen")
    response = team_client.post(
        f"{ADMIN_URL}{page.pk}/change/",
        admin_post_data(page, **{f"sections-{index}-body": "Unser neuer Absatz mit *Betonung*."}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    after = client.get("/analyse/")
    assert after["ETag"] != before["ETag"]
    text = after.content.decode()
    assert "Unser neuer Absatz mit <em>Betonung</em>." in text
    assert "Desktoprecherche" not in text


def test_team_edits_title_in_admin_and_cached_page_follows(team_client):
    client = Client()
    page = AnalysisPage.current()
    assert "<h1>Unsere Analyse im Überblick</h1>" in page_text(client)
    team_client.post(f"{ADMIN_URL}{page.pk}/change/", admin_post_data(page, title="Neuer Titel"))
    assert "<h1>Neuer Titel</h1>" in page_text(client)


def test_admin_list_leads_to_the_one_page_and_it_cannot_be_added_or_deleted(team_client):
    page = AnalysisPage.current()
    response = team_client.get(ADMIN_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{ADMIN_URL}{page.pk}/change/"
    form = team_client.get(response["Location"])
    assert form.status_code == 200
    assert "Markdown: **fett**" in form.content.decode()
    assert team_client.get(f"{ADMIN_URL}add/").status_code == 403
    assert team_client.get(f"{ADMIN_URL}{page.pk}/delete/").status_code == 403


def test_admin_section_reserved_anchor_rejected_and_input_kept(team_client):
    page = AnalysisPage.current()
    response = team_client.post(
        f"{ADMIN_URL}{page.pk}/change/",
        admin_post_data(page, **{"sections-0-anchor": "inhalt", "sections-0-heading": "Getippt"}),
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "verwendet die Seite schon" in text
    assert 'value="Getippt"' in text
    assert not AnalysisSection.objects.filter(heading="Getippt").exists()


def test_admin_section_duplicate_anchor_rejected(team_client):
    page = AnalysisPage.current()
    response = team_client.post(
        f"{ADMIN_URL}{page.pk}/change/",
        admin_post_data(page, **{"sections-1-anchor": page.sections.first().anchor}),
    )
    assert response.status_code == 200
    assert "Zwei Abschnitte haben dieselbe Sprungmarke" in response.content.decode()


def test_team_group_may_edit_the_analysis_but_not_delete_it():
    codenames = set(
        Group.objects.get(name="Initiativteam")
        .permissions.filter(content_type__model__in=["analysispage", "analysissection"])
        .values_list("codename", flat=True)
    )
    assert codenames == {
        "view_analysispage",
        "change_analysispage",
        "view_analysissection",
        "add_analysissection",
        "change_analysissection",
        "delete_analysissection",
    }


# The Impulspapier ----------------------------------------------------------------------


def test_analysis_paper_without_upload_is_pdf_of_the_page(client, media):
    response = client.get("/analyse/impulspapier.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Kommune360-Analyse.pdf"'
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Unsere Analyse im Überblick" in text
    assert "Desktoprecherche" in text
    assert "Im Arbeitsalltag gelebt" in text
    for gap in Gap.objects.all():
        assert gap.name in text
    assert "Analyse als PDF herunterladen" in page_text(client)


def test_analysis_paper_uploaded_in_admin_is_served_and_offered(team_client, media):
    client = Client()
    page = AnalysisPage.current()
    assert "Analyse als PDF herunterladen" in page_text(client)  # cached before the upload
    upload = SimpleUploadedFile("papier.pdf", PDF_BYTES, content_type="application/pdf")
    response = team_client.post(
        f"{ADMIN_URL}{page.pk}/change/", admin_post_data(page, impulse_paper=upload)
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert (media / page.impulse_paper.name).read_bytes() == PDF_BYTES

    paper = client.get("/analyse/impulspapier.pdf")
    assert paper["Content-Type"] == "application/pdf"
    assert b"".join(paper.streaming_content) == PDF_BYTES
    text = page_text(client)
    assert "Impulspapier herunterladen" in text
    assert f"(PDF, {len(PDF_BYTES)}\xa0Bytes)" in text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("papier.pdf", b"Hallo, ich bin kein PDF", "Das ist keine PDF-Datei."),
        ("papier.docx", PDF_BYTES, "Bitte eine Datei mit der Endung .pdf wählen."),
    ],
)
def test_analysis_paper_upload_not_a_pdf_rejected_in_german(
    team_client, media, name, content, message
):
    page = AnalysisPage.current()
    upload = SimpleUploadedFile(name, content)
    response = team_client.post(
        f"{ADMIN_URL}{page.pk}/change/",
        admin_post_data(page, impulse_paper=upload, title="Getippter Titel"),
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert 'value="Getippter Titel"' in text
    page.refresh_from_db()
    assert not page.impulse_paper
    assert not list(media.rglob("*.*"))


def test_analysis_paper_upload_too_large_rejected(team_client, media, monkeypatch):
    monkeypatch.setattr("offers.models.analysis.MAX_PAPER_BYTES", 20)
    page = AnalysisPage.current()
    upload = SimpleUploadedFile("papier.pdf", PDF_BYTES)
    response = team_client.post(
        f"{ADMIN_URL}{page.pk}/change/", admin_post_data(page, impulse_paper=upload)
    )
    assert response.status_code == 200
    assert "höchstens 20\xa0Bytes sind möglich" in response.content.decode()


def test_analysis_paper_replaced_old_file_removed(media, django_capture_on_commit_callbacks):
    page = AnalysisPage.current()
    with django_capture_on_commit_callbacks(execute=True):
        page.impulse_paper = SimpleUploadedFile("eins.pdf", PDF_BYTES)
        page.save()
    first = media / page.impulse_paper.name
    assert first.exists()
    with django_capture_on_commit_callbacks(execute=True):
        page.impulse_paper = SimpleUploadedFile("zwei.pdf", PDF_BYTES + b"2")
        page.save()
    assert not first.exists()
    assert (media / page.impulse_paper.name).read_bytes() == PDF_BYTES + b"2"


def test_analysis_paper_file_gone_falls_back_to_generated_pdf(client, media):
    page = AnalysisPage.current()
    page.impulse_paper = SimpleUploadedFile("papier.pdf", PDF_BYTES)
    page.save()
    (media / page.impulse_paper.name).unlink()
    response = client.get("/analyse/impulspapier.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response.content != PDF_BYTES
    assert "Analyse als PDF herunterladen" in page_text(client)


def test_sitemap_lists_the_analysis_page(client, settings):
    settings.SITE_URL = "https://kommune360.example"
    body = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://kommune360.example/analyse/</loc>" in body


def test_analysis_paper_without_pango_points_to_the_page(client, media, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as on a server without Pango
    response = client.get("/analyse/impulspapier.pdf")
    assert response.status_code == 503
    assert '<a href="/analyse/">Druckansicht öffnen</a>' in response.content.decode()

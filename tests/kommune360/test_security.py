"""Privacy and security baseline: no cookies for browsing, strict headers, CSP-clean templates."""

import re
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

PUBLIC_PAGES = [
    ("/", 200),
    ("/angebote/", 200),
    ("/leerstellen/", 200),
    ("/impressum/", 200),
    ("/datenschutz/", 200),
    ("/barrierefreiheit/", 200),
    ("/leichte-sprache/", 200),
    ("/diese-seite-gibt-es-nicht/", 404),
]
PUBLIC_URLS = [url for url, _ in PUBLIC_PAGES]


# --- cookies and headers ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "status"), PUBLIC_PAGES)
def test_public_page_anonymous_get_sets_no_cookie(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert not response.cookies, f"{url} sets {list(response.cookies)}"
    assert not client.cookies


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_csp_header_is_strict(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    # Scripts and styles only from our own origin; never from elsewhere.
    for directive in ("script-src", "style-src"):
        assert directives.get(directive, ["'self'"]) == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_security_headers_are_set(client, url):
    response = client.get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {
        "same-origin",
        "strict-origin-when-cross-origin",
        "no-referrer",
    }
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_form_page_anonymous_get_sets_only_csrf_cookie(client):
    # The team's login form is a form page that always exists; public forms behave alike.
    response = client.get("/verwaltung/login/")
    assert response.status_code == 200
    assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}
    assert response.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"


# --- templates: nothing the CSP would block, nothing from other hosts ---------------------

TEMPLATE_COMMENT = re.compile(r"{%\s*comment\b.*?%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
SCRIPT_ELEMENT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
HTML_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b([^<>]*)>", re.S)
STYLE_ATTRIBUTE = re.compile(r"(?:^|[\s\"'}])style\s*=", re.I)
# on<event>= as an attribute; "==" is a template comparison, not an attribute.
HANDLER_ATTRIBUTE = re.compile(r"(?:^|[\s\"'}])on[a-z]+\s*=(?!=)", re.I)
ASSET_TAGS = {
    "link",
    "script",
    "img",
    "iframe",
    "source",
    "audio",
    "video",
    "track",
    "embed",
    "object",
}
EXTERNAL_URL_ATTRIBUTE = re.compile(
    r"(?:^|\s)(?:src|href|srcset|data|poster)\s*=\s*[\"']?\s*(?:https?:)?//", re.I
)


def csp_violations(source: str) -> list[str]:
    """What in a template's source a strict CSP would block or that loads from other hosts."""
    source = TEMPLATE_COMMENT.sub("", source)
    found = []
    for attrs, body in SCRIPT_ELEMENT.findall(source):
        if not re.search(r"\bsrc\s*=", attrs, re.I) or body.strip():
            found.append(f"inline script: <script{attrs}>{body.strip()[:60]}")
    if STYLE_ELEMENT.search(source):
        found.append("inline <style> element")
    for match in HTML_TAG.finditer(source):
        tag, attrs = match.group(1).lower(), match.group(2)
        if STYLE_ATTRIBUTE.search(attrs):
            found.append(f"style attribute: {match.group(0)[:80]}")
        if HANDLER_ATTRIBUTE.search(attrs):
            found.append(f"event handler attribute: {match.group(0)[:80]}")
        if tag in ASSET_TAGS and EXTERNAL_URL_ATTRIBUTE.search(attrs):
            found.append(f"asset from another host: {match.group(0)[:80]}")
    return found


def project_templates() -> list[Path]:
    folders = [BASE_DIR / "templates", *sorted(BASE_DIR.glob("*/templates"))]
    return sorted(
        path
        for folder in folders
        if folder.is_dir() and not folder.parent.name.startswith(".")
        for path in folder.rglob("*.html")
    )


TEMPLATES = project_templates()


def test_project_templates_are_found():
    names = {path.relative_to(BASE_DIR).as_posix() for path in TEMPLATES}
    assert {"templates/base.html", "templates/404.html", "templates/500.html"} <= names


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(BASE_DIR).as_posix())
def test_template_has_no_inline_code_or_foreign_assets(path):
    assert csp_violations(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<script type="module">import "./x.js";</script>',
        '<script src="/static/js/x.js">console.log(1)</script>',
        "<style>body { color: red; }</style>",
        '<p style="color: red">x</p>',
        "<div class='a' style='margin:0'>x</div>",
        '<button onclick="go()">Los</button>',
        "<body onload=init()>",
        '<a href="/" {% if x %}onmouseover="y()"{% endif %}>x</a>',
        '<script src="https://cdn.example.org/lib.js"></script>',
        '<link rel="stylesheet" href="https://fonts.example.com/css">',
        '<img src="//tracker.example.net/pixel.gif" alt="">',
        '<iframe src="http://video.example.com/embed/1"></iframe>',
    ],
)
def test_csp_violations_bad_snippet_is_found(snippet):
    assert csp_violations(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        "<script src=\"{% static 'js/site.js' %}\" defer></script>",
        '<link rel="stylesheet" href="{% static \'css/site.css\' %}">',
        '<a href="https://www.schlichtungsstelle-bgg.de/">extern</a>',
        '<p data-style="x" aria-label="Lesestil">Stil = Inhalt</p>',
        '<option {% if only == "1" %}selected{% endif %}>Eins</option>',
        "{# <script>alert(1)</script> #}",
        "{% comment %}<p style='x'>{% endcomment %}",
        "<p>Die Online-Sprechstunde: onboarding = gut</p>",
    ],
)
def test_csp_violations_clean_snippet_passes(snippet):
    assert csp_violations(snippet) == []


def test_stylesheets_load_nothing_from_other_hosts():
    for path in sorted((BASE_DIR / "static").rglob("*.css")):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*[\"']?\s*(?:https?:)?//", source, re.I), path
        assert "@import" not in source, path


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*PUBLIC_URLS, "/health/live"])
def test_public_page_permissions_policy_denies_powerful_features(client, url):
    policy = client.get(url).get("Permissions-Policy", "")
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in policy

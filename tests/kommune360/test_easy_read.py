"""The page in Leichte Sprache covers what BITV 2.0 § 4 asks for and reads as Leichte Sprache."""

import re

import pytest

from tests.a11y import assert_no_axe_violations

URL = "/leichte-sprache/"

# Leichte Sprache says what is, not what is not.
NEGATIONS = re.compile(
    r"\b(nicht|nichts|kein|keine|keinen|keinem|keiner|keines|nie|niemand)\b", re.I
)

# Each group stays on one line: a number with its noun, "Kommune 360°", every word and
# hyphenated compound (with the punctuation after it).
SPLIT_GROUPS = """() => {
  const split = [];
  const walker = document.createTreeWalker(document.querySelector('.easy-read'), NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const groups = /\\d+\\s+\\S+|Kommune 360°|\\S+/g;
    let match;
    while ((match = groups.exec(node.data))) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) split.push(match[0]);
    }
  }
  return split;
}"""


def main_text(client) -> str:
    html = client.get(URL).content.decode()
    main = re.search(r"<main\b.*?</main>", html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.mark.django_db
def test_easy_read_uses_no_negations(client):
    found = NEGATIONS.findall(main_text(client))
    assert not found, found


@pytest.mark.django_db
def test_easy_read_explains_navigation_and_search(client):
    html = client.get(URL).content.decode()
    assert 'id="zurecht-finden"' in html
    assert 'id="suchen"' in html
    text = main_text(client)
    assert "Zum Inhalt springen" in text
    assert "Such-Feld" in text


@pytest.mark.django_db
def test_easy_read_summarises_accessibility_statement_with_feedback_form(client):
    html = client.get(URL).content.decode()
    assert 'id="barriere-freiheit"' in html
    assert 'href="/barrierefreiheit/"' in html
    assert 'href="/mitdenken/?art=barriere"' in html
    assert "Schlichtungs-Stelle" in main_text(client)


@pytest.mark.django_db
def test_easy_read_has_sign_language_note(client):
    html = client.get(URL).content.decode()
    assert 'id="gebaerden-sprache"' in html
    assert "Deutscher Gebärden-Sprache" in main_text(client)


@pytest.mark.django_db
def test_easy_read_english_names_marked_as_english(client):
    html = client.get(URL).content.decode()
    assert '<strong lang="en">Lean Coffee.</strong>' in html
    assert '<strong lang="en">Working Out Loud Circle.</strong>' in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [320, 375])
def test_easy_read_at_narrow_width_no_group_split_over_lines(page, live_site, width):
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(live_site + URL)
    assert page.evaluate(SPLIT_GROUPS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_no_axe_violations(page, f"Leichte Sprache at {width} px")

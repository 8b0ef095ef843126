"""English phrases in German text carry lang="en" (WCAG 3.1.2)."""

import pytest
from django.template import Context, Template

from tests.formats.factories import ensure_seeded


def render(text):
    return Template("{% load language %}{{ text|lang_en }}").render(Context({"text": text}))


def test_lang_en_marks_format_names_in_german_sentence():
    html = render("Lean Coffee und Working Out Loud (WOL) im WOL-Circle")
    assert html == (
        '<span lang="en">Lean Coffee</span> und <span lang="en">Working Out Loud</span> (WOL) '
        'im <span lang="en">WOL-Circle</span>'
    )


def test_lang_en_leaves_german_compounds_alone():
    # "Lean-Coffee-Runde" is a German compound; a part of it is no phrase of its own.
    assert render("Die Lean-Coffee-Runde") == "Die Lean-Coffee-Runde"


def test_lang_en_escapes_html_in_data():
    assert render("<script>Lean Coffee</script>") == (
        '&lt;script&gt;<span lang="en">Lean Coffee</span>&lt;/script&gt;'
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "phrase"),
    [
        ("/", "Lean Coffee"),
        ("/", "Working-Out-Loud-Circles"),
        ("/formate/", "Lean Coffee"),
        ("/formate/", "Working Out Loud"),
        ("/datenschutz/", "Lean Coffee"),
        ("/leichte-sprache/", "Lean Coffee"),
    ],
)
def test_page_english_phrase_carries_lang_en(client, url, phrase):
    ensure_seeded()
    html = client.get(url).content.decode()
    assert f'lang="en">{phrase}' in html, f"{url}: {phrase}"

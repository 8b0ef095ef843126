"""No public page is wider than the screen (WCAG 1.4.10 Reflow) at 320, 375 and 1280 px.

Wide content (the coverage matrix) may scroll inside its own box, but the page itself
must never scroll sideways. Chromium through Playwright, on the demo content plus a
few pages with long words and URLs.
"""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from formats import board
from formats.models import FormatKind, Session
from offers.models import Gap, Offer
from tests.a11y import assert_no_axe_violations
from tests.feedback.factories import team_member
from tests.formats.factories import SessionFactory, kind, make_registration

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = (320, 375, 1280)
LEGAL_PAGES = ("/impressum/", "/datenschutz/", "/barrierefreiheit/", "/leichte-sprache/")

# The elements that stick out on the right, to say what is too wide.
TOO_WIDE = """(width) => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > width + 0.5)
  .filter((el) => !el.parentElement.closest('.table-scroll'))
  .slice(0, 3)
  .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}px`)"""


@pytest.fixture
def public_paths(live_site):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    session = SessionFactory(
        title="Sozialraumorientierte Jugendhilfeplanungsverfahren",
        room_url="https://konferenz.example.org/raum/" + "lean-coffee-kommunale-akteurinnen" * 2,
    )
    registration = make_registration(session, 1)
    lean_coffee = SessionFactory(kind=kind(FormatKind.LEAN_COFFEE), title="Lean-Coffee-Runde")
    board.propose_topic(lean_coffee, "Verwaltungsdigitalisierungsbeschleunigungsprogramme " * 2)
    # A second topic in the column: the facilitator's board then offers to merge them.
    board.propose_topic(lean_coffee, "Haushaltskonsolidierungsmaßnahmenbeschlüsse " * 3)
    participant = make_registration(lean_coffee, 1)
    offers = Offer.objects.visible().order_by("slug")
    sessions = Session.objects.filter(parent__isnull=True).order_by("start")
    return [
        "/",
        "/angebote/",
        *[offer.get_absolute_url() for offer in offers],
        "/leerstellen/",
        *[gap.get_absolute_url() for gap in Gap.objects.order_by("number")],
        "/analyse/",
        "/formate/",
        *[s.get_absolute_url() for s in sessions],
        f"/formate/abmelden/{registration.plain_token}/",
        f"/formate/termine/{session.slug}/danke/",
        f"/formate/termine/{lean_coffee.slug}/lean-coffee/{participant.plain_token}/",
        "/mitdenken/",
        "/mitdenken/danke/?art=barriere",
        "/angebote/einreichen/danke/",
        "/abo/neu/gesendet/",
        "/diese-seite-gibt-es-nicht/",
        "/angebote/einreichen/",
        "/angebote/meine/",
        "/angebote/meine/gesendet/",
        "/abo/neu/?zielgruppe=fuehrungskraefte&q=Beteiligung",
        "/api/",
        *LEGAL_PAGES,
    ]


def test_public_pages_no_wider_than_viewport(page, live_site, public_paths):
    assert len(public_paths) > 20
    too_wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for path in public_paths:
            page.goto(live_site + path)
            document_width = page.evaluate("document.documentElement.scrollWidth")
            if document_width > width:
                culprits = page.evaluate(TOO_WIDE, width)
                too_wide.append(f"{width} px: {path} is {document_width} px wide {culprits}")
    assert not too_wide, "\n".join(too_wide)


def log_in_as_team(page, live_site):
    """Give the browser a logged-in team member's session cookie (no second factor in tests)."""
    client = Client()
    client.force_login(team_member())
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_site, "httpOnly": True}]
    )


def test_facilitator_board_no_wider_than_viewport(page, live_site, public_paths):
    # The merge select ("Doppelt? Zusammenführen mit") holds long topic titles; it
    # must not stretch the board's column beyond the screen.
    log_in_as_team(page, live_site)
    lean_coffee = Session.objects.get(title="Lean-Coffee-Runde")
    path = f"/formate/termine/{lean_coffee.slug}/lean-coffee/"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(live_site + path)
        assert page.get_by_label("Doppelt? Zusammenführen mit").count() == 2
        document_width = page.evaluate("document.documentElement.scrollWidth")
        assert document_width <= width, (
            f"{width} px: {path} is {document_width} px wide {page.evaluate(TOO_WIDE, width)}"
        )
    assert_no_axe_violations(page, "facilitator board at 1280 px")


def test_gap_overview_table_fits_at_desktop_width(page, live_site, public_paths):
    # At 1280 px no column of the coverage matrix (nor of the needs table beside it,
    # which the demo's reported needs fill) hides behind the inner scroll.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_site + "/leerstellen/")
    boxes = page.locator(".table-scroll")
    assert boxes.count() == 2
    for box in boxes.all():
        assert box.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert_no_axe_violations(page, "Leerstellen at 1280 px")


def test_gap_detail_count_columns_visible_on_phones(page, live_site, public_paths):
    # Offers and reported needs per audience fit a 320 px screen without an inner scroll.
    page.set_viewport_size({"width": 320, "height": 700})
    for gap in Gap.objects.order_by("number"):
        page.goto(live_site + gap.get_absolute_url())
        for name in ("Angebote", "Bedarfe"):
            header = page.get_by_role("columnheader", name=name, exact=True)
            assert header.evaluate("el => el.getBoundingClientRect().right") <= 320, name
        region = page.get_by_role("region", name=re.compile("Wo gibt es Angebote"))
        assert region.evaluate("el => el.scrollWidth <= el.clientWidth"), gap.slug
    assert_no_axe_violations(page, "gap page at 320 px")


def test_gap_overview_scrolls_inside_its_box_on_phones(page, live_site, public_paths):
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(live_site + "/leerstellen/")
    region = page.get_by_role("region", name=re.compile("Abdeckung"))
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # scrolls inside
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_axe_violations(page, "Leerstellen at 375 px")

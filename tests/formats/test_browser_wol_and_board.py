"""In Chromium, with axe-core on every public page: a WOL circle formed from time
windows, an own circle another person joins, and a Lean Coffee board that updates
itself without a reload."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.cache import cache
from icalendar import Calendar
from playwright.sync_api import expect

from formats import board, services
from formats.models import Circle, FormatKind, Registration
from tests.a11y import assert_no_axe_violations

from .factories import SessionFactory, ensure_seeded, kind, make_registration, person

pytestmark = pytest.mark.browser

TUE_NOON = "1-12:00"


@pytest.fixture(autouse=True)
def _prepared(settings, live_site):
    settings.FORM_MIN_FILL_SECONDS = 0
    settings.SITE_URL = live_site
    ensure_seeded()
    cache.clear()


@pytest.fixture
def team_login():
    user = User.objects.create_user("moderatorin", password="geheim-genug-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Initiativteam"))
    return "moderatorin", "geheim-genug-123"


def wol_start():
    return SessionFactory(
        kind=kind(FormatKind.WOL_CIRCLE), title="Kreisstart Frühjahr", capacity=20
    )


def fill_person(page, name, email):
    page.get_by_label("Ihr Name").fill(name)
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Organisation / Dienststelle").fill("Jugendamt")
    page.get_by_label("Kommune", exact=True).fill("Stadt Musterstadt")
    page.get_by_label("Sie gehören zu").select_option(label="Planungskräfte")
    page.get_by_label("Ihr Ziel für die zwölf Wochen").fill("Beteiligung in der Jugendhilfeplanung")


def test_browser_wol_circle_formed_from_time_windows(page, live_site, team_login):
    start = wol_start()
    # Two people already named Tuesday noon among their windows, a third only Friday.
    services.register(start, person(1, time_windows=[TUE_NOON, "3-14:00"], municipality="Kreis A"))
    services.register(
        start,
        person(
            2, role="netzwerkkoordinator-innen", time_windows=[TUE_NOON], municipality="Stadt B"
        ),
    )
    services.register(start, person(3, time_windows=["4-08:00"]))

    page.goto(f"{live_site}{start.get_absolute_url()}")
    assert_no_axe_violations(page, "Seite eines WOL-Kreisstarts")
    # Sent without goal and windows: the summary links to both.
    page.get_by_role("button", name="Verbindlich anmelden").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("Ziel"))).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("Zeit"))).to_be_visible()
    assert_no_axe_violations(page, "WOL-Anmeldung mit Fehlern")

    fill_person(page, "Anna Beispiel", "anna@example.org")
    tuesday = page.get_by_role("group", name="Dienstag")
    tuesday.get_by_role("checkbox", name=re.compile("^12:00")).check()
    page.get_by_label("Ich übernehme gern die Moderation meines Kreises").check()
    page.get_by_label(re.compile("Datenschutzhinweise")).check()
    page.get_by_role("button", name="Verbindlich anmelden").click()
    page.get_by_role("heading", name="Danke für Ihre Anmeldung").wait_for()
    expect(page.get_by_text("Sobald Ihr Kreis steht")).to_be_visible()
    assert_no_axe_violations(page, "Danke-Seite nach WOL-Anmeldung")
    anna = Registration.objects.get(email="anna@example.org")
    assert anna.time_windows == [TUE_NOON] and anna.wants_to_facilitate

    # The team forms the circles in the admin.
    username, password = team_login
    page.goto(f"{live_site}/verwaltung/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{live_site}/verwaltung/formats/session/")
    page.get_by_role("row").filter(has_text="Kreisstart Frühjahr").get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("form_circles")
    page.get_by_role("button", name="Ausführen").click()
    expect(page.get_by_text("1 Kreis(e) gebildet")).to_be_visible()
    expect(page.get_by_text("1 Person(en) teilen kein Zeitfenster")).to_be_visible()

    circle = Circle.objects.get()
    assert circle.meeting_label.startswith("dienstags, 12:00")
    assert {m.email for m in circle.members.all()} == {
        "anna@example.org",
        "person1@example.org",
        "person2@example.org",
    }
    assert circle.facilitator == anna

    page.goto(f"{live_site}/verwaltung/formats/circle/")
    page.get_by_role("row").filter(has_text="Kreis 1").get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("send_dates")
    page.get_by_role("button", name="Ausführen").click()
    expect(page.get_by_text("3 E-Mail(s) mit den Terminen verschickt.")).to_be_visible()
    (dates,) = [
        m for m in mail.outbox if m.to == ["anna@example.org"] and "alle Termine" in m.subject
    ]
    assert "Sie moderieren den Kreis" in dates.body
    (event,) = Calendar.from_ical(dates.attachments[0][1]).walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["COUNT"] == [12]
    assert event.decoded("DTSTART").weekday() == 1 and event.decoded("DTSTART").hour == 12

    # The guide the e-mail links to.
    guide = re.search(r"https?://\S+/formate/wol-leitfaden/", dates.body).group(0)
    page.goto(guide)
    assert_no_axe_violations(page, "WOL-Leitfaden")
    page.get_by_role("link", name=re.compile("^Woche 1:")).click()
    expect(page.get_by_text("Woche 1 von 12")).to_be_visible()
    assert_no_axe_violations(page, "WOL-Leitfaden, Woche 1")


def test_browser_person_starts_a_circle_and_another_joins(page, live_site):
    start = wol_start()
    page.goto(f"{live_site}{start.get_absolute_url()}")
    fill_person(page, "Berta Start", "berta@example.org")
    page.get_by_label("Selbst einen Kreis starten").check()
    page.get_by_label("Wochentag Ihres Kreises").select_option(label="Donnerstag")
    page.get_by_label("Uhrzeit (Beginn)").fill("17:30")
    page.get_by_label(re.compile("Worum soll es in Ihrem Kreis gehen")).fill(
        "Daten teilen im Sozialraum"
    )
    page.get_by_label(re.compile("Datenschutzhinweise")).check()
    page.get_by_role("button", name="Verbindlich anmelden").click()
    page.get_by_role("heading", name="Danke für Ihre Anmeldung").wait_for()
    expect(page.get_by_text("nach einer kurzen Prüfung")).to_be_visible()

    # Listed once the team has checked its theme.
    page.goto(f"{live_site}{start.get_absolute_url()}")
    expect(page.get_by_text("Daten teilen im Sozialraum")).to_have_count(0)
    from formats import circles

    circles.release_circle(Circle.objects.get(session=start))
    page.goto(f"{live_site}{start.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Offene Kreise zum Mitmachen")).to_be_visible()
    expect(page.get_by_text("Daten teilen im Sozialraum").first).to_be_visible()
    assert "Berta Start" not in page.content()
    assert_no_axe_violations(page, "WOL-Kreisstart mit offenem Kreis")
    fill_person(page, "Carl Mit", "carl@example.org")
    page.get_by_label(re.compile("Beitreten: Kreis 1")).check()
    page.get_by_label(re.compile("Datenschutzhinweise")).check()
    page.get_by_role("button", name="Verbindlich anmelden").click()
    page.get_by_role("heading", name="Danke für Ihre Anmeldung").wait_for()
    circle = Circle.objects.get()
    assert {m.name for m in circle.members.all()} == {"Berta Start", "Carl Mit"}
    (carl_mail,) = [m for m in mail.outbox if m.to == ["carl@example.org"]]
    assert "donnerstags, 17:30" in carl_mail.body


def test_browser_lean_coffee_board_updates_without_reload(browser, live_site):
    round_ = SessionFactory(
        title="Lean Coffee live", kind=kind(FormatKind.LEAN_COFFEE), capacity=10
    )
    first, second = make_registration(round_, 1), make_registration(round_, 2)
    pages = []
    for registration in (first, second):
        context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
        page = context.new_page()
        page.goto(
            f"{live_site}/formate/termine/{round_.slug}/lean-coffee/{registration.plain_token}/"
        )
        pages.append(page)
    watcher, proposer = pages
    expect(watcher.get_by_label("Board laufend aktualisieren")).to_be_checked()
    watcher.evaluate("window.__sameDocument = true")

    proposer.get_by_label("Ihr Thema").fill("Wie teilen wir Daten zwischen Ämtern?")
    proposer.get_by_role("button", name="Thema vorschlagen").click()
    topic = watcher.get_by_role("heading", name="Wie teilen wir Daten zwischen Ämtern?")
    expect(topic).to_be_visible(timeout=15000)
    assert watcher.evaluate("window.__sameDocument") is True  # no reload happened

    # Dots and the topic under discussion with its timebox arrive the same way.
    board.toggle_vote(round_.board_topics.get(), second)
    expect(watcher.get_by_text("1 Punkt", exact=True)).to_be_visible(timeout=15000)
    board.start_topic(round_.board_topics.get(), minutes=8)
    now = watcher.locator(".board__column--now")
    expect(now.get_by_text("Zeitfenster: 8 Minuten")).to_be_visible(timeout=15000)
    expect(now.get_by_text(re.compile(r"noch \d+:\d\d Minuten"))).to_be_visible()
    expect(watcher.locator("[data-board-announce]")).to_have_text(
        "Jetzt im Gespräch: Wie teilen wir Daten zwischen Ämtern?"
    )
    assert watcher.evaluate("window.__sameDocument") is True
    assert_no_axe_violations(watcher, "Lean-Coffee-Board nach Live-Aktualisierung")
    for page in pages:
        page.context.close()


def test_browser_new_format_pages_fit_320_px(page, live_site):
    from datetime import time, timedelta

    from django.utils import timezone

    from formats import circles

    start = wol_start()
    starter = make_registration(start, 1)
    circle = circles.start_circle(
        starter,
        weekday=3,
        start_time=time(17, 30),
        theme="Sozialraumorientierte Jugendhilfeplanung",
    )
    circles.release_circle(circle)
    talk = SessionFactory(
        start=timezone.now() - timedelta(hours=3),
        end=timezone.now() - timedelta(hours=2),
        recording_url="https://video.example.org/" + "aufzeichnung" * 8,
    )
    listener = make_registration(talk, 2)
    round_ = SessionFactory(kind=kind(FormatKind.LEAN_COFFEE), capacity=10)
    participant = make_registration(round_, 3)
    topic = board.propose_topic(
        round_, "Datenaustausch zwischen Jugendhilfeplanung und Sozialplanung"
    )
    board.add_action(
        round_, "Musterkooperationsvereinbarung teilen", owner="Jugendamt", topic=topic
    )
    paths = [
        start.get_absolute_url(),
        "/formate/wol-leitfaden/",
        "/formate/wol-leitfaden/woche-7/",
        talk.get_absolute_url(),
        f"/formate/rueckmeldung/{listener.plain_token}/",
        f"/formate/termine/{round_.slug}/lean-coffee/{participant.plain_token}/",
    ]
    too_wide = []
    for width in (320, 375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for path in paths:
            page.goto(live_site + path)
            document_width = page.evaluate("document.documentElement.scrollWidth")
            if document_width > width:
                too_wide.append(f"{width} px: {path} is {document_width} px wide")
    assert not too_wide, "\n".join(too_wide)
    page.goto(f"{live_site}/formate/rueckmeldung/{listener.plain_token}/")
    assert_no_axe_violations(page, "Rückmeldung nach einem Kurzimpuls")
    page.get_by_role("button", name="Rückmeldung senden").click()
    expect(page.get_by_role("alert")).to_be_focused()
    assert_no_axe_violations(page, "Rückmeldung mit Fehler")
    page.get_by_label("4 – ziemlich").check()
    page.get_by_role("button", name="Rückmeldung senden").click()
    expect(page.get_by_text("Danke für Ihre Rückmeldung!")).to_be_visible()


def test_browser_lean_coffee_topic_for_an_unplanned_next_round(page, live_site):
    # Without JavaScript's help: a plain form post; the topic waits with the series and
    # is listed under „Vorschläge für die nächste Runde“; axe finds nothing on the way.
    from datetime import timedelta

    from django.utils import timezone

    from .factories import SeriesFactory

    series = SeriesFactory(kind=kind(FormatKind.LEAN_COFFEE))
    start = timezone.now() - timedelta(days=7)
    past = SessionFactory(
        kind=kind(FormatKind.LEAN_COFFEE),
        series=series,
        title="Lean-Coffee-Runde: vorbei",
        start=start,
        end=start + timedelta(hours=1),
    )
    person_ = make_registration(past, 1)
    page.goto(f"{live_site}/formate/termine/{past.slug}/lean-coffee/{person_.plain_token}/")
    assert_no_axe_violations(page, "board of a past round")
    section = page.get_by_role("region", name="Thema für die nächste Runde")
    section.get_by_label("Thema").fill("Daten zwischen Ämtern teilen")
    section.get_by_role("button", name="Für die nächste Runde vorschlagen").click()
    expect(page.get_by_text("Ihr Thema ist für die nächste Runde vorgemerkt.")).to_be_visible()
    waiting = page.locator(".pending-topics")
    expect(waiting.get_by_text("Daten zwischen Ämtern teilen")).to_be_visible()
    assert_no_axe_violations(page, "board with a proposal for the next round")
    assert list(board.pending_topics(series).values_list("title", flat=True)) == [
        "Daten zwischen Ämtern teilen"
    ]

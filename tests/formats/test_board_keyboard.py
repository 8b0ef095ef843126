"""The Lean Coffee board by keyboard and screen reader: focus stays at the topic after
proposing or voting, confirmations and "Die Zeit ist um" are announced, every time field
says which topic it belongs to."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from formats import board
from formats.models import BoardTopic, FormatKind, Timebox
from tests.a11y import assert_no_axe_violations

from .factories import SessionFactory, ensure_seeded, kind, make_registration

# Records what is put into a status region after the page has loaded: that is what a
# screen reader announces (content present at load is not announced).
RECORD_ANNOUNCEMENTS = """
window.__announced = [];
document.addEventListener('DOMContentLoaded', () => {
  new MutationObserver((records) => {
    for (const record of records) {
      const region = record.target.closest ? record.target.closest('[role=status], [aria-live]')
                                           : record.target.parentElement.closest('[role=status], [aria-live]');
      if (region && region.textContent.trim()) window.__announced.push(region.textContent.trim());
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
});
"""


@pytest.fixture
def round_():
    ensure_seeded()
    cache.clear()
    return SessionFactory(kind=kind(FormatKind.LEAN_COFFEE), capacity=10, title="Runde")


def board_url(session, registration):
    return reverse("formats:board", args=[session.slug, registration.plain_token])


@pytest.mark.django_db
def test_participant_board_propose_and_vote_redirect_to_topic(client, round_):
    url = board_url(round_, make_registration(round_, 1))
    response = client.post(url, {"action": "propose", "title": "Daten teilen"})
    topic = BoardTopic.objects.get()
    assert response["Location"] == f"{url}#thema-{topic.pk}"
    response = client.post(url, {"action": "vote", "topic": topic.pk})
    assert response["Location"] == f"{url}#thema-{topic.pk}"
    page = client.get(url).content.decode()
    assert f'id="thema-{topic.pk}" tabindex="-1"' in page


@pytest.fixture
def facilitator(client):
    user = User.objects.create_user("moderation", "m@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Initiativteam"))
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_facilitator_board_time_fields_each_name_their_topic(facilitator, round_):
    for title in ("Daten teilen", "Netzwerke pflegen"):
        board.propose_topic(round_, title)
    page = facilitator.get(reverse("formats:board_facilitator", args=[round_.slug]))
    labels = re.findall(r'<label for="minutes-\d+">(.*?)</label>', page.content.decode())
    names = [re.sub(r"<[^>]+>", "", label) for label in labels]
    assert sorted(names) == ["Minuten für „Daten teilen“", "Minuten für „Netzwerke pflegen“"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_board_after_propose_and_vote_focus_on_topic_and_confirmation_announced(
    page, live_site, round_
):
    board.propose_topic(round_, "Ein früheres Thema")
    person = make_registration(round_, 1)
    page.add_init_script(RECORD_ANNOUNCEMENTS)
    page.goto(live_site + board_url(round_, person))
    page.get_by_label("Ihr Thema").fill("Wie teilen wir Daten zwischen Ämtern?")
    page.get_by_role("button", name="Thema vorschlagen").click()
    topic = BoardTopic.objects.get(title__startswith="Wie teilen")
    card = page.locator(f"#thema-{topic.pk}")
    expect(card).to_be_focused()
    page.wait_for_function("() => window.__announced.length > 0")
    assert "Ihr Thema steht jetzt auf dem Board." in page.evaluate("window.__announced")

    page.keyboard.press("Tab")
    vote = page.get_by_role("button", name=re.compile(r"^Punkt geben\s?: Wie teilen"))
    expect(vote).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#thema-{topic.pk}")).to_be_focused()
    page.wait_for_function(
        "() => window.__announced.some((text) => text.includes('Punkt gesetzt.'))"
    )
    page.keyboard.press("Tab")
    expect(
        page.get_by_role("button", name=re.compile(r"^Punkt zurücknehmen\s?: Wie teilen"))
    ).to_be_focused()
    assert_no_axe_violations(page, "board after voting")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_board_timebox_over_is_announced(page, live_site, round_):
    topic = board.propose_topic(round_, "Daten teilen")
    board.start_topic(topic, minutes=1)
    Timebox.objects.filter(topic=topic).update(started_at=timezone.now() - timedelta(minutes=2))
    person = make_registration(round_, 1)
    page.add_init_script(RECORD_ANNOUNCEMENTS)
    page.goto(live_site + board_url(round_, person))
    page.wait_for_function(
        "() => window.__announced.some((text) => text.includes('Die Zeit ist um'))",
        timeout=3000,
    )

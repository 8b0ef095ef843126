from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from formats import board
from formats.models import BoardTopic, FormatKind, RegistrationStatus, TimeboxDecision, TopicColumn

from .factories import SessionFactory, kind, make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def round_():
    return SessionFactory(kind=kind(FormatKind.LEAN_COFFEE), capacity=10, title="Runde")


@pytest.fixture
def facilitator(client):
    user = User.objects.create_user("moderation", "m@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Initiativteam"))
    client.force_login(user)
    return client


def board_url(session, registration):
    return reverse("formats:board", args=[session.slug, registration.plain_token])


# Services


def test_toggle_vote_three_dots_then_refused(round_):
    person = make_registration(round_, 1)
    topics = [board.propose_topic(round_, f"Thema {n}") for n in range(4)]
    for topic in topics[:3]:
        assert board.toggle_vote(topic, person) is True
    with pytest.raises(board.BoardError, match="drei Punkte"):
        board.toggle_vote(topics[3], person)
    assert board.toggle_vote(topics[0], person) is False
    assert board.toggle_vote(topics[3], person) is True


def test_propose_topic_after_round_refused(round_):
    person = make_registration(round_, 1)
    round_.start = timezone.now() - timedelta(hours=2)
    round_.end = timezone.now() - timedelta(hours=1)
    round_.save()
    with pytest.raises(board.BoardError, match="vorbei"):
        board.propose_topic(round_, "Zu spät", person)


def test_propose_topic_limit_per_person(round_):
    person = make_registration(round_, 1)
    for n in range(board.TOPICS_PER_PERSON):
        board.propose_topic(round_, f"Thema {n}", person)
    with pytest.raises(board.BoardError):
        board.propose_topic(round_, "Eins zu viel", person)


def test_timeboxes_eight_then_four_then_two(round_):
    topic = board.propose_topic(round_, "Thema")
    first = board.start_topic(topic)
    second = board.record_vote(topic, TimeboxDecision.CONTINUE, thumbs_up=5, thumbs_down=1)
    third = board.record_vote(topic, TimeboxDecision.CONTINUE)
    fourth = board.record_vote(topic, TimeboxDecision.CONTINUE)
    assert [first.minutes, second.minutes, third.minutes, fourth.minutes] == [8, 4, 2, 2]
    assert board.record_vote(topic, TimeboxDecision.MOVE_ON, thumbs_up=1, thumbs_down=6) is None
    topic.refresh_from_db()
    assert topic.column == TopicColumn.DONE
    recorded = list(topic.timeboxes.order_by("started_at", "pk"))
    assert (recorded[0].thumbs_up, recorded[0].thumbs_down, recorded[0].decision) == (
        5,
        1,
        "weiter",
    )
    assert all(box.ended_at for box in recorded)


def test_start_topic_moves_running_one_to_done(round_):
    first = board.propose_topic(round_, "Erstes")
    second = board.propose_topic(round_, "Zweites")
    board.start_topic(first)
    board.start_topic(second)
    first.refresh_from_db()
    assert first.column == TopicColumn.DONE
    assert not first.timeboxes.filter(ended_at__isnull=True).exists()


def test_board_for_orders_open_topics_by_dots(round_):
    people = [make_registration(round_, n) for n in range(3)]
    low = board.propose_topic(round_, "Wenig")
    high = board.propose_topic(round_, "Viel")
    for person in people:
        board.toggle_vote(high, person)
    board.toggle_vote(low, people[0])
    view = board.board_for(round_, people[0])
    assert [t.title for t in view.to_discuss] == ["Viel", "Wenig"]
    assert view.votes_left == 1
    assert view.my_votes == {low.pk, high.pk}


def test_board_markdown_has_topics_votes_notes_and_escapes(round_):
    person = make_registration(round_, 1)
    topic = board.propose_topic(round_, "[Klick](https://evil.example) *fett*")
    board.toggle_vote(topic, person)
    board.start_topic(topic)
    board.record_vote(topic, TimeboxDecision.MOVE_ON, thumbs_up=2, thumbs_down=4)
    board.save_notes(topic, "- Erste Erkenntnis\n# keine Überschrift")
    board.propose_topic(round_, "Offen geblieben")
    markdown = board.board_markdown(round_)
    assert markdown.startswith("# Lean Coffee: Runde")  # the title does not name the format
    assert "## Besprochen" in markdown and "## Zu besprechen" in markdown
    assert "\\[Klick\\]" in markdown and "\\*fett\\*" in markdown
    assert "(1 Punkt)" in markdown
    assert "8 Minuten, Daumen: 2 hoch / 4 runter → nächstes Thema" in markdown
    assert "> \\- Erste Erkenntnis" in markdown
    assert "> \\# keine Überschrift" in markdown
    assert "Offen geblieben" in markdown


# Views


def test_participant_board_shows_columns_and_votes_left(client, round_):
    person = make_registration(round_, 1)
    board.propose_topic(round_, "Ein Thema")
    response = client.get(board_url(round_, person))
    content = response.content.decode()
    assert response.status_code == 200
    for column in ("Zu besprechen", "Im Gespräch", "Besprochen"):
        assert column in content
    assert "noch 3 von 3 Punkten" in content
    assert "Ein Thema" in content
    assert "Ins Gespräch nehmen" not in content
    assert response["X-Robots-Tag"].startswith("noindex")


def test_participant_board_propose_and_vote_without_js(client, round_):
    person = make_registration(round_, 1)
    url = board_url(round_, person)
    response = client.post(
        url, {"action": "propose", "title": "<script>alert(1)</script>"}, follow=True
    )
    content = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)</script>" not in content
    topic = BoardTopic.objects.get()
    assert topic.proposed_by == person
    response = client.post(url, {"action": "vote", "topic": topic.pk}, follow=True)
    assert "Punkt gesetzt" in response.content.decode()
    assert topic.votes.count() == 1


def test_participant_board_empty_topic_keeps_form_error(client, round_):
    person = make_registration(round_, 1)
    response = client.post(board_url(round_, person), {"action": "propose", "title": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html
    assert "<title>Fehler: " in html
    assert not BoardTopic.objects.exists()


def test_participant_board_heading_names_the_format_once(client):
    session = SessionFactory(
        kind=kind(FormatKind.LEAN_COFFEE), title="Lean-Coffee-Runde: Daten teilen"
    )
    html = client.get(board_url(session, make_registration(session, 1))).content.decode()
    assert "<h1>Lean-Coffee-Runde: Daten teilen</h1>" in html
    assert "Lean Coffee: Lean-Coffee-Runde" not in html


@pytest.mark.parametrize("topic", ["abc", "", "999999", "1 OR 1=1"])
def test_participant_board_bad_topic_id_404(client, round_, topic):
    person = make_registration(round_, 1)
    response = client.post(board_url(round_, person), {"action": "vote", "topic": topic})
    assert response.status_code == 404


def test_participant_board_topic_of_other_session_404(client, round_):
    person = make_registration(round_, 1)
    other = SessionFactory(kind=round_.kind)
    foreign = board.propose_topic(other, "Fremd")
    response = client.post(board_url(round_, person), {"action": "vote", "topic": foreign.pk})
    assert response.status_code == 404


def test_participant_board_waiting_person_refused(client, round_):
    person = make_registration(round_, 1, status=RegistrationStatus.WAITING)
    response = client.get(board_url(round_, person))
    assert response.status_code == 403
    assert "Warteliste" in response.content.decode()


def test_participant_board_token_of_other_session_404(client, round_):
    other = SessionFactory(kind=round_.kind)
    person = make_registration(other, 1)
    assert client.get(board_url(round_, person)).status_code == 404


def test_participant_board_wrong_token_404(client, round_):
    assert client.get(f"/formate/termine/{round_.slug}/lean-coffee/{'0' * 64}/").status_code == 404


def test_board_for_short_talk_404(client):
    talk = SessionFactory()
    person = make_registration(talk, 1)
    assert client.get(board_url(talk, person)).status_code == 404


def test_facilitator_board_anonymous_redirects_to_login(client, round_):
    response = client.get(reverse("formats:board_facilitator", args=[round_.slug]))
    assert response.status_code == 302
    assert "/verwaltung/login/" in response["Location"]


def test_facilitator_board_staff_without_permission_forbidden(client, round_):
    user = User.objects.create_user("staff", "s@example.org", "pw", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("formats:board_facilitator", args=[round_.slug])).status_code == 403


def test_facilitator_runs_a_topic_through_the_board(facilitator, round_):
    url = reverse("formats:board_facilitator", args=[round_.slug])
    topic = board.propose_topic(round_, "Thema")
    assert "Ins Gespräch nehmen" in facilitator.get(url).content.decode()
    facilitator.post(url, {"action": "start", "topic": topic.pk, "minutes": "8"})
    topic.refresh_from_db()
    assert topic.column == TopicColumn.DISCUSSING
    response = facilitator.get(url)
    assert "Zeitfenster: 8 Minuten" in response.content.decode()
    facilitator.post(
        url,
        {
            "action": "thumbs",
            "topic": topic.pk,
            "decision": "weiter",
            "thumbs_up": "4",
            "thumbs_down": "1",
        },
    )
    assert board.current_timebox(topic).minutes == 4
    facilitator.post(url, {"action": "notes", "topic": topic.pk, "notes": "Wichtige Erkenntnis"})
    facilitator.post(
        url,
        {
            "action": "thumbs",
            "topic": topic.pk,
            "decision": "naechstes",
            "thumbs_up": "",
            "thumbs_down": "abc",
        },
    )
    topic.refresh_from_db()
    assert topic.column == TopicColumn.DISCUSSING  # invalid number: nothing recorded
    facilitator.post(url, {"action": "thumbs", "topic": topic.pk, "decision": "naechstes"})
    topic.refresh_from_db()
    assert topic.column == TopicColumn.DONE
    assert topic.notes == "Wichtige Erkenntnis"
    markdown = facilitator.get(reverse("formats:board_markdown_facilitator", args=[round_.slug]))
    assert markdown["Content-Type"].startswith("text/markdown")
    assert "Wichtige Erkenntnis" in markdown.content.decode()


def test_session_admin_links_to_facilitator_board(admin_client, round_):
    response = admin_client.get(reverse("admin:formats_session_change", args=[round_.pk]))
    assert reverse("formats:board_facilitator", args=[round_.slug]) in response.content.decode()


def test_facilitator_remove_and_unknown_action(facilitator, round_):
    url = reverse("formats:board_facilitator", args=[round_.slug])
    topic = board.propose_topic(round_, "Doppelt")
    assert facilitator.post(url, {"action": "explode", "topic": topic.pk}).status_code == 404
    facilitator.post(url, {"action": "remove", "topic": topic.pk})
    assert not BoardTopic.objects.exists()


def test_participant_markdown_export(client, round_):
    person = make_registration(round_, 1)
    board.propose_topic(round_, "Protokollthema")
    response = client.get(reverse("formats:board_markdown", args=[round_.slug, person.plain_token]))
    assert response.status_code == 200
    assert "Protokollthema" in response.content.decode()
    assert "attachment" in response["Content-Disposition"]


def test_participant_board_after_round_is_read_only(client, round_):
    person = make_registration(round_, 1)
    board.propose_topic(round_, "Altes Thema")
    round_.start = timezone.now() - timedelta(hours=2)
    round_.end = timezone.now() - timedelta(hours=1)
    round_.save()
    content = client.get(board_url(round_, person)).content.decode()
    assert "Die Runde ist vorbei" in content
    assert "Thema vorschlagen" not in content
    assert "Punkt geben" not in content

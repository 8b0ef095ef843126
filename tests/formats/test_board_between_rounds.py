"""Lean Coffee between rounds: topics for the next round, merged duplicates, agreed actions,
and the live state every open board polls."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from formats import board
from formats.models import BoardAction, BoardTopic, FormatKind, SessionStatus, TopicColumn

from .factories import SeriesFactory, SessionFactory, kind, make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def series():
    return SeriesFactory(kind=kind(FormatKind.LEAN_COFFEE))


def lean_round(series=None, days=7, **kwargs):
    start = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    return SessionFactory(
        kind=kind(FormatKind.LEAN_COFFEE),
        series=series,
        start=start,
        end=start + timedelta(hours=1),
        capacity=10,
        **kwargs,
    )


@pytest.fixture
def facilitator(client):
    user = User.objects.create_user("moderation", "m@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Initiativteam"))
    client.force_login(user)
    return client


def board_url(session, registration, name="formats:board"):
    return reverse(name, args=[session.slug, registration.plain_token])


# The next round


def test_next_round_is_the_next_planned_round_of_the_series(series):
    past = lean_round(series, days=-7)
    later = lean_round(series, days=21)
    soon = lean_round(series, days=7)
    lean_round(series, days=14, status=SessionStatus.CANCELLED)
    lean_round(None, days=3)  # another series (none): not the next of this one
    assert board.next_round(past) == soon
    assert board.next_round(soon) == later
    assert board.next_round(later) is None


def test_next_round_without_series_stays_with_rounds_without_series(series):
    first = lean_round(None, days=-7)
    lean_round(series, days=3)
    alone = lean_round(None, days=10)
    assert board.next_round(first) == alone


def test_participant_of_past_round_proposes_topic_for_next_round(client, series):
    past = lean_round(series, days=-7)
    upcoming = lean_round(series, days=7)
    person = make_registration(past, 1)
    html = client.get(board_url(past, person)).content.decode()
    assert "Thema für die nächste Runde" in html
    response = client.post(
        board_url(past, person),
        {"action": "propose_next", "next-title": "  Daten zwischen Ämtern  "},
        follow=True,
    )
    assert "nächsten Runde am" in response.content.decode()
    topic = BoardTopic.objects.get()
    assert topic.session == upcoming
    assert topic.title == "Daten zwischen Ämtern"
    assert topic.proposed_by == person


def test_propose_next_without_a_next_round_and_without_series_says_so(client):
    past = lean_round(None, days=-7)
    person = make_registration(past, 1)
    html = client.get(board_url(past, person)).content.decode()
    assert "Thema für die nächste Runde" not in html
    response = client.post(
        board_url(past, person), {"action": "propose_next", "next-title": "X"}, follow=True
    )
    assert "noch keinen Termin" in response.content.decode()
    assert not BoardTopic.objects.exists()


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_propose_next_bad_title_refused(client, series, title):
    past = lean_round(series, days=-7)
    lean_round(series, days=7)
    person = make_registration(past, 1)
    response = client.post(
        board_url(past, person), {"action": "propose_next", "next-title": title}, follow=True
    )
    assert "höchstens 200 Zeichen" in response.content.decode()
    assert not BoardTopic.objects.exists()


def test_propose_next_counts_towards_the_limit_of_the_next_round(series):
    past = lean_round(series, days=-7)
    upcoming = lean_round(series, days=7)
    person = make_registration(past, 1)
    for n in range(board.TOPICS_PER_PERSON):
        board.propose_topic(upcoming, f"Thema {n}", person)
    with pytest.raises(board.BoardError, match="schon 5 Themen"):
        board.propose_topic(upcoming, "Eins zu viel", person)


# Merging duplicates


def test_merge_moves_dots_once_per_person_and_keeps_the_title():
    session = lean_round()
    people = [make_registration(session, n) for n in range(3)]
    keep = board.propose_topic(session, "Daten teilen")
    duplicate = board.propose_topic(session, "Datenaustausch zwischen Ämtern")
    board.toggle_vote(keep, people[0])
    board.toggle_vote(duplicate, people[0])  # dotted both: keeps one, gets one back
    board.toggle_vote(duplicate, people[1])
    board.merge_topics(duplicate, keep)
    keep.refresh_from_db()
    assert keep.votes.count() == 2
    assert keep.also_proposed_as == ["Datenaustausch zwischen Ämtern"]
    assert not BoardTopic.objects.filter(pk=duplicate.pk).exists()
    assert board.board_for(session, people[0]).votes_left == board.VOTES_PER_PERSON - 1


def test_merge_refuses_same_topic_other_round_and_discussed_topics():
    session, other = lean_round(), lean_round(days=8)
    topic = board.propose_topic(session, "A")
    with pytest.raises(board.BoardError):
        board.merge_topics(topic, topic)
    with pytest.raises(board.BoardError):
        board.merge_topics(topic, board.propose_topic(other, "B"))
    done = board.propose_topic(session, "C")
    board.start_topic(done)
    board.record_vote(done, "naechstes")
    done.refresh_from_db()
    with pytest.raises(board.BoardError):
        board.merge_topics(topic, done)


def test_facilitator_merges_on_the_board(facilitator):
    session = lean_round()
    keep = board.propose_topic(session, "Daten teilen")
    duplicate = board.propose_topic(session, "Daten tauschen")
    url = reverse("formats:board_facilitator", args=[session.slug])
    html = facilitator.get(url).content.decode()
    assert f'id="merge-{duplicate.pk}"' in html
    response = facilitator.post(
        url, {"action": "merge", "topic": duplicate.pk, "into": keep.pk}, follow=True
    )
    html = response.content.decode()
    assert "Auch vorgeschlagen als: „Daten tauschen“" in html
    assert list(BoardTopic.objects.all()) == [keep]


def test_facilitator_merge_into_unknown_topic_404(facilitator):
    session = lean_round()
    topic = board.propose_topic(session, "A")
    url = reverse("formats:board_facilitator", args=[session.slug])
    assert (
        facilitator.post(url, {"action": "merge", "topic": topic.pk, "into": "x"}).status_code
        == 404
    )
    assert (
        facilitator.post(url, {"action": "merge", "topic": topic.pk, "into": 99999}).status_code
        == 404
    )


# Agreed actions


def test_facilitator_records_and_removes_an_action(facilitator):
    session = lean_round()
    topic = board.propose_topic(session, "Daten teilen")
    board.start_topic(topic)
    url = reverse("formats:board_facilitator", args=[session.slug])
    facilitator.post(
        url,
        {
            "action": "action_add",
            "text": "Musterdatenvereinbarung teilen",
            "owner": "Jugendamt",
            "topic": topic.pk,
        },
    )
    action = BoardAction.objects.get()
    assert (action.text, action.owner, action.topic) == (
        "Musterdatenvereinbarung teilen",
        "Jugendamt",
        topic,
    )
    markdown = board.board_markdown(session)
    assert "## Vereinbarte Schritte" in markdown
    assert "- Musterdatenvereinbarung teilen – Jugendamt (zu: Daten teilen)" in markdown
    facilitator.post(url, {"action": "action_remove", "board_action": action.pk})
    assert not BoardAction.objects.exists()


@pytest.mark.parametrize("text", ["", "x" * 301])
def test_facilitator_action_bad_text_refused(facilitator, text):
    session = lean_round()
    url = reverse("formats:board_facilitator", args=[session.slug])
    response = facilitator.post(
        url, {"action": "action_add", "text": text, "owner": ""}, follow=True
    )
    assert "höchstens 300 Zeichen" in response.content.decode()
    assert not BoardAction.objects.exists()


def test_participant_sees_actions_but_cannot_add_them(client):
    session = lean_round()
    person = make_registration(session, 1)
    board.add_action(session, "Kontakt zum Landesjugendamt", owner="Frau Beispiel")
    html = client.get(board_url(session, person)).content.decode()
    assert "Kontakt zum Landesjugendamt" in html
    assert 'value="action_add"' not in html
    client.post(board_url(session, person), {"action": "action_add", "text": "Nein"})
    assert BoardAction.objects.count() == 1


# The live state


def test_board_state_version_changes_with_topics_dots_and_timebox():
    session = lean_round()
    person = make_registration(session, 1)
    versions = [board.board_state(session, person)["version"]]
    topic = board.propose_topic(session, "A")
    versions.append(board.board_state(session, person)["version"])
    board.toggle_vote(topic, person)
    versions.append(board.board_state(session, person)["version"])
    board.start_topic(topic, minutes=8)
    state = board.board_state(session, person)
    versions.append(state["version"])
    assert len(set(versions)) == 4
    assert state["discussing"][0]["title"] == "A"
    assert state["timebox"]["minutes"] == 8
    assert board.board_state(session, person)["version"] == state["version"]


def test_state_endpoint_unchanged_is_small_and_changed_carries_html(client):
    session = lean_round()
    person = make_registration(session, 1)
    url = board_url(session, person, "formats:board_state")
    first = client.get(url).json()
    assert first["changed"] is True and 'class="board"' in first["html"]
    same = client.get(url, {"stand": first["version"]}).json()
    assert same == {"version": first["version"], "changed": False}
    board.propose_topic(session, "Neu von jemand anderem")
    changed = client.get(url, {"stand": first["version"]}).json()
    assert changed["changed"] is True
    assert [t["title"] for t in changed["to_discuss"]] == ["Neu von jemand anderem"]
    assert "Neu von jemand anderem" in changed["html"]
    response = client.get(url)
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_state_endpoint_marks_my_dots_and_counts_votes_left(client):
    session = lean_round()
    person = make_registration(session, 1)
    topic = board.propose_topic(session, "A")
    board.toggle_vote(topic, person)
    state = client.get(board_url(session, person, "formats:board_state")).json()
    assert state["to_discuss"][0]["mine"] is True
    assert state["votes_left"] == board.VOTES_PER_PERSON - 1


def test_state_endpoint_wrong_token_and_waiting_person_refused(client):
    session = lean_round()
    waiting = make_registration(session, 1, status="warteliste")
    url = reverse("formats:board_state", args=[session.slug, "0" * 64])
    assert client.get(url).status_code == 404
    assert client.get(board_url(session, waiting, "formats:board_state")).status_code == 403


def test_facilitator_state_needs_the_team(client, facilitator):
    session = lean_round()
    url = reverse("formats:board_state_facilitator", args=[session.slug])
    assert facilitator.get(url).json()["changed"] is True
    facilitator.logout()
    assert client.get(url).status_code == 302


def test_state_endpoint_query_count_does_not_grow(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    session = lean_round()
    person = make_registration(session, 1)
    topic = board.propose_topic(session, "A")
    board.toggle_vote(topic, person)
    url = board_url(session, person, "formats:board_state")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(2, 12):
        other = make_registration(session, n)
        extra = board.propose_topic(session, f"Thema {n}")
        board.toggle_vote(extra, other)
        board.add_action(session, f"Schritt {n}", topic=extra)
    with django_assert_max_num_queries(len(one)):
        client.get(url)


def test_board_page_without_js_can_ask_for_a_20_second_reload(client):
    session = lean_round()
    person = make_registration(session, 1)
    html = client.get(board_url(session, person)).content.decode()
    assert "<noscript>" in html and "?neu-laden=20" in html
    assert "Refresh" not in client.get(board_url(session, person))
    response = client.get(board_url(session, person), {"neu-laden": "20"})
    assert response["Refresh"] == "20"
    assert "Automatisches Neuladen beenden" in response.content.decode()


def test_board_page_points_the_script_at_its_state(client):
    session = lean_round()
    person = make_registration(session, 1)
    html = client.get(board_url(session, person)).content.decode()
    assert f'data-board-state="{board_url(session, person, "formats:board_state")}"' in html
    version = board.board_state(session, person)["version"]
    assert f'data-board-version="{version}"' in html


# The no-JavaScript reload survives the form posts


def reloading(url):
    return f"{url}?neu-laden=20"


def test_board_reload_kept_after_vote_propose_and_refusal(client, series):
    session = lean_round(series)
    person = make_registration(session, 1)
    url = board_url(session, person)
    response = client.post(reloading(url), {"action": "propose", "title": "Offene Daten"})
    topic = BoardTopic.objects.get()
    assert response["Location"] == f"{reloading(url)}#thema-{topic.pk}"
    response = client.post(reloading(url), {"action": "vote", "topic": topic.pk})
    assert response["Location"] == f"{reloading(url)}#thema-{topic.pk}"
    # A refused action (a dot on a topic already discussed) comes back reloading too.
    done = board.propose_topic(session, "Schon besprochen")
    done.column = TopicColumn.DONE
    done.save()
    response = client.post(reloading(url), {"action": "vote", "topic": done.pk})
    assert response["Location"] == reloading(url)
    reloaded = client.get(response["Location"])
    assert reloaded["Refresh"] == "20"
    assert "Über dieses Thema wurde schon gesprochen." in reloaded.content.decode()
    # Without the parameter nothing is added.
    response = client.post(url, {"action": "vote", "topic": topic.pk})
    assert response["Location"] == f"{url}#thema-{topic.pk}"


def test_board_reload_kept_after_propose_next(client, series):
    past = lean_round(series, days=-7)
    lean_round(series, days=7)
    person = make_registration(past, 1)
    url = board_url(past, person)
    response = client.post(reloading(url), {"action": "propose_next", "next-title": "Daten"})
    assert response["Location"] == f"{reloading(url)}#naechste-runde"


def test_board_reload_kept_after_facilitator_merge(facilitator):
    session = lean_round()
    keep = board.propose_topic(session, "Offene Daten")
    duplicate = board.propose_topic(session, "Open Data")
    url = reverse("formats:board_facilitator", args=[session.slug])
    response = facilitator.post(
        reloading(url), {"action": "merge", "topic": duplicate.pk, "into": keep.pk}
    )
    assert response["Location"] == reloading(url)
    assert facilitator.get(response["Location"])["Refresh"] == "20"
    response = facilitator.post(url, {"action": "remove", "topic": keep.pk})
    assert response["Location"] == url

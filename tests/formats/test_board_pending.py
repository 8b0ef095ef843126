"""Lean Coffee: topics for the next round before the team has scheduled it.

They wait with the series ("Vorschläge für die nächste Runde") and move onto the
board of the next round once it exists, whichever way the team schedules it.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from formats import board, privacy
from formats.models import BoardTopic, FormatKind, Session, SessionStatus
from formats.recurrence import Rule, generate_sessions

from .factories import SeriesFactory, kind, make_registration
from .test_board_between_rounds import board_url, lean_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def series():
    return SeriesFactory(kind=kind(FormatKind.LEAN_COFFEE), slug="lc", title="Lean Coffee Reihe")


def weekly(days_ahead, count=1):
    day = timezone.localdate() + timedelta(days=days_ahead)
    return Rule(
        first_date=day,
        start_time=timezone.datetime(2000, 1, 1, 12, 0).time(),
        end_time=timezone.datetime(2000, 1, 1, 13, 0).time(),
        count=count,
    )


# Service


def test_propose_without_next_round_waits_with_the_series(series):
    past = lean_round(series, days=-7)
    person = make_registration(past, 1)
    topic, upcoming = board.propose_for_next_round(past, "  Daten   teilen ", person)
    assert upcoming is None
    topic.refresh_from_db()
    assert (topic.session, topic.series, topic.title) == (None, series, "Daten teilen")
    assert topic.for_round_after == past.start and topic.proposed_by == person
    assert list(board.pending_topics(series)) == [topic]
    assert not past.board_topics.exists()


def test_propose_with_next_round_goes_onto_its_board(series):
    past = lean_round(series, days=-7)
    upcoming = lean_round(series, days=7)
    topic, target = board.propose_for_next_round(past, "Daten", make_registration(past, 1))
    assert target == upcoming and topic.session == upcoming
    assert not board.pending_topics(series).exists()


def test_propose_pending_limits_per_person_and_bad_titles(series):
    past = lean_round(series, days=-7)
    person = make_registration(past, 1)
    for n in range(board.TOPICS_PER_PERSON):
        board.propose_for_next_round(past, f"Thema {n}", person)
    with pytest.raises(board.BoardError, match="schon 5 Themen für die nächste Runde"):
        board.propose_for_next_round(past, "Eins zu viel", person)
    with pytest.raises(board.BoardError, match="Bitte geben Sie ein Thema ein"):
        board.propose_for_next_round(past, "   ", make_registration(past, 2))
    assert board.pending_topics(series).count() == board.TOPICS_PER_PERSON


def test_propose_for_round_without_series_is_refused():
    alone = lean_round(None, days=-7)
    with pytest.raises(board.BoardError, match="noch keinen Termin"):
        board.propose_for_next_round(alone, "Daten")
    assert not BoardTopic.objects.exists()


def test_generated_round_takes_the_waiting_topics(series):
    past = lean_round(series, days=-7)
    person = make_registration(past, 1)
    first, _ = board.propose_for_next_round(past, "Daten", person)
    second, _ = board.propose_for_next_round(past, "Ressorts")
    created = generate_sessions(series, weekly(14, count=2))
    for topic in (first, second):
        topic.refresh_from_db()
        assert topic.session == created[0]  # the first new round, not the one after
    assert not board.pending_topics(series).exists()
    view = board.board_for(created[0])
    assert [t.title for t in view.to_discuss] == ["Daten", "Ressorts"]
    assert first.proposed_by == person


def test_waiting_topic_of_an_upcoming_round_skips_that_round(series):
    # Proposed on the board of next week's round (the last one planned): it is meant for
    # the round after it, so that round itself must not take it.
    soon = lean_round(series, days=7)
    topic, upcoming = board.propose_for_next_round(soon, "Für danach")
    assert upcoming is None
    assert board.attach_pending_topics(series) == 0
    later = lean_round(series, days=21)
    assert board.attach_pending_topics(series) == 1
    topic.refresh_from_db()
    assert topic.session == later


def test_attach_skips_cancelled_and_other_series_and_is_idempotent(series):
    past = lean_round(series, days=-7)
    topic, _ = board.propose_for_next_round(past, "Daten")
    lean_round(series, days=5, status=SessionStatus.CANCELLED)
    other = SeriesFactory(kind=kind(FormatKind.LEAN_COFFEE))
    lean_round(other, days=3)
    assert board.attach_pending_topics(series) == 0
    assert board.attach_pending_topics(other) == 0
    target = lean_round(series, days=10)
    assert board.attach_pending_topics(series) == 1
    assert board.attach_pending_topics(series) == 0
    topic.refresh_from_db()
    assert topic.session == target


# Pages


def test_board_without_next_round_offers_proposals_and_lists_them(client, series):
    past = lean_round(series, days=-7)
    person = make_registration(past, 1)
    url = board_url(past, person)
    html = client.get(url).content.decode()
    assert "Thema für die nächste Runde" in html
    assert "Vorschläge für die nächste Runde" in html and "Noch keine Vorschläge." in html
    response = client.post(
        url, {"action": "propose_next", "next-title": "Daten zwischen Ämtern"}, follow=True
    )
    html = response.content.decode()
    assert "Ihr Thema ist für die nächste Runde vorgemerkt." in html
    section = html[html.index('id="vorschlaege"') :]
    assert "<li>Daten zwischen Ämtern</li>" in section
    assert board.pending_topics(series).get().proposed_by == person


def test_board_pending_proposal_bad_title_refused_and_nothing_kept(client, series):
    past = lean_round(series, days=-7)
    person = make_registration(past, 1)
    response = client.post(
        board_url(past, person), {"action": "propose_next", "next-title": "x" * 201}, follow=True
    )
    assert "höchstens 200 Zeichen" in response.content.decode()
    assert not BoardTopic.objects.exists()


def test_board_with_next_round_shows_no_waiting_list(client, series):
    past = lean_round(series, days=-7)
    lean_round(series, days=7)
    html = client.get(board_url(past, make_registration(past, 1))).content.decode()
    assert "Thema für die nächste Runde" in html
    assert "Vorschläge für die nächste Runde" not in html


def test_waiting_topic_not_on_any_board_or_in_the_record(client, series):
    past = lean_round(series, days=-7)
    board.propose_for_next_round(past, "Wartet noch")
    state = board.board_state(past)
    assert all(topic["title"] != "Wartet noch" for topic in state["to_discuss"])
    assert "Wartet noch" not in board.board_markdown(past)


def test_waiting_topic_in_the_dsgvo_export(series):
    past = lean_round(series, days=-7)
    person = make_registration(past, 1)
    board.propose_for_next_round(past, "Mein Vorschlag", person)
    (entry,) = privacy.export_for_email(person.email)["anmeldungen"]
    assert entry["lean_coffee_themen"] == ["Mein Vorschlag"]


# The team's side


def test_admin_generating_rounds_attaches_and_reports(admin_client, series):
    past = lean_round(series, days=-7)
    board.propose_for_next_round(past, "Daten")
    first = timezone.localdate() + timedelta(days=7)
    response = admin_client.post(
        reverse("admin:formats_series_generate", args=[series.pk]),
        {
            "first_date": first.isoformat(),
            "start_time": "12:30",
            "end_time": "13:15",
            "count": "2",
            "rhythm": "w2",
            "capacity": "",
            "host": "Team",
            "room_url": "",
            "deadline_hours": "",
        },
    )
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert "1 Vorschlag für die nächste Runde auf das Board übernommen." in texts
    new_round = series.sessions.filter(start__gt=timezone.now()).order_by("start").first()
    assert BoardTopic.objects.get().session == new_round


def admin_add_data(admin_client, url, **values):
    """The admin's add form as the browser would send it, with `values` filled in."""
    response = admin_client.get(url)
    data = {}
    for field in response.context["adminform"].form:
        value = field.value()
        if value not in (None, "") and not isinstance(value, list | tuple):
            data[field.html_name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    data.update(values)
    return data


def test_admin_adding_a_round_attaches_and_reports(admin_client, series):
    past = lean_round(series, days=-7)
    board.propose_for_next_round(past, "Daten")
    board.propose_for_next_round(past, "Ressorts")
    start = timezone.localtime(timezone.now() + timedelta(days=10)).replace(second=0)
    url = reverse("admin:formats_session_add")
    data = admin_add_data(
        admin_client,
        url,
        kind=kind(FormatKind.LEAN_COFFEE).pk,
        series=series.pk,
        title="Lean-Coffee-Runde: neu",
        slug="lc-neu",
        start_0=start.strftime("%d.%m.%Y"),
        start_1=start.strftime("%H:%M"),
        end_0=start.strftime("%d.%m.%Y"),
        end_1=(start + timedelta(hours=1)).strftime("%H:%M"),
        capacity="12",
        status=SessionStatus.PLANNED,
    )
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    new_round = Session.objects.get(slug="lc-neu")
    assert "2 Vorschläge für die nächste Runde auf das Board übernommen." in (
        response.content.decode()
    )
    assert set(new_round.board_topics.values_list("title", flat=True)) == {"Daten", "Ressorts"}


def test_series_admin_lists_the_waiting_topics(admin_client, series):
    past = lean_round(series, days=-7)
    board.propose_for_next_round(past, "Wartet auf die Reihe")
    html = admin_client.get(reverse("admin:formats_series_change", args=[series.pk])).content
    html = html.decode()
    assert "Vorschläge für die nächste Runde" in html
    assert 'value="Wartet auf die Reihe"' in html


def test_topic_admin_has_no_add_form_that_could_miss_both_round_and_series(admin_client):
    assert admin_client.get(reverse("admin:formats_boardtopic_add")).status_code == 403
    assert admin_client.get(reverse("admin:formats_boardtopic_changelist")).status_code == 200

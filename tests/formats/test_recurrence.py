from datetime import UTC, date, datetime, time

import pytest

from formats.models import FormatKind, Session
from formats.recurrence import BERLIN, Rule, circle_rule, generate_sessions, occurrence_dates

from .factories import SeriesFactory, kind

LUNCH = {"start_time": time(12, 30), "end_time": time(13, 15)}


def test_occurrence_dates_weekly_interval_steps_by_weeks():
    rule = Rule(first_date=date(2027, 3, 2), count=3, interval_weeks=2, **LUNCH)
    assert occurrence_dates(rule) == [date(2027, 3, 2), date(2027, 3, 16), date(2027, 3, 30)]


def test_occurrence_dates_second_tuesday_of_month_skips_earlier_days():
    # 2027-01-05 is the first Tuesday of January; the second is the 12th.
    rule = Rule(first_date=date(2027, 1, 5), count=4, week_of_month=2, **LUNCH)
    assert occurrence_dates(rule) == [
        date(2027, 1, 12),
        date(2027, 2, 9),
        date(2027, 3, 9),
        date(2027, 4, 13),
    ]


def test_occurrence_dates_last_weekday_of_month_crosses_year():
    rule = Rule(first_date=date(2027, 11, 30), count=3, week_of_month=5, **LUNCH)
    assert occurrence_dates(rule) == [date(2027, 11, 30), date(2027, 12, 28), date(2028, 1, 25)]


@pytest.mark.parametrize(
    "bad",
    [
        {"count": 0},
        {"count": 61},
        {"interval_weeks": 0},
        {"week_of_month": 6},
        {"end_time": time(12, 0)},
    ],
)
def test_rule_invalid_values_raise(bad):
    values = {"first_date": date(2027, 1, 5), "count": 3, **LUNCH, **bad}
    with pytest.raises(ValueError):
        Rule(**values)


@pytest.mark.django_db
def test_generate_sessions_across_spring_change_keeps_local_time():
    series = SeriesFactory(slug="impulse-2027")
    rule = Rule(first_date=date(2027, 3, 16), count=4, **LUNCH)
    sessions = generate_sessions(series, rule)
    stored = [Session.objects.get(pk=s.pk) for s in sessions]
    local = [(s.start.astimezone(BERLIN).time(), s.end.astimezone(BERLIN).time()) for s in stored]
    assert local == [(time(12, 30), time(13, 15))] * 4
    # Before 28 March Berlin is UTC+1, afterwards UTC+2.
    assert [s.start.astimezone(UTC).hour for s in stored] == [11, 11, 10, 10]
    assert stored[2].start == datetime(2027, 3, 30, 10, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_generate_sessions_across_autumn_change_keeps_local_time():
    series = SeriesFactory(slug="herbst")
    rule = Rule(first_date=date(2027, 10, 26), count=2, **LUNCH)
    first, second = generate_sessions(series, rule)
    assert first.start == datetime(2027, 10, 26, 10, 30, tzinfo=UTC)
    assert second.start == datetime(2027, 11, 2, 11, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_generate_sessions_run_twice_creates_nothing_new():
    series = SeriesFactory(slug="zweimal")
    rule = Rule(first_date=date(2027, 5, 4), count=3, **LUNCH)
    assert len(generate_sessions(series, rule)) == 3
    assert generate_sessions(series, rule) == []
    assert series.sessions.count() == 3


@pytest.mark.django_db
def test_generate_sessions_copies_defaults_and_vocabulary():
    series = SeriesFactory(slug="vokabular", description="Beschreibung der Reihe")
    series.audiences.set([1, 2])
    (session,) = generate_sessions(
        series,
        Rule(first_date=date(2027, 5, 4), count=1, **LUNCH),
        room_url="https://raum.example.org/x",
        registration_deadline_hours=24,
    )
    assert session.capacity == kind().default_capacity
    assert session.slug == "vokabular-2027-05-04"
    assert sorted(session.audiences.values_list("pk", flat=True)) == [1, 2]
    assert session.registration_deadline == datetime(2027, 5, 3, 10, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_generate_sessions_wol_circle_makes_start_and_eleven_follow_ups():
    wol = kind(FormatKind.WOL_CIRCLE)
    series = SeriesFactory(slug="wol-fruehjahr", kind=wol, title="WOL-Circle Frühjahr")
    sessions = generate_sessions(series, circle_rule(date(2027, 3, 9), time(8, 0), wol))
    assert len(sessions) == 12
    start, *follow_ups = sessions
    assert start.parent is None
    assert {s.parent_id for s in follow_ups} == {start.pk}
    assert all(s.duration_minutes == 60 for s in sessions)
    assert start.title == "WOL-Circle Frühjahr – Treffen 1 von 12"
    assert sessions[-1].start.astimezone(BERLIN).date() == date(2027, 5, 25)
    assert {s.start.astimezone(BERLIN).time() for s in sessions} == {time(8, 0)}
    assert Session.objects.listed().filter(series=series).count() == 1


@pytest.mark.django_db
def test_generate_sessions_slug_taken_elsewhere_gets_suffix():
    other = SeriesFactory(slug="other")
    generate_sessions(other, Rule(first_date=date(2027, 5, 4), count=1, **LUNCH))
    Session.objects.filter(series=other).update(slug="gleich-2027-05-04")
    series = SeriesFactory(slug="gleich")
    (session,) = generate_sessions(series, Rule(first_date=date(2027, 5, 4), count=1, **LUNCH))
    assert session.slug == "gleich-2027-05-04-2"

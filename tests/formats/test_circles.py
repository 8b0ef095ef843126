from types import SimpleNamespace

import pytest

from formats import circles
from formats.models import FormatKind

from .factories import SessionFactory, kind, make_registration

pytestmark = pytest.mark.django_db


def fake(pk, municipality, role_id, organisation="Amt"):
    return SimpleNamespace(
        pk=pk, municipality=municipality, organisation=organisation, role_id=role_id
    )


def test_propose_circle_prefers_distinct_places_and_roles():
    people = [
        fake(1, "Köln", 1),
        fake(2, "Köln", 1),
        fake(3, "Köln", 2),
        fake(4, "Bonn", 1),
        fake(5, "Essen", 3),
        fake(6, "Dortmund", 2),
        fake(7, "Bonn", 4),
        fake(8, "Münster", 5),
    ]
    chosen = circles.propose_circle(people, size=5)
    assert len(chosen) == 5
    assert len({p.municipality for p in chosen}) == 5
    assert len({p.role_id for p in chosen}) == 5


def test_propose_circle_ignores_case_and_falls_back_to_organisation():
    people = [
        fake(1, "Stadt Köln", 1),
        fake(2, " stadt köln ", 2),
        fake(3, "", 3, organisation="Landesinstitut"),
        fake(4, "", 3, organisation="Landesinstitut"),
        fake(5, "Bonn", 1),
    ]
    chosen = circles.propose_circle(people, size=3)
    assert [p.pk for p in chosen] == [1, 3, 5]


def test_propose_circle_ties_go_to_who_registered_first():
    people = [fake(n, f"Ort {n}", n) for n in range(1, 8)]
    assert [p.pk for p in circles.propose_circle(people, size=5)] == [1, 2, 3, 4, 5]


def test_propose_circle_fewer_people_than_size_takes_all():
    people = [fake(1, "A", 1), fake(2, "A", 1)]
    assert len(circles.propose_circle(people)) == 2


def test_form_circles_balances_sizes_and_never_exceeds_five():
    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), capacity=20)
    for n in range(11):
        make_registration(session, n, municipality=f"Stadt {n % 4}")
    created = circles.form_circles(session).created
    sizes = sorted(c.members.count() for c in created)
    assert sizes == [3, 4, 4]
    assert [c.name for c in created] == ["Kreis 1", "Kreis 2", "Kreis 3"]
    # Each circle mixes the four municipalities as far as its size allows.
    for circle in created:
        places = {m.municipality for m in circle.members.all()}
        assert len(places) == min(4, circle.members.count())


def test_form_circles_again_fills_a_circle_with_room_before_forming_new_ones():
    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), capacity=20)
    for n in range(4):
        make_registration(session, n)
    (first,) = circles.form_circles(session).created
    late = make_registration(session, 10)
    formation = circles.form_circles(session)
    assert formation.created == []
    assert formation.placed == [late]
    assert first.members.count() == 5


def test_form_circles_again_leaves_a_circle_whose_dates_went_out():
    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), capacity=20)
    for n in range(4):
        make_registration(session, n)
    (first,) = circles.form_circles(session).created
    circles.send_circle_dates(first)
    for n in range(10, 13):
        make_registration(session, n)
    (new,) = circles.form_circles(session).created
    assert new.name == "Kreis 2"
    assert new.members.count() == 3
    assert first.members.count() == 4


def test_validate_membership_waiting_person_rejected():
    from django.core.exceptions import ValidationError

    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE))
    circle = session.circles.create(name="Kreis 1")
    waiting = make_registration(session, 1, status="warteliste")
    with pytest.raises(ValidationError):
        circles.validate_membership(waiting, circle)


# Circles from time windows

TUE_NOON, WED_EIGHT, THU_TWO = "1-12:00", "2-08:00", "3-14:00"


def wol_start(**kwargs):
    return SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), capacity=30, **kwargs)


def test_form_circles_groups_people_by_a_shared_window():
    session = wol_start()
    tuesday = [
        make_registration(session, n, time_windows=[TUE_NOON], municipality=f"Stadt {n}")
        for n in range(4)
    ]
    wednesday = [
        make_registration(session, n, time_windows=[WED_EIGHT, THU_TWO]) for n in range(10, 13)
    ]
    formation = circles.form_circles(session)
    by_window = {c.window.code: set(c.members.all()) for c in formation.created}
    assert by_window == {TUE_NOON: set(tuesday), WED_EIGHT: set(wednesday)}
    assert formation.unplaced == []


def test_form_circles_flexible_person_goes_where_needed():
    session = wol_start()
    for n in range(2):
        make_registration(session, n, time_windows=[THU_TWO])
    flexible = make_registration(session, 5, time_windows=[TUE_NOON, THU_TWO])
    for n in range(10, 15):
        make_registration(session, n, time_windows=[TUE_NOON])
    formation = circles.form_circles(session)
    thursday = next(c for c in formation.created if c.window.code == THU_TWO)
    assert flexible in thursday.members.all()
    assert sorted(c.members.count() for c in formation.created) == [3, 5]


def test_form_circles_window_with_too_few_people_leaves_them_unplaced():
    session = wol_start()
    lonely = make_registration(session, 1, time_windows=[WED_EIGHT])
    for n in range(10, 13):
        make_registration(session, n, time_windows=[TUE_NOON])
    formation = circles.form_circles(session)
    assert len(formation.created) == 1
    assert formation.unplaced == [lonely]
    lonely.refresh_from_db()
    assert lonely.circle is None


def test_form_circles_never_more_than_the_circle_size_in_one_window():
    session = wol_start()
    for n in range(12):
        make_registration(session, n, time_windows=[TUE_NOON])
    formation = circles.form_circles(session)
    assert sorted(c.members.count() for c in formation.created) == [4, 4, 4]
    assert {c.window.code for c in formation.created} == {TUE_NOON}


def test_form_circles_gives_every_circle_the_volunteer_as_facilitator():
    session = wol_start()
    make_registration(session, 1, time_windows=[TUE_NOON])
    volunteer = make_registration(session, 2, time_windows=[TUE_NOON], wants_to_facilitate=True)
    make_registration(session, 3, time_windows=[TUE_NOON])
    (circle,) = circles.form_circles(session).created
    assert circle.facilitator == volunteer


def test_form_circles_without_volunteer_first_member_facilitates():
    session = wol_start()
    people = [make_registration(session, n, time_windows=[TUE_NOON]) for n in range(3)]
    (circle,) = circles.form_circles(session).created
    assert circle.facilitator == people[0]


def test_form_circles_at_the_start_time_meets_with_the_start():
    session = wol_start()
    for n in range(3):
        make_registration(session, n)  # no windows: the start's own time
    (circle,) = circles.form_circles(session).created
    assert circle.weekday is None and circle.start_time is None
    assert circle.meets_with_start


def test_circle_weekly_meetings_start_in_the_week_of_the_start_and_keep_wall_time():
    from datetime import datetime, time

    from formats.recurrence import BERLIN

    # A Monday in March: the seventh meeting falls after the change to summer time.
    start = datetime(2031, 3, 3, 9, 0, tzinfo=BERLIN)
    session = wol_start(start=start, end=start.replace(hour=10))
    circle = session.circles.create(name="Kreis 1", weekday=3, start_time=time(14))
    meetings = circle.weekly_meetings()
    assert len(meetings) == 12
    assert meetings[0].start == datetime(2031, 3, 6, 14, 0, tzinfo=BERLIN)
    assert all(m.start.astimezone(BERLIN).hour == 14 for m in meetings)
    assert meetings[0].end - meetings[0].start == session.end - session.start


def test_form_circles_choice_of_window_leaves_as_few_people_as_possible():
    # Thursday is the scarcest window, but a Thursday circle (C, D, E) leaves A, B and F;
    # a Tuesday circle (A, B, C, E) leaves only D and F.
    tue_ten, wed_noon, thu_two, fri_four = "1-10:00", "2-12:00", "3-14:00", "4-16:00"
    session = wol_start()
    windows = {
        "A": [tue_ten, wed_noon],
        "B": [tue_ten],
        "C": [tue_ten, thu_two],
        "D": [thu_two],
        "E": [thu_two, tue_ten],
        "F": [fri_four],
    }
    people = {
        name: make_registration(session, n, time_windows=codes, municipality=f"Stadt {n}")
        for n, (name, codes) in enumerate(windows.items())
    }
    formation = circles.form_circles(session)
    (circle,) = formation.created
    assert circle.window.code == tue_ten
    assert set(circle.members.all()) == {people[name] for name in "ABCE"}
    assert set(formation.unplaced) == {people["D"], people["F"]}

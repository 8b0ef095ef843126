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
    created = circles.form_circles(session)
    sizes = sorted(c.members.count() for c in created)
    assert sizes == [3, 4, 4]
    assert [c.name for c in created] == ["Kreis 1", "Kreis 2", "Kreis 3"]
    # Each circle mixes the four municipalities as far as its size allows.
    for circle in created:
        places = {m.municipality for m in circle.members.all()}
        assert len(places) == min(4, circle.members.count())


def test_form_circles_again_only_places_new_people():
    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), capacity=20)
    for n in range(4):
        make_registration(session, n)
    circles.form_circles(session)
    make_registration(session, 10)
    (new,) = circles.form_circles(session)
    assert new.name == "Kreis 2"
    assert new.members.count() == 1


def test_validate_membership_waiting_person_rejected():
    from django.core.exceptions import ValidationError

    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE))
    circle = session.circles.create(name="Kreis 1")
    waiting = make_registration(session, 1, status="warteliste")
    with pytest.raises(ValidationError):
        circles.validate_membership(waiting, circle)

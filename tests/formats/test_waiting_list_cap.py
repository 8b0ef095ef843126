"""The waiting list has a cap: 3 × the seats unless the team sets another in the admin."""

import pytest
from django.urls import reverse

from formats import services
from formats.models import Registration, RegistrationStatus

from .factories import SessionFactory, make_registration, person
from .test_views import form_data

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def fill(session, confirmed: int, waiting: int) -> None:
    for n in range(confirmed):
        make_registration(session, 100 + n)
    for n in range(waiting):
        make_registration(session, 200 + n, status=S.WAITING)


def test_waiting_list_cap_default_is_three_times_the_seats():
    assert SessionFactory(capacity=5).waiting_list_cap == 15
    assert SessionFactory(capacity=5, waiting_list_limit=2).waiting_list_cap == 2


def test_register_waiting_list_with_room_accepts_up_to_the_cap():
    session = SessionFactory(capacity=1)
    fill(session, confirmed=1, waiting=2)
    result = services.register(session, person(1))
    assert result.registrations[0].status == S.WAITING
    assert session.registrations.filter(status=S.WAITING).count() == 3


def test_register_waiting_list_full_refused_with_german_message():
    session = SessionFactory(capacity=1)
    fill(session, confirmed=1, waiting=3)
    with pytest.raises(services.WaitingListFull, match="auch die Warteliste ist voll"):
        services.register(session, person(1))
    assert Registration.objects.filter(email="person1@example.org").count() == 0


def test_register_limit_zero_means_no_waiting_list():
    session = SessionFactory(capacity=1, waiting_list_limit=0)
    fill(session, confirmed=1, waiting=0)
    with pytest.raises(services.WaitingListFull):
        services.register(session, person(1))


def test_register_free_seat_is_given_even_when_waiting_list_is_full():
    # The cap limits the waiting list, never a free seat (e.g. after the team added seats,
    # the people waiting move up first and the newcomer may still get a seat).
    session = SessionFactory(capacity=3, waiting_list_limit=1)
    fill(session, confirmed=1, waiting=1)
    result = services.register(session, person(1))
    assert result.confirmed


def test_register_tandem_needs_two_places_on_the_waiting_list():
    session = SessionFactory(capacity=1, waiting_list_limit=2)
    fill(session, confirmed=1, waiting=1)
    with pytest.raises(services.WaitingListFull):
        services.register(session, person(1), tandem_partner=person(2))
    assert session.registrations.filter(status=S.WAITING).count() == 1


def test_registration_form_waiting_list_full_shows_message_and_keeps_input(client):
    session = SessionFactory(capacity=1, waiting_list_limit=0)
    fill(session, confirmed=1, waiting=0)
    url = reverse("formats:register", args=[session.slug])
    response = client.post(url, form_data(name="Kim Beispiel"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "auch die Warteliste ist voll" in html
    assert 'value="Kim Beispiel"' in html
    assert not Registration.objects.filter(name="Kim Beispiel").exists()


def test_session_admin_edits_the_waiting_list_limit(admin_client):
    session = SessionFactory(capacity=4)
    response = admin_client.get(reverse("admin:formats_session_change", args=[session.pk]))
    assert "Plätze auf der Warteliste" in response.content.decode()
    assert 'name="waiting_list_limit"' in response.content.decode()


SEATS_FULL = "Ausgebucht</strong> – Warteliste voll"
SEATS_OPEN = "Ausgebucht</strong> – Warteliste offen"


@pytest.mark.parametrize(("limit", "waiting"), [(0, 0), (2, 2)], ids=["limit-0", "limit-reached"])
def test_session_page_waiting_list_full_offers_no_form(client, limit, waiting):
    session = SessionFactory(capacity=1, waiting_list_limit=limit)
    fill(session, confirmed=1, waiting=waiting)
    html = client.get(session.get_absolute_url()).content.decode()
    assert SEATS_FULL in html
    assert "auch die Warteliste ist voll" in html
    assert "Auf die Warteliste setzen" not in html
    assert 'name="email"' not in html
    overview = client.get(reverse("formats:overview")).content.decode()
    assert SEATS_FULL in overview


def test_session_page_waiting_list_with_room_offers_the_waiting_list(client):
    session = SessionFactory(capacity=1, waiting_list_limit=2)
    fill(session, confirmed=1, waiting=1)
    html = client.get(session.get_absolute_url()).content.decode()
    assert SEATS_OPEN in html
    assert "Auf die Warteliste setzen" in html


def test_session_waiting_list_full_sold_out_and_not_in_the_api(client):
    session = SessionFactory(capacity=1, waiting_list_limit=0)
    fill(session, confirmed=1, waiting=0)
    free = SessionFactory(capacity=2)
    html = client.get(session.get_absolute_url()).content.decode()
    assert '"availability": "https://schema.org/SoldOut"' in html
    listed = [item["slug"] for item in client.get("/api/v1/termine/").json()]
    assert session.slug not in listed
    assert free.slug in listed

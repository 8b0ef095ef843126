"""DSGVO information and erasure for registrations: tandems and Lean Coffee boards.

(Basic export/erase cases are in test_demo_privacy.py.)"""

import json

import pytest

from feedback import dsgvo
from formats import board, privacy, services
from formats.models import BoardTopic, FormatKind, Registration, RegistrationStatus

from .factories import SessionFactory, kind, person

pytestmark = pytest.mark.django_db


def tandem(session=None):
    session = session or SessionFactory(capacity=4)
    leader = person(1, email="leitung@example.org", name="Lea Leitung")
    coordinator = person(
        2, role="netzwerkkoordinator-innen", email="netz@example.org", name="Nico Netz"
    )
    first, second = services.register(session, leader, coordinator).registrations
    return first, second


def test_privacy_export_tandem_shows_own_registration_and_partner_name_only():
    first, second = tandem()
    data = privacy.export_for_email("NETZ@example.org")
    [entry] = data["anmeldungen"]
    assert entry["id"] == second.pk and entry["email"] == "netz@example.org"
    assert entry["tandem_mit"] == "Lea Leitung"
    assert "leitung@example.org" not in json.dumps(data)


def test_privacy_erase_one_tandem_partner_keeps_the_other():
    first, second = tandem()
    assert privacy.erase_for_email("leitung@example.org") == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED and first.name == privacy.ERASED_NAME
    assert second.status == RegistrationStatus.CONFIRMED
    assert (second.name, second.email) == ("Nico Netz", "netz@example.org")
    assert privacy.export_for_email("netz@example.org")["anmeldungen"][0]["tandem_mit"] == (
        privacy.ERASED_NAME
    )


def test_privacy_export_and_erase_lean_coffee_board_entries():
    session = SessionFactory(kind=kind(FormatKind.LEAN_COFFEE), capacity=5)
    me = services.register(session, person(1, email="ich@example.org")).registrations[0]
    topic = board.propose_topic(session, "Open Data im Kreistag", me)
    board.toggle_vote(topic, me)
    [entry] = privacy.export_for_email("ich@example.org")["anmeldungen"]
    assert entry["lean_coffee_themen"] == ["Open Data im Kreistag"]
    assert entry["lean_coffee_punkte"] == 1
    privacy.erase_for_email("ich@example.org")
    # The board is the round's record (privacy notice): the topic stays, without a name.
    topic = BoardTopic.objects.get()
    assert topic.title == "Open Data im Kreistag"
    assert topic.proposed_by.name == privacy.ERASED_NAME


def test_privacy_anonymise_registration_is_marked():
    first, second = tandem()
    privacy.anonymise_registration(first)
    anonymised = Registration.objects.filter(privacy.is_anonymised())
    assert list(anonymised) == [first]
    assert privacy.export_for_email("leitung@example.org") == {"anmeldungen": []}


def test_privacy_dsgvo_erase_counts_formats():
    tandem()
    record = dsgvo.erase_for_email("netz@example.org", by=None)
    assert record.counts["formats"] == 1
    assert not Registration.objects.filter(email="netz@example.org").exists()


def test_privacy_export_and_erase_agreed_steps_that_name_the_person():
    from formats.models import BoardAction

    session = SessionFactory(kind=kind(FormatKind.LEAN_COFFEE), capacity=5)
    me = services.register(session, person(1, email="ich@example.org")).registrations[0]
    mine = board.add_action(session, "Vorlage teilen", owner=f"{me.name} (Jugendamt)")
    other = board.add_action(session, "Termin finden", owner="Herr Berg")
    elsewhere = BoardAction.objects.create(
        session=SessionFactory(kind=kind(FormatKind.LEAN_COFFEE)), text="X", owner=me.name
    )
    [entry] = privacy.export_for_email("ich@example.org")["anmeldungen"]
    assert entry["lean_coffee_schritte_mit_ihrem_namen"] == [
        {"vereinbarung": "Vorlage teilen", "wer": f"{me.name} (Jugendamt)"}
    ]
    privacy.erase_for_email("ich@example.org")
    for action in (mine, other, elsewhere):
        action.refresh_from_db()
    assert (mine.text, mine.owner) == ("Vorlage teilen", "")
    assert other.owner == "Herr Berg" and elsewhere.owner == me.name

"""The submission and edit form's dates, venue, competences and learning goals."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from offers import services
from offers.models import Offer, OfferChange, OfferDate, Provider
from offers.submission.forms import DATE_ROWS

from .submission_helpers import SUBMIT_URL, form_data, submit_offer, team_member

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def post(client, **overrides):
    return client.post(SUBMIT_URL, form_data(**overrides))


def assert_refused(response, *fields):
    assert response.status_code == 200
    form = response.context["form"]
    for field in fields:
        assert field in form.errors, (field, form.errors)
    assert not Offer.objects.exists() and not Provider.objects.exists()
    assert not mail.outbox
    return response.content.decode()


def test_submission_page_has_date_rows_venue_competences_and_learning_goals(client):
    html = client.get(SUBMIT_URL).content.decode()
    assert "<legend>Termine und Ort</legend>" in html
    for number in range(1, DATE_ROWS + 1):
        assert f"<legend>Termin {number}</legend>" in html
        assert f'<input type="date" name="date_{number}_start"' in html
    assert f'name="date_{DATE_ROWS + 1}_start"' not in html
    assert '<label for="id_date_1_end">Ende (nur bei mehreren Tagen)</label>' in html
    assert 'name="venue"' in html and 'name="learning_goals"' in html
    assert 'value="beteiligung-steuern" id="id_competences_3"' in html


def test_submission_saves_dates_venue_competences_and_learning_goals(client):
    response = post(
        client,
        venue="Rathaus Kassel",
        learning_goals="Eine Retrospektive anleiten.",
        competences=["veraenderungsmanagement", "prozess-netzwerksteuerung"],
        date_1_start=day(30).isoformat(),
        date_1_end=day(31).isoformat(),
        date_2_start=day(10).strftime("%d.%m.%Y"),  # typed where a browser has no date picker
        date_3_start=day(50).isoformat(),
        date_3_end=day(50).isoformat(),  # the same day: one day
        date_4_start=day(10).isoformat(),  # a repeat counts once
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.venue == "Rathaus Kassel"
    assert offer.learning_goals == "Eine Retrospektive anleiten."
    assert sorted(offer.competences.values_list("slug", flat=True)) == [
        "prozess-netzwerksteuerung",
        "veraenderungsmanagement",
    ]
    assert list(offer.dates.values_list("starts_on", "ends_on")) == [
        (day(10), None),
        (day(30), day(31)),
        (day(50), None),
    ]


def test_submission_without_dates_or_competences_is_fine(client):
    assert post(client).status_code == 302
    offer = Offer.objects.get()
    assert not offer.dates.exists() and not offer.competences.exists()
    assert offer.venue == "" and offer.learning_goals == ""


@pytest.mark.parametrize(
    ("fields", "error_field", "message"),
    [
        (
            {"date_1_start": day(9).isoformat(), "date_1_end": day(8).isoformat()},
            "date_1_end",
            "Das Ende liegt vor dem Beginn",
        ),
        ({"date_2_end": day(8).isoformat()}, "date_2_start", "Bitte auch den ersten Tag"),
        ({"date_1_start": "nächsten Montag"}, "date_1_start", "Bitte ein Datum angeben"),
        ({"date_3_start": "31.02.2027"}, "date_3_start", "Bitte ein Datum angeben"),
        ({"date_1_start": day(365 * 11).isoformat()}, "date_1_start", "nächsten zehn Jahren"),
        ({"competences": ["zaubern"]}, "competences", "Diese Kompetenz gibt es nicht"),
        ({"venue": "x" * 201}, "venue", "höchstens 200 Zeichen"),
        ({"learning_goals": "x" * 2001}, "learning_goals", "höchstens 2000 Zeichen"),
    ],
)
def test_submission_bad_facts_are_refused_beside_the_field(client, fields, error_field, message):
    html = assert_refused(post(client, **fields), error_field)
    assert message in html
    # The error summary links to the field and names the row.
    assert f'href="#id_{error_field}' in html
    if error_field.startswith("date_"):
        number = error_field.split("_")[1]
        assert f"Termin {number}, " in html


def test_submission_keeps_dates_and_facts_typed_after_an_error(client):
    html = assert_refused(
        post(
            client,
            contact_email="falsch",
            venue="Bürgerhaus Süd",
            learning_goals="Ziele klären",
            competences=["beteiligung-steuern"],
            date_1_start=day(12).isoformat(),
            date_2_start="morgen",
        ),
        "contact_email",
        "date_2_start",
    )
    assert f'name="date_1_start" value="{day(12).isoformat()}"' in html
    assert 'name="date_2_start" value="morgen"' in html
    assert 'value="Bürgerhaus Süd"' in html and "Ziele klären</textarea>" in html
    assert 'value="beteiligung-steuern" id="id_competences_3" checked' in html


def test_submission_markup_in_venue_and_goals_is_text(client):
    html = assert_refused(
        post(
            client,
            contact_email="x",
            venue="<script>alert(1)</script>",
            learning_goals="<b>fett</b>",
        ),
        "contact_email",
    )
    assert "<script>alert(1)</script>" not in html and "<b>fett</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# Editing through the private link -------------------------------------------------------------


def edit_url(token):
    return f"/angebote/bearbeiten/{token}/"


def test_edit_form_shows_every_stored_date_and_one_empty_row_more(client):
    offer, token = submit_offer()
    for offset in range(1, DATE_ROWS + 2):  # more dates than the empty form has rows
        OfferDate.objects.create(offer=offer, starts_on=day(offset * 7))
    html = client.get(edit_url(token)).content.decode()
    last = DATE_ROWS + 1
    assert f'name="date_{last}_start" value="{day(last * 7).isoformat()}"' in html
    assert f'name="date_{last + 1}_start"' in html and f'name="date_{last + 2}_start"' not in html


def test_edit_saving_with_more_rows_keeps_every_date(client):
    offer, token = submit_offer()
    rows = {}
    for number in range(1, DATE_ROWS + 3):
        rows[f"date_{number}_start"] = day(number * 7).isoformat()
    response = client.post(edit_url(token), form_data(**rows))
    assert response.status_code == 302
    assert offer.dates.count() == DATE_ROWS + 2


def test_edit_of_published_offer_puts_dates_into_the_pending_change(client):
    offer, token = submit_offer(date_1_start=day(20).isoformat())
    services.publish_offer(offer, by=team_member())
    response = client.post(
        edit_url(token),
        form_data(date_1_start=day(20).isoformat(), date_2_start=day(40).isoformat(), venue="Ulm"),
    )
    assert response["Location"].endswith("?gespeichert=pending")
    assert list(offer.dates.values_list("starts_on", flat=True)) == [day(20)]  # live unchanged
    change = OfferChange.objects.get()
    rows = {row["field"]: row for row in services_diff(change)}
    assert rows["dates"]["label"] == "Termine"
    assert rows["dates"]["new"] == (
        f"{OfferDate(starts_on=day(20)).label}; {OfferDate(starts_on=day(40)).label}"
    )
    assert rows["venue"]["new"] == "Ulm"
    services.approve_change(change, by=team_member("zweite"))
    assert list(offer.dates.values_list("starts_on", flat=True)) == [day(20), day(40)]
    offer.refresh_from_db()
    assert offer.venue == "Ulm"


def services_diff(change):
    from offers.submission.values import diff_rows, values_of_offer

    return diff_rows(values_of_offer(change.offer), change.values)


def test_pending_change_from_before_dates_leaves_the_dates_alone():
    offer, _token = submit_offer(date_1_start=day(20).isoformat())
    services.publish_offer(offer, by=team_member())
    from offers.submission.values import values_of_offer

    old_shape = values_of_offer(offer)
    del old_shape["dates"]
    old_shape["title"] = "Neuer Titel"
    change = OfferChange.objects.create(offer=offer, values=old_shape)
    services.approve_change(change, by=team_member("zweite"))
    assert list(offer.dates.values_list("starts_on", flat=True)) == [day(20)]

"""Suchabo: subscribe, confirm, digest with only new matches, manage, unsubscribe, purge."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.http import QueryDict
from django.utils import timezone

from feedback import dsgvo
from offers.alerts import services
from offers.models import AlertFrequency, SearchAlert

from .factories import OfferFactory

pytestmark = pytest.mark.django_db
FILTERS = "?zielgruppe=fuehrungskraefte&q=Werkstatt&sortierung=titel&seite=2"


def form_data(**overrides):
    from kommune360.forms import started_token

    data = {
        "email": "leitung@kommune.example",
        "frequency": "taeglich",
        "consent": "on",
        "form_started": started_token(timezone.now().timestamp() - 30),
        "website": "",
    }
    data.update(overrides)
    return data


def link(message, name):
    urls = re.findall(r"http://\S+/abo/\S+/", message.body)
    return next(url for url in urls if url.rstrip("/").endswith(name) or name == "")


def subscribe(client, filters=FILTERS, **overrides):
    return client.post(f"/abo/neu/{filters}", form_data(**overrides))


def confirm(client):
    url = re.search(r"http://\S+/bestaetigen/", mail.outbox[-1].body).group(0)
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client.post(f"/{path}")
    assert response.status_code == 302
    return "/" + path.replace("bestaetigen/", "")


def test_alert_page_shows_the_selection_and_sets_no_state_on_the_catalogue(client, db):
    OfferFactory(title="Werkstatt Führung")
    response = client.get(f"/abo/neu/{FILTERS}")
    text = response.content.decode()
    assert "Suche: „Werkstatt“" in text and "Zielgruppe: Führungskräfte" in text
    assert "Zurzeit passen 1 Angebot." in text
    assert client.get("/angebote/").cookies == {}


def test_alert_subscribe_stores_only_filters_and_sends_only_the_confirmation(client, db):
    response = subscribe(client)
    assert response.status_code == 302 and response["Location"] == "/abo/neu/gesendet/"
    alert = SearchAlert.objects.get()
    assert alert.query == "q=Werkstatt&zielgruppe=fuehrungskraefte"  # no order, no page
    assert alert.confirmed_at is None and alert.frequency == AlertFrequency.DAILY
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Bitte bestätigen Sie Ihr Suchabo"
    assert "Suche: „Werkstatt“, Zielgruppe: Führungskräfte" in mail.outbox[0].body
    # Unconfirmed: no digest, whatever is published.
    OfferFactory(title="Werkstatt neu")
    assert services.send_digests(timezone.now() + datetime.timedelta(days=2)).sent == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": ""}, "Bitte geben Sie Ihre E-Mail-Adresse an."),
        ({"email": "keine-adresse"}, "Bitte geben Sie eine gültige E-Mail-Adresse an"),
        ({"email": "a" * 250 + "@x.de"}, "zu lang"),
        ({"frequency": "stündlich"}, "Bitte wählen Sie „täglich“ oder „wöchentlich“."),
        ({"consent": ""}, "Bitte bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben."),
        ({"website": "http://spam"}, "automatische"),
    ],
)
def test_alert_subscribe_bad_input_gets_german_message_and_keeps_input(
    client, db, overrides, message
):
    response = subscribe(client, **{"email": "<script>x</script>@kommune.example", **overrides})
    text = response.content.decode()
    assert response.status_code == 200
    assert message in text
    assert "<title>Fehler: " in text
    assert SearchAlert.objects.count() == 0 and mail.outbox == []
    if "email" not in overrides:
        assert "&lt;script&gt;x&lt;/script&gt;@kommune.example" in text


def test_alert_subscribe_twice_makes_no_second_alert(client, db):
    subscribe(client)
    subscribe(client, email="LEITUNG@kommune.example")
    assert SearchAlert.objects.count() == 1
    assert [m.subject for m in mail.outbox] == ["Bitte bestätigen Sie Ihr Suchabo"] * 2
    confirm(client)
    subscribe(client)
    assert SearchAlert.objects.count() == 1
    assert mail.outbox[-1].subject == "Ihr Suchabo bei Kommune 360°"


def test_alert_subscribe_is_rate_limited(client, db):
    codes = [subscribe(client, email=f"p{n}@kommune.example").status_code for n in range(7)]
    assert codes == [302] * 5 + [429] * 2
    assert SearchAlert.objects.count() == 5


def test_alert_confirm_needs_a_click_not_just_the_link(client, db):
    subscribe(client)
    url = re.search(r"http://\S+/bestaetigen/", mail.outbox[-1].body).group(0)
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    response = client.get(path)
    assert response.status_code == 200 and "Ja, Suchabo bestätigen" in response.content.decode()
    assert SearchAlert.objects.get().confirmed_at is None
    client.post(path)
    assert SearchAlert.objects.get().confirmed_at is not None


def test_alert_forged_or_unknown_token_is_404(client, db):
    subscribe(client)
    alert = SearchAlert.objects.get()
    assert client.get(f"/abo/{alert.key}/").status_code == 404  # the key alone is not enough
    assert client.get("/abo/x:y/bestaetigen/").status_code == 404
    assert client.get("/abo/%3Cscript%3E/").status_code == 404


def test_alert_digest_lists_only_new_matches_once(client, db):
    now = timezone.now()
    OfferFactory(title="Werkstatt alt", published_at=now - datetime.timedelta(days=3))
    subscribe(client)
    confirm(client)
    alert = SearchAlert.objects.get()
    assert (
        services.send_digests(now + datetime.timedelta(days=1, minutes=1)).sent == 0
    )  # nothing new
    alert.refresh_from_db()
    new = OfferFactory(
        title="Werkstatt neu", published_at=alert.checked_until + datetime.timedelta(hours=1)
    )
    OfferFactory(
        title="Seminar neu", published_at=alert.checked_until + datetime.timedelta(hours=1)
    )
    OfferFactory(
        title="Werkstatt für Fachkräfte",
        audiences=["fachkraefte"],
        published_at=alert.checked_until + datetime.timedelta(hours=1),
    )
    mail.outbox.clear()
    later = alert.checked_until + datetime.timedelta(days=1, hours=2)
    assert services.send_digests(later).sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("Neue Angebote: Suche: „Werkstatt“")
    assert "Werkstatt neu" in message.body
    assert "Seminar neu" not in message.body and "Fachkräfte" not in message.body
    assert "Werkstatt alt" not in message.body
    assert new.get_absolute_url() in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<http://\S+/abo/\S+/abmelden/>", message.extra_headers["List-Unsubscribe"]
    )
    # Running it again sends nothing twice, also with the command.
    assert services.send_digests(later).sent == 0
    call_command("send_alert_digests", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1


def test_alert_weekly_waits_a_week(client, db):
    subscribe(client, frequency="woechentlich")
    confirm(client)
    alert = SearchAlert.objects.get()
    OfferFactory(
        title="Werkstatt neu", published_at=alert.checked_until + datetime.timedelta(hours=1)
    )
    mail.outbox.clear()
    assert services.send_digests(alert.checked_until + datetime.timedelta(days=3)).checked == 0
    assert services.send_digests(alert.checked_until + datetime.timedelta(days=7)).sent == 1


def test_alert_manage_changes_frequency(client, db):
    subscribe(client)
    path = confirm(client)
    response = client.get(path + "?bestaetigt=1")
    assert "Ihr Suchabo ist bestätigt" in response.content.decode()
    response = client.post(path, {"frequency": "woechentlich"})
    assert (
        "Gespeichert: Sie werden ab jetzt wöchentlich benachrichtigt." in response.content.decode()
    )
    assert SearchAlert.objects.get().frequency == AlertFrequency.WEEKLY
    response = client.post(path, {"frequency": "jede Minute"})
    assert "Bitte wählen Sie „täglich“ oder „wöchentlich“." in response.content.decode()
    assert SearchAlert.objects.get().frequency == AlertFrequency.WEEKLY


def test_alert_one_click_unsubscribe_from_the_mail_header(client, db):
    subscribe(client)
    path = confirm(client)
    response = client.post(path + "abmelden/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert SearchAlert.objects.count() == 0
    # The same link again: already gone, still a friendly answer.
    assert client.get(path + "abmelden/").status_code == 200


def test_alert_unsubscribe_page_asks_once_then_deletes(client, db):
    subscribe(client)
    path = confirm(client)
    page = client.get(path + "abmelden/")
    assert "Ja, Suchabo beenden" in page.content.decode()
    assert SearchAlert.objects.count() == 1
    done = client.post(path + "abmelden/")
    assert "Suchabo beendet" in done.content.decode()
    assert SearchAlert.objects.count() == 0


def test_alert_unconfirmed_are_purged_after_three_days(client, db):
    subscribe(client)
    subscribe(client, email="bestaetigt@kommune.example")
    confirm(client)
    now = timezone.now()
    assert services.purge_unconfirmed(now + datetime.timedelta(days=2)) == 0
    assert (
        services.purge_unconfirmed(now + datetime.timedelta(days=3, minutes=1), dry_run=True) == 1
    )
    assert services.purge_unconfirmed(now + datetime.timedelta(days=3, minutes=1)) == 1
    assert list(SearchAlert.objects.values_list("email", flat=True)) == [
        "bestaetigt@kommune.example"
    ]


def test_alert_in_dsgvo_export_and_erasure(client, db, admin_user):
    subscribe(client)
    data = dsgvo.export_for_email("LEITUNG@kommune.example")
    alerts = data["bereiche"]["alerts"]["daten"]["suchabos"]
    assert alerts[0]["auswahl"] == "Suche: „Werkstatt“, Zielgruppe: Führungskräfte"
    record = dsgvo.erase_for_email("leitung@kommune.example", by=admin_user)
    assert record.counts["alerts"] == 1
    assert SearchAlert.objects.count() == 0


def test_alert_is_named_in_the_privacy_notice(client, db):
    text = client.get("/datenschutz/").content.decode()
    assert "Suchabo" in text and "3 Tagen" in text


def test_alert_subscribe_with_too_long_selection_gets_german_message(client, db):
    from urllib.parse import urlencode

    from offers.catalogue.facets import VOCABULARY_MODELS

    pairs = [
        (param, slug)
        for param, model in VOCABULARY_MODELS.items()
        for slug in model.objects.values_list("slug", flat=True)
    ]
    # Every value of every vocabulary and a long search: longer than the saved query may be.
    selection = "?" + urlencode([*pairs, ("q", "数字化" * 70)])
    assert len(services.saved_state(QueryDict(selection[1:]))[0]) > 2000
    response = subscribe(client, filters=selection)
    assert response.status_code == 200
    assert "zu umfangreich für ein Suchabo" in response.content.decode()
    assert response.context["form"]["email"].value() == "leitung@kommune.example"
    assert not SearchAlert.objects.exists()


def test_alert_with_vanished_filter_sends_nothing_rather_than_everything(client, db, caplog):
    from offers.models import Audience

    subscribe(client)
    confirm(client)
    alert = SearchAlert.objects.get()
    OfferFactory(
        title="Werkstatt neu", published_at=alert.checked_until + datetime.timedelta(hours=1)
    )
    Audience.objects.filter(slug="fuehrungskraefte").update(slug="leitungskraefte")
    mail.outbox.clear()
    report = services.send_digests(alert.checked_until + datetime.timedelta(days=1, hours=2))
    assert (report.checked, report.sent, report.stale) == (1, 0, 1)
    assert mail.outbox == []
    assert "no longer exists" in caplog.text


def test_alert_digest_leaves_offers_of_the_last_minutes_to_the_next_run(client, db):
    subscribe(client)
    confirm(client)
    alert = SearchAlert.objects.get()
    run = alert.checked_until + datetime.timedelta(days=1, hours=2)
    # Published (its transaction began) a moment before the run: it may not be committed
    # when the run queries, so this run leaves it, and the next one sends it.
    OfferFactory(title="Werkstatt knapp", published_at=run - datetime.timedelta(seconds=30))
    mail.outbox.clear()
    assert services.send_digests(run).sent == 0
    assert services.send_digests(run + datetime.timedelta(days=1)).sent == 1
    assert "Werkstatt knapp" in mail.outbox[0].body


def test_alert_command_counts_in_german_singular_and_plural(client, db):
    import io

    subscribe(client)
    confirm(client)
    out = io.StringIO()
    SearchAlert.objects.update(checked_until=timezone.now() - datetime.timedelta(days=2))
    call_command("send_alert_digests", stdout=out)
    assert out.getvalue().startswith("1 Suchabo geprüft, 0 Benachrichtigungen")

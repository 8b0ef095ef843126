"""Moderation in the admin: queue, actions with messages, pending changes, providers, links."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from offers import services
from offers.admin import waiting_label
from offers.catalogue import index
from offers.models import (
    Offer,
    OfferChange,
    OfferChangeStatus,
    OfferEditLink,
    OfferMessage,
    OfferStatus,
    OfferTransition,
    Provider,
)

from .factories import OfferFactory, ProviderFactory, search_ids
from .submission_helpers import edit_path_from, form_data, submit_offer, team_member

pytestmark = pytest.mark.django_db

OFFERS = "/verwaltung/offers/offer/"
QUEUE = "/verwaltung/offers/queuedoffer/"
PROVIDERS = "/verwaltung/offers/provider/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def team(client):
    user = team_member()
    client.force_login(user)
    client.user = user
    return client


def run_action(client, url, action, objects, **extra):
    return client.post(
        url,
        {"action": action, "_selected_action": [obj.pk for obj in objects], **extra},
        follow=True,
    )


def with_pending_change(title="Neuer Titel", **overrides):
    offer, token = submit_offer()
    services.publish_offer(offer)
    client_values = form_data(title=title, **overrides)
    from offers.submission.forms import OfferSubmissionForm
    from offers.submission.values import values_from_form

    form = OfferSubmissionForm(client_values)
    assert form.is_valid(), form.errors
    services.update_offer_from_link(offer, values_from_form(form.cleaned_data))
    mail.outbox.clear()
    return offer, token, OfferChange.objects.get(offer=offer)


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


# Queue and counts ----------------------------------------------------------------------------------


def test_waiting_label_reads_naturally():
    now = timezone.now()
    assert waiting_label(now - datetime.timedelta(minutes=5), now) == (
        "wartet seit weniger als einer Stunde"
    )
    assert waiting_label(now - datetime.timedelta(hours=1), now) == "wartet seit 1 Stunde"
    assert waiting_label(now - datetime.timedelta(hours=5), now) == "wartet seit 5 Stunden"
    assert waiting_label(now - datetime.timedelta(days=1, hours=2), now) == "wartet seit 1 Tag"
    assert waiting_label(now - datetime.timedelta(days=3), now) == "wartet seit 3 Tagen"


def test_moderation_queue_lists_waiting_offers_oldest_first_then_expired(team):
    today = timezone.localdate()
    newer = OfferFactory(title="Neu eingereicht", status=OfferStatus.SUBMITTED)
    Offer.objects.filter(pk=newer.pk).update(submitted_at=days_ago(1))
    older = OfferFactory(title="Alt eingereicht", status=OfferStatus.SUBMITTED)
    Offer.objects.filter(pk=older.pk).update(submitted_at=days_ago(3))
    changed, _token, change = with_pending_change()
    OfferChange.objects.filter(pk=change.pk).update(updated_at=days_ago(2))
    OfferFactory(title="Abgelaufen", valid_until=today - datetime.timedelta(days=4))
    OfferFactory(title="Ganz normal veröffentlicht")
    OfferFactory(title="Ein Entwurf", status=OfferStatus.DRAFT)
    OfferFactory(title="Abgelehnt", status=OfferStatus.REJECTED)

    response = team.get(QUEUE)
    assert response.status_code == 200
    rows = [offer.title for offer in response.context["cl"].result_list]
    assert rows == ["Alt eingereicht", changed.title, "Neu eingereicht", "Abgelaufen"]
    html = response.content.decode()
    assert "wartet seit 3 Tagen" in html
    assert "wartet seit 2 Tagen" in html
    assert "Änderung prüfen (alt/neu)" in html
    assert "abgelaufen seit 4 Tagen – bitte prüfen" in html


def test_moderation_queue_marks_new_providers(team):
    submit_offer()
    html = team.get(QUEUE).content.decode()
    assert "(neu – <a href=" in html


def test_moderation_queue_change_link_opens_the_offer_page(team):
    offer = OfferFactory(status=OfferStatus.SUBMITTED)
    response = team.get(f"{QUEUE}{offer.pk}/change/")
    assert response.status_code == 302
    assert response["Location"] == f"{OFFERS}{offer.pk}/change/"


def test_admin_index_shows_how_many_offers_wait(team):
    OfferFactory(status=OfferStatus.SUBMITTED)
    OfferFactory(status=OfferStatus.SUBMITTED)
    with_pending_change()
    OfferFactory(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    html = team.get("/verwaltung/").content.decode()
    assert "Angebote: Was ansteht" in html
    # The queue lists the expired offer too: the index counts what the queue lists.
    assert "<strong>4 Einträge</strong>" in html
    assert team.get(QUEUE).context["cl"].result_count == 4
    assert f'href="{QUEUE}?moderation=neu"' in html


def test_admin_index_one_waiting_offer_in_the_singular(team):
    OfferFactory(status=OfferStatus.SUBMITTED)
    html = team.get("/verwaltung/").content.decode()
    assert "<strong>1 Eintrag</strong>" in html
    assert "1 warten" not in html


def test_admin_index_counts_hidden_from_staff_without_offer_rights(client):
    user = User.objects.create_user("gast", password="pw", is_staff=True)
    client.force_login(user)
    assert "Angebote: Was ansteht" not in client.get("/verwaltung/").content.decode()


def test_offer_list_filter_lists_expired_offers_for_review(team):
    OfferFactory(title="Abgelaufen", valid_until=timezone.localdate() - datetime.timedelta(days=1))
    OfferFactory(title="Läuft noch")
    response = team.get(OFFERS + "?moderation=abgelaufen")
    assert [o.title for o in response.context["cl"].result_list] == ["Abgelaufen"]
    assert "abgelaufen – bitte prüfen" in response.content.decode()


# Actions ---------------------------------------------------------------------------------------------


def test_moderation_publish_from_queue_logs_user_and_tells_provider(team):
    offer, _token = submit_offer()
    response = run_action(team, QUEUE, "publish_selected", [offer])
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.transitions.first().by == team.user
    html = response.content.decode()
    assert "1 Angebot(e) veröffentlicht." in html
    assert "ist noch nicht freigegeben" in html  # the provider came with the submission
    assert mail.outbox[0].to == ["alex@forum-agil.example"]
    assert offer.get_absolute_url() in mail.outbox[0].body
    assert OfferMessage.objects.get().kind == OfferMessage.Kind.PUBLISHED


def test_moderation_reject_asks_for_a_reason_first(team):
    offer, _token = submit_offer()
    response = team.post(QUEUE, {"action": "reject_selected", "_selected_action": [offer.pk]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nachricht an die Anbieter:in" in html
    assert offer.title in html
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED
    # Sent without a reason: the page comes back with an error, nothing changes.
    response = run_action(team, QUEUE, "reject_selected", [offer], apply="1", message="")
    assert "errorlist" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED


def test_moderation_reject_with_reason_mails_provider_and_logs_note(team, client):
    first, first_token = submit_offer()
    second, _ = submit_offer(title="Zweites Angebot")
    response = run_action(
        team,
        QUEUE,
        "reject_selected",
        [first, second],
        apply="1",
        message="Leider passt das Angebot nicht zum Katalog.",
        note="Werbung für Software",
    )
    assert "2 Angebot(e) abgelehnt." in response.content.decode()
    for offer in (first, second):
        offer.refresh_from_db()
        assert offer.status == OfferStatus.REJECTED
        entry = offer.transitions.first()
        assert (entry.by, entry.reason) == (team.user, "Werbung für Software")
    assert len(mail.outbox) == 2
    assert "Leider passt das Angebot nicht zum Katalog." in mail.outbox[0].body
    assert "Werbung für Software" not in mail.outbox[0].body  # internal note stays internal
    page = client.get(f"/angebote/bearbeiten/{first_token}/").content.decode()
    assert "Leider passt das Angebot nicht zum Katalog." in page
    assert "Werbung für Software" not in page


def test_moderation_request_changes_sends_offer_back_with_a_fresh_link(team, client):
    offer, old_token = submit_offer()
    run_action(
        team,
        QUEUE,
        "request_changes_selected",
        [offer],
        apply="1",
        message="Bitte ergänzen Sie die Kosten.",
    )
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT
    message = mail.outbox[0]
    assert "Bitte ergänzen Sie die Kosten." in message.body
    new_path = edit_path_from(message)
    assert old_token not in new_path
    for path in (new_path, f"/angebote/bearbeiten/{old_token}/"):
        page = client.get(path)
        assert page.status_code == 200
        assert "Bitte ergänzen Sie die Kosten." in page.content.decode()
    assert OfferEditLink.objects.filter(offer=offer).count() == 2


def test_moderation_archive_action_hides_offer(team, client):
    offer = OfferFactory()
    run_action(team, OFFERS, "archive_selected", [offer])
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ARCHIVED
    assert client.get(offer.get_absolute_url()).status_code == 404


def test_moderation_illegal_move_is_an_error_message_not_a_crash(team):
    published = OfferFactory()
    response = run_action(
        team, OFFERS, "reject_selected", [published], apply="1", message="Passt nicht."
    )
    assert response.status_code == 200
    assert "kann nicht" in response.content.decode()
    published.refresh_from_db()
    assert published.status == OfferStatus.PUBLISHED
    assert not OfferMessage.objects.exists()
    assert not mail.outbox


def test_moderation_illegal_transitions_raise_in_the_service():
    offer = OfferFactory(status=OfferStatus.DRAFT)
    user = team_member()
    with pytest.raises(services.IllegalTransition):
        services.reject_offer(offer, user, "Nein")
    archived = OfferFactory(status=OfferStatus.ARCHIVED)
    with pytest.raises(services.IllegalTransition):
        services.request_changes(OfferFactory(status=OfferStatus.REJECTED), user, "Bitte")
    with pytest.raises(services.IllegalTransition):
        services.withdraw_offer(archived)
    assert not OfferTransition.objects.exists()


# Pending changes -----------------------------------------------------------------------------------------


def test_pending_change_review_shows_old_and_new_values(team):
    offer, _token, change = with_pending_change(
        title="Neuer Titel",
        topics=["beteiligung"],
        tags_text="Scrum",
        is_free="nein",
        cost_eur="120",
    )
    response = team.get(f"/verwaltung/offers/offerchange/{change.pk}/change/")
    assert response.status_code == 200
    rows = {row["field"]: (row["old"], row["new"]) for row in response.context["rows"]}
    assert rows["title"] == ("Agile Methoden für die Kommunalverwaltung", "Neuer Titel")
    assert rows["topics"] == ("Innovative Methoden", "Beteiligung")
    assert rows["tags"] == ("Kanban, Scrum", "Scrum")
    assert rows["is_free"] == ("ja", "nein")
    assert rows["cost_eur"] == ("–", "120,00 €")
    assert "summary" not in rows  # unchanged fields are left out
    html = response.content.decode()
    assert "Änderung übernehmen" in html and "Änderung ablehnen" in html


def test_pending_change_approve_updates_the_live_offer(team, client):
    offer, token, change = with_pending_change(title="Neuer Titel", topics=["beteiligung"])
    response = team.post(
        f"/verwaltung/offers/offerchange/{change.pk}/change/", {"_approve": "1"}, follow=True
    )
    assert "übernommen" in response.content.decode()
    offer.refresh_from_db()
    assert offer.title == "Neuer Titel"
    assert list(offer.topics.values_list("slug", flat=True)) == ["beteiligung"]
    assert offer.status == OfferStatus.PUBLISHED
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (OfferChangeStatus.APPROVED, team.user)
    assert "Neuer Titel" in client.get(offer.get_absolute_url()).content.decode()
    assert "übernommen" in mail.outbox[0].subject or "online" in mail.outbox[0].subject
    assert not team.get(QUEUE).context["cl"].result_list


def test_pending_change_reject_keeps_live_offer_and_tells_provider(team, client):
    offer, token, change = with_pending_change(title="Neuer Titel")
    url = f"/verwaltung/offers/offerchange/{change.pk}/change/"
    response = team.post(url, {"_reject": "1", "reason": ""}, follow=True)
    assert "Bitte schreiben Sie" in response.content.decode()
    change.refresh_from_db()
    assert change.is_open
    team.post(url, {"_reject": "1", "reason": "Der neue Titel ist zu werblich."})
    change.refresh_from_db()
    assert change.status == OfferChangeStatus.REJECTED
    offer.refresh_from_db()
    assert offer.title == "Agile Methoden für die Kommunalverwaltung"
    assert "Der neue Titel ist zu werblich." in mail.outbox[0].body
    page = client.get(f"/angebote/bearbeiten/{token}/").content.decode()
    assert "Der neue Titel ist zu werblich." in page
    # Decided is decided: a second approval is refused.
    with pytest.raises(Exception, match="schon entschieden"):
        services.approve_change(change, by=team.user)


def test_pending_change_approval_creates_a_new_provider_only_if_needed(team):
    offer, _token, change = with_pending_change(
        provider_name="Neue Trägerin", provider_email="neu@traegerin.example"
    )
    before = offer.provider
    services.approve_change(change, by=team.user)
    offer.refresh_from_db()
    assert offer.provider != before
    assert offer.provider.name == "Neue Trägerin" and not offer.provider.is_approved


def test_offer_change_page_lists_changes_messages_and_links_read_only(team):
    offer, _token, change = with_pending_change()
    html = team.get(f"{OFFERS}{offer.pk}/change/").content.decode()
    assert "Verlauf (Statuswechsel)" in html
    assert f"/verwaltung/offers/offerchange/{change.pk}/change/" in html
    assert "Private Bearbeitungslinks" in html
    assert 'name="transitions-0-reason"' not in html  # shown, not editable


# The transition log cannot be edited ------------------------------------------------------------------


def test_transition_log_cannot_be_added_changed_or_deleted_even_by_superusers(client):
    offer = OfferFactory(status=OfferStatus.SUBMITTED)
    services.publish_offer(offer)
    entry = OfferTransition.objects.get()
    admin = User.objects.create_superuser("chefin", "chefin@example.org", "pw")
    client.force_login(admin)
    base = "/verwaltung/offers/offertransition/"
    assert client.get(base).status_code == 200
    assert client.get(base + "add/").status_code == 403
    assert client.get(f"{base}{entry.pk}/delete/").status_code == 403
    response = client.post(f"{base}{entry.pk}/change/", {"reason": "gefälscht"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.reason == ""
    # The inline on the offer page offers no way to add or delete entries either.
    html = client.get(f"{OFFERS}{offer.pk}/change/").content.decode()
    assert "transitions-0-DELETE" not in html
    assert 'name="transitions-MAX_NUM_FORMS" value="0"' in html
    assert "transitions-__prefix__" not in html


# Providers ------------------------------------------------------------------------------------------


def test_provider_approve_action(team):
    pending = ProviderFactory(is_approved=False)
    run_action(team, PROVIDERS, "approve_selected", [pending])
    pending.refresh_from_db()
    assert pending.is_approved


def test_provider_merge_moves_offers_and_deletes_duplicates(team):
    keep = ProviderFactory(name="Forum Agile Verwaltung", website="")
    duplicate = ProviderFactory(
        name="Forum agile Verwaltung e.V.", is_approved=False, website="https://forum.example"
    )
    moved = OfferFactory(provider=duplicate, title="Verschobenes Angebot")
    OfferFactory(provider=keep)
    response = team.post(
        PROVIDERS, {"action": "merge_selected", "_selected_action": [keep.pk, duplicate.pk]}
    )
    assert response.status_code == 200
    assert "Welche Anbieter:in bleibt?" in response.content.decode()
    response = run_action(
        team, PROVIDERS, "merge_selected", [keep, duplicate], apply="1", keep=keep.pk
    )
    assert "1 Angebot(e) verschoben" in response.content.decode()
    moved.refresh_from_db()
    assert moved.provider == keep
    assert not Provider.objects.filter(pk=duplicate.pk).exists()
    keep.refresh_from_db()
    assert keep.website == "https://forum.example"  # filled from the duplicate
    assert keep.offers.count() == 2
    index.flush()  # as at the commit
    assert moved.pk in set(search_ids("Forum Agile Verwaltung"))


def test_provider_merge_needs_two(team):
    only = ProviderFactory()
    response = run_action(team, PROVIDERS, "merge_selected", [only])
    assert "mindestens zwei" in response.content.decode()
    assert Provider.objects.filter(pk=only.pk).exists()


# Edit links ----------------------------------------------------------------------------------------


def test_revoke_links_action_makes_the_link_404(team, client):
    offer, token = submit_offer()
    run_action(team, OFFERS, "revoke_edit_links", [offer])
    assert client.get(f"/angebote/bearbeiten/{token}/").status_code == 404
    link = OfferEditLink.objects.get()
    assert link.revoked_by == team.user


def test_revoke_single_link_in_edit_link_admin(team, client):
    offer, token = submit_offer()
    link = OfferEditLink.objects.get()
    run_action(team, "/verwaltung/offers/offereditlink/", "revoke_selected", [link])
    assert client.get(f"/angebote/bearbeiten/{token}/").status_code == 404


def test_send_new_link_action_mails_a_working_link(team, client):
    offer, token = submit_offer()
    run_action(team, OFFERS, "send_new_edit_link", [offer])
    path = edit_path_from(mail.outbox[0])
    assert token not in path
    assert client.get(path).status_code == 200
    assert client.get(f"/angebote/bearbeiten/{token}/").status_code == 200


def test_record_lists_open_with_their_filters(team):
    offer, _token, change = with_pending_change()
    for url in [
        "/verwaltung/offers/offerchange/",
        "/verwaltung/offers/offerchange/?status__exact=offen",
        "/verwaltung/offers/offereditlink/?gueltig=ja",
        "/verwaltung/offers/offereditlink/?gueltig=nein",
        "/verwaltung/offers/offermessage/",
        "/verwaltung/offers/offertransition/?to_status__exact=veroeffentlicht",
        QUEUE + "?moderation=aenderung",
        QUEUE + "?moderation=laeuft-ab",
        OFFERS + "?moderation=neu",
    ]:
        assert team.get(url).status_code == 200, url
    changes = team.get("/verwaltung/offers/offerchange/").context["cl"].result_list
    assert list(changes) == [change]
    assert team.get("/verwaltung/offers/offerchange/add/").status_code == 403
    assert team.get(f"/verwaltung/offers/offerchange/{change.pk}/delete/").status_code == 403


def test_moderation_queue_query_count_does_not_grow_with_the_queue(team):
    def queries_for_queue():
        with CaptureQueriesContext(connection) as captured:
            assert team.get(QUEUE).status_code == 200
        return len(captured)

    OfferFactory(status=OfferStatus.SUBMITTED)
    with_pending_change()
    one_each = queries_for_queue()
    for number in range(8):
        OfferFactory(status=OfferStatus.SUBMITTED, provider=ProviderFactory(is_approved=False))
        OfferFactory(valid_until=timezone.localdate() - datetime.timedelta(days=number + 1))
    assert queries_for_queue() == one_each

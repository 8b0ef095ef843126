"""Duplicate warning: a similar title from the same provider, on the form and in the queue."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offers import duplicates
from offers.models import Offer, OfferStatus
from tests.feedback.html import read_form

from .factories import OfferFactory, ProviderFactory
from .submission_helpers import SUBMIT_URL, form_data, team_member

pytestmark = pytest.mark.django_db

TITLE = "Agile Methoden für die Kommunalverwaltung"  # form_data's title
QUEUE = "/verwaltung/offers/queuedoffer/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def provider():
    # form_data() names this provider and address.
    return ProviderFactory(name="Forum Agile Kommune", email="info@forum-agil.example")


# The measure ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("Lean Coffee", "lean coffee", 1.0),
        ("Kanban-Werkstatt", "Agil im Amt", 0.0),
        ("", "Agil", 0.0),
    ],
)
def test_title_similarity_extremes(first, second, expected):
    assert duplicates.title_similarity(first, second) == expected


def test_title_similarity_ranks_near_titles_above_the_threshold():
    near = duplicates.title_similarity(TITLE, "Agile Methoden in der Kommunalverwaltung")
    far = duplicates.title_similarity(TITLE, "Netzwerke sichtbar machen")
    assert near >= duplicates.MIN_SIMILARITY > far


@pytest.mark.postgres
def test_title_similarity_equals_pg_trgm():
    titles = [
        (TITLE, "Agile Methoden in der Kommunalverwaltung"),
        ("Design Thinking für Bürgerservices", "Design Thinking für Bürgerservices (2027)"),
        ("Lean Coffee", "Lean Coffee für Führungskräfte"),
    ]
    with connection.cursor() as cursor:
        for first, second in titles:
            cursor.execute("SELECT similarity(%s, %s)", [first, second])
            assert cursor.fetchone()[0] == pytest.approx(
                duplicates.title_similarity(first, second), abs=1e-6
            )


# The service -------------------------------------------------------------------------------


def test_likely_duplicates_same_provider_similar_title_only(provider):
    same = OfferFactory(provider=provider, title="Agile Methoden in der Kommunalverwaltung")
    OfferFactory(provider=provider, title="Netzwerke sichtbar machen")
    OfferFactory(title=TITLE)  # same title, another provider
    OfferFactory(provider=provider, title=TITLE, status=OfferStatus.ARCHIVED)
    found = duplicates.likely_duplicates(TITLE, provider)
    assert [offer.pk for offer in found] == [same.pk]
    assert found[0].similarity >= duplicates.MIN_SIMILARITY


def test_likely_duplicates_without_provider_or_title_finds_nothing(provider):
    OfferFactory(provider=provider, title=TITLE)
    assert duplicates.likely_duplicates(TITLE, None) == []
    assert duplicates.likely_duplicates("  ", provider) == []


def test_duplicates_of_groups_by_offer_most_similar_first(provider):
    new = OfferFactory(provider=provider, title=TITLE, status=OfferStatus.SUBMITTED)
    close = OfferFactory(provider=provider, title="Agile Methoden für Kommunalverwaltungen")
    closer = OfferFactory(provider=provider, title="Agile Methoden für die Kommunalverwaltung!")
    alone = OfferFactory(title="Ganz allein")
    found = duplicates.duplicates_of([new, alone])
    assert [offer.pk for offer in found[new.pk]] == [closer.pk, close.pk]
    assert found[alone.pk] == []


# The form ----------------------------------------------------------------------------------


def test_submit_similar_title_same_provider_warns_and_saves_nothing(client, provider):
    existing = OfferFactory(provider=provider, title="Agile Methoden in der Kommunalverwaltung")
    response = client.post(SUBMIT_URL, form_data())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gibt es dieses Angebot schon?" in html
    assert f'href="{existing.get_absolute_url()}"' in html
    assert 'href="#id_not_a_duplicate"' in html  # in the error summary, focus goes there
    assert Offer.objects.count() == 1
    fields = read_form(html)
    assert fields["values"]["title"] == TITLE  # what was typed is kept
    assert fields["values"]["contact_email"] == "alex@forum-agil.example"


def test_submit_duplicate_confirmed_is_submitted(client, provider):
    OfferFactory(provider=provider, title="Agile Methoden in der Kommunalverwaltung")
    response = client.post(SUBMIT_URL, form_data(not_a_duplicate="on"))
    assert response.status_code == 302
    assert Offer.objects.filter(title=TITLE, status=OfferStatus.SUBMITTED).exists()


def test_submit_warning_does_not_show_unpublished_titles(client, provider):
    OfferFactory(
        provider=provider,
        title="Agile Methoden in der Kommunalverwaltung (Entwurf)",
        status=OfferStatus.SUBMITTED,
    )
    html = client.post(SUBMIT_URL, form_data()).content.decode()
    assert "Gibt es dieses Angebot schon?" in html
    assert "1 ähnliches Angebot, das noch nicht veröffentlicht ist" in html
    assert "(Entwurf)" not in html


def test_submit_other_provider_or_other_title_no_warning(client, provider):
    OfferFactory(title=TITLE)
    OfferFactory(provider=provider, title="Netzwerke sichtbar machen")
    response = client.post(SUBMIT_URL, form_data())
    assert response.status_code == 302


def test_submit_confirmation_kept_after_another_error(client, provider):
    OfferFactory(provider=provider, title="Agile Methoden in der Kommunalverwaltung")
    response = client.post(SUBMIT_URL, form_data(not_a_duplicate="on", contact_email="kaputt"))
    assert response.status_code == 200
    assert read_form(response.content.decode())["checked"]["not_a_duplicate"] == ["on"]


def test_edit_form_has_no_duplicate_question(client, provider):
    from .submission_helpers import submit_offer

    _offer, token = submit_offer()
    html = client.get(f"/angebote/bearbeiten/{token}/").content.decode()
    assert "not_a_duplicate" not in html


# The moderation queue -------------------------------------------------------------------------


def test_queue_names_likely_duplicate(client, provider):
    existing = OfferFactory(provider=provider, title="Agile Methoden in der Kommunalverwaltung")
    new = OfferFactory(provider=provider, title=TITLE, status=OfferStatus.SUBMITTED)
    OfferFactory(title="Etwas ganz anderes", status=OfferStatus.SUBMITTED)
    client.force_login(team_member())
    html = client.get(QUEUE).content.decode()
    assert "Mögliches Doppel" in html
    row = html[html.index(f"/verwaltung/offers/offer/{new.pk}/change/") :]
    row = row[: row.index("</tr>")]
    assert f"/verwaltung/offers/offer/{existing.pk}/change/" in row


def test_queue_query_count_does_not_grow_with_duplicates(client, provider):
    client.force_login(team_member())
    OfferFactory(provider=provider, title=TITLE, status=OfferStatus.SUBMITTED)
    client.get(QUEUE)  # warm up the session and content types
    with CaptureQueriesContext(connection) as one:
        client.get(QUEUE)
    for number in range(8):
        other = ProviderFactory()
        OfferFactory(provider=other, title=f"Kurs {number}", status=OfferStatus.SUBMITTED)
        OfferFactory(provider=other, title=f"Kurs {number}!")
    with CaptureQueriesContext(connection) as many:
        assert client.get(QUEUE).status_code == 200
    assert len(many) <= len(one)


# The offer's own admin page -------------------------------------------------------------------


def test_offer_admin_page_names_likely_duplicate_with_link(client, provider):
    existing = OfferFactory(provider=provider, title="Agile Methoden in der Kommunalverwaltung")
    new = OfferFactory(provider=provider, title=TITLE, status=OfferStatus.SUBMITTED)
    OfferFactory(provider=provider, title="Etwas ganz anderes")
    client.force_login(team_member())
    response = client.get(f"/verwaltung/offers/offer/{new.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    field = html[html.index("Mögliches Doppel") :]
    field = field[: field.index("</div>\n")]
    assert f'href="/verwaltung/offers/offer/{existing.pk}/change/"' in field
    assert "Agile Methoden in der Kommunalverwaltung</a> (veröffentlicht)" in field
    assert "Etwas ganz anderes" not in html


def test_offer_admin_page_without_duplicate_says_so(client, provider):
    offer = OfferFactory(provider=provider, title=TITLE, status=OfferStatus.SUBMITTED)
    client.force_login(team_member())
    html = client.get(f"/verwaltung/offers/offer/{offer.pk}/change/").content.decode()
    field = html[html.index("Mögliches Doppel") :]
    assert '<div class="readonly">–</div>' in field[:300]
    assert client.get("/verwaltung/offers/offer/add/").status_code == 200

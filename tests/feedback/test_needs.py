"""Mitdenken kind "Bedarf melden": the form, the service, moderation, privacy and the
counts the coverage table on /leerstellen/ shows."""

import pytest
from django.core import mail

from feedback import privacy, services
from feedback.models import Contribution, ContributionKind, ContributionStatus, Need
from feedback.selectors import needs_by_gap_and_audience
from feedback.views import RATE_LIMIT
from offers.models import Audience, Topic
from tests.feedback.factories import ContributionFactory, gap, team_member
from tests.feedback.html import read_form
from tests.feedback.test_form import URL, valid_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def need_data(**overrides):
    return valid_data(
        **{
            "kind": ContributionKind.NEED,
            "gap": "kommunalpolitik",
            "need_audience": "kommunalpolitiker-innen",
            "need_topic": "beteiligung",
            "text": "Eine kurze digitale Einführung in Jugendhilfeplanung für Ratsmitglieder.",
            **overrides,
        }
    )


def make_need(gap_slug="kommunalpolitik", audience="kommunalpolitiker-innen", **kwargs):
    contribution = ContributionFactory(kind=ContributionKind.NEED, gap=gap(gap_slug), **kwargs)
    return Need.objects.create(
        contribution=contribution, audience=Audience.objects.get(slug=audience)
    )


# The form -------------------------------------------------------------------------------


def test_need_form_offers_the_kind_and_its_fields(client):
    html = client.get(URL).content.decode()
    assert "Bedarf melden: Ihnen fehlt ein Angebot" in html
    assert 'id="bedarf"' in html and 'name="need_audience"' in html
    assert 'name="need_topic"' in html


def test_need_form_valid_stores_need_and_queues_mails(client):
    response = client.post(URL, need_data())
    assert response.status_code == 302
    assert response["Location"] == "/mitdenken/danke/?art=bedarf"
    contribution = Contribution.objects.get()
    assert contribution.kind == ContributionKind.NEED
    assert contribution.gap.slug == "kommunalpolitik"
    assert contribution.need.audience.slug == "kommunalpolitiker-innen"
    assert contribution.need.topic.slug == "beteiligung"
    team_mail = next(m for m in mail.outbox if "Neuer Beitrag" in m.subject)
    assert "Bedarf melden" in team_mail.subject
    assert "Fehlt für Zielgruppe: Kommunalpolitiker:innen" in team_mail.body


def test_need_form_topic_is_optional(client):
    assert client.post(URL, need_data(need_topic="")).status_code == 302
    assert Need.objects.get().topic is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("need_audience", "", "Bitte wählen Sie, für welche Zielgruppe das Angebot fehlt."),
        ("need_audience", "gibt-es-nicht", "Diese Zielgruppe gibt es nicht."),
        ("need_topic", "<script>", "Dieses Themenfeld gibt es nicht."),
        ("gap", "", "Bitte wählen Sie die Leerstelle, zu der das fehlende Angebot"),
        ("text", "", "Bitte schreiben Sie uns Ihren Beitrag."),
    ],
)
def test_need_form_bad_input_german_error_nothing_saved(client, field, value, message):
    response = client.post(URL, need_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'href="#id_{field}' in html
    assert not Contribution.objects.exists() and not Need.objects.exists()
    assert not mail.outbox


def test_need_form_error_keeps_what_was_typed(client):
    response = client.post(URL, need_data(need_audience="", email="kaputt"))
    fields = read_form(response.content.decode())
    assert fields["selected"]["need_topic"] == "beteiligung"
    assert fields["selected"]["gap"] == "kommunalpolitik"
    assert fields["values"]["email"] == "kaputt"
    assert fields["textareas"]["text"].startswith("Eine kurze digitale Einführung")


def test_need_fields_ignored_for_other_kinds(client):
    data = need_data(kind=ContributionKind.HINT)
    assert client.post(URL, data).status_code == 302
    assert Contribution.objects.get().kind == ContributionKind.HINT
    assert not Need.objects.exists()


def test_need_form_prefilled_from_coverage_link(client):
    response = client.get(URL, {"art": "bedarf", "zielgruppe": "fachkraefte"})
    fields = read_form(response.content.decode())
    assert fields["selected"]["need_audience"] == "fachkraefte"
    assert fields["checked"]["kind"] == ["bedarf"]


def test_need_form_prefill_ignores_unknown_audience(client):
    response = client.get(URL, {"art": "bedarf", "zielgruppe": "x<y"})
    assert response.status_code == 200
    assert read_form(response.content.decode())["selected"].get("need_audience", "") == ""


def test_need_form_over_rate_limit_gets_429_and_keeps_text(client):
    for _ in range(RATE_LIMIT):
        assert client.post(URL, need_data()).status_code == 302
    response = client.post(URL, need_data(text="Mein sechster Bedarf"))
    assert response.status_code == 429
    assert "Mein sechster Bedarf" in response.content.decode()
    assert Need.objects.count() == RATE_LIMIT


# The counts ------------------------------------------------------------------------------


def test_needs_by_gap_and_audience_counts_all_but_archived():
    make_need()
    make_need(status=ContributionStatus.PUBLISHED, public_opt_in=True)
    make_need(status=ContributionStatus.ANSWERED)
    make_need(status=ContributionStatus.ARCHIVED)  # spam or a duplicate: left out
    make_need(gap_slug="innovative-arbeitsweisen", audience="fachkraefte")
    ContributionFactory(kind=ContributionKind.HINT, gap=gap("kommunalpolitik"))
    kp = gap("kommunalpolitik")
    politicians = Audience.objects.get(slug="kommunalpolitiker-innen")
    counts = needs_by_gap_and_audience()
    assert counts[(kp.pk, politicians.pk)] == 3
    specialists = Audience.objects.get(slug="fachkraefte")
    assert counts[(gap().pk, specialists.pk)] == 1
    assert len(counts) == 2


def test_needs_anonymised_after_retention_are_not_counted():
    from django.utils import timezone

    make_need(status=ContributionStatus.PUBLISHED, public_opt_in=True, anonymised_at=timezone.now())
    assert needs_by_gap_and_audience() == {}


def test_needs_without_gap_are_not_counted():
    contribution = ContributionFactory(kind=ContributionKind.NEED, gap=None)
    Need.objects.create(contribution=contribution, audience=Audience.objects.first())
    assert needs_by_gap_and_audience() == {}


# Moderation and privacy --------------------------------------------------------------------


def test_need_moderation_publish_needs_opt_in_like_other_kinds():
    need = make_need()
    with pytest.raises(services.IllegalTransition):
        services.set_status(need.contribution, ContributionStatus.PUBLISHED)
    services.set_status(need.contribution, ContributionStatus.ARCHIVED)
    assert needs_by_gap_and_audience() == {}


def test_need_anonymised_keeps_audience_and_topic_but_no_personal_data():
    need = make_need(email="rat@stadt.example", name="Ratsmitglied")
    need.topic = Topic.objects.get(slug="beteiligung")
    need.save()
    assert privacy.erase_for_email("rat@stadt.example") == 1
    need.refresh_from_db()
    contribution = need.contribution
    contribution.refresh_from_db()
    assert contribution.email == "" and contribution.name == "" and contribution.text == ""
    assert need.audience.slug == "kommunalpolitiker-innen" and need.topic.slug == "beteiligung"


def test_need_export_names_audience_and_topic():
    need = make_need(email="rat@stadt.example")
    exported = privacy.export_for_email("rat@stadt.example")["contributions"][0]
    assert exported["art"] == "Bedarf melden"
    assert exported["bedarf"] == {"zielgruppe": need.audience.name, "themenfeld": None}


def test_need_admin_shows_and_changes_audience(client):
    client.force_login(team_member())
    need = make_need()
    url = f"/verwaltung/feedback/contribution/{need.contribution.pk}/change/"
    html = client.get(url).content.decode()
    assert "Bedarf: für wen und in welchem Themenfeld" in html
    other = ContributionFactory()
    assert (
        "Bedarf: für wen"
        not in client.get(f"/verwaltung/feedback/contribution/{other.pk}/change/").content.decode()
    )
    contribution = need.contribution
    data = {
        "gap": contribution.gap.pk,
        "offer": "",
        "internal_note": "",
        "public_answer": "",
        "target_status": contribution.status,
        "need-TOTAL_FORMS": "1",
        "need-INITIAL_FORMS": "1",
        "need-MIN_NUM_FORMS": "0",
        "need-MAX_NUM_FORMS": "1",
        "need-0-id": need.pk,
        "need-0-contribution": contribution.pk,
        "need-0-audience": Audience.objects.get(slug="fachkraefte").pk,
        "need-0-topic": "",
        "replies-TOTAL_FORMS": "0",
        "replies-INITIAL_FORMS": "0",
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    need.refresh_from_db()
    assert need.audience.slug == "fachkraefte"


def test_summary_gives_every_kind_its_own_colour():
    from feedback.summary import PALETTE

    assert len(PALETTE) >= len(ContributionKind)
    assert len(set(PALETTE[: len(ContributionKind)])) == len(ContributionKind)


def test_need_thanks_page_says_the_need_is_counted(client):
    html = client.get("/mitdenken/danke/?art=bedarf").content.decode()
    assert "Ihren Bedarf zählen wir" in html
    assert "Ihren Bedarf zählen wir" not in client.get("/mitdenken/danke/").content.decode()

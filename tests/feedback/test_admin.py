"""The team's admin: inbox, moderation through the service, replies, pipeline, index, summary."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.utils import timezone

from feedback.models import (
    ContributionReply,
    ContributionStatus,
    ContributionTransition,
    CooperationRequest,
    CooperationStatus,
)
from tests.feedback.factories import (
    ContributionFactory,
    CooperationRequestFactory,
    gap,
    team_member,
)

pytestmark = pytest.mark.django_db
S = ContributionStatus
CHANGELIST = "/verwaltung/feedback/contribution/"


@pytest.fixture
def team(client):
    user = team_member()
    client.force_login(user)
    return user


def change_url(contribution):
    return f"{CHANGELIST}{contribution.pk}/change/"


def change_form_data(contribution, **overrides):
    data = {
        "gap": contribution.gap.pk if contribution.gap else "",
        "offer": contribution.offer.pk if contribution.offer else "",
        "internal_note": contribution.internal_note,
        "public_answer": contribution.public_answer,
        "target_status": contribution.status,
        "replies-TOTAL_FORMS": "0",
        "replies-INITIAL_FORMS": "0",
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_team_group_has_exactly_the_feedback_permissions():
    codenames = set(
        Group.objects.get(name="Initiativteam")
        .permissions.filter(content_type__app_label="feedback")
        .values_list("codename", flat=True)
    )
    assert codenames == {
        "view_contribution",
        "change_contribution",
        "view_cooperationrequest",
        "change_cooperationrequest",
        "add_contributionreply",
        "view_contributionreply",
        "view_need",
        "change_need",
    }


def test_inbox_lists_new_first_then_newest(client, team):
    now = timezone.now()
    old_new = ContributionFactory(text="alt und neu", created_at=now - datetime.timedelta(days=9))
    recent_done = ContributionFactory(text="frisch in Bearbeitung", status=S.IN_PROGRESS)
    fresh_new = ContributionFactory(
        text="frisch und neu", created_at=now - datetime.timedelta(days=1)
    )
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert listed == [fresh_new, old_new, recent_done]


@pytest.mark.parametrize(
    ("query", "expected_text"),
    [
        ("kind__exact=widerspruch", "Widerspruch-Text"),
        ("role__exact=anbieter", "Anbieter-Text"),
        ("status__exact=beantwortet", "Beantwortet-Text"),
        ("q=suchwort", "Such-Text suchwort"),
    ],
)
def test_inbox_filters_and_search(client, team, query, expected_text):
    ContributionFactory(kind="widerspruch", text="Widerspruch-Text")
    ContributionFactory(role="anbieter", text="Anbieter-Text")
    ContributionFactory(status=S.ANSWERED, text="Beantwortet-Text")
    ContributionFactory(text="Such-Text suchwort")
    response = client.get(f"{CHANGELIST}?{query}")
    assert [c.text for c in response.context["cl"].result_list] == [expected_text]


def test_inbox_filter_by_gap(client, team):
    wanted = ContributionFactory(gap=gap("kommunalpolitik"))
    ContributionFactory(gap=gap())
    response = client.get(f"{CHANGELIST}?gap__id__exact={wanted.gap.pk}")
    assert list(response.context["cl"].result_list) == [wanted]


def test_team_cannot_add_or_delete_contributions(client, team):
    contribution = ContributionFactory()
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.get(f"{CHANGELIST}{contribution.pk}/delete/").status_code == 403


def test_change_form_publishes_through_service(client, team):
    contribution = ContributionFactory(public_opt_in=True)
    response = client.post(
        change_url(contribution),
        change_form_data(
            contribution,
            target_status=S.PUBLISHED,
            public_answer="Danke für den Hinweis!",
            internal_note="Mit Referat 3 besprechen",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    contribution.refresh_from_db()
    assert contribution.status == S.PUBLISHED
    assert contribution.public_answer == "Danke für den Hinweis!"
    assert contribution.internal_note == "Mit Referat 3 besprechen"
    transition = ContributionTransition.objects.get()
    assert (transition.to_status, transition.by) == (S.PUBLISHED, team)


def test_change_form_publish_without_opt_in_shows_error(client, team):
    contribution = ContributionFactory(public_opt_in=False)
    response = client.post(
        change_url(contribution),
        change_form_data(contribution, target_status=S.PUBLISHED, internal_note="neu"),
    )
    assert response.status_code == 200
    assert "nicht zugestimmt" in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.status == S.NEW
    assert contribution.internal_note == ""


def test_change_form_author_fields_are_read_only(client, team):
    contribution = ContributionFactory(public_opt_in=False, name="Original")
    client.post(
        change_url(contribution),
        change_form_data(contribution, name="Geändert", public_opt_in="on", email="x@y.de"),
    )
    contribution.refresh_from_db()
    assert contribution.name == "Original"
    assert contribution.public_opt_in is False


def test_change_form_shows_reply_button_and_internal_note_label(client, team):
    contribution = ContributionFactory()
    html = client.get(change_url(contribution)).content.decode()
    assert f"{CHANGELIST}{contribution.pk}/antworten/" in html
    assert "Interne Notiz" in html and "Öffentliche Antwort des Initiativteams" in html


def test_publish_action_publishes_only_opted_in(client, team):
    allowed = ContributionFactory(public_opt_in=True)
    refused = ContributionFactory(public_opt_in=False)
    response = client.post(
        CHANGELIST,
        {"action": "set_status_veroeffentlicht", "_selected_action": [allowed.pk, refused.pk]},
        follow=True,
    )
    allowed.refresh_from_db()
    refused.refresh_from_db()
    assert allowed.status == S.PUBLISHED
    assert refused.status == S.NEW
    assert "nicht zugestimmt" in response.content.decode()


def test_reply_view_sends_and_records(client, team):
    contribution = ContributionFactory(email="autorin@example.org")
    url = f"{CHANGELIST}{contribution.pk}/antworten/"
    page = client.get(url)
    assert page.status_code == 200
    assert "autorin@example.org" in page.content.decode()
    response = client.post(url, {"subject": "Ihre Frage", "body": "Vielen Dank!"})
    assert response.status_code == 302
    reply = ContributionReply.objects.get()
    assert (reply.sent_by, reply.subject, reply.body) == (team, "Ihre Frage", "Vielen Dank!")
    assert mail.outbox[0].to == ["autorin@example.org"]
    contribution.refresh_from_db()
    assert contribution.status == S.ANSWERED
    assert "Ihre Frage" in client.get(change_url(contribution)).content.decode()


def test_reply_view_subject_line_breaks_removed(client, team):
    contribution = ContributionFactory()
    client.post(
        f"{CHANGELIST}{contribution.pk}/antworten/",
        {"subject": "Hallo\r\nBcc: evil@example.org", "body": "Text"},
    )
    assert mail.outbox[0].subject == "HalloBcc: evil@example.org"
    assert mail.outbox[0].bcc == []


def test_reply_view_empty_body_refused(client, team):
    contribution = ContributionFactory()
    response = client.post(
        f"{CHANGELIST}{contribution.pk}/antworten/", {"subject": "x", "body": ""}
    )
    assert response.status_code == 200
    assert not ContributionReply.objects.exists() and not mail.outbox


def test_reply_view_without_permission_forbidden(client):
    user = User.objects.create_user("viewer", is_staff=True)
    client.force_login(user)
    contribution = ContributionFactory()
    response = client.post(
        f"{CHANGELIST}{contribution.pk}/antworten/", {"subject": "x", "body": "y"}
    )
    assert response.status_code == 403
    assert not mail.outbox


def test_reply_view_unknown_contribution_404(client, team):
    assert client.get(f"{CHANGELIST}999999/antworten/").status_code == 404


def test_reply_records_cannot_be_deleted_by_team(client, team):
    reply = ContributionReply.objects.create(
        contribution=ContributionFactory(), subject="s", body="b"
    )
    assert not team.has_perm("feedback.delete_contributionreply")
    assert client.get(f"/verwaltung/feedback/contributionreply/{reply.pk}/delete/").status_code in {
        403,
        404,
    }


def test_cooperation_admin_moves_pipeline_and_records_activity(client, team):
    cooperation = CooperationRequestFactory()
    before = cooperation.contribution.last_activity_at
    url = f"/verwaltung/feedback/cooperationrequest/{cooperation.pk}/change/"
    response = client.post(
        url,
        {
            "status": CooperationStatus.IN_TALKS,
            "assignee": team.pk,
            "next_step": "Anrufen",
            "next_step_due": "2030-01-15",
        },
    )
    assert response.status_code == 302
    cooperation.refresh_from_db()
    assert cooperation.status == CooperationStatus.IN_TALKS
    assert cooperation.assignee == team
    assert cooperation.next_step_due == datetime.date(2030, 1, 15)
    cooperation.contribution.refresh_from_db()
    assert cooperation.contribution.last_activity_at > before


def test_cooperation_admin_date_without_next_step_refused(client, team):
    cooperation = CooperationRequestFactory()
    response = client.post(
        f"/verwaltung/feedback/cooperationrequest/{cooperation.pk}/change/",
        {"status": "neu", "assignee": "", "next_step": "", "next_step_due": "2030-01-15"},
    )
    assert response.status_code == 200
    assert "nächsten Schritt" in response.content.decode()


def test_cooperation_admin_assignee_only_staff(client, team):
    User.objects.create_user("extern", is_staff=False)
    cooperation = CooperationRequestFactory()
    form = (
        client.get(f"/verwaltung/feedback/cooperationrequest/{cooperation.pk}/change/")
        .context["adminform"]
        .form
    )
    assert [u.username for u in form.fields["assignee"].queryset] == ["team"]


def test_cooperation_overdue_filter(client, team):
    today = timezone.localdate()
    overdue = CooperationRequestFactory(
        next_step="x", next_step_due=today - datetime.timedelta(days=1)
    )
    CooperationRequestFactory(next_step="x", next_step_due=today + datetime.timedelta(days=1))
    CooperationRequestFactory(
        status=CooperationStatus.AGREED,
        next_step="x",
        next_step_due=today - datetime.timedelta(days=5),
    )
    response = client.get("/verwaltung/feedback/cooperationrequest/?faellig=ueberfaellig")
    assert list(response.context["cl"].result_list) == [overdue]


def test_admin_index_shows_open_and_overdue_counts(client, team):
    today = timezone.localdate()
    ContributionFactory.create_batch(3)
    CooperationRequestFactory(next_step="x", next_step_due=today - datetime.timedelta(days=2))
    CooperationRequestFactory(status=CooperationStatus.IN_TALKS)
    CooperationRequestFactory(status=CooperationStatus.DECLINED)
    html = client.get("/verwaltung/").content.decode()
    block = html[html.index('id="feedback-counts"') :]
    numbers = re.findall(
        r"<th scope=\"row\"><a href=\"[^\"]+\">([^<]+)</a></th>\s*<td>(?:<strong>)?(\d+)", block
    )
    assert dict(numbers) == {
        "Neue Beiträge": "6",  # three plus the three cooperation requests' contributions
        "Offene Kooperationsanfragen": "2",
        "Überfällige nächste Schritte": "1",
    }


def test_admin_index_without_feedback_permissions_hides_counts(client):
    user = User.objects.create_user("other", is_staff=True)
    client.force_login(user)
    assert 'id="feedback-counts"' not in client.get("/verwaltung/").content.decode()


def test_summary_page_shows_table_and_svg_chart(client, team):
    now = timezone.now()
    ContributionFactory(kind="hinweis", gap=gap())
    ContributionFactory(kind="hinweis", gap=None)
    ContributionFactory(kind="widerspruch", gap=gap(), created_at=now - datetime.timedelta(days=40))
    response = client.get(f"{CHANGELIST}uebersicht/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<rect" in html and 'role="img"' in html
    assert "<script" not in html.split('id="content"')[1]
    assert 'style="' not in html.split('id="content"')[1]
    by_kind = response.context["by_kind"]
    assert by_kind.total == 3
    assert {s.key: s.total for s in by_kind.series}["hinweis"] == 2
    by_gap = response.context["by_gap"]
    assert {s.label: s.total for s in by_gap.series}["Innovative Arbeitsweisen"] == 2
    assert {s.label: s.total for s in by_gap.series}["ohne Bezug zu einer Leerstelle"] == 1
    assert by_kind.rows[-1][2] == 2  # this month
    # Coordinates are SVG lengths, never localised decimals like "224,0".
    charts = "".join(re.findall(r'<figure class="summary-chart">.*?</figure>', html, re.S))
    svg_numbers = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', charts)
    assert svg_numbers
    assert [n for n in svg_numbers if not re.fullmatch(r"-?\d+(\.\d+)?", n)] == []


@pytest.mark.parametrize("months", ["abc", "-1", "9999", ""])
def test_summary_page_bad_period_falls_back(client, team, months):
    response = client.get(f"{CHANGELIST}uebersicht/", {"monate": months})
    assert response.status_code == 200
    assert response.context["months"] == 12


def test_summary_page_requires_staff(client):
    response = client.get(f"{CHANGELIST}uebersicht/")
    assert response.status_code == 302 and "/verwaltung/login/" in response["Location"]


def test_contribution_cooperation_link_in_change_form(client, team):
    cooperation = CooperationRequestFactory()
    html = client.get(change_url(cooperation.contribution)).content.decode()
    assert f"/verwaltung/feedback/cooperationrequest/{cooperation.pk}/change/" in html
    assert CooperationRequest.objects.count() == 1


def test_change_form_gap_choice_offers_no_gap_editing(client, team):
    contribution = ContributionFactory(gap=gap())
    html = client.get(change_url(contribution)).content.decode()
    assert 'name="gap"' in html
    for action in ("add", "change", "delete", "view"):
        assert f'id="{action}_id_gap"' not in html


def test_inbox_query_count_does_not_grow(client, team, django_assert_max_num_queries):
    ContributionFactory(gap=gap())
    with django_assert_max_num_queries(30) as one:
        client.get(CHANGELIST)
    ContributionFactory.create_batch(25, gap=gap("kommunalpolitik"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(CHANGELIST)


def test_change_form_shows_author_text_escaped(client, team):
    contribution = ContributionFactory(text="<script>alert(1)</script>\nZeile 2")
    html = client.get(change_url(contribution)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Zeile 2" in html


DSGVO_PAGES = [
    "/verwaltung/feedback/erasurerecord/",
    "/verwaltung/feedback/erasurerecord/auskunft/",
    "/verwaltung/feedback/erasurerecord/loeschen/",
]


def test_privacy_group_answers_dsgvo_requests_without_being_superuser(client):
    user = User.objects.create_user("datenschutz", password="x" * 12, is_staff=True)
    user.groups.add(Group.objects.get(name="Datenschutz"))
    client.force_login(user)
    for url in DSGVO_PAGES:
        assert client.get(url).status_code == 200, url
    ContributionFactory(email="auskunft@kommune.example")
    response = client.post(DSGVO_PAGES[1], {"email": "auskunft@kommune.example"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_team_member_without_the_privacy_group_gets_no_dsgvo_pages(client, team):
    client.force_login(team)
    for url in DSGVO_PAGES[1:]:
        assert client.get(url).status_code == 403, url

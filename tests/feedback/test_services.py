"""Moderation rules: every status change goes through services.set_status."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from feedback import services
from feedback.models import (
    ContributionReply,
    ContributionStatus,
    ContributionTransition,
    CooperationRequest,
)
from tests.feedback.factories import ContributionFactory, team_member

pytestmark = pytest.mark.django_db
S = ContributionStatus


def test_set_status_publish_with_opt_in_stamps_and_logs():
    contribution = ContributionFactory(public_opt_in=True)
    user = team_member()
    transition = services.set_status(contribution, S.PUBLISHED, by=user)
    contribution.refresh_from_db()
    assert contribution.status == S.PUBLISHED
    assert contribution.published_at is not None
    assert (transition.from_status, transition.to_status, transition.by) == (
        S.NEW,
        S.PUBLISHED,
        user,
    )


def test_set_status_publish_without_opt_in_raises_and_changes_nothing():
    contribution = ContributionFactory(public_opt_in=False)
    with pytest.raises(services.IllegalTransition, match="nicht zugestimmt"):
        services.set_status(contribution, S.PUBLISHED, by=team_member())
    contribution.refresh_from_db()
    assert contribution.status == S.NEW
    assert contribution.published_at is None
    assert not ContributionTransition.objects.exists()


def test_set_status_publish_without_text_raises():
    contribution = ContributionFactory(public_opt_in=True, text="  ")
    with pytest.raises(services.IllegalTransition):
        services.set_status(contribution, S.PUBLISHED)


def test_set_status_uses_stored_opt_in_not_instance_in_memory():
    contribution = ContributionFactory(public_opt_in=False)
    contribution.public_opt_in = True  # a stale or tampered instance must not help
    with pytest.raises(services.IllegalTransition):
        services.set_status(contribution, S.PUBLISHED)


@pytest.mark.parametrize(
    ("start", "target"),
    [(S.PUBLISHED, S.NEW), (S.IN_PROGRESS, S.NEW), (S.NEW, S.NEW), (S.PUBLISHED, S.IN_PROGRESS)],
)
def test_set_status_illegal_move_raises(start, target):
    contribution = ContributionFactory(status=start, public_opt_in=True)
    with pytest.raises(services.IllegalTransition):
        services.set_status(contribution, target)


def test_set_status_user_without_permission_denied():
    outsider = User.objects.create_user("outsider", is_staff=True)
    contribution = ContributionFactory(public_opt_in=True)
    with pytest.raises(PermissionDenied):
        services.set_status(contribution, S.PUBLISHED, by=outsider)
    contribution.refresh_from_db()
    assert contribution.status == S.NEW


def test_set_status_unpublish_keeps_first_published_at():
    contribution = ContributionFactory(published=True)
    services.set_status(contribution, S.ARCHIVED)
    contribution.refresh_from_db()
    assert contribution.status == S.ARCHIVED
    assert contribution.published_at is not None


def test_send_reply_sends_records_and_marks_answered(settings):
    settings.TEAM_EMAIL = "team@test.example"
    contribution = ContributionFactory(email="autor@example.org")
    user = team_member()
    reply = services.send_reply(
        contribution, subject="Danke", body="Hallo <b>du</b>\nZeile 2", by=user
    )
    assert (reply.sent_by, reply.subject, reply.body) == (user, "Danke", "Hallo <b>du</b>\nZeile 2")
    [message] = mail.outbox
    assert message.to == ["autor@example.org"] and message.subject == "Danke"
    assert message.reply_to == ["team@test.example"]
    assert "Hallo <b>du</b>" in message.body
    assert "Hallo &lt;b&gt;du&lt;/b&gt;<br>Zeile 2" in message.alternatives[0][0]
    contribution.refresh_from_db()
    assert contribution.status == S.ANSWERED


def test_send_reply_published_stays_published():
    contribution = ContributionFactory(published=True)
    services.send_reply(contribution, subject="Danke", body="Text", by=team_member())
    contribution.refresh_from_db()
    assert contribution.status == S.PUBLISHED


def test_send_reply_without_permission_denied():
    outsider = User.objects.create_user("outsider", is_staff=True)
    with pytest.raises(PermissionDenied):
        services.send_reply(ContributionFactory(), subject="x", body="y", by=outsider)
    assert not mail.outbox and not ContributionReply.objects.exists()


def test_send_reply_mail_rendering_fails_records_nothing(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template broken")

    monkeypatch.setattr("kommune360.mail.render_to_string", broken)
    contribution = ContributionFactory()
    with pytest.raises(RuntimeError):
        services.send_reply(contribution, subject="x", body="y", by=team_member())
    assert not ContributionReply.objects.exists()
    contribution.refresh_from_db()
    assert contribution.status == S.NEW


def test_send_reply_to_anonymised_contribution_refused():
    contribution = ContributionFactory(email="")
    with pytest.raises(ValidationError, match="keine E-Mail-Adresse"):
        services.send_reply(contribution, subject="x", body="y", by=team_member())


def test_anonymise_full_keeps_only_statistics():
    contribution = ContributionFactory(
        published=True,
        name="Ada",
        public_name="mit-namen",
        public_answer="Antwort",
        internal_note="Notiz",
        kind="kooperation",
    )
    CooperationRequest.objects.create(
        contribution=contribution, organisation_type="stiftung", offer_or_seek="x", phone="030 1"
    )
    ContributionReply.objects.create(contribution=contribution, subject="s", body="b")
    services.anonymise_contribution(contribution, keep_public=False, reason="Test")
    contribution.refresh_from_db()
    assert contribution.status == S.ARCHIVED
    assert (contribution.name, contribution.email, contribution.organisation) == ("", "", "")
    assert (contribution.text, contribution.public_answer, contribution.internal_note) == (
        "",
        "",
        "",
    )
    assert contribution.public_opt_in is False
    assert contribution.anonymised_at is not None
    assert contribution.kind == "kooperation" and contribution.gap_id == contribution.gap_id
    assert not contribution.replies.exists()
    cooperation = CooperationRequest.objects.get()
    assert (cooperation.offer_or_seek, cooperation.phone) == ("", "")
    assert ContributionTransition.objects.filter(to_status=S.ARCHIVED, by=None).exists()


@pytest.mark.parametrize(("shown_as", "kept_name"), [("mit-namen", "Ada"), ("anonym", "")])
def test_anonymise_keep_public_keeps_allowed_name_only(shown_as, kept_name):
    contribution = ContributionFactory(
        published=True, name="Ada", public_name=shown_as, public_answer="Antwort", text="Text"
    )
    services.anonymise_contribution(contribution, keep_public=True, reason="Frist")
    contribution.refresh_from_db()
    assert contribution.status == S.PUBLISHED
    assert contribution.name == kept_name
    assert (contribution.email, contribution.organisation, contribution.internal_note) == (
        "",
        "",
        "",
    )
    assert (contribution.text, contribution.public_answer) == ("Text", "Antwort")

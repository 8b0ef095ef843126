"""Hostile and random input to /mitdenken/: never a 500, nothing half-saved, markup escaped."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from feedback.forms import strip_control_characters
from feedback.models import Contribution, ContributionKind, CooperationRequest
from tests.helpers import spam_fields

pytestmark = pytest.mark.django_db

URL = "/mitdenken/"
SCRIPT = "<script>alert('k360')</script>"
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

any_text = st.text(max_size=300)
hostile_text = st.one_of(
    any_text,
    st.text(max_size=6000),
    st.builds(lambda a, b: a + SCRIPT + b, any_text, any_text),
    st.sampled_from(
        ["\x00", "\x00abc", "\u202e\u200b", "a\r\nb", "<b>fett</b>", "'; DROP TABLE x;--"]
    ),
)
kinds = st.one_of(st.sampled_from(ContributionKind.values), any_text)
references = st.one_of(
    st.just(""),
    st.sampled_from(["innovative-arbeitsweisen", "kommunalpolitik", "gibt-es-nicht", "1", "-1"]),
    st.integers().map(str),
    any_text,
)
emails = st.one_of(st.emails(), any_text, st.just("a@b"), st.just("x" * 300 + "@example.org"))
flags = st.sampled_from(["", "on", "true", "0", "False", "yes", "\x00"])


def form_data(**fields):
    return {key: value for key, value in fields.items() if value is not None}


def post(client, data):
    cache.clear()  # each example starts below the rate limit
    before = (Contribution.objects.count(), CooperationRequest.objects.count(), len(mail.outbox))
    response = client.post(URL, data)
    after = (Contribution.objects.count(), CooperationRequest.objects.count(), len(mail.outbox))
    event(f"status {response.status_code}")
    return response, before, after


def assert_consistent(response, before, after, data):
    assert response.status_code in {200, 302}, response.status_code
    html = response.content.decode()
    assert SCRIPT not in html
    if response.status_code == 200:
        assert after == before, "a refused submission must not save or send anything"
        return
    assert after[0] == before[0] + 1
    saved = Contribution.objects.order_by("-pk").first()
    is_cooperation = saved.kind == ContributionKind.COOPERATION
    assert after[1] == before[1] + (1 if is_cooperation else 0)
    assert after[2] == before[2] + 2
    assert saved.text == strip_control_characters(data["text"], multiline=True)
    assert "\x00" not in saved.text + saved.name


@HYPOTHESIS
@given(
    kind=kinds,
    role=st.one_of(st.sampled_from(["kommunal", "anbieter", "andere"]), any_text),
    name=hostile_text,
    email=emails,
    organisation=hostile_text,
    gap=references,
    offer=references,
    text=hostile_text,
    public_opt_in=flags,
    public_name=st.one_of(st.sampled_from(["mit-namen", "anonym"]), any_text),
    consent=flags,
)
def test_form_random_input_never_500(
    client,
    kind,
    role,
    name,
    email,
    organisation,
    gap,
    offer,
    text,
    public_opt_in,
    public_name,
    consent,
):
    data = form_data(
        kind=kind,
        role=role,
        name=name,
        email=email,
        organisation=organisation,
        gap=gap,
        offer=offer,
        text=text,
        public_opt_in=public_opt_in,
        public_name=public_name,
        consent=consent,
        **spam_fields(),
    )
    response, before, after = post(client, data)
    assert_consistent(response, before, after, data)


@HYPOTHESIS
@given(
    name=hostile_text,
    text=hostile_text,
    organisation=hostile_text,
    organisation_type=st.one_of(st.sampled_from(["hochschule", "kommune", ""]), any_text),
    offer_or_seek=hostile_text,
    preferred_contact=st.one_of(st.sampled_from(["email", "telefon", ""]), any_text),
    phone=st.one_of(st.sampled_from(["030 123456", "+49 (0)30/12-34", ""]), any_text),
)
def test_form_cooperation_random_input_all_or_nothing(
    client, name, text, organisation, organisation_type, offer_or_seek, preferred_contact, phone
):
    data = form_data(
        kind=ContributionKind.COOPERATION,
        role="anbieter",
        name=name,
        email="coop@example.org",
        organisation=organisation,
        text=text,
        organisation_type=organisation_type,
        offer_or_seek=offer_or_seek,
        preferred_contact=preferred_contact,
        phone=phone,
        consent="on",
        **spam_fields(),
    )
    response, before, after = post(client, data)
    assert_consistent(response, before, after, data)


@HYPOTHESIS
@given(
    values=st.dictionaries(
        st.sampled_from(
            ["kind", "role", "name", "email", "gap", "offer", "text", "consent", "public_name"]
        ),
        st.lists(any_text, min_size=0, max_size=3),
    )
)
def test_form_wrong_types_never_500(client, values):
    # Lists where one value is expected, or fields left out entirely.
    response, before, after = post(client, {**values, **spam_fields()})
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert after == before


@HYPOTHESIS
@given(text=hostile_text, website=any_text, form_started=any_text)
def test_form_spam_fields_tampered_never_saves(client, text, website, form_started):
    data = {
        "kind": "kommentar",
        "role": "andere",
        "name": "Bot",
        "email": "bot@example.org",
        "text": text,
        "consent": "on",
        "website": website or "x",
        "form_started": form_started,
    }
    response, before, after = post(client, data)
    assert response.status_code == 200
    assert after == before


@HYPOTHESIS
@given(text=hostile_text, name=hostile_text)
def test_form_without_csrf_token_refused(text, name):
    csrf_client = Client(enforce_csrf_checks=True)
    data = {
        "kind": "kommentar",
        "role": "andere",
        "name": name,
        "email": "a@example.org",
        "text": text,
        "consent": "on",
        **spam_fields(),
    }
    response, before, after = post(csrf_client, data)
    assert response.status_code == 403
    assert after == before


@HYPOTHESIS
@given(leerstelle=st.one_of(any_text, references), angebot=st.one_of(any_text, references))
def test_start_page_random_query_never_500(client, leerstelle, angebot):
    response = client.get(URL, {"leerstelle": leerstelle, "angebot": angebot})
    assert response.status_code == 200
    assert SCRIPT not in response.content.decode()


@HYPOTHESIS
@given(
    name=hostile_text,
    text=hostile_text,
    answer=hostile_text,
    public_name=st.sampled_from(["mit-namen", "anonym"]),
)
def test_form_saved_then_published_text_is_escaped(client, name, text, answer, public_name):
    from django.utils.html import escape

    from feedback import services

    data = form_data(
        kind="hinweis",
        role="kommunal",
        name=name,
        email="autor@example.org",
        gap="kommunalpolitik",
        text=text,
        public_opt_in="on",
        public_name=public_name,
        consent="on",
        **spam_fields(),
    )
    response, before, after = post(client, data)
    assert_consistent(response, before, after, data)
    if response.status_code != 302:
        return
    contribution = Contribution.objects.order_by("-pk").first()
    # The admin form refuses NUL characters like every Django form field does.
    contribution.public_answer = answer.replace("\x00", "")
    contribution.save()
    services.set_status(contribution, "veroeffentlicht")
    html = client.get("/leerstellen/kommunalpolitik/").content.decode()
    assert SCRIPT not in html
    if SCRIPT in contribution.text:
        assert escape(SCRIPT) in html
    contribution.delete()

"""Random and hostile input to the submission and edit forms: never a 500, nothing
half-saved, markup shown as text, CSRF enforced."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from offers import services
from offers.models import (
    Audience,
    Offer,
    OfferChange,
    OfferEditLink,
    OfferStatus,
    OfferTransition,
    OfferType,
    Provider,
)
from offers.submission.values import values_of_offer

from .submission_helpers import SUBMIT_URL, edit_path_from, form_data, submit_offer

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
EDIT_EXAMPLES = settings(EXAMPLES, max_examples=30)

MARKUP = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">klick</a>',
    "</textarea><b>fett</b>",
]
PAYLOADS = [
    *MARKUP,
    "{{ 7*7 }}{% debug %}",
    "' OR '1'='1' --",
    "\x00",
    "a\x00b",
    "\x1b[31mrot\x07",
    "\u202eevil\u202c",
    "😀" * 20,
    "%00%0d%0a",
    "../../etc/passwd",
    "javascript:alert(1)",
    "http://",
    "https://exa mple.org",
    "@",
    "a@",
    "-1",
    "0",
    "1e309",
    "NaN",
    "Infinity",
    "99999999999",
    "3,5,5",
    "2026-02-30",
    "31.12.1999",
    "null",
    "[]",
    "{}",
    "",
    " ",
]

hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=200),
    st.builds(
        lambda chunk, times: chunk * times,
        st.sampled_from(["x", "<b>", "\x00", "ä", " "]),
        st.integers(min_value=1, max_value=6000),
    ),
)

SINGLE_FIELDS = [
    key
    for key, value in form_data().items()
    if not isinstance(value, list) and key not in {"form_started", "consent", "website"}
]
MULTI_FIELDS = ["audiences", "topics", "gaps", "principles"]


def _multi(field):
    valid = form_data().get(field, [])
    if field == "principles":
        known = ["ressortuebergreifend", "beteiligungsorientiert", "bedarfsorientiert"]
    else:
        known = ["fuehrungskraefte", "beteiligung", "kommunalpolitik", "praevention"]
    return st.one_of(
        st.just(valid),
        st.lists(st.one_of(st.sampled_from(known), hostile_text), max_size=4),
    )


FREE_TEXT_FIELDS = [
    "title",
    "summary",
    "description",
    "duration",
    "cost_note",
    "contact_name",
    "provider_name",
    "tags_text",
]
free_text = st.one_of(st.sampled_from(MARKUP), st.text(min_size=1, max_size=120))


@st.composite
def hostile_form(draw):
    """Form data where each field is valid, hostile or missing; or, in half of the
    examples, a valid form with markup and odd characters in its free-text fields
    (so that the success path and the pages showing the saved text are tested too)."""
    data = form_data()
    if draw(st.booleans()):
        for field in draw(st.lists(st.sampled_from(FREE_TEXT_FIELDS), min_size=1, max_size=4)):
            data[field] = draw(free_text)
        return data
    for field in SINGLE_FIELDS:
        choice = draw(st.sampled_from(["valid", "valid", "hostile", "missing"]))
        if choice == "hostile":
            data[field] = draw(hostile_text)
        elif choice == "missing":
            data.pop(field, None)
    for field in MULTI_FIELDS:
        data[field] = draw(_multi(field))
    if draw(st.booleans()):
        data["offer_type"] = draw(st.one_of(hostile_text, st.sampled_from(["fortbildung"])))
    if draw(st.integers(0, 9)) == 0:
        data.pop("consent", None)
    return data


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Offer, Provider, OfferEditLink, OfferTransition, OfferChange, Tag)
    }


def assert_markup_escaped(html, data):
    sent = " ".join(
        value if isinstance(value, str) else " ".join(map(str, value)) for value in data.values()
    )
    for markup in MARKUP:
        if markup in sent:
            assert markup not in html, markup


def assert_no_500(response):
    assert response.status_code < 500, response.content[:2000]


@EXAMPLES
@given(data=hostile_form())
def test_submission_hostile_input_never_500_nothing_half_saved(data):
    cache.clear()
    mail.outbox.clear()
    client = Client()
    before = row_counts()
    response = client.post(SUBMIT_URL, data)
    assert_no_500(response)
    event(f"status {response.status_code}")
    after = row_counts()
    if response.status_code == 302:
        assert after["Offer"] == before["Offer"] + 1
        offer = Offer.objects.order_by("-pk").first()
        assert offer.status == OfferStatus.SUBMITTED
        for text in (offer.title, offer.summary, offer.description, offer.provider.name):
            assert "\x00" not in text and "\x07" not in text
        assert len(mail.outbox) == 2
        edit_page = client.get(edit_path_from(mail.outbox[0]))
        assert edit_page.status_code == 200
        assert_markup_escaped(edit_page.content.decode(), data)
        services.publish_offer(offer)
        detail = client.get(offer.get_absolute_url())
        assert detail.status_code == 200
        assert_markup_escaped(detail.content.decode(), data)
    else:
        assert response.status_code == 200
        assert after == before
        assert not mail.outbox
        assert_markup_escaped(response.content.decode(), data)


@EDIT_EXAMPLES
@given(data=hostile_form())
def test_edit_link_hostile_input_on_published_offer_leaves_live_offer_alone(data):
    cache.clear()
    offer, token = submit_offer()
    services.publish_offer(offer)
    live = values_of_offer(Offer.objects.get(pk=offer.pk))
    response = Client().post(f"/angebote/bearbeiten/{token}/", data)
    assert_no_500(response)
    event(f"status {response.status_code}")
    assert values_of_offer(Offer.objects.get(pk=offer.pk)) == live
    assert OfferChange.objects.filter(offer=offer).count() == (
        1 if response.status_code == 302 and "pending" in response["Location"] else 0
    )
    if response.status_code == 200:
        assert_markup_escaped(response.content.decode(), data)


@EDIT_EXAMPLES
@given(data=hostile_form())
def test_edit_link_hostile_input_on_submitted_offer_saves_all_or_nothing(data):
    cache.clear()
    offer, token = submit_offer()
    before = values_of_offer(Offer.objects.get(pk=offer.pk))
    counts = row_counts()
    response = Client().post(f"/angebote/bearbeiten/{token}/", data)
    assert_no_500(response)
    if response.status_code == 200:
        assert values_of_offer(Offer.objects.get(pk=offer.pk)) == before
        assert row_counts() == counts
        assert_markup_escaped(response.content.decode(), data)
    else:
        assert response.status_code == 302
        assert Offer.objects.get(pk=offer.pk).status == OfferStatus.SUBMITTED


@settings(max_examples=20, deadline=None)
@given(garbage=st.binary(max_size=500))
def test_submission_raw_garbage_body_never_500(garbage):
    cache.clear()
    before = row_counts()
    response = Client().post(SUBMIT_URL, garbage, content_type="application/x-www-form-urlencoded")
    assert_no_500(response)
    assert row_counts() == before


def test_submission_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    before = row_counts()
    assert client.post(SUBMIT_URL, form_data()).status_code == 403
    assert row_counts() == before


def test_edit_and_withdraw_without_csrf_token_are_refused():
    offer, token = submit_offer()
    client = Client(enforce_csrf_checks=True)
    url = f"/angebote/bearbeiten/{token}/"
    assert client.post(url, form_data(title="Ohne Token")).status_code == 403
    assert client.post(url + "zurueckziehen/", {"confirm": "on"}).status_code == 403
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED and offer.title != "Ohne Token"
    # With the token from the page the same post goes through.
    page = client.get(url)
    csrf = page.cookies["csrftoken"].value
    response = client.post(url, {**form_data(title="Mit Token"), "csrfmiddlewaretoken": csrf})
    assert response.status_code == 302


def test_submission_vocabulary_ids_instead_of_slugs_are_refused():
    audience = Audience.objects.first()
    response = Client().post(
        SUBMIT_URL,
        form_data(audiences=[str(audience.pk)], offer_type=str(OfferType.objects.first().pk)),
    )
    assert response.status_code == 200
    assert {"audiences", "offer_type"} <= set(response.context["form"].errors)

"""Factories for catalogue tests. Vocabularies come from the seeding migration."""

import factory
from django.utils import timezone

from offers.models import (
    Audience,
    Competence,
    Delivery,
    Gap,
    Offer,
    OfferStatus,
    OfferType,
    Provider,
    Topic,
)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Anbieterin {n}")
    slug = factory.Sequence(lambda n: f"anbieterin-{n}")
    is_approved = True


class OfferFactory(factory.django.DjangoModelFactory):
    """A published, visible offer. Pass audiences=/topics=/gaps=/competences=/tags= as slug lists."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Angebot Nummer {n}")
    slug = factory.Sequence(lambda n: f"angebot-{n}")
    summary = "Eine kurze Beschreibung des Angebots."
    description = "Eine längere Beschreibung."
    provider = factory.SubFactory(ProviderFactory)
    offer_type = factory.LazyFunction(lambda: OfferType.objects.get(slug="fortbildung"))
    delivery = Delivery.DIGITAL_LIVE
    status = OfferStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if not create:
            return
        self.audiences.set(Audience.objects.filter(slug__in=extracted or ["fuehrungskraefte"]))

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if not create:
            return
        self.topics.set(Topic.objects.filter(slug__in=extracted or ["beteiligung"]))

    @factory.post_generation
    def gaps(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted:
            self.gaps.set(Gap.objects.filter(slug__in=extracted))

    @factory.post_generation
    def competences(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted:
            self.competences.set(Competence.objects.filter(slug__in=extracted))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted:
            self.tags.set(extracted)


def search_ids(query, **params):
    """The ids the catalogue finds for `query` (and GET `params`), in the catalogue's order."""
    from django.http import QueryDict

    from offers.catalogue.query import Catalogue

    querydict = QueryDict(mutable=True)
    querydict["q"] = query
    for param, value in params.items():
        querydict.setlist(param, value if isinstance(value, list) else [value])
    return list(Catalogue(querydict).results().values_list("pk", flat=True))

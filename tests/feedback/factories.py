"""Factories for feedback tests. Gaps come from the seeding migration."""

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from feedback.models import (
    AuthorRole,
    Contribution,
    ContributionKind,
    ContributionStatus,
    CooperationRequest,
    OrganisationType,
    PublicName,
)
from offers.models import Gap


def gap(slug="innovative-arbeitsweisen"):
    return Gap.objects.get(slug=slug)


class ContributionFactory(factory.django.DjangoModelFactory):
    """A new contribution whose author did not opt in to publication."""

    class Meta:
        model = Contribution

    kind = ContributionKind.COMMENT
    role = AuthorRole.MUNICIPAL
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@kommune.example")
    organisation = "Stadt Beispielhausen"
    text = factory.Sequence(lambda n: f"Ein Beitrag mit Nummer {n}.")
    status = ContributionStatus.NEW
    public_opt_in = False
    public_name = PublicName.ANONYMOUS
    created_at = factory.LazyFunction(timezone.now)

    class Params:
        published = factory.Trait(
            status=ContributionStatus.PUBLISHED,
            public_opt_in=True,
            published_at=factory.LazyAttribute(lambda o: o.created_at),
        )


class CooperationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperationRequest

    contribution = factory.SubFactory(ContributionFactory, kind=ContributionKind.COOPERATION)
    organisation_type = OrganisationType.UNIVERSITY
    offer_or_seek = "Wir bieten ein Lernmodul an."


def team_member(username="team", **kwargs) -> User:
    """A staff user in the group Initiativteam, with only the group's permissions."""
    user = User.objects.create_user(username, password="geheim-123", is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name="Initiativteam"))
    return user

import datetime
from decimal import Decimal

import factory

from conferences.enums import AidKind, EditionStatus, SponsorshipStatus
from conferences.models import (
    Edition,
    Milestone,
    ScholarshipApplication,
    ScholarshipCall,
    Sponsorship,
    SponsorTier,
    StrategicDecision,
)
from events.enums import EventKind
from tests.factories.budget import FundFactory
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    year = factory.Sequence(lambda n: 2040 + n)
    name = factory.LazyAttribute(lambda edition: f"JupyterCon {edition.year}")
    event = factory.SubFactory(
        EventFactory,
        kind=EventKind.JUPYTERCON,
        title=factory.SelfAttribute("..name"),
        start_date=factory.LazyAttribute(
            lambda event: datetime.date(event.factory_parent.year, 5, 10)
        ),
    )
    status = EditionStatus.PLANNING
    fund = factory.SubFactory(FundFactory, currency="USD")
    created_by = factory.SubFactory(UserFactory)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))


class SponsorTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorTier

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Tier {n}")
    price = Decimal("10000.00")


class SponsorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsorship

    edition = factory.SubFactory(EditionFactory)
    tier = factory.SubFactory(SponsorTierFactory, edition=factory.SelfAttribute("..edition"))
    organisation = factory.Sequence(lambda n: f"Sponsor {n}")
    amount = Decimal("10000.00")
    currency = "USD"
    status = SponsorshipStatus.COMMITTED
    created_by = factory.SubFactory(UserFactory)


class StrategicDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicDecision

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Decision {n}")
    context = "Context"
    options = "A or B"
    decision = "A"
    rationale = "Cheaper"
    decided_on = datetime.date(2030, 1, 1)
    decided_by = "The members present"
    recorded_by = factory.SubFactory(UserFactory)


class ScholarshipCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScholarshipCall

    edition = factory.SubFactory(EditionFactory, status=EditionStatus.ANNOUNCED)
    description = "Scholarships for contributors."
    opens_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=5))
    closes_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=25))
    envelope = Decimal("1000.00")
    currency = "USD"
    opened_by = factory.SubFactory(UserFactory)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScholarshipApplication

    call = factory.SubFactory(ScholarshipCallFactory)
    applicant = factory.SubFactory(UserFactory)
    kind = AidKind.TRAVEL
    need = "A flight"
    statement = "I maintain a kernel."
    amount_asked = Decimal("600.00")

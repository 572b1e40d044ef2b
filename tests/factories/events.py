import datetime
from decimal import Decimal

import factory

from cwg_portal.roles import Role
from events.enums import EngagementStatus, EventKind, EventStatus, TaskStatus
from events.models import Engagement, Event, StaffMember, Task
from tests.factories.membership import PersonFactory, UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Community Workshop {n}")
    slug = factory.Sequence(lambda n: f"community-workshop-{n}")
    kind = EventKind.WORKSHOP
    status = EventStatus.ANNOUNCED
    start_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda event: event.start_date + datetime.timedelta(days=2))
    city = "Berlin"
    country = "Germany"

    @factory.post_generation
    def organisers(event, create, extracted, **kwargs):
        if create and extracted:
            event.organisers.set(extracted)


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    person = factory.SubFactory(PersonFactory)
    organisation = "NumFOCUS"
    role = "Events manager"
    contact = "events@example.org"


class EngagementFactory(factory.django.DjangoModelFactory):
    """A signed engagement in force today, covering the events given."""

    class Meta:
        model = Engagement
        skip_postgeneration_save = True

    staff_member = factory.SubFactory(StaffMemberFactory)
    scope = "Logistics and registration."
    starts_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=60))
    fee = Decimal("5000.00")
    currency = "USD"
    status = EngagementStatus.SIGNED
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def events(engagement, create, extracted, **kwargs):
        if create and extracted:
            engagement.events.set(extracted)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Task {n}")
    status = TaskStatus.TODO
    created_by = factory.SubFactory(UserFactory)


def engaged_staff(*events, status=EngagementStatus.SIGNED):
    """An account with the events-staff role and an engagement in force on `events`."""
    user = UserFactory(roles=[Role.EVENTS_STAFF])
    EngagementFactory(
        staff_member=StaffMemberFactory(person=user.person), events=events, status=status
    )
    return user

import datetime

import factory

from events.enums import EventKind, EventStatus
from events.models import Event


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

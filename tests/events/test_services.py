"""Writes of the events app: slugs, organisers and what may be changed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events.enums import EventStatus
from events.models import Event
from events.services import event_create, event_update
from tests.factories.events import EventFactory
from tests.factories.membership import PersonFactory

DATES = {"start_date": datetime.date(2031, 5, 4), "end_date": datetime.date(2031, 5, 6)}


def test_event_create_makes_a_unique_slug_from_the_title(db):
    first = event_create(title="Jupyter Day", city="Berlin", **DATES)

    second = event_create(title="Jupyter Day", city="Paris", **DATES)

    assert (first.slug, second.slug) == ("jupyter-day", "jupyter-day-2")
    assert sorted(Event.objects.values_list("slug", flat=True)) == ["jupyter-day", "jupyter-day-2"]


def test_event_create_slug_of_a_title_without_letters_is_event(db):
    event = event_create(title="!!!", is_online=True, **DATES)

    assert event.slug == "event"


def test_event_create_adds_the_lead_contact_to_the_organisers(db):
    lead, other = PersonFactory(), PersonFactory()

    event = event_create(
        title="Jupyter Day", city="Berlin", organisers=[other], lead_contact=lead, **DATES
    )

    assert set(Event.objects.get(pk=event.pk).organisers.all()) == {lead, other}


def test_event_update_keeps_the_lead_contact_among_new_organisers(db):
    lead, other = PersonFactory(), PersonFactory()
    event = EventFactory(organisers=[lead], lead_contact=lead)

    event_update(event=event, organisers=[other])

    assert set(Event.objects.get(pk=event.pk).organisers.all()) == {lead, other}


def test_event_update_adds_a_new_lead_contact_to_the_organisers(db):
    first, second = PersonFactory(), PersonFactory()
    event = EventFactory(organisers=[first], lead_contact=first)

    event_update(event=event, lead_contact=second)

    assert set(Event.objects.get(pk=event.pk).organisers.all()) == {first, second}


def test_event_update_leaves_organisers_alone_when_not_given(db):
    first, second = PersonFactory(), PersonFactory()
    event = EventFactory(organisers=[first, second])

    event_update(event=event, title="Renamed")

    stored = Event.objects.get(pk=event.pk)
    assert (stored.title, set(stored.organisers.all())) == ("Renamed", {first, second})


def test_event_update_refuses_unknown_fields(db):
    event = EventFactory(title="Widgets Sprint", slug="widgets-sprint")

    with pytest.raises(ValueError) as error:
        event_update(event=event, slug="renamed", created_at=None, title="Renamed")

    stored = Event.objects.get(pk=event.pk)
    assert str(error.value) == "Not editable: created_at, slug"
    assert (stored.slug, stored.title) == ("widgets-sprint", "Widgets Sprint")


def test_event_create_ending_before_it_starts_is_refused_and_saves_nothing(db):
    with pytest.raises(ValidationError) as error:
        event_create(
            title="Jupyter Day",
            city="Berlin",
            start_date=datetime.date(2031, 5, 4),
            end_date=datetime.date(2031, 5, 1),
        )

    assert error.value.message_dict == {"__all__": ["An event cannot end before it starts."]}
    assert Event.objects.count() == 0


def test_event_update_to_in_person_without_city_is_refused(db):
    event = EventFactory(status=EventStatus.PLANNING, city="", country="", is_online=True)

    with pytest.raises(ValidationError) as error:
        event_update(event=event, is_online=False)

    assert error.value.message_dict == {"__all__": ["An event in person needs a city."]}
    assert Event.objects.get(pk=event.pk).is_online is True

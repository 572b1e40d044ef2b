"""A person's calendar: every app's dated items for them, as a page and an .ics file."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cwg_portal.roles import Role
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory
from tests.factories.workshops import chair, open_call

pytestmark = pytest.mark.django_db


def test_the_calendar_shows_an_open_calls_deadline_and_a_visible_event(client):
    call = open_call(by=chair(), closes_in=datetime.timedelta(days=10))
    event = EventFactory(
        title="JupyterCon sprint day",
        status="announced",
        start_date=timezone.localdate() + datetime.timedelta(days=20),
        end_date=timezone.localdate() + datetime.timedelta(days=21),
    )
    client.force_login(UserFactory(roles=[Role.COMMUNITY]))

    page = client.get(reverse("calendar")).content.decode()

    assert f"Call closes: {call.title}" in page
    assert event.title in page


def test_a_planning_event_stays_off_the_calendar_of_those_who_may_not_see_it(client):
    EventFactory(
        title="Secret planning",
        status="planning",
        start_date=timezone.localdate() + datetime.timedelta(days=5),
        end_date=timezone.localdate() + datetime.timedelta(days=5),
    )
    client.force_login(UserFactory(roles=[Role.COMMUNITY]))

    assert "Secret planning" not in client.get(reverse("calendar")).content.decode()


def test_the_ics_file_holds_the_same_dates_as_all_day_events(client):
    call = open_call(by=chair(), closes_in=datetime.timedelta(days=10))
    client.force_login(UserFactory(roles=[Role.COMMUNITY]))

    response = client.get(reverse("calendar_ics"))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    (entry,) = Calendar.from_ical(response.content).walk("VEVENT")
    closes_on = timezone.localtime(call.closes_at).date()
    assert str(entry["summary"]) == f"Call closes: {call.title}"
    assert entry.decoded("dtstart") == closes_on
    assert entry.decoded("dtend") == closes_on + datetime.timedelta(days=1)


def test_the_calendar_is_for_people_logged_in(client):
    response = client.get(reverse("calendar"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))

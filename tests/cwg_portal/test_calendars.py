"""A person's calendar: every app's dated items for them, as a page and an .ics file."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cwg_portal import calendars
from cwg_portal.models import CalendarFeed
from cwg_portal.roles import Role
from tests.factories.conferences import EditionFactory, MilestoneFactory, ScholarshipCallFactory
from tests.factories.events import EventFactory, TaskFactory
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


def feed_summaries(response):
    return sorted(
        str(entry["summary"]) for entry in Calendar.from_ical(response.content).walk("VEVENT")
    )


def test_the_personal_feed_holds_exactly_that_persons_deadlines(client):
    owner, other = UserFactory(roles=[Role.CWG_MEMBER]), UserFactory(roles=[Role.CWG_MEMBER])
    soon = timezone.localdate() + datetime.timedelta(days=7)
    # The event itself lies beyond the feed's window: only the deadlines are in it.
    later = timezone.localdate() + datetime.timedelta(days=300)
    event = EventFactory(title="Sprint", status="planning", start_date=later, end_date=later)
    TaskFactory(event=event, title="Badges", owner=owner.person, due_on=soon)
    TaskFactory(event=event, title="Not mine", owner=other.person, due_on=soon)
    edition = EditionFactory(year=2040)
    MilestoneFactory(edition=edition, title="Venue", owner=owner.person, due_on=soon)
    MilestoneFactory(edition=edition, title="Theirs", owner=other.person, due_on=soon)
    token = calendars.feed_create(user=owner)

    response = client.get(reverse("calendar_feed_ics", args=[token]))

    assert feed_summaries(response) == [
        "Milestone due: Venue (JupyterCon 2040)",
        "Task due: Badges (Sprint)",
    ]


def test_a_revoked_feed_address_answers_404(client):
    user = UserFactory(roles=[Role.CWG_MEMBER])
    token = calendars.feed_create(user=user)
    calendars.feed_revoke(user=user)

    response = client.get(reverse("calendar_feed_ics", args=[token]))

    assert response.status_code == 404


def test_a_new_feed_address_closes_the_old_one(client):
    user = UserFactory(roles=[Role.CWG_MEMBER])
    old = calendars.feed_create(user=user)
    new = calendars.feed_create(user=user)

    statuses = [client.get(reverse("calendar_feed_ics", args=[t])).status_code for t in (old, new)]

    assert statuses == [404, 200]


def test_the_feed_token_is_stored_only_as_its_digest(client):
    user = UserFactory(roles=[Role.CWG_MEMBER])

    token = calendars.feed_create(user=user)

    assert CalendarFeed.objects.get(user=user).digest == hashlib.sha256(token.encode()).hexdigest()


def test_the_subscribe_page_shows_the_new_address_once(client):
    user = UserFactory(roles=[Role.CWG_MEMBER])
    client.force_login(user)

    made = client.post(reverse("calendar_subscribe"), {"create": "1"}).content.decode()
    later = client.get(reverse("calendar_subscribe")).content.decode()

    assert ("/calendar/feed/" in made, "/calendar/feed/" in later) == (True, False)


def test_the_public_feed_holds_announced_events_and_open_calls_only(client):
    call = open_call(by=chair(), closes_in=datetime.timedelta(days=10))
    soon = timezone.localdate() + datetime.timedelta(days=5)
    EventFactory(title="Open day", status="announced", start_date=soon, end_date=soon)
    EventFactory(title="Secret planning", status="planning", start_date=soon, end_date=soon)

    response = client.get(reverse("calendar_public_ics"))

    assert feed_summaries(response) == sorted([f"Call closes: {call.title}", "Open day"])


def test_the_public_feed_holds_scholarship_deadlines_of_editions_the_public_sees(client):
    announced = ScholarshipCallFactory(edition=EditionFactory(year=2031, status="announced"))
    ScholarshipCallFactory(edition=EditionFactory(year=2032, status="planning"))

    summaries = feed_summaries(client.get(reverse("calendar_public_ics")))

    assert f"Scholarship applications close: {announced.edition}" in summaries
    assert [summary for summary in summaries if "2032" in summary] == []

"""The events pages: who sees which events, and creating and editing them by form."""

import datetime
import re
from html import unescape

import pytest

from cwg_portal.roles import Role
from events.enums import EventKind, EventStatus
from events.models import Event
from tests.factories.events import EventFactory
from tests.factories.membership import PersonFactory
from tests.pages import form_errors, heading, page_messages


def listed_titles(response):
    """The event titles in the rows of the page's table, as the reader sees them."""
    rows = re.findall(r'<th scope="row"><a href="[^"]*">(.*?)</a></th>', response.content.decode())
    return [unescape(row) for row in rows]


def form_data(**changes):
    data = {
        "title": "Jupyter Community Workshop Nairobi",
        "kind": EventKind.WORKSHOP,
        "status": EventStatus.PLANNING,
        "summary": "Two days on JupyterLab extensions.",
        "start_date": "2031-05-04",
        "end_date": "2031-05-06",
        "city": "Nairobi",
        "country": "Kenya",
        "organisers": [],
        "lead_contact": "",
    }
    return {**data, **changes}


def form_data_for(event, **changes):
    data = form_data(
        title=event.title,
        kind=event.kind,
        status=event.status,
        summary=event.summary,
        start_date=event.start_date.isoformat(),
        end_date=event.end_date.isoformat(),
        city=event.city,
        country=event.country,
        organisers=[person.pk for person in event.organisers.all()],
        lead_contact=event.lead_contact_id or "",
    )
    if event.is_online:
        data["is_online"] = "on"
    return {**data, **changes}


def test_event_list_shows_community_user_public_and_own_events(client, user_with_role):
    user = user_with_role(Role.COMMUNITY)
    today = datetime.date.today()
    EventFactory(title="Announced Workshop", start_date=today + datetime.timedelta(days=9))
    EventFactory(
        title="Past Workshop",
        status=EventStatus.COMPLETED,
        start_date=today - datetime.timedelta(days=90),
    )
    EventFactory(
        title="Own Sprint",
        status=EventStatus.PLANNING,
        start_date=today + datetime.timedelta(days=5),
        organisers=[user.person],
    )
    EventFactory(title="Other Sprint", status=EventStatus.PLANNING, organisers=[PersonFactory()])
    EventFactory(title="Cancelled Workshop", status=EventStatus.CANCELLED)
    client.force_login(user)

    response = client.get("/events/")

    assert listed_titles(response) == ["Announced Workshop", "Own Sprint", "Past Workshop"]


def test_event_list_shows_cwg_member_every_event(client, user_with_role):
    today = datetime.date.today()
    EventFactory(title="Announced Workshop", start_date=today + datetime.timedelta(days=9))
    EventFactory(
        title="Other Sprint",
        status=EventStatus.PLANNING,
        start_date=today + datetime.timedelta(days=5),
        organisers=[PersonFactory()],
    )
    client.force_login(user_with_role(Role.CWG_MEMBER))

    response = client.get("/events/")

    assert listed_titles(response) == ["Announced Workshop", "Other Sprint"]


@pytest.mark.parametrize("size", [1, 3])
def test_event_list_query_count_is_independent_of_size(
    size, client, user_with_role, django_assert_num_queries
):
    user = user_with_role(Role.COMMUNITY)
    for _ in range(size):
        lead = PersonFactory()
        EventFactory(organisers=[lead, PersonFactory()], lead_contact=lead)
    EventFactory(status=EventStatus.PLANNING, organisers=[user.person])
    client.force_login(user)

    # The page's count is one query.
    with django_assert_num_queries(9):
        response = client.get("/events/")

    assert len(listed_titles(response)) == size + 1


def test_event_list_shows_fifty_events_a_page_newest_first(client, user_with_role):
    for day in range(51):
        EventFactory(
            title=f"Event {day:02}",
            start_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=day),
        )
    client.force_login(user_with_role(Role.CWG_MEMBER))

    first = listed_titles(client.get("/events/"))
    second = listed_titles(client.get("/events/?page=2"))

    assert (len(first), first[0]) == (50, "Event 50")
    assert second == ["Event 00"]


def test_event_create_by_cwg_member_redirects_to_the_new_event(client, user_with_role):
    lead = PersonFactory(display_name="Wanjiru Kamau")
    client.force_login(user_with_role(Role.CWG_MEMBER))

    response = client.post(
        "/events/new/", form_data(organisers=[lead.pk], lead_contact=lead.pk), follow=True
    )

    event = Event.objects.get()
    assert response.redirect_chain == [("/events/jupyter-community-workshop-nairobi/", 302)]
    assert heading(response) == "Jupyter Community Workshop Nairobi"
    assert page_messages(response) == ["“Jupyter Community Workshop Nairobi” was created."]
    assert (event.title, event.start_date, event.end_date, event.city, event.lead_contact) == (
        "Jupyter Community Workshop Nairobi",
        datetime.date(2031, 5, 4),
        datetime.date(2031, 5, 6),
        "Nairobi",
        lead,
    )
    assert list(event.organisers.all()) == [lead]


def test_event_create_ending_before_it_starts_shows_message_and_creates_nothing(
    client, user_with_role
):
    client.force_login(user_with_role(Role.CWG_MEMBER))

    response = client.post("/events/new/", form_data(end_date="2031-05-01"))

    assert response.status_code == 200
    assert form_errors(response) == ["An event cannot end before it starts."]
    assert Event.objects.count() == 0


def test_event_create_in_person_without_city_shows_message_and_creates_nothing(
    client, user_with_role
):
    client.force_login(user_with_role(Role.EVENTS_STAFF))

    response = client.post("/events/new/", form_data(city=""))

    assert response.status_code == 200
    assert form_errors(response) == ["An event in person needs a city."]
    assert Event.objects.count() == 0


def test_event_create_online_without_city_is_saved(client, user_with_role):
    client.force_login(user_with_role(Role.CWG_CHAIR))

    client.post("/events/new/", form_data(city="", country="", is_online="on"))

    assert list(Event.objects.values_list("title", "is_online", "city")) == [
        ("Jupyter Community Workshop Nairobi", True, "")
    ]


def test_event_create_by_community_user_is_refused(client, user_with_role):
    client.force_login(user_with_role(Role.COMMUNITY))

    response = client.post("/events/new/", form_data())

    assert (response.status_code, heading(response)) == (403, "You may not open this page")
    assert Event.objects.count() == 0


def test_event_edit_by_organiser_saves_the_changes(client, user_with_role):
    user = user_with_role(Role.COMMUNITY)
    event = EventFactory(
        title="Widgets Sprint", status=EventStatus.PLANNING, organisers=[user.person]
    )
    client.force_login(user)

    response = client.post(
        f"/events/{event.slug}/edit/",
        form_data_for(event, title="Widgets and Extensions Sprint", city="Lyon"),
        follow=True,
    )

    event.refresh_from_db()
    assert response.redirect_chain == [(f"/events/{event.slug}/", 302)]
    assert heading(response) == "Widgets and Extensions Sprint"
    assert page_messages(response) == ["“Widgets and Extensions Sprint” was saved."]
    assert (event.title, event.city) == ("Widgets and Extensions Sprint", "Lyon")


def test_event_edit_page_shows_the_form_to_organiser(client, user_with_role):
    user = user_with_role(Role.COMMUNITY)
    event = EventFactory(title="Widgets Sprint", organisers=[user.person])
    client.force_login(user)

    response = client.get(f"/events/{event.slug}/edit/")

    assert heading(response) == "Edit “Widgets Sprint”"


def test_event_edit_of_planning_event_is_404_to_finance_staff(client, user_with_role):
    event = EventFactory(
        title="Widgets Sprint", status=EventStatus.PLANNING, organisers=[PersonFactory()]
    )
    client.force_login(user_with_role(Role.FINANCE_STAFF))

    page = client.get(f"/events/{event.slug}/edit/")
    post = client.post(f"/events/{event.slug}/edit/", form_data_for(event, title="Changed"))

    assert (page.status_code, heading(page)) == (404, "Page not found")
    assert (post.status_code, heading(post)) == (404, "Page not found")
    assert Event.objects.get(pk=event.pk).title == "Widgets Sprint"


def test_event_edit_of_announced_event_is_403_to_finance_staff(client, user_with_role):
    event = EventFactory(title="JupyterCon")
    client.force_login(user_with_role(Role.FINANCE_STAFF))

    response = client.post(f"/events/{event.slug}/edit/", form_data_for(event, title="Changed"))

    assert (response.status_code, heading(response)) == (403, "You may not open this page")
    assert Event.objects.get(pk=event.pk).title == "JupyterCon"


def test_event_edit_by_events_staff_saves_the_changes(client, user_with_role):
    event = EventFactory(
        title="Widgets Sprint", status=EventStatus.PLANNING, organisers=[PersonFactory()]
    )
    client.force_login(user_with_role(Role.EVENTS_STAFF))

    response = client.post(
        f"/events/{event.slug}/edit/",
        form_data_for(event, status=EventStatus.ANNOUNCED),
        follow=True,
    )

    assert response.redirect_chain == [(f"/events/{event.slug}/", 302)]
    assert Event.objects.get(pk=event.pk).status == EventStatus.ANNOUNCED


def test_event_edit_ending_before_it_starts_shows_message_and_changes_nothing(
    client, user_with_role
):
    event = EventFactory(start_date=datetime.date(2031, 5, 4), end_date=datetime.date(2031, 5, 6))
    client.force_login(user_with_role(Role.EVENTS_STAFF))

    response = client.post(
        f"/events/{event.slug}/edit/", form_data_for(event, end_date="2031-05-01")
    )

    assert form_errors(response) == ["An event cannot end before it starts."]
    assert Event.objects.get(pk=event.pk).end_date == datetime.date(2031, 5, 6)


def test_event_page_names_only_the_organisers_the_reader_may_see(client, user_with_role):
    public = PersonFactory(display_name="Ada Public", is_public=True)
    private = PersonFactory(display_name="Hidden Person", is_public=False)
    event = EventFactory(
        status=EventStatus.ANNOUNCED, organisers=[public, private], lead_contact=private
    )
    client.force_login(user_with_role(Role.COMMUNITY))

    page = client.get(f"/events/{event.slug}/").content.decode()

    assert "Hidden Person" not in page
    assert "<dt>Organisers</dt><dd>Ada Public, 1 with a private profile</dd>" in page
    assert "<dt>Lead contact</dt><dd>an organiser with a private profile</dd>" in page

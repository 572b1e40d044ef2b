"""The task board pages: grouped by status, worked by form posts without
JavaScript, and 404 to staff outside their engagement."""

import re
from html import unescape

import pytest

from cwg_portal.roles import Role
from events.enums import EngagementStatus, TaskStatus
from events.models import Task
from tests.factories.events import EngagementFactory, EventFactory, TaskFactory, engaged_staff
from tests.factories.membership import PersonFactory, UserFactory
from tests.factories.workshops import held_workshop, open_call
from tests.pages import heading, page_messages, rows, tables, text

pytestmark = pytest.mark.django_db


def columns(response):
    """{column heading: [card titles]} as the board shows them."""
    html = response.content.decode()
    found = {}
    for section in re.findall(r'<section class="board__column".*?</section>', html, re.DOTALL):
        title = unescape(re.search(r"<h2[^>]*>(.*?)</h2>", section).group(1))
        found[title] = [unescape(card) for card in re.findall(r"<h3><a [^>]*>(.*?)</a>", section)]
    return found


def test_the_board_shows_each_task_in_its_status_column(client):
    event = EventFactory(title="JupyterCon 2031")
    TaskFactory(event=event, title="Venue", status=TaskStatus.DONE)
    TaskFactory(event=event, title="Catering", status=TaskStatus.BLOCKED)
    TaskFactory(event=EventFactory(), title="Elsewhere")
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))

    response = client.get(f"/events/{event.slug}/board/")

    assert heading(response) == "Task board: JupyterCon 2031"
    assert columns(response) == {
        "To do (0)": [],
        "Doing (0)": [],
        "Blocked (1)": ["Catering"],
        "Done (1)": ["Venue"],
    }


def test_engaged_staff_move_a_card_with_a_form_post(client):
    event = EventFactory()
    task = TaskFactory(event=event, title="Badges")
    client.force_login(engaged_staff(event))

    response = client.post(
        f"/events/{event.slug}/board/{task.pk}/move/", {"status": TaskStatus.DOING}, follow=True
    )

    assert page_messages(response) == ["“Badges” moved to Doing."]
    assert columns(response)["Doing (1)"] == ["Badges"]


@pytest.mark.parametrize("path", ["board/", "board/new/", "board/{pk}/"])
def test_staff_get_404_on_the_board_of_an_event_their_engagement_does_not_cover(client, path):
    other = EventFactory()
    task = TaskFactory(event=other)
    client.force_login(engaged_staff(EventFactory()))

    response = client.get(f"/events/{other.slug}/" + path.format(pk=task.pk))

    assert response.status_code == 404


def test_staff_get_404_once_their_engagement_is_ended(client):
    event = EventFactory()
    client.force_login(engaged_staff(event, status=EngagementStatus.ENDED))

    response = client.get(f"/events/{event.slug}/board/")

    assert response.status_code == 404


def test_a_move_outside_the_engagement_changes_nothing(client):
    other = EventFactory()
    task = TaskFactory(event=other)
    client.force_login(engaged_staff(EventFactory()))

    response = client.post(f"/events/{other.slug}/board/{task.pk}/move/", {"status": "done"})

    task.refresh_from_db()
    assert (response.status_code, task.status) == (404, TaskStatus.TODO)


def test_a_new_task_from_the_form_lands_on_the_board_and_tells_its_owner(client):
    event = EventFactory()
    owner = PersonFactory(display_name="Amara Okafor")
    client.force_login(UserFactory(roles=[Role.CWG_CHAIR]))

    response = client.post(
        f"/events/{event.slug}/board/new/",
        {"title": "Visa letters", "description": "", "owner": owner.pk, "due_on": "2031-04-01"},
        follow=True,
    )

    assert page_messages(response) == ["“Visa letters” is on the board."]
    assert columns(response)["To do (1)"] == ["Visa letters"]
    assert owner.user.notifications.count() == 1


def test_a_comment_on_a_task_shows_on_its_page(client):
    task = TaskFactory(title="Badges")
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))

    response = client.post(
        f"/events/{task.event.slug}/board/{task.pk}/comment/", {"text": "Ordered."}, follow=True
    )

    assert page_messages(response) == ["Your comment is added."]
    assert "Ordered." in text(response)


@pytest.mark.parametrize("size", [1, 3])
def test_board_query_count_is_independent_of_size(size, client, django_assert_num_queries):
    event = EventFactory()
    for status in TaskStatus.values[:size]:
        TaskFactory(event=event, status=status, owner=PersonFactory())
    client.force_login(engaged_staff(event))

    with django_assert_num_queries(8):
        response = client.get(f"/events/{event.slug}/board/")

    assert Task.objects.count() == sum(len(cards) for cards in columns(response).values())


def test_the_staff_page_lists_the_staff_and_their_engagements(client):
    engagement = EngagementFactory(events=[EventFactory(title="JupyterCon 2031")])
    engagement.staff_member.person.display_name = "Diego Alvarez"
    engagement.staff_member.person.save()
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))

    response = client.get("/events/staff/")

    assert rows(response, "Staff members") == [
        ["Diego Alvarez", "NumFOCUS", "Events manager", "events@example.org"]
    ]
    assert [row[0] for row in rows(response, "Engagements")] == ["Diego Alvarez"]
    assert rows(response, "Engagements")[0][2:] == ["JupyterCon 2031", "Signed"]


def test_ending_an_engagement_from_its_page_removes_the_role(client):
    engagement = EngagementFactory()
    user = engagement.staff_member.person.user
    user.groups.clear()
    client.force_login(UserFactory(roles=[Role.CWG_CHAIR]))

    response = client.post(
        f"/events/staff/engagements/{engagement.pk}/status/", {"status": "ended"}, follow=True
    )

    assert page_messages(response) == ["The engagement's status is changed."]
    assert list(user.groups.values_list("name", flat=True)) == []


def test_a_staff_member_sees_their_own_engagement_and_not_another(client):
    mine, other = EngagementFactory(), EngagementFactory()
    client.force_login(mine.staff_member.person.user)

    own = client.get(f"/events/staff/engagements/{mine.pk}/")
    theirs = client.get(f"/events/staff/engagements/{other.pk}/")

    assert (own.status_code, theirs.status_code) == (200, 404)


def test_the_engagement_log_records_a_meeting_with_who_was_there(client):
    engagement = EngagementFactory()
    chair = UserFactory(roles=[Role.CWG_CHAIR])
    client.force_login(chair)

    response = client.post(
        f"/events/staff/engagements/{engagement.pk}/log/",
        {
            "kind": "meeting",
            "held_on": "2031-01-05",
            "summary": "Weekly call",
            "attendees": [chair.person.pk],
        },
        follow=True,
    )

    assert page_messages(response) == ["The log entry is recorded."]
    assert f"Meeting, 5 January 2031, with {chair.person}" in text(response)


def test_the_held_workshop_page_shows_its_board_to_members_and_not_to_its_organisers(client):
    chair = UserFactory(roles=[Role.CWG_CHAIR])
    organiser = UserFactory(roles=[Role.COMMUNITY])
    held = held_workshop(open_call(by=chair), chair=chair, by=organiser)
    TaskFactory(event=held.event, status=TaskStatus.BLOCKED)
    path = f"/workshops/held/{held.event.slug}/"

    client.force_login(chair)
    member_view = client.get(path)
    client.force_login(organiser)
    organiser_view = client.get(path)

    assert rows(member_view, "Tasks by column") == [["0", "0", "1", "0"]]
    assert "Open the task board" in text(member_view)
    assert "Tasks by column" not in tables(organiser_view)

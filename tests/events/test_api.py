"""The event-tasks and engagements API: the same rules as the pages."""

import pytest
from rest_framework.test import APIClient

from cwg_portal.roles import Role
from events.enums import TaskStatus
from events.models import Task
from membership.services import role_grant
from tests.factories.events import EngagementFactory, EventFactory, TaskFactory, engaged_staff
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_staff_list_only_the_tasks_of_the_events_they_cover():
    covered = EventFactory()
    TaskFactory(event=covered, title="Mine")
    TaskFactory(title="Elsewhere")

    response = client_for(engaged_staff(covered)).get("/api/v1/event-tasks/")

    assert [task["title"] for task in response.json()["results"]] == ["Mine"]


def test_staff_move_a_task_by_updating_its_status():
    event = EventFactory()
    task = TaskFactory(event=event)

    response = client_for(engaged_staff(event)).patch(
        f"/api/v1/event-tasks/{task.pk}/", {"status": "done"}, format="json"
    )

    task.refresh_from_db()
    assert (response.status_code, task.status) == (200, TaskStatus.DONE)


def test_staff_cannot_create_a_task_on_an_event_they_do_not_cover():
    other = EventFactory()

    response = client_for(engaged_staff(EventFactory())).post(
        "/api/v1/event-tasks/", {"event": other.slug, "title": "Sneaky"}, format="json"
    )

    assert response.status_code == 400
    assert Task.objects.count() == 0


def test_a_community_user_reaches_no_task():
    TaskFactory()

    response = client_for(UserFactory(roles=[Role.COMMUNITY])).get("/api/v1/event-tasks/")

    assert response.status_code == 403


def test_staff_see_only_their_own_engagements_and_members_all():
    mine = EngagementFactory()
    EngagementFactory()
    staff = mine.staff_member.person.user
    role_grant(user=staff, role=Role.EVENTS_STAFF)

    own = client_for(staff).get("/api/v1/engagements/").json()["results"]
    every = client_for(UserFactory(roles=[Role.CWG_MEMBER])).get("/api/v1/engagements/").json()

    assert ([e["id"] for e in own], every["count"]) == ([mine.pk], 2)

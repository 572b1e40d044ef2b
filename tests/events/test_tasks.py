"""Task boards: cards, their owners told on assignment, and who works which board."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cwg_portal.models import Notification
from cwg_portal.roles import Role
from events.enums import TaskStatus
from events.models import Task
from events.services.tasks import task_comment, task_create, task_move, task_update
from tests.factories.events import EventFactory, TaskFactory, engaged_staff
from tests.factories.membership import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def told(person):
    return list(
        Notification.objects.filter(recipient=person.user, kind="events.task_assigned").values_list(
            "subject", flat=True
        )
    )


def test_assigning_a_new_task_tells_its_owner():
    member, owner = UserFactory(roles=[Role.CWG_MEMBER]), PersonFactory()

    task_create(event=EventFactory(), title="Book the venue", owner=owner, by=member)

    assert told(owner) == ["Task for you: Book the venue"]


def test_reassigning_tells_the_new_owner_and_saving_again_tells_nobody_more():
    member, first, second = UserFactory(roles=[Role.CWG_MEMBER]), PersonFactory(), PersonFactory()
    task = task_create(event=EventFactory(), title="Catering", owner=first, by=member)

    task_update(task=task, owner=second, by=member)
    task_update(task=task, owner=second, due_on=datetime.date(2031, 1, 1), by=member)

    assert (told(first), told(second)) == (["Task for you: Catering"], ["Task for you: Catering"])


def test_engaged_staff_work_the_board_of_an_event_their_engagement_covers():
    event = EventFactory()
    staff = engaged_staff(event)
    task = task_create(event=event, title="Badges", by=staff)

    task_move(task=task, status=TaskStatus.DOING, by=staff)
    task_comment(task=task, text="Printer booked.", by=staff)

    task.refresh_from_db()
    assert (task.status, list(task.comments.values_list("text", flat=True))) == (
        TaskStatus.DOING,
        ["Printer booked."],
    )


def test_engaged_staff_cannot_put_a_task_on_another_event_board():
    staff = engaged_staff(EventFactory())

    with pytest.raises(PermissionDenied):
        task_create(event=EventFactory(), title="Badges", by=staff)

    assert Task.objects.count() == 0


def test_staff_whose_engagement_is_over_no_longer_move_its_cards():
    event = EventFactory()
    staff = engaged_staff(event)
    task = TaskFactory(event=event)
    staff.person.staff_member.engagements.update(
        ends_on=datetime.date.today() - datetime.timedelta(days=1)
    )

    with pytest.raises(PermissionDenied):
        task_move(task=task, status=TaskStatus.DONE, by=staff)


def test_a_task_cannot_move_to_a_column_the_board_has_not():
    task = TaskFactory()

    with pytest.raises(ValidationError):
        task_move(task=task, status="archived", by=UserFactory(roles=[Role.CWG_MEMBER]))

"""The task board of an event: cards, their owners and states, and comments."""

from django.core.exceptions import ValidationError
from django.db import transaction

from cwg_portal.notifications import notify
from events.enums import TaskStatus
from events.models import Task, TaskComment
from events.services.staff import require

EDITABLE_FIELDS = ("title", "description", "owner", "due_on", "status")


def _tell_owner(task):
    if task.owner_id:
        notify(
            "events.task_assigned",
            about=task,
            key=f"{task.pk}:{task.owner_id}",
            url=task.get_absolute_url(),
            task=task,
        )


@transaction.atomic
def task_create(*, event, title, by, description="", owner=None, due_on=None):
    """Put a card on the event's board. Side effects: its owner is told."""
    require(by, "events.work_board", event)
    task = Task(
        event=event, title=title, description=description, owner=owner, due_on=due_on, created_by=by
    )
    task.full_clean()
    task.save()
    _tell_owner(task)
    return task


@transaction.atomic
def task_update(*, task, by, **fields):
    """Change a card. Side effects: a new owner is told."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    require(by, "events.see_task", task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    owner_before = task.owner_id
    for name, value in fields.items():
        setattr(task, name, value)
    task.full_clean()
    task.save()
    if task.owner_id != owner_before:
        _tell_owner(task)
    return task


def task_move(*, task, status, by):
    """Move a card to another column of the board."""
    if status not in TaskStatus.values:
        raise ValidationError(f"“{status}” is not a column of the board.")
    return task_update(task=task, status=status, by=by)


@transaction.atomic
def task_comment(*, task, text, by):
    require(by, "events.see_task", task)
    comment = TaskComment(task=task, author=by, text=text)
    comment.full_clean()
    comment.save()
    return comment

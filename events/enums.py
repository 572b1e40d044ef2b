from django.db import models


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", "Jupyter Community Workshop"
    JUPYTERCON = "jupytercon", "JupyterCon"
    OTHER = "other", "Other event"


class EventStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    ANNOUNCED = "announced", "Announced"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


# Events in these states are public knowledge; planning is for the people running it.
PUBLIC_STATUSES = (EventStatus.ANNOUNCED, EventStatus.COMPLETED)


class EngagementStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    SIGNED = "signed", "Signed"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"


# What an engagement may become from each state; ended and cancelled are final.
ENGAGEMENT_NEXT = {
    EngagementStatus.PLANNED: (EngagementStatus.SIGNED, EngagementStatus.CANCELLED),
    EngagementStatus.SIGNED: (EngagementStatus.ENDED,),
    EngagementStatus.ENDED: (),
    EngagementStatus.CANCELLED: (),
}


class TaskStatus(models.TextChoices):
    TODO = "todo", "To do"
    DOING = "doing", "Doing"
    BLOCKED = "blocked", "Blocked"
    DONE = "done", "Done"


class NoteKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    NOTE = "note", "Note"

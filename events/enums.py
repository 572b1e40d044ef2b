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

"""The DEI work's demo data: a checklist for every workshop and JupyterCon."""

from dei.enums import CHECKLIST_EVENT_KINDS
from dei.services.checklists import checklist_ensure
from events.enums import EventStatus
from events.selectors import events


def seed(demo):
    for event in (
        events().filter(kind__in=CHECKLIST_EVENT_KINDS).exclude(status=EventStatus.CANCELLED)
    ):
        checklist_ensure(event=event)

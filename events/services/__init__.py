"""Writes of the events app."""

from django.db import transaction
from django.utils.text import slugify

from events.models import Event

EDITABLE_FIELDS = (
    "title",
    "kind",
    "status",
    "summary",
    "start_date",
    "end_date",
    "city",
    "country",
    "is_online",
    "lead_contact",
)


def _unique_slug(title, *, exclude_pk=None):
    base = slugify(title)[:70] or "event"
    slug, n = base, 2
    taken = Event.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _include_lead_contact(event):
    """The lead contact is always one of the organisers."""
    if event.lead_contact_id:
        event.organisers.add(event.lead_contact)


@transaction.atomic
def event_create(*, organisers=(), slug=None, **fields):
    """Create an event; its slug comes from the title unless given."""
    event = Event(slug=slug or _unique_slug(fields.get("title", "")), **fields)
    event.full_clean()
    event.save()
    event.organisers.set(organisers)
    _include_lead_contact(event)
    return event


@transaction.atomic
def event_update(*, event, organisers=None, **fields):
    """Change an event's details; organisers are replaced only when given."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    if organisers is not None:
        event.organisers.set(organisers)
    _include_lead_contact(event)
    return event

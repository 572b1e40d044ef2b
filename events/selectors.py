from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cwg_portal.policies import restrict
from events.models import Event


def events():
    """Every event; for lookups by slug, which callers narrow by their own rule."""
    return Event.objects.all()


def events_visible_to(user):
    """Events a user may see: all for those who run or oversee events; otherwise
    announced and past events plus the ones the user organises."""
    events = Event.objects.select_related("lead_contact").prefetch_related("organisers")
    return restrict(events, user, "events.see_event")


def events_upcoming(*, user, days=90):
    today = timezone.localdate()
    return (
        events_visible_to(user)
        .filter(end_date__gte=today, start_date__lte=today + timedelta(days=days))
        .order_by("start_date")
    )


def events_organised_by(*, user):
    return events_visible_to(user).filter(organisers__user=user).order_by("-start_date")


def report_figures(start, end):
    """The events held in a reporting period (cancelled ones named as such)."""
    held = Event.objects.filter(start_date__range=(start, end)).order_by("start_date", "title")
    return {
        "events": [
            {
                "title": event.title,
                "kind": event.get_kind_display(),
                "starts_on": event.start_date.isoformat(),
                "ends_on": event.end_date.isoformat(),
                "status": event.get_status_display(),
            }
            for event in held
        ],
        "sources": [{"label": "Events", "url": reverse("events:list")}],
    }

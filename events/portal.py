"""Events' part of the portal: the organiser's and the planners' panels, the
events pages and API, and the demo's events."""

from cwg_portal.registry import (
    ApiRoute,
    CalendarEntry,
    Contributions,
    DemoBuilder,
    NavItem,
    Panel,
    ReportSection,
)
from cwg_portal.roles import is_authenticated, is_council, runs_events
from events import demo
from events.api import EventViewSet
from events.selectors import (
    events_organised_by,
    events_upcoming,
    events_visible_to,
    report_figures,
)


def upcoming_events_context(user):
    return {"events": events_upcoming(user=user)}


def calendar_entries(user, start, end):
    for event in events_visible_to(user).filter(start_date__range=(start, end)):
        yield CalendarEntry(
            event.start_date, event.title, event.get_absolute_url(), "Event", end=event.end_date
        )


contributions = Contributions(
    app="events",
    mount="events/",
    panels=(
        Panel.listing(
            "Events you organise",
            "dashboard/organised_events.html",
            lambda user: events_organised_by(user=user),
            name="events",
            order=20,
        ),
        Panel(
            "Upcoming events",
            "dashboard/upcoming_events.html",
            runs_events | is_council,
            upcoming_events_context,
            30,
        ),
    ),
    navigation=(NavItem("Events", "events:list", is_authenticated, 20),),
    calendar=(calendar_entries,),
    report_sections=(
        ReportSection("events", "Events", report_figures, "events/report/section.html", 20),
    ),
    api_routes=(ApiRoute("events", EventViewSet, "event"),),
    demo=DemoBuilder(demo.seed, after=("membership",)),
)

"""Events' part of the portal: the organiser's and the planners' panels, the
events pages and API, and the demo's events."""

import rules

from cwg_portal.registry import ApiRoute, Contributions, DemoBuilder, NavItem, Panel
from cwg_portal.roles import is_authenticated, is_council, runs_events
from events import demo
from events.api import EventViewSet
from events.selectors import events_organised_by, events_upcoming


@rules.predicate
def organises_events(user):
    return events_organised_by(user=user).exists()


def organised_events_context(user):
    return {"events": events_organised_by(user=user)}


def upcoming_events_context(user):
    return {"events": events_upcoming(user=user)}


contributions = Contributions(
    app="events",
    mount="events/",
    panels=(
        Panel(
            "Events you organise",
            "dashboard/organised_events.html",
            organises_events,
            organised_events_context,
            20,
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
    api_routes=(ApiRoute("events", EventViewSet, "event"),),
    demo=DemoBuilder(demo.seed, after=("membership",)),
)

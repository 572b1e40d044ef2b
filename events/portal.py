"""Events' part of the portal: the organiser's and the planners' panels, the
events pages and API, and the demo's events."""

from cwg_portal.registry import (
    ApiRoute,
    CalendarEntry,
    Contributions,
    DemoBuilder,
    NavItem,
    NotificationKind,
    Panel,
    ReportSection,
    RoleSource,
)
from cwg_portal.roles import Role, is_authenticated, is_council, runs_events
from events import demo
from events.api import EngagementViewSet, EventViewSet, TaskViewSet
from events.selectors import (
    engagement_in_force,
    engagements_visible_to,
    events_organised_by,
    events_upcoming,
    events_visible_to,
    is_staff_member,
    report_figures,
    tasks_open_for,
)


def upcoming_events_context(user):
    return {"events": events_upcoming(user=user)}


def calendar_entries(user, start, end):
    for event in events_visible_to(user).filter(start_date__range=(start, end)):
        yield CalendarEntry(
            event.start_date, event.title, event.get_absolute_url(), "Event", end=event.end_date
        )


def task_entries(user, start, end):
    for task in tasks_open_for(user).filter(due_on__range=(start, end)):
        yield CalendarEntry(
            task.due_on, f"Task due: {task.title} ({task.event})", task.get_absolute_url(), "Task"
        )


def own_engagements(user):
    return engagements_visible_to(user).filter(staff_member__person__user=user)


def task_owner(task):
    return [task.owner.user] if task.owner and task.owner.user_id else []


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
        Panel.listing(
            "Your tasks",
            "dashboard/event_tasks.html",
            tasks_open_for,
            name="tasks",
            order=25,
            limit=10,
        ),
        Panel.listing(
            "Your engagements",
            "dashboard/engagements.html",
            own_engagements,
            name="engagements",
            order=26,
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
    calendar=(calendar_entries, task_entries),
    notifications=(
        NotificationKind(
            "events.task_assigned",
            "A task on an event's board is yours",
            "Task for you: {task.title}",
            task_owner,
        ),
    ),
    # An engagement in force gives its staff member the events-staff role.
    role_sources=(
        RoleSource(Role.EVENTS_STAFF.value, manages=is_staff_member, grants=engagement_in_force),
    ),
    report_sections=(
        ReportSection("events", "Events", report_figures, "events/report/section.html", 20),
    ),
    api_routes=(
        ApiRoute("events", EventViewSet, "event"),
        ApiRoute("event-tasks", TaskViewSet, "event-task"),
        ApiRoute("engagements", EngagementViewSet, "engagement"),
    ),
    demo=DemoBuilder(demo.seed, after=("membership",)),
)

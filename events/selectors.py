from datetime import timedelta

from django.db.models import Count, F, Prefetch
from django.urls import reverse
from django.utils import timezone

from cwg_portal.policies import restrict
from events.enums import EngagementStatus, TaskStatus
from events.models import Engagement, Event, StaffMember, Task


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


def boards_visible_to(user):
    """The events whose task board the user may see and work."""
    return restrict(Event.objects.all(), user, "events.work_board")


def board_columns(event):
    """The event's tasks as the board shows them: one column per status, in order."""
    tasks = event.tasks.select_related("owner").annotate(comment_count=Count("comments"))
    by_status = {status: [] for status in TaskStatus.values}
    for task in tasks:
        by_status[task.status].append(task)
    return [(TaskStatus(status), cards) for status, cards in by_status.items()]


def board_counts(event):
    """How many cards of the event's board are in each column."""
    counts = dict(event.tasks.values_list("status").annotate(n=Count("pk")))
    return [(status, counts.get(status.value, 0)) for status in TaskStatus]


def tasks_visible_to(user):
    tasks = Task.objects.select_related("event", "owner")
    return restrict(tasks, user, "events.see_task")


def tasks_open_for(user):
    """The unfinished tasks the user owns, on boards they may still see."""
    if not user.is_authenticated:
        return Task.objects.none()
    return (
        tasks_visible_to(user)
        .filter(owner__user=user)
        .exclude(status=TaskStatus.DONE)
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


def staff_members():
    return StaffMember.objects.select_related("person")


def engagements_visible_to(user):
    engagements = Engagement.objects.select_related("staff_member__person").prefetch_related(
        Prefetch("events", queryset=Event.objects.order_by("start_date"))
    )
    return restrict(engagements, user, "events.see_engagement")


def is_staff_member(user):
    return StaffMember.objects.filter(person__user=user).exists()


def engagement_in_force(user, on):
    """Whether an engagement of the user's is signed and covers the day `on`."""
    return Engagement.objects.in_force(on).filter(staff_member__person__user=user).exists()


def report_figures(start, end):
    """The events held in a reporting period (cancelled ones named as such), the
    staff engagements in force during it and the tasks due in it."""
    held = Event.objects.filter(start_date__range=(start, end)).order_by("start_date", "title")
    return {
        "engagements": _engagement_figures(start, end),
        "tasks": _task_figures(start, end),
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


def _engagement_figures(start, end):
    engaged = (
        Engagement.objects.filter(starts_on__lte=end, ends_on__gte=start)
        .exclude(status__in=[EngagementStatus.CANCELLED, EngagementStatus.PLANNED])
        .select_related("staff_member__person")
        .prefetch_related(Prefetch("events", queryset=Event.objects.order_by("start_date")))
        .order_by("starts_on", "pk")
    )
    return [
        {
            "staff": str(engagement.staff_member.person),
            "organisation": engagement.staff_member.organisation,
            "starts_on": engagement.starts_on.isoformat(),
            "ends_on": engagement.ends_on.isoformat(),
            "events": [event.title for event in engagement.events.all()],
            "status": engagement.get_status_display(),
        }
        for engagement in engaged
    ]


def _task_figures(start, end):
    """Tasks due in the period, by status."""
    counts = dict(
        Task.objects.filter(due_on__range=(start, end))
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return [{"status": status.label, "count": counts.get(status.value, 0)} for status in TaskStatus]

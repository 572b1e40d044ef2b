"""Demo events: a past workshop, an upcoming JupyterCon, and one being planned;
`large` adds ten years of workshops and conferences for the benchmarks."""

from datetime import timedelta

from django.utils import timezone

from cwg_portal.roles import Role
from events.enums import EngagementStatus, EventKind, EventStatus, NoteKind, TaskStatus
from events.models import Event, StaffMember
from events.services import event_create
from events.services.staff import (
    engagement_create,
    engagement_move,
    note_record,
    staff_member_create,
)
from events.services.tasks import task_create, task_move


def _event(*, slug, organisers=(), **fields):
    if not Event.objects.filter(slug=slug).exists():
        event_create(slug=slug, organisers=organisers, **fields)


def seed(demo):
    users, size = demo.users, demo.size
    today = timezone.localdate()
    organiser = users[Role.COMMUNITY].person
    _event(
        slug="jupyter-accessibility-workshop",
        title="Jupyter Accessibility Workshop",
        kind=EventKind.WORKSHOP,
        status=EventStatus.COMPLETED,
        summary="Three days of work on screen-reader support in JupyterLab.",
        start_date=today - timedelta(days=60),
        end_date=today - timedelta(days=58),
        city="Cape Town",
        country="South Africa",
        organisers=[organiser],
        lead_contact=organiser,
    )
    _event(
        slug=f"jupytercon-{today.year + 1}",
        title=f"JupyterCon {today.year + 1}",
        kind=EventKind.JUPYTERCON,
        status=EventStatus.ANNOUNCED,
        summary="The global conference of the Jupyter community.",
        start_date=today + timedelta(days=45),
        end_date=today + timedelta(days=48),
        city="Paris",
        country="France",
        is_online=True,
    )
    _event(
        slug="jupyter-widgets-sprint",
        title="Jupyter Widgets Sprint",
        kind=EventKind.WORKSHOP,
        status=EventStatus.PLANNING,
        start_date=today + timedelta(days=20),
        end_date=today + timedelta(days=22),
        is_online=True,
        organisers=[organiser],
    )
    _seed_staff(users, today)
    if size == "large":
        _seed_decade(today)


def _seed_staff(users, today):
    """The events-staff user, engaged on next year's JupyterCon and the widgets
    sprint, with a few cards on their boards and a first meeting logged; and an
    earlier engagement, ended."""
    staff_person, chair = users[Role.EVENTS_STAFF].person, users[Role.CWG_CHAIR]
    if StaffMember.objects.filter(person=staff_person).exists():
        return
    member = staff_member_create(
        person=staff_person,
        organisation="NumFOCUS",
        role="Events manager",
        contact="events@example.org",
        by=chair,
    )
    past = engagement_create(
        staff_member=member,
        scope="Venue search for the workshops of the spring round.",
        starts_on=today - timedelta(days=200),
        ends_on=today - timedelta(days=100),
        fee="4000.00",
        currency="USD",
        events=Event.objects.filter(slug="jupyter-accessibility-workshop"),
        by=chair,
    )
    engagement_move(engagement=past, status=EngagementStatus.SIGNED, by=chair)
    engagement_move(engagement=past, status=EngagementStatus.ENDED, by=chair)
    covered = Event.objects.filter(
        slug__in=[f"jupytercon-{today.year + 1}", "jupyter-widgets-sprint"]
    )
    current = engagement_create(
        staff_member=member,
        scope="Logistics, registration and the venue of the events below.",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=120),
        fee="18000.00",
        currency="USD",
        events=covered,
        by=chair,
    )
    engagement_move(engagement=current, status=EngagementStatus.SIGNED, by=chair)
    note_record(
        engagement=current,
        kind=NoteKind.MEETING,
        held_on=today - timedelta(days=25),
        summary="Kick-off: venue shortlist, registration platform, weekly calls on Tuesdays.",
        attendees=[staff_person, chair.person],
        by=chair,
    )
    _seed_tasks(covered, staff_person, chair, today)


def _seed_tasks(events, staff_person, chair, today):
    cards = [
        ("Sign the venue contract", TaskStatus.DONE, -10),
        ("Open registration", TaskStatus.DOING, 7),
        ("Book the catering", TaskStatus.TODO, 21),
        ("Visa letters for speakers", TaskStatus.BLOCKED, 14),
    ]
    for event in events:
        for title, status, days in cards:
            task = task_create(
                event=event,
                title=title,
                owner=staff_person,
                due_on=today + timedelta(days=days),
                by=chair,
            )
            if status != TaskStatus.TODO:
                task_move(task=task, status=status, by=chair)


def _seed_decade(today):
    for year in range(today.year - 10, today.year):
        for n in range(1, 13):
            start = today.replace(year=year, month=n, day=1)
            _event(
                slug=f"community-workshop-{year}-{n:02d}",
                title=f"Community Workshop {year} #{n}",
                kind=EventKind.WORKSHOP,
                status=EventStatus.COMPLETED,
                start_date=start,
                end_date=start + timedelta(days=2),
                city="Berlin",
                country="Germany",
            )

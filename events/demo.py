"""Demo events: a past workshop, an upcoming JupyterCon, and one being planned;
`large` adds ten years of workshops and conferences for the benchmarks."""

from datetime import timedelta

from django.utils import timezone

from cwg_portal.roles import Role
from events.enums import EventKind, EventStatus
from events.models import Event
from events.services import event_create


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
    if size == "large":
        _seed_decade(today)


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

"""Demo editions: two past ones (closed, and held), with their milestones,
partners, tiers and paid sponsorships; and next year's, in planning, made from
the last one (its milestones shifted) around the JupyterCon event already
planned, with a strategic decision and its scholarship call, applied to."""

import datetime
from decimal import Decimal

from budget.selectors import fund
from conferences.enums import AidKind, SponsorshipStatus
from conferences.selectors import editions
from conferences.services.editions import (
    decision_record,
    edition_advance,
    edition_create,
    edition_summary_file,
    lesson_record,
    milestone_add,
    milestone_done,
    partnership_add,
)
from conferences.services.registrations import registration_record, ticket_type_add
from conferences.services.scholarships import application_submit, scholarship_call_open
from conferences.services.sponsorships import (
    sponsorship_create,
    sponsorship_mark_paid,
    sponsorship_move,
    tier_add,
)
from cwg_portal.roles import Role
from events.selectors import events

MILESTONES = [
    ("Venue contract signed", -300),
    ("Call for proposals opens", -200),
    ("Programme published", -90),
    ("Registration opens", -120),
    ("Retrospective held", 30),
]
SPONSORS = [("Bloomberg", "Platinum", "30000.00"), ("Two Sigma", "Gold", "15000.00")]


def seed(demo):
    if editions().exists():
        return
    users = demo.users
    chair, finance = users[Role.CWG_CHAIR], users[Role.FINANCE_STAFF]
    today = datetime.date.today()
    money = fund("jupyter-community")
    closed = _past_edition(today.year - 2, "Paris", "France", chair, finance, money, advance=4)
    held = _past_edition(
        today.year - 1,
        "San Diego",
        "United States",
        chair,
        finance,
        money,
        advance=3,
        previous=closed,
    )
    planned_event = events().filter(slug=f"jupytercon-{today.year + 1}").first()
    following = edition_create(
        year=today.year + 1,
        name=f"JupyterCon {today.year + 1}",
        fund=money,
        previous=held,
        event=planned_event,
        by=chair,
    )
    call = scholarship_call_open(
        edition=following,
        description="Scholarships cover the ticket; travel grants also the journey and stay.",
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=30),
        envelope=Decimal("20000.00"),
        by=chair,
    )
    application_submit(
        call=call,
        applicant=users[Role.COMMUNITY],
        kind=AidKind.TRAVEL,
        need="A return flight from Lima and four nights' stay.",
        statement="I maintain the Spanish translation of JupyterLab.",
        amount_asked=Decimal("1800.00"),
    )
    decision_record(
        edition=following,
        title="Hybrid format",
        context="Travel budgets are down; many contributors cannot fly.",
        options="In person only; online only; in person with online talks.",
        decision="In person, with every talk streamed and online questions.",
        rationale="Reaches those who cannot travel without losing the hallway track.",
        decided_on=today - datetime.timedelta(days=20),
        decided_by="The members present at the monthly meeting",
        is_public=True,
        by=chair,
    )


def _past_edition(year, city, country, chair, finance, money, *, advance, previous=None):
    start = datetime.date(year, 5, 10)
    edition = edition_create(
        year=year,
        name=f"JupyterCon {year}",
        start_date=start,
        end_date=start + datetime.timedelta(days=3),
        city=city,
        country=country,
        fund=money,
        previous=previous,
        by=chair,
    )
    if previous is None:
        for title, days in MILESTONES:
            milestone_add(
                edition=edition,
                title=title,
                due_on=start + datetime.timedelta(days=days),
                owner=chair.person,
                by=chair,
            )
    for milestone in edition.milestones.all():
        milestone_done(milestone=milestone, on=milestone.due_on, by=chair)
    partnership_add(
        edition=edition,
        organisation="The Linux Foundation",
        responsibilities="Venue, registration and sponsorship sales; the group runs the programme.",
        contract_reference=f"LF-JC-{year}",
        revenue_share=20,
        by=chair,
    )
    _sponsors(edition, chair, finance, start)
    _registrations(edition, chair, start, scale=1 if previous is None else 1.2)
    for _ in range(advance):
        edition = edition_advance(edition=edition, by=chair)
    edition_summary_file(
        edition=edition,
        by=chair,
        attendance_total=640 if previous is None else 760,
        first_time_attendees=250 if previous is None else 310,
        outcomes=f"Three days of talks and sprints in {city}; forty pull requests merged.",
        dei_reached="Scholars from twelve countries; a third of the speakers were first-timers.",
        dei_achieved="Live captioning in every room, a quiet room and childcare on all days.",
        dei_shortfalls="The call for proposals reached few people outside Europe and America.",
    )
    lesson_record(
        edition=edition,
        text=f"Book the venue's quiet room earlier: it was full on day one in {city}.",
        by=chair,
    )
    return edition


def _sponsors(edition, chair, finance, start):
    if not edition.tiers.exists():
        tier_add(edition=edition, name="Platinum", price=Decimal("30000.00"), by=chair)
        tier_add(edition=edition, name="Gold", price=Decimal("15000.00"), by=chair)
    for organisation, tier_name, amount in SPONSORS:
        sponsorship = sponsorship_create(
            edition=edition,
            organisation=organisation,
            tier=edition.tiers.get(name=tier_name),
            amount=Decimal(amount),
            currency=edition.fund.currency,
            by=chair,
        )
        sponsorship_move(sponsorship=sponsorship, status=SponsorshipStatus.COMMITTED, by=chair)
        sponsorship_mark_paid(
            sponsorship=sponsorship, paid_on=start - datetime.timedelta(days=60), by=finance
        )


def _registrations(edition, chair, start, *, scale):
    """Ten weeks of registration figures, busier towards the start."""
    regular = ticket_type_add(edition=edition, name="Regular", price=Decimal("450.00"), by=chair)
    student = ticket_type_add(edition=edition, name="Student", price=Decimal("75.00"), by=chair)
    for week in range(10, 0, -1):
        day = start - datetime.timedelta(weeks=week)
        for ticket, base in ((regular, 30), (student, 12)):
            count = int(base * scale * (11 - week) / 5)
            registration_record(
                edition=edition,
                ticket_type=ticket,
                on=day,
                count=count,
                first_time=count // 3,
                by=chair,
            )

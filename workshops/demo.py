"""Demo of the workshops program: last round decided and reported (one workshop
funded, held and summarised in public, one declined), and this round open with a
proposal in review and a draft.

Everything goes through the services, which take proposals only while a call is
open and for workshops after it: the past round is run as if it were open now,
then its dates are moved back, as time would have done.
"""

from datetime import timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from budget.models import Allocation
from budget.selectors import categories
from budget.selectors import fund as budget_fund
from cwg_portal.roles import Role
from dei.enums import ItemStatus
from dei.selectors import disc_items_in_use, items_planned
from dei.services.checklists import checklist_ensure, checklist_item_update
from events.models import Event
from workshops.enums import FocusArea, Verdict, WorkshopFormat
from workshops.models import Call
from workshops.services.calls import call_open, stage_waive
from workshops.services.decisions import proposal_advance, proposal_decide
from workshops.services.proposals import proposal_create, proposal_submit
from workshops.services.reviews import review_submit, reviewers_balance
from workshops.services.summaries import summary_file

PAST_CALL, OPEN_CALL = "workshops-past-round", "workshops-open-round"
CAPS = {
    WorkshopFormat.IN_PERSON: Decimal("20000.00"),
    WorkshopFormat.HYBRID: Decimal("20000.00"),
    WorkshopFormat.ONLINE: Decimal("5000.00"),
}
DESCRIPTION = (
    "Jupyter Community Workshops bring small groups of community members and core "
    "contributors together for a few days of focused, high-impact work. The working "
    "group funds direct costs: travel, venue, meals, accessibility and childcare."
)


def _lines(*rows):
    return [
        {
            "category": categories().get(slug=slug),
            "description": text,
            "amount": Decimal(amount),
        }
        for slug, text, amount in rows
    ]


def _proposal(call, organiser, **fields):
    proposal = proposal_create(
        call=call,
        by=organiser,
        coc_contacts_confirmed=True,
        disc_items=disc_items_in_use().filter(tier="essential"),
        **fields,
    )
    return proposal


def seed(demo):
    users = demo.users
    if Call.objects.filter(slug=OPEN_CALL).exists():
        return
    fund = budget_fund("jupyter-community")
    chair, organiser = users[Role.CWG_CHAIR], users[Role.COMMUNITY]
    now, today = timezone.now(), timezone.localdate()
    _past_round(fund, chair, organiser, now, today)
    call = call_open(
        by=chair,
        slug=OPEN_CALL,
        title=f"Jupyter Community Workshops {today.year + 1}",
        description=DESCRIPTION,
        fund=fund,
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=30),
        envelope=Decimal("60000.00"),
        caps=CAPS,
    )
    submitted = _proposal(
        call,
        organiser,
        title="Jupyter in African research labs",
        summary="Four days in Nairobi for maintainers and research software engineers.",
        goals="Translate the JupyterLab interface to Swahili; a kernel for R in lab settings.",
        focus_areas=[FocusArea.RESEARCH, FocusArea.COMMUNITY],
        format=WorkshopFormat.IN_PERSON,
        city="Nairobi",
        country="Kenya",
        starts_on=today + timedelta(days=150),
        ends_on=today + timedelta(days=153),
        expected_participants=20,
        advances_jupyter="Internationalisation of JupyterLab, kernels for research stacks.",
        grows_community="Most participants would be first-time contributors.",
        dei_outreach="Through the regional research software engineering networks.",
        lines=_lines(
            ("travel", "Flights for twelve participants", "11000.00"),
            ("venue", "University seminar room, four days", "2000.00"),
            ("catering", "Lunches and coffee", "2400.00"),
            ("childcare", "Childcare on site", "800.00"),
        ),
    )
    proposal_submit(proposal=submitted, by=organiser)
    reviewers_balance(call=call, by=chair)
    _proposal(
        call,
        organiser,
        title="Notebook accessibility testing day",
        summary="One online day to write accessibility tests for Notebook 7.",
        goals="A test suite run by screen readers.",
        focus_areas=[FocusArea.ACCESSIBILITY],
        format=WorkshopFormat.ONLINE,
        starts_on=today + timedelta(days=100),
        ends_on=today + timedelta(days=101),
        expected_participants=14,
        advances_jupyter="Accessibility of Notebook 7.",
        grows_community="Brings accessibility specialists to the project.",
        dei_outreach="Disabled developers' communities.",
        lines=_lines(("accessibility", "Live captioning", "1200.00")),
        # Invited, not yet answered: the DEI committee's member sees the invitation.
        co_organisers=[users[Role.DEI_COMMITTEE].email, "a11y.partner@example.org"],
    )


def _past_round(fund, chair, organiser, now, today):
    call = call_open(
        by=chair,
        slug=PAST_CALL,
        title=f"Jupyter Community Workshops {today.year}",
        description=DESCRIPTION,
        fund=fund,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(hours=1),
        envelope=Decimal("20000.00"),
        caps=CAPS,
    )
    funded = _proposal(
        call,
        organiser,
        title="Jupyter documentation translation sprint",
        summary="Two online days translating the JupyterLab documentation.",
        goals="The user guide in Spanish and Portuguese.",
        focus_areas=[FocusArea.DOCUMENTATION],
        format=WorkshopFormat.ONLINE,
        starts_on=today + timedelta(days=80),
        ends_on=today + timedelta(days=81),
        expected_participants=18,
        advances_jupyter="Documentation reaches readers who do not read English.",
        grows_community="Translators join the documentation team.",
        dei_outreach="Latin American Python communities.",
        lines=_lines(
            ("accessibility", "Interpretation between Spanish and Portuguese", "3000.00"),
            ("supplies", "Translation tool licences", "1500.00"),
        ),
    )
    declined = _proposal(
        call,
        organiser,
        title="Jupyter hardware lab",
        summary="A maker space with Jupyter-driven hardware.",
        goals="Demonstrations.",
        focus_areas=[FocusArea.EDUCATION],
        format=WorkshopFormat.IN_PERSON,
        city="Lisbon",
        country="Portugal",
        starts_on=today + timedelta(days=50),
        ends_on=today + timedelta(days=52),
        expected_participants=12,
        advances_jupyter="Little: the work is mostly outside the project.",
        grows_community="Possibly.",
        dei_outreach="Not yet planned.",
        lines=_lines(("supplies", "Hardware kits", "9000.00")),
    )
    for proposal in (funded, declined):
        proposal_submit(proposal=proposal, by=organiser)
    for review in reviewers_balance(call=call, by=chair):
        good = review.proposal_id == funded.pk
        review_submit(
            proposal=review.proposal,
            by=review.reviewer.user,
            scores={criterion.pk: 4 if good else 2 for criterion in call.criteria.all()},
            comment="Clear goals and a realistic budget." if good else "Too far from Jupyter.",
        )
    proposal_advance(proposal=funded, by=chair)
    stage_waive(stage=call.stages.get(waivable=True), by=chair)
    proposal_decide(
        proposal=funded,
        by=chair,
        verdict=Verdict.ACCEPT,
        awarded_amount=Decimal("4000.00"),
        message="Funded; the licences are covered in part.",
    )
    proposal_decide(
        proposal=declined,
        by=chair,
        verdict=Verdict.DECLINE,
        message="The committee could not see enough Jupyter work in it.",
    )
    _move_back(call, days=120)
    funded.refresh_from_db()
    # The organisers record what became of their DEI commitments before the summary.
    checklist_ensure(event=funded.event)
    for item in items_planned(funded.event):
        checklist_item_update(
            item=item, by=organiser, status=ItemStatus.DONE, evidence="Noted in the summary."
        )
    summary_file(
        proposal=funded,
        by=organiser,
        attendance_total=17,
        first_time_contributors=9,
        outcomes="The user guide is translated to Spanish; Portuguese is half done.",
        links=["https://github.com/jupyterlab/jupyterlab/pulls"],
        dei_reached="Translators from six Latin American countries, most new to Jupyter.",
        dei_achieved="Interpretation let everyone take part in their own language.",
        dei_shortfalls="Time zones left out the participants from Asia.",
        lessons="Plan two sessions a day for time zones.",
        is_public=True,
    )


def _move_back(call, *, days):
    """Move a round and what it decided `days` into the past."""
    back = timedelta(days=days)
    Call.objects.filter(pk=call.pk).update(
        opens_at=F("opens_at") - back, closes_at=F("closes_at") - back
    )
    call.stages.update(ends_on=F("ends_on") - back)
    proposals = call.proposals.all()
    proposals.update(starts_on=F("starts_on") - back, ends_on=F("ends_on") - back)
    Event.objects.filter(workshop_proposal__in=proposals).update(
        start_date=F("start_date") - back, end_date=F("end_date") - back
    )
    Allocation.objects.filter(workshop_proposal__in=proposals).update(
        decided_on=F("decided_on") - back
    )

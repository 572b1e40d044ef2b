"""Factories of the workshops program.

`open_call`, `submitted_proposal` and `held_workshop` go through the services (a
call without its rubric and stages, or a proposal without a version, is not a
state the program can be in); `funded_fund` gives a fund money to allocate.
"""

import datetime
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from cwg_portal.roles import Role
from events.models import Event
from tests.factories.budget import FundFactory, LedgerEntryFactory, category
from tests.factories.membership import UserFactory
from workshops.enums import FocusArea, Verdict, WorkshopFormat
from workshops.models import Proposal
from workshops.services.calls import call_open, stage_waive
from workshops.services.decisions import proposal_advance, proposal_decide
from workshops.services.invitations import invitation_answer
from workshops.services.proposals import proposal_create, proposal_submit
from workshops.services.summaries import summary_file

CAPS = {
    WorkshopFormat.IN_PERSON: Decimal("20000.00"),
    WorkshopFormat.HYBRID: Decimal("20000.00"),
    WorkshopFormat.ONLINE: Decimal("5000.00"),
}


def chair():
    return UserFactory(roles=[Role.CWG_CHAIR])


def funded_fund(amount=Decimal("100000.00"), **kwargs):
    """A fund holding `amount` of donations, all of it available to allocate."""
    fund = FundFactory(**kwargs)
    LedgerEntryFactory(fund=fund, amount=amount)
    return fund


def open_call(*, by=None, fund=None, closes_in=datetime.timedelta(days=30), **overrides):
    """A call open now (opened a day ago), with the usual caps, rubric and stages."""
    now = timezone.now()
    fields = {
        "title": "Jupyter Community Workshops 2027",
        "description": "Small groups of contributors working together for a few days.",
        "opens_at": now - datetime.timedelta(days=1),
        "closes_at": now + closes_in,
        "envelope": Decimal("60000.00"),
        "caps": CAPS,
    }
    fields.update(overrides)
    return call_open(by=by or chair(), fund=fund or funded_fund(), **fields)


def proposal_fields(**overrides):
    """What an organiser fills in for a valid in-person workshop of three days."""
    starts_on = timezone.localdate() + datetime.timedelta(days=120)
    fields = {
        "title": "JupyterLab accessibility sprint",
        "summary": "Three days to fix the accessibility of JupyterLab's main views.",
        "goals": "Merge keyboard navigation fixes; write an accessibility audit guide.",
        "format": WorkshopFormat.IN_PERSON,
        "city": "Paris",
        "country": "France",
        "starts_on": starts_on,
        "ends_on": starts_on + datetime.timedelta(days=2),
        "expected_participants": 16,
        "advances_jupyter": "Accessibility across JupyterLab core and the notebook.",
        "grows_community": "Half of the participants are new contributors.",
        "dei_outreach": "We work with local disability advocacy groups.",
        "coc_contacts_confirmed": True,
        "focus_areas": [FocusArea.ACCESSIBILITY],
        "lines": [
            {"category": category("travel"), "description": "Travel", "amount": Decimal("9000")},
            {"category": category("venue"), "description": "Venue", "amount": Decimal("3000")},
            {
                "category": category("catering"),
                "description": "Lunches",
                "amount": Decimal("2000"),
            },
        ],
    }
    fields.update(overrides)
    return fields


def draft_proposal(call, *, by=None, organisers=(), **overrides):
    """A draft by `by`; each of `organisers` (people with accounts) is invited
    and accepts, as co-organisers join."""
    by = by or UserFactory(roles=[Role.COMMUNITY])
    proposal = proposal_create(
        call=call,
        by=by,
        co_organisers=[person.user.email for person in organisers],
        **proposal_fields(**overrides),
    )
    for invitation in proposal.invitations.select_related("proposal"):
        person = next(p for p in organisers if p.user.email.lower() == invitation.email)
        invitation_answer(invitation=invitation, by=person.user, accept=True)
    return proposal


def submitted_proposal(call, *, by=None, **overrides):
    by = by or UserFactory(roles=[Role.COMMUNITY])
    proposal = draft_proposal(call, by=by, **overrides)
    return proposal_submit(proposal=proposal, by=by)


def pass_call_closing(call):
    """Move a call's closing time into the past, as time passing would."""
    call.opens_at = timezone.now() - datetime.timedelta(days=40)
    call.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    call.save(update_fields=["opens_at", "closes_at"])
    return call


def funded_proposal(call, *, chair, by=None, awarded=Decimal("10000.00"), **overrides):
    """A proposal accepted after its stages (the final one waived): it has its event
    and its allocation."""
    proposal = submitted_proposal(call, by=by, **overrides)
    proposal_advance(proposal=proposal, by=chair)
    stage_waive(stage=call.stages.get(waivable=True), by=chair)
    return proposal_decide(
        proposal=proposal, by=chair, verdict=Verdict.ACCEPT, awarded_amount=awarded
    )


def held_workshop(call, *, chair, by=None, **overrides):
    """A funded workshop that took place last week. Proposals start after their
    call closes, so it is funded with dates ahead, which then pass as time would."""
    fields = {"title": "Held workshop", **overrides}
    proposal = funded_proposal(call, chair=chair, by=by, **fields)
    shift = proposal.starts_on - (timezone.localdate() - datetime.timedelta(days=10))
    Proposal.objects.filter(pk=proposal.pk).update(
        starts_on=F("starts_on") - shift, ends_on=F("ends_on") - shift
    )
    Event.objects.filter(pk=proposal.event_id).update(
        start_date=F("start_date") - shift, end_date=F("end_date") - shift
    )
    return Proposal.objects.select_related("event", "allocation", "call").get(pk=proposal.pk)


def filed_summary(proposal, *, by, **changes):
    """The organisers' post-event summary, published; lessons and shortfalls are
    the parts that never go public."""
    fields = {
        "attendance_total": 15,
        "first_time_contributors": 6,
        "outcomes": "Keyboard navigation fixed in three views.",
        "links": ["https://github.com/jupyterlab/jupyterlab/pull/1"],
        "dei_reached": "Screen reader users from four countries.",
        "dei_achieved": "Every session was captioned.",
        "dei_shortfalls": "The venue's lift broke on day two.",
        "lessons": "Book a second venue with step-free access.",
        "is_public": True,
        **changes,
    }
    return summary_file(proposal=proposal, by=by, **fields)

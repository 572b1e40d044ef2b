"""Decisions: accept (funding the workshop's event and allocation together, or
neither), waitlist or decline, once, after the stages of review, never by a
conflicted chair, and the organisers told by e-mail."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from budget.enums import AllocationStatus
from budget.models import Allocation
from budget.selectors import spending_authority
from cwg_portal.roles import Role
from events.enums import EventKind, EventStatus
from events.models import Event
from membership.enums import DeclarationKind
from membership.models import Recusal
from membership.services import person_update
from membership.services.conflicts import declaration_create
from tests.concurrency import at_the_same_moment
from tests.factories.membership import PersonFactory, UserFactory
from tests.factories.workshops import chair, funded_fund, open_call, submitted_proposal
from workshops.enums import ProposalStatus, Verdict
from workshops.models import Proposal
from workshops.services.calls import stage_waive
from workshops.services.decisions import line_awards, proposal_advance, proposal_decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def the_chair():
    return chair()


@pytest.fixture
def call(the_chair):
    return open_call(by=the_chair)


def at_last_stage(proposal, by):
    proposal_advance(proposal=proposal, by=by)
    return proposal_advance(proposal=proposal, by=by)


@pytest.fixture
def ready(call, the_chair):
    """A proposal asking for 14,000 (9,000 travel, 3,000 venue, 2,000 lunches), at
    its final stage of review."""
    return at_last_stage(submitted_proposal(call), the_chair)


def accept(proposal, by, amount, **kwargs):
    return proposal_decide(
        proposal=proposal, by=by, verdict=Verdict.ACCEPT, awarded_amount=Decimal(amount), **kwargs
    )


def stored(proposal):
    return Proposal.objects.get(pk=proposal.pk)


def awarded_lines(proposal):
    return list(proposal.lines.values_list("amount", "awarded"))


# --- Accepting funds the workshop --------------------------------------------------------


def test_proposal_decide_accept_creates_the_workshop_event_and_its_allocation(ready, the_chair):
    co_organiser = PersonFactory(display_name="Co Organiser")
    ready.organisers.add(co_organiser)

    decided = accept(ready, the_chair, "14000.00", message="Well argued.")

    event = Event.objects.get()
    assert (event.title, event.kind, event.status) == (
        "JupyterLab accessibility sprint",
        EventKind.WORKSHOP,
        EventStatus.PLANNING,
    )
    assert (event.start_date, event.end_date, event.city, event.is_online) == (
        ready.starts_on,
        ready.ends_on,
        "Paris",
        False,
    )
    assert set(event.organisers.all()) == {ready.lead, co_organiser}
    assert event.lead_contact == ready.lead
    allocation = Allocation.objects.get()
    assert (allocation.fund, allocation.event, allocation.amount, allocation.status) == (
        ready.call.fund,
        event,
        Decimal("14000.00"),
        AllocationStatus.OPEN,
    )
    assert (allocation.purpose, allocation.decision_note, allocation.decided_by) == (
        "Workshop: JupyterLab accessibility sprint",
        "Well argued.",
        the_chair,
    )
    assert (decided.status, decided.event, decided.allocation, decided.decided_by) == (
        ProposalStatus.ACCEPTED,
        event,
        allocation,
        the_chair,
    )


def test_proposal_decide_accept_for_less_shares_the_award_among_the_lines_to_the_cent(
    ready, the_chair
):
    accept(ready, the_chair, "10000.00")

    # 9000, 3000 and 2000 in proportion come to 6428.57, 2142.85 and 1428.57; the
    # cent left over goes to the largest line.
    assert awarded_lines(ready) == [
        (Decimal("9000.00"), Decimal("6428.58")),
        (Decimal("3000.00"), Decimal("2142.85")),
        (Decimal("2000.00"), Decimal("1428.57")),
    ]
    assert sum(awarded for _, awarded in awarded_lines(ready)) == Decimal("10000.00")


@pytest.mark.parametrize(
    ("requested", "awarded"),
    [
        ([Decimal("0.01"), Decimal("0.01"), Decimal("0.01")], Decimal("0.02")),
        ([Decimal("333.33"), Decimal("333.33"), Decimal("333.34")], Decimal("999.99")),
        ([Decimal("1"), Decimal("7"), Decimal("13")], Decimal("19.99")),
    ],
    ids=["two cents among three", "a cent short of the request", "uneven lines"],
)
def test_line_awards_always_sum_to_the_award(requested, awarded):
    shares = line_awards(requested, awarded)

    assert sum(shares) == awarded
    assert all(share <= asked for share, asked in zip(shares, requested, strict=True))


def test_proposal_decide_accept_when_the_fund_lacks_the_money_leaves_no_event_behind(the_chair):
    call = open_call(by=the_chair, fund=funded_fund(amount=Decimal("1000.00")))
    proposal = at_last_stage(submitted_proposal(call), the_chair)

    with pytest.raises(ValidationError) as raised:
        accept(proposal, the_chair, "5000.00")

    assert raised.value.message_dict == {
        "awarded_amount": [
            "Only 1000.00 USD is available; this allocation would overspend by 4000.00 USD. "
            "Give a reason to allocate it anyway."
        ]
    }
    assert (Event.objects.count(), Allocation.objects.count()) == (0, 0)
    after = stored(proposal)
    assert (after.status, after.awarded_amount, after.event, after.decided_at) == (
        ProposalStatus.SUBMITTED,
        None,
        None,
        None,
    )
    assert [awarded for _, awarded in awarded_lines(proposal)] == [None, None, None]


def test_proposal_decide_accept_beyond_the_funds_money_with_a_reason_is_recorded(the_chair):
    call = open_call(by=the_chair, fund=funded_fund(amount=Decimal("1000.00")))
    proposal = at_last_stage(submitted_proposal(call), the_chair)

    accept(proposal, the_chair, "5000.00", override_reason="A pledged grant arrives in May.")

    assert Allocation.objects.get().override_reason == "A pledged grant arrives in May."
    assert spending_authority(call.fund)["available"] == Decimal("-4000.00")


@pytest.mark.parametrize(
    ("amount", "errors"),
    [
        ("14000.01", {"awarded_amount": ["The award cannot exceed what was asked: 14000.00 USD."]}),
        ("0", {"awarded_amount": ["Give the amount awarded."]}),
        ("100.001", {"awarded_amount": ["Give the amount in whole cents."]}),
    ],
)
def test_proposal_decide_accept_with_a_wrong_amount_is_refused(ready, the_chair, amount, errors):
    with pytest.raises(ValidationError) as raised:
        accept(ready, the_chair, amount)

    assert raised.value.message_dict == errors
    assert (stored(ready).status, Event.objects.count(), Allocation.objects.count()) == (
        ProposalStatus.SUBMITTED,
        0,
        0,
    )


def test_proposal_decide_accept_above_what_is_left_of_the_envelope_is_refused(the_chair):
    call = open_call(by=the_chair, envelope=Decimal("20000.00"))
    accept(at_last_stage(submitted_proposal(call), the_chair), the_chair, "14000.00")
    second = at_last_stage(submitted_proposal(call, title="Second"), the_chair)

    with pytest.raises(ValidationError) as raised:
        accept(second, the_chair, "7000.00")

    assert raised.value.message_dict == {
        "awarded_amount": ["The call's envelope has 6000.00 USD left; this award is 7000.00 USD."]
    }
    assert Allocation.objects.count() == 1

    accept(second, the_chair, "6000.00")

    assert sorted(Allocation.objects.values_list("amount", flat=True)) == [
        Decimal("6000.00"),
        Decimal("14000.00"),
    ]


# --- Once, and in its time --------------------------------------------------------------------


def test_proposal_decide_twice_is_refused(ready, the_chair):
    accept(ready, the_chair, "14000.00")

    with pytest.raises(ValidationError) as raised:
        proposal_decide(proposal=ready, by=the_chair, verdict=Verdict.DECLINE)

    decided_on = date_format(timezone.localtime(stored(ready).decided_at))
    assert raised.value.messages == [f"This proposal was already accepted on {decided_on}."]
    assert (stored(ready).status, Event.objects.count(), Allocation.objects.count()) == (
        ProposalStatus.ACCEPTED,
        1,
        1,
    )


def test_proposal_decide_waitlisted_then_accepted(ready, the_chair):
    proposal_decide(proposal=ready, by=the_chair, verdict=Verdict.WAITLIST)
    assert (stored(ready).status, Event.objects.count()) == (ProposalStatus.WAITLISTED, 0)

    accept(ready, the_chair, "12000.00")

    assert (stored(ready).status, stored(ready).awarded_amount) == (
        ProposalStatus.ACCEPTED,
        Decimal("12000.00"),
    )
    assert list(Allocation.objects.values_list("amount", flat=True)) == [Decimal("12000.00")]


def test_proposal_decide_waitlist_twice_is_refused(ready, the_chair):
    proposal_decide(proposal=ready, by=the_chair, verdict=Verdict.WAITLIST)

    with pytest.raises(ValidationError) as raised:
        proposal_decide(proposal=ready, by=the_chair, verdict=Verdict.WAITLIST)

    assert raised.value.messages == ["This proposal is already on the waitlist."]


@pytest.mark.parametrize("verdict", [Verdict.ACCEPT, Verdict.WAITLIST])
def test_proposal_decide_before_the_last_stage_is_refused(call, the_chair, verdict):
    proposal = submitted_proposal(call)
    proposal_advance(proposal=proposal, by=the_chair)

    with pytest.raises(ValidationError) as raised:
        proposal_decide(
            proposal=proposal, by=the_chair, verdict=verdict, awarded_amount=Decimal("100")
        )

    assert raised.value.messages == [
        "The proposal has still to go through “Final review” (or the chair waives it)."
    ]
    assert (stored(proposal).status, Event.objects.count()) == (ProposalStatus.SUBMITTED, 0)


def test_proposal_decide_accept_once_the_final_review_is_waived(call, the_chair):
    proposal = submitted_proposal(call)
    proposal_advance(proposal=proposal, by=the_chair)
    stage_waive(stage=call.stages.get(name="Final review"), by=the_chair)

    accept(proposal, the_chair, "14000.00")

    assert stored(proposal).status == ProposalStatus.ACCEPTED


def test_stage_waive_of_a_stage_that_cannot_be_waived_is_refused(call, the_chair):
    with pytest.raises(ValidationError) as raised:
        stage_waive(stage=call.stages.get(position=1), by=the_chair)

    assert raised.value.messages == ["“Committee review” cannot be waived."]


def test_proposal_decide_decline_at_the_first_stage(call, the_chair):
    proposal = submitted_proposal(call)

    proposal_decide(
        proposal=proposal, by=the_chair, verdict=Verdict.DECLINE, message=" Out of scope. "
    )

    after = stored(proposal)
    assert (after.status, after.stage.name, after.decision_message) == (
        ProposalStatus.DECLINED,
        "Committee review",
        "Out of scope.",
    )
    assert (Event.objects.count(), Allocation.objects.count()) == (0, 0)


def test_proposal_advance_past_the_last_stage_is_refused(ready, the_chair):
    with pytest.raises(ValidationError) as raised:
        proposal_advance(proposal=ready, by=the_chair)

    assert raised.value.messages == ["The proposal is at its last stage of review: decide it."]


# --- Who decides ---------------------------------------------------------------------------------


def test_proposal_decide_by_a_member_who_is_not_the_chair_is_refused(ready):
    with pytest.raises(PermissionDenied):
        accept(ready, UserFactory(roles=[Role.CWG_MEMBER]), "100.00")

    assert stored(ready).status == ProposalStatus.SUBMITTED


def test_proposal_decide_by_a_chair_employed_by_an_organisers_employer_is_refused(ready, the_chair):
    person_update(person=ready.lead, affiliation="Bloomberg")
    declaration_create(
        person=the_chair.person,
        kind=DeclarationKind.EMPLOYER,
        description="My employer.",
        organisation="Bloomberg",
    )

    with pytest.raises(PermissionDenied) as raised:
        accept(ready, the_chair, "14000.00")

    assert str(raised.value) == "You have a conflict of interest with this proposal."
    assert list(Recusal.objects.values_list("person", "object_id", "reason")) == [
        (the_chair.person.pk, ready.pk, "Conflict of interest")
    ]
    assert (stored(ready).status, Event.objects.count(), Allocation.objects.count()) == (
        ProposalStatus.SUBMITTED,
        0,
        0,
    )


# --- The organisers hear of it -------------------------------------------------------------------


def test_proposal_decide_sends_the_organisers_the_decision(
    ready, the_chair, django_capture_on_commit_callbacks, mailoutbox
):
    co_organiser = UserFactory(username="co-organiser")
    ready.organisers.add(co_organiser.person)

    with django_capture_on_commit_callbacks(execute=True):
        accept(ready, the_chair, "10000.00", message="Trim the travel.")

    subject = "Your workshop proposal “JupyterLab accessibility sprint”: accepted"
    decision = [message for message in mailoutbox if message.subject == subject]
    # One message each, so that each organiser's own choice of delivery holds.
    assert sorted(message.to[0] for message in decision) == sorted(
        [ready.created_by.email, "co-organiser@example.org"]
    )
    for message in decision:
        assert "awarded 10000.00 USD (you asked for 14000.00 USD;" in message.body
        assert "Trim the travel." in message.body
        assert f"/workshops/proposals/{ready.pk}/" in message.body


def test_proposal_decide_refused_sends_nothing(
    ready, the_chair, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        accept(ready, the_chair, "99999.00")

    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_proposal_decide_two_accepts_at_the_same_moment_stay_within_the_envelope(
    transactional_db,
):
    the_chair = chair()
    call = open_call(by=the_chair, envelope=Decimal("20000.00"))
    first, second = (
        at_last_stage(submitted_proposal(call, title=title), the_chair)
        for title in ("First", "Second")
    )

    outcomes = at_the_same_moment(
        lambda: accept(first, the_chair, "14000.00"),
        lambda: accept(second, the_chair, "14000.00"),
    )

    refusals = [
        outcome.message_dict for outcome in outcomes if isinstance(outcome, ValidationError)
    ]
    assert refusals == [
        {
            "awarded_amount": [
                "The call's envelope has 6000.00 USD left; this award is 14000.00 USD."
            ]
        }
    ]
    assert list(Allocation.objects.values_list("amount", flat=True)) == [Decimal("14000.00")]
    assert sorted(Proposal.objects.values_list("status", flat=True)) == sorted(
        [ProposalStatus.ACCEPTED, ProposalStatus.SUBMITTED]
    )

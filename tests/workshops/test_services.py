"""Calls and proposals: the rules a chair opening a call and an organiser sending
a proposal meet, each refusal with its message and without leaving anything
half-written behind."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from cwg_portal.roles import Role
from tests.factories.budget import category
from tests.factories.membership import UserFactory
from tests.factories.workshops import (
    chair,
    draft_proposal,
    funded_fund,
    open_call,
    pass_call_closing,
    submitted_proposal,
)
from workshops.enums import ProposalStatus, WorkshopFormat
from workshops.models import Call, Criterion, FormatCap, Proposal, ProposalVersion, ReviewStage
from workshops.services.calls import call_open
from workshops.services.proposals import (
    proposal_submit,
    proposal_update,
    proposal_withdraw,
)

pytestmark = pytest.mark.django_db


def errors_of(raised):
    return raised.value.message_dict


def saved(proposal):
    return Proposal.objects.get(pk=proposal.pk)


# --- Opening a call -------------------------------------------------------------------


def call_arguments(**overrides):
    now = timezone.now()
    arguments = {
        "title": "Jupyter Community Workshops 2028",
        "description": "Small groups, focused work.",
        "fund": funded_fund(),
        "opens_at": now,
        "closes_at": now + datetime.timedelta(days=30),
        "envelope": Decimal("40000.00"),
        "caps": {WorkshopFormat.IN_PERSON: Decimal("20000.00")},
    }
    arguments.update(overrides)
    return arguments


def test_call_open_starts_with_the_usual_rubric_and_stages_from_the_closing_day():
    arguments = call_arguments()

    call = call_open(by=chair(), **arguments)

    closing, week = arguments["closes_at"].date(), datetime.timedelta(days=7)
    assert list(call.criteria.values_list("position", "name", "weight")) == [
        (1, "Impact on Jupyter", 3),
        (2, "Feasibility", 2),
        (3, "Community growth", 2),
        (4, "Diversity and inclusion", 2),
        (5, "Budget realism", 1),
    ]
    assert list(call.stages.values_list("name", "ends_on", "waivable")) == [
        ("Committee review", closing + week, False),
        ("Budget and logistics with the events staff", closing + 5 * week, False),
        ("Final review", closing + 6 * week, True),
    ]
    assert list(call.caps.values_list("format", "cap")) == [("in-person", Decimal("20000.00"))]
    assert (call.slug, call.currency) == ("jupyter-community-workshops-2028", "USD")


def test_call_open_gives_a_second_call_of_the_same_title_its_own_slug():
    call_open(by=chair(), **call_arguments())

    second = call_open(by=chair(), **call_arguments())

    assert second.slug == "jupyter-community-workshops-2028-2"


def stages_after(closes_at, *days):
    return [
        (f"Stage {n}", closes_at.date() + datetime.timedelta(days=d), False)
        for n, d in enumerate(days, start=1)
    ]


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"caps": {}}, {"caps": ["Give the cap of at least one format."]}),
        (
            {"caps": {WorkshopFormat.IN_PERSON: Decimal("40000.01")}},
            {"caps": ["A format's cap cannot exceed the whole envelope."]},
        ),
        ({"criteria": []}, {"criteria": ["The review needs at least one criterion."]}),
        (
            {"criteria": [("Impact", "", 3), ("impact ", "Said twice", 1)]},
            {"criteria": ["Two criteria have the same name."]},
        ),
        (
            {"criteria": [("Impact", "", 0)]},
            {"weight": ["Ensure this value is greater than or equal to 1."]},
        ),
        ({"stages": []}, {"stages": ["The review needs at least one stage."]}),
        ({"closes_at": timezone.now() - datetime.timedelta(days=1)}, None),
    ],
    ids=[
        "no cap",
        "cap above envelope",
        "no criterion",
        "same criterion twice",
        "weightless criterion",
        "no stage",
        "closes before it opens",
    ],
)
def test_call_open_refuses_a_call_that_breaks_a_rule_and_writes_nothing(overrides, errors):
    arguments = call_arguments(**overrides)

    with pytest.raises(ValidationError) as raised:
        call_open(by=chair(), **arguments)

    expected = errors or {"__all__": ["A call must close after it opens."]}
    assert errors_of(raised) == expected
    counts = [model.objects.count() for model in (Call, FormatCap, Criterion, ReviewStage)]
    assert counts == [0, 0, 0, 0]


@pytest.mark.parametrize(
    "days", [(35, 7, 42), (-1, 7, 42)], ids=["out of order", "ends before the call closes"]
)
def test_call_open_refuses_stages_out_of_order(days):
    arguments = call_arguments()
    stages = stages_after(arguments["closes_at"], *days)

    with pytest.raises(ValidationError) as raised:
        call_open(by=chair(), stages=stages, **arguments)

    assert errors_of(raised) == {
        "stages": ["Stages end in order, and none before the call closes."]
    }
    assert Call.objects.count() == 0


def test_call_open_by_a_member_who_is_not_the_chair_is_refused():
    with pytest.raises(PermissionDenied):
        call_open(by=UserFactory(roles=[Role.CWG_MEMBER]), **call_arguments())

    assert Call.objects.count() == 0


# --- Drafting a proposal ----------------------------------------------------------------


def test_proposal_create_keeps_the_first_version_with_the_organiser_as_lead():
    organiser = UserFactory(username="organiser")

    proposal = draft_proposal(open_call(), by=organiser)

    assert (proposal.status, proposal.lead, list(proposal.organisers.all())) == (
        ProposalStatus.DRAFT,
        organiser.person,
        [organiser.person],
    )
    assert proposal.requested_total() == Decimal("14000.00")
    (version,) = proposal.versions.all()
    assert (version.number, version.content["title"], version.content["lines"][0]) == (
        1,
        "JupyterLab accessibility sprint",
        {"category": "travel", "description": "Travel", "amount": "9000.00"},
    )


def test_proposal_create_before_the_call_opens_is_refused_and_creates_nothing():
    call = open_call(
        opens_at=timezone.now() + datetime.timedelta(days=3),
        closes_in=datetime.timedelta(days=30),
    )

    with pytest.raises(ValidationError) as raised:
        draft_proposal(call)

    opens = date_format(timezone.localtime(call.opens_at), "DATETIME_FORMAT")
    assert raised.value.messages == [f"This call opens on {opens}; it takes no proposals yet."]
    assert (Proposal.objects.count(), ProposalVersion.objects.count()) == (0, 0)


def test_proposal_create_after_the_call_closed_is_refused_and_creates_nothing():
    call = pass_call_closing(open_call())

    with pytest.raises(ValidationError) as raised:
        draft_proposal(call)

    closed = date_format(timezone.localtime(call.closes_at), "DATETIME_FORMAT")
    assert raised.value.messages == [f"This call closed on {closed}; it takes no more proposals."]
    assert (Proposal.objects.count(), ProposalVersion.objects.count()) == (0, 0)


def test_proposal_create_in_person_without_a_city_is_refused():
    with pytest.raises(ValidationError) as raised:
        draft_proposal(open_call(), city="  ")

    assert errors_of(raised) == {"city": ["A workshop held in person needs a city."]}
    assert Proposal.objects.count() == 0


def test_proposal_create_asking_for_a_system_category_is_refused():
    lines = [
        {"category": category("fiscal-sponsor-fee"), "description": "Fee", "amount": Decimal(9)}
    ]

    with pytest.raises(ValidationError) as raised:
        draft_proposal(open_call(), lines=lines)

    assert errors_of(raised) == {
        "lines": ["“Fiscal sponsor's fee” is not a cost a budget can ask for."]
    }
    assert Proposal.objects.count() == 0


# --- Submitting: the call's rules ------------------------------------------------------------


def four_days_from(start, days):
    return {"starts_on": start, "ends_on": start + datetime.timedelta(days=days - 1)}


START = timezone.localdate() + datetime.timedelta(days=90)
# open_call closes its call in thirty days.
CALL_CLOSES = timezone.localdate() + datetime.timedelta(days=30)


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"lines": [{"category": "travel", "description": "Flights", "amount": "21000"}]},
            {
                "lines": [
                    "The budget asks for 21000.00 USD; this call's cap for in person "
                    "workshops is 20000.00 USD."
                ]
            },
        ),
        (
            {
                "lines": [
                    {"category": "venue", "description": "Room", "amount": "3000"},
                    {"category": "overhead", "description": "University overhead", "amount": "450"},
                ]
            },
            {
                "lines": [
                    "This call funds direct costs only: remove the overhead line "
                    "“University overhead”."
                ]
            },
        ),
        (
            {"expected_participants": 30},
            {"expected_participants": ["This call funds workshops of 12 to 24 participants."]},
        ),
        (
            {"expected_participants": 8},
            {"expected_participants": ["This call funds workshops of 12 to 24 participants."]},
        ),
        (
            four_days_from(START, 6),
            {"ends_on": ["This call funds workshops of 2 to 4 days; this one lasts 6."]},
        ),
        (
            four_days_from(START, 1),
            {"ends_on": ["This call funds workshops of 2 to 4 days; this one lasts 1."]},
        ),
        (
            {"coc_contacts_confirmed": False},
            {
                "coc_contacts_confirmed": [
                    "The organisers must agree to act as the code-of-conduct contacts at the event."
                ]
            },
        ),
        ({"focus_areas": []}, {"focus_areas": ["Choose at least one focus area."]}),
        ({"lines": []}, {"lines": ["Itemise the budget: add at least one line."]}),
        (
            four_days_from(CALL_CLOSES, 3),
            {
                "starts_on": [
                    f"The call closes on {CALL_CLOSES:%-d %B %Y}: the workshop must start "
                    "after that."
                ]
            },
        ),
    ],
    ids=[
        "over the cap",
        "overhead",
        "too many participants",
        "too few participants",
        "too long",
        "too short",
        "no code-of-conduct contacts",
        "no focus area",
        "no budget",
        "before the call closes",
    ],
)
def test_proposal_submit_against_the_calls_rules_is_refused_and_changes_nothing(overrides, errors):
    if "lines" in overrides:
        lines = [
            {**line, "category": category(line["category"]), "amount": Decimal(line["amount"])}
            for line in overrides["lines"]
        ]
        overrides = {**overrides, "lines": lines}
    organiser = UserFactory()
    proposal = draft_proposal(open_call(), by=organiser, **overrides)

    with pytest.raises(ValidationError) as raised:
        proposal_submit(proposal=proposal, by=organiser)

    assert errors_of(raised) == errors
    stored = saved(proposal)
    assert (stored.status, stored.submitted_at, stored.stage) == (ProposalStatus.DRAFT, None, None)


def test_proposal_submit_of_a_format_the_call_does_not_fund_is_refused():
    call = open_call(caps={WorkshopFormat.IN_PERSON: Decimal("20000.00")})
    organiser = UserFactory()
    proposal = draft_proposal(call, by=organiser, format=WorkshopFormat.ONLINE, city="")

    with pytest.raises(ValidationError) as raised:
        proposal_submit(proposal=proposal, by=organiser)

    assert errors_of(raised) == {"format": ["This call funds in person workshops only."]}
    assert saved(proposal).status == ProposalStatus.DRAFT


def test_proposal_submit_names_every_broken_rule_at_once():
    organiser = UserFactory()
    proposal = draft_proposal(
        open_call(), by=organiser, expected_participants=40, coc_contacts_confirmed=False
    )

    with pytest.raises(ValidationError) as raised:
        proposal_submit(proposal=proposal, by=organiser)

    assert sorted(errors_of(raised)) == ["coc_contacts_confirmed", "expected_participants"]


def test_proposal_submit_puts_it_at_the_first_stage_of_review():
    proposal = submitted_proposal(open_call())

    stored = saved(proposal)
    assert (stored.status, stored.stage.name) == (ProposalStatus.SUBMITTED, "Committee review")
    assert stored.submitted_at is not None


def test_proposal_submit_after_the_call_closed_is_refused():
    organiser = UserFactory()
    call = open_call()
    proposal = draft_proposal(call, by=organiser)
    pass_call_closing(call)

    with pytest.raises(ValidationError) as raised:
        proposal_submit(proposal=proposal, by=organiser)

    assert raised.value.messages[0].startswith("This call closed on ")
    assert saved(proposal).status == ProposalStatus.DRAFT


def test_proposal_submit_by_someone_who_does_not_organise_it_is_refused():
    proposal = draft_proposal(open_call())

    with pytest.raises(PermissionDenied):
        proposal_submit(proposal=proposal, by=UserFactory(roles=[Role.CWG_CHAIR]))

    assert saved(proposal).status == ProposalStatus.DRAFT


def test_proposal_submit_twice_is_refused():
    proposal = submitted_proposal(open_call())

    with pytest.raises(ValidationError) as raised:
        proposal_submit(proposal=proposal, by=proposal.created_by)

    assert raised.value.messages == ["This proposal is already submitted."]


# --- Changing a submitted proposal ---------------------------------------------------------


def test_proposal_update_while_the_call_is_open_keeps_every_version():
    proposal = submitted_proposal(open_call())
    organiser = proposal.created_by

    proposal_update(
        proposal=proposal,
        by=organiser,
        expected_participants=20,
        lines=[{"category": category("venue"), "description": "Venue", "amount": Decimal("5000")}],
    )

    stored = saved(proposal)
    assert (stored.status, stored.expected_participants, stored.requested_total()) == (
        ProposalStatus.SUBMITTED,
        20,
        Decimal("5000.00"),
    )
    assert [
        (version.number, version.content["expected_participants"], len(version.content["lines"]))
        for version in stored.versions.all()
    ] == [(2, 20, 1), (1, 16, 3)]


def test_proposal_update_of_a_submitted_proposal_must_still_meet_the_call():
    proposal = submitted_proposal(open_call())

    with pytest.raises(ValidationError) as raised:
        proposal_update(proposal=proposal, by=proposal.created_by, expected_participants=50)

    assert errors_of(raised) == {
        "expected_participants": ["This call funds workshops of 12 to 24 participants."]
    }
    assert (saved(proposal).expected_participants, proposal.versions.count()) == (16, 1)


def test_proposal_update_after_the_call_closed_is_refused_and_changes_nothing():
    call = open_call()
    proposal = submitted_proposal(call)
    pass_call_closing(call)

    with pytest.raises(ValidationError) as raised:
        proposal_update(proposal=proposal, by=proposal.created_by, title="A late change")

    assert raised.value.messages == ["The call has closed: the proposal can no longer be changed."]
    assert (saved(proposal).title, proposal.versions.count()) == (
        "JupyterLab accessibility sprint",
        1,
    )


def test_proposal_update_by_a_member_is_refused():
    proposal = submitted_proposal(open_call())

    with pytest.raises(PermissionDenied):
        proposal_update(proposal=proposal, by=UserFactory(roles=[Role.CWG_MEMBER]), title="Mine")

    assert saved(proposal).title == "JupyterLab accessibility sprint"


def test_proposal_update_by_a_co_organiser_is_allowed():
    co_organiser = UserFactory(username="co-organiser")
    proposal = submitted_proposal(open_call(), organisers=[co_organiser.person])

    proposal_update(proposal=proposal, by=co_organiser, title="Co-written")

    assert saved(proposal).title == "Co-written"
    assert proposal.versions.first().saved_by == co_organiser


# --- Withdrawing ---------------------------------------------------------------------------


def test_proposal_withdraw_takes_a_submitted_proposal_back():
    proposal = submitted_proposal(open_call())

    proposal_withdraw(proposal=proposal, by=proposal.created_by)

    stored = saved(proposal)
    assert stored.status == ProposalStatus.WITHDRAWN
    assert stored.withdrawn_at is not None


def test_proposal_withdraw_twice_is_refused():
    proposal = submitted_proposal(open_call())
    proposal_withdraw(proposal=proposal, by=proposal.created_by)

    with pytest.raises(ValidationError) as raised:
        proposal_withdraw(proposal=proposal, by=proposal.created_by)

    assert raised.value.messages == ["A proposal that is withdrawn cannot be withdrawn."]


def test_proposal_withdraw_by_someone_else_is_refused():
    proposal = submitted_proposal(open_call())

    with pytest.raises(PermissionDenied):
        proposal_withdraw(proposal=proposal, by=UserFactory(roles=[Role.CWG_CHAIR]))

    assert saved(proposal).status == ProposalStatus.SUBMITTED

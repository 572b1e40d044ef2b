"""The workshops API's proposals: who sees which proposals and reviews;
proposals created, submitted and decided through it with the services'
refusals as 400s; and listing them costs the same number of queries however
many there are (tests/test_api_fuzz.py fuzzes every operation)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from rest_framework.test import APIClient

from budget.models import Allocation
from cwg_portal.roles import Role
from dei.models import DiscItem
from events.enums import EventKind
from events.models import Event
from membership.enums import DeclarationKind
from membership.models import Recusal
from membership.services.conflicts import declaration_create
from tests.factories.membership import UserFactory
from tests.factories.workshops import (
    chair,
    draft_proposal,
    open_call,
    pass_call_closing,
    submitted_proposal,
)
from tests.workshops.api_helpers import (
    FORBIDDEN,
    NOT_AUTHENTICATED,
    STARTS_ON,
    at_last_stage,
    logged_in,
    titles,
)
from workshops.enums import ProposalStatus
from workshops.models import Proposal, ProposalVersion
from workshops.services.reviews import review_submit, reviewer_assign

pytestmark = pytest.mark.django_db


NEW_PROPOSAL = {
    "title": "Jupyter widgets documentation sprint",
    "summary": "Three days to rewrite the ipywidgets documentation.",
    "goals": "A new tutorial and a reference for every widget.",
    "focus_areas": ["documentation"],
    "format": "in-person",
    "city": "Lagos",
    "country": "Nigeria",
    "starts_on": STARTS_ON.isoformat(),
    "ends_on": (STARTS_ON + datetime.timedelta(days=2)).isoformat(),
    "expected_participants": 15,
    "advances_jupyter": "Documentation of a core subproject.",
    "grows_community": "Writers join as first-time contributors.",
    "dei_outreach": "We announce it through regional PyLadies chapters.",
    "coc_contacts_confirmed": True,
    "disc_items": ["code-of-conduct", "captioning"],
    "lines": [
        {"category": "travel", "description": "Flights", "amount": "6000.00"},
        {"category": "venue", "description": "Meeting room", "amount": "1500.00"},
    ],
}


@pytest.fixture
def the_chair():
    return chair()


@pytest.fixture
def call(the_chair):
    return open_call(by=the_chair)


# --- Who sees which proposals -------------------------------------------------------------


def test_api_proposals_an_organiser_sees_only_their_own(api, call, organiser):
    draft_proposal(call, by=organiser, title="My draft")
    others = submitted_proposal(call, title="Someone else's")

    client = logged_in(api, organiser)
    listed = client.get("/api/v1/workshop-proposals/")
    other = client.get(f"/api/v1/workshop-proposals/{others.pk}/")

    assert titles(listed) == ["My draft"]
    assert other.status_code == 404
    assert "Someone else" not in other.content.decode()


def test_api_proposals_a_member_sees_every_submitted_one_and_no_draft(api, call, member):
    submitted_proposal(call, title="First")
    submitted_proposal(call, title="Second")
    draft = draft_proposal(call, title="Still a draft")

    client = logged_in(api, member)
    listed = client.get("/api/v1/workshop-proposals/")
    hidden = client.get(f"/api/v1/workshop-proposals/{draft.pk}/")

    assert titles(listed) == ["Second", "First"]
    assert hidden.status_code == 404


def test_api_proposals_are_refused_to_the_public(api, call):
    submitted_proposal(call)

    response = api.get("/api/v1/workshop-proposals/")

    assert (response.status_code, response.json()) == (401, NOT_AUTHENTICATED)


def test_api_proposal_shows_its_budget_with_the_computed_total(api, call, organiser):
    proposal = submitted_proposal(call, by=organiser)

    shown = logged_in(api, organiser).get(f"/api/v1/workshop-proposals/{proposal.pk}/").json()

    assert shown["lines"] == [
        {"category": "travel", "description": "Travel", "amount": "9000.00", "awarded": None},
        {"category": "venue", "description": "Venue", "amount": "3000.00", "awarded": None},
        {"category": "catering", "description": "Lunches", "amount": "2000.00", "awarded": None},
    ]
    assert (shown["requested_total"], shown["currency"]) == ("14000.00", "USD")
    assert (shown["status"], shown["stage"], shown["decision"]) == (
        "submitted",
        "Committee review",
        None,
    )
    assert shown["lead"] == {"id": organiser.person.pk, "display_name": "organiser"}
    assert shown["organisers"] == [{"id": organiser.person.pk, "display_name": "organiser"}]


@pytest.fixture
def reviewed(call, the_chair):
    """A proposal with one submitted review (scores 5 on impact, 3 elsewhere, 1 on
    budget) and one review still to write."""
    proposal = submitted_proposal(call)
    scorer = UserFactory(username="scorer", roles=[Role.CWG_MEMBER])
    waiting = UserFactory(username="waiting", roles=[Role.CWG_MEMBER])
    for reviewer in (scorer, waiting):
        reviewer_assign(proposal=proposal, reviewer=reviewer.person, by=the_chair)
    scores = dict(zip(call.criteria.values_list("pk", flat=True), (5, 3, 3, 3, 1), strict=True))
    review_submit(proposal=proposal, by=scorer, scores=scores, comment="Strong and focused.")
    return proposal, scorer, waiting


def test_api_proposal_shows_a_member_the_reviews_with_their_weighted_mean(api, reviewed, member):
    proposal, scorer, _ = reviewed

    (review,) = (
        logged_in(api, member).get(f"/api/v1/workshop-proposals/{proposal.pk}/").json()["reviews"]
    )

    # (5*3 + 3*2 + 3*2 + 3*2 + 1*1) / (3 + 2 + 2 + 2 + 1)
    assert review["weighted_mean"] == "3.40"
    assert (review["reviewer"], review["comment"]) == (
        {"id": scorer.person.pk, "display_name": "scorer"},
        "Strong and focused.",
    )
    assert review["scores"] == [
        {"criterion": "Impact on Jupyter", "weight": 3, "score": 5},
        {"criterion": "Feasibility", "weight": 2, "score": 3},
        {"criterion": "Community growth", "weight": 2, "score": 3},
        {"criterion": "Diversity and inclusion", "weight": 2, "score": 3},
        {"criterion": "Budget realism", "weight": 1, "score": 1},
    ]


def test_api_proposal_hides_the_reviews_from_a_conflicted_member(api, reviewed, member):
    proposal, _, _ = reviewed
    declaration_create(
        person=member.person,
        kind=DeclarationKind.ITEM,
        description="My employer hosts the workshop.",
        item=proposal,
    )

    shown = logged_in(api, member).get(f"/api/v1/workshop-proposals/{proposal.pk}/").json()

    assert (shown["title"], shown["reviews"]) == (proposal.title, [])
    assert "Strong and focused" not in str(shown)


def test_api_proposal_hides_the_reviews_from_a_reviewer_until_they_submit(api, reviewed):
    proposal, _, waiting = reviewed

    shown = logged_in(api, waiting).get(f"/api/v1/workshop-proposals/{proposal.pk}/").json()

    assert shown["reviews"] == []


def test_api_proposal_shows_its_organisers_no_reviews(api, reviewed):
    proposal, _, _ = reviewed

    shown = logged_in(api, proposal.created_by).get(f"/api/v1/workshop-proposals/{proposal.pk}/")

    assert (shown.status_code, shown.json()["reviews"]) == (200, [])


# --- Writing proposals ------------------------------------------------------------------------


def test_api_proposal_created_submitted_and_decided(api, call, organiser, the_chair):
    client = logged_in(api, organiser)

    created = client.post(
        "/api/v1/workshop-proposals/", {**NEW_PROPOSAL, "call": call.slug}, format="json"
    )
    proposal_id = created.json()["id"]
    submitted = client.post(f"/api/v1/workshop-proposals/{proposal_id}/submit/")
    at_last_stage(Proposal.objects.get(pk=proposal_id), the_chair)
    decided = logged_in(APIClient(), the_chair).post(
        f"/api/v1/workshop-proposals/{proposal_id}/decide/",
        {"verdict": "accept", "awarded_amount": "7000.00", "message": "Trim the flights."},
        format="json",
    )

    assert created.status_code == 201
    assert {key: created.json()[key] for key in ("status", "requested_total", "disc_items")} == {
        "status": "draft",
        "requested_total": "7500.00",
        "disc_items": ["code-of-conduct", "captioning"],
    }
    assert (submitted.status_code, submitted.json()["status"]) == (200, "submitted")
    assert decided.status_code == 200
    body = decided.json()
    assert (body["status"], body["stage"]) == ("accepted", "Final review")
    assert {k: v for k, v in body["decision"].items() if k != "decided_at"} == {
        "awarded_amount": "7000.00",
        "message": "Trim the flights.",
    }
    assert [line["awarded"] for line in body["lines"]] == ["5600.00", "1400.00"]
    event = Event.objects.get()
    assert (event.title, event.kind, event.city) == (
        NEW_PROPOSAL["title"],
        EventKind.WORKSHOP,
        "Lagos",
    )
    assert list(Allocation.objects.values_list("event", "amount")) == [
        (event.pk, Decimal("7000.00"))
    ]


def test_api_proposal_create_in_a_closed_call_is_refused_and_creates_nothing(api, call, organiser):
    pass_call_closing(call)

    response = logged_in(api, organiser).post(
        "/api/v1/workshop-proposals/", {**NEW_PROPOSAL, "call": call.slug}, format="json"
    )

    closed = date_format(timezone.localtime(call.closes_at), "DATETIME_FORMAT")
    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": [f"This call closed on {closed}; it takes no more proposals."]},
    )
    assert Proposal.objects.count() == 0


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            [{"category": "travel", "description": "Flights", "amount": "21000.00"}],
            "The budget asks for 21000.00 USD; this call's cap for in person workshops "
            "is 20000.00 USD.",
        ),
        (
            [
                {"category": "venue", "description": "Meeting room", "amount": "1500.00"},
                {"category": "overhead", "description": "University overhead", "amount": "300"},
            ],
            "This call funds direct costs only: remove the overhead line “University overhead”.",
        ),
    ],
    ids=["over the cap", "overhead"],
)
def test_api_proposal_submit_against_the_calls_rules_is_refused(
    api, call, organiser, lines, message
):
    client = logged_in(api, organiser)
    proposal_id = client.post(
        "/api/v1/workshop-proposals/",
        {**NEW_PROPOSAL, "call": call.slug, "lines": lines},
        format="json",
    ).json()["id"]

    response = client.post(f"/api/v1/workshop-proposals/{proposal_id}/submit/")

    assert (response.status_code, response.json()) == (400, {"lines": [message]})
    assert Proposal.objects.get(pk=proposal_id).status == ProposalStatus.DRAFT


def test_api_proposal_create_with_bad_fields_is_refused_by_field(api, call, organiser):
    response = logged_in(api, organiser).post(
        "/api/v1/workshop-proposals/",
        {
            **NEW_PROPOSAL,
            "call": call.slug,
            "focus_areas": ["cooking"],
            "co_organisers": ["not an address"],
            "lines": [{"category": "donation", "description": "Gift", "amount": "10.00"}],
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "focus_areas": {"0": ['"cooking" is not a valid choice.']},
        "co_organisers": {"0": ["Enter a valid email address."]},
        "lines": {"0": {"category": ["Object with slug=donation does not exist."]}},
    }
    assert Proposal.objects.count() == 0


def test_api_proposal_edited_while_the_call_is_open_keeps_a_version(api, call, organiser):
    proposal = submitted_proposal(call, by=organiser)

    response = logged_in(api, organiser).patch(
        f"/api/v1/workshop-proposals/{proposal.pk}/",
        {"title": "JupyterLab accessibility sprint, Paris"},
        format="json",
    )

    assert (response.status_code, response.json()["title"]) == (
        200,
        "JupyterLab accessibility sprint, Paris",
    )
    assert [
        version.content["title"] for version in ProposalVersion.objects.filter(proposal=proposal)
    ] == ["JupyterLab accessibility sprint, Paris", "JupyterLab accessibility sprint"]


def test_api_proposal_edit_after_the_call_closed_is_refused(api, call, organiser):
    proposal = submitted_proposal(call, by=organiser)
    pass_call_closing(call)

    response = logged_in(api, organiser).patch(
        f"/api/v1/workshop-proposals/{proposal.pk}/", {"title": "Too late"}, format="json"
    )

    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["The call has closed: the proposal can no longer be changed."]},
    )
    assert Proposal.objects.get(pk=proposal.pk).title == "JupyterLab accessibility sprint"


def test_api_proposal_edit_by_a_member_is_forbidden(api, call, member):
    proposal = submitted_proposal(call)

    response = logged_in(api, member).patch(
        f"/api/v1/workshop-proposals/{proposal.pk}/", {"title": "Defaced"}, format="json"
    )

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert Proposal.objects.get(pk=proposal.pk).title == "JupyterLab accessibility sprint"


def test_api_proposal_withdrawn_by_its_organiser(api, call, organiser):
    proposal = submitted_proposal(call, by=organiser)

    response = logged_in(api, organiser).post(f"/api/v1/workshop-proposals/{proposal.pk}/withdraw/")

    assert (response.status_code, response.json()["status"]) == (200, "withdrawn")
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.WITHDRAWN


def test_api_proposal_actions_answer_post_only_and_nothing_is_deleted(api, call, organiser):
    proposal = submitted_proposal(call, by=organiser)
    client = logged_in(api, organiser)

    answers = [
        client.get(f"/api/v1/workshop-proposals/{proposal.pk}/submit/"),
        client.get(f"/api/v1/workshop-proposals/{proposal.pk}/withdraw/"),
        client.delete(f"/api/v1/workshop-proposals/{proposal.pk}/"),
        client.put(f"/api/v1/workshop-proposals/{proposal.pk}/", {}, format="json"),
    ]

    assert [(answer.status_code, answer.json()) for answer in answers] == [
        (405, {"detail": 'Method "GET" not allowed.'}),
        (405, {"detail": 'Method "GET" not allowed.'}),
        (405, {"detail": 'Method "DELETE" not allowed.'}),
        (405, {"detail": 'Method "PUT" not allowed.'}),
    ]
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED


# --- Deciding -----------------------------------------------------------------------------


def decide(client, proposal, **payload):
    return client.post(f"/api/v1/workshop-proposals/{proposal.pk}/decide/", payload, format="json")


def test_api_decide_twice_is_refused(api, call, the_chair):
    proposal = submitted_proposal(call)
    client = logged_in(api, the_chair)
    decide(client, proposal, verdict="decline", message="Out of scope.")

    again = decide(client, proposal, verdict="decline")

    decided_on = date_format(timezone.localtime(Proposal.objects.get().decided_at))
    assert (again.status_code, again.json()) == (
        400,
        {"non_field_errors": [f"This proposal was already declined on {decided_on}."]},
    )
    assert Proposal.objects.get().decision_message == "Out of scope."


def test_api_decide_above_the_request_is_refused_with_the_amount(api, call, the_chair):
    proposal = at_last_stage(submitted_proposal(call), the_chair)

    response = decide(
        logged_in(api, the_chair), proposal, verdict="accept", awarded_amount="14000.01"
    )

    assert (response.status_code, response.json()) == (
        400,
        {"awarded_amount": ["The award cannot exceed what was asked: 14000.00 USD."]},
    )
    assert (Event.objects.count(), Allocation.objects.count()) == (0, 0)


@pytest.mark.parametrize("role", [Role.CWG_MEMBER, Role.COMMUNITY])
def test_api_decide_by_anyone_but_the_chair_is_forbidden(api, call, the_chair, role):
    proposal = at_last_stage(submitted_proposal(call), the_chair)
    organiser = proposal.created_by
    user = organiser if role == Role.COMMUNITY else UserFactory(roles=[role])

    response = decide(logged_in(api, user), proposal, verdict="accept", awarded_amount="100")

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED


def test_api_decide_by_a_conflicted_chair_is_refused_and_the_recusal_kept(api, call, the_chair):
    proposal = submitted_proposal(call)
    declaration_create(
        person=the_chair.person,
        kind=DeclarationKind.ITEM,
        description="I advise the organisers.",
        item=proposal,
    )

    response = decide(logged_in(api, the_chair), proposal, verdict="decline")

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "You have a conflict of interest with this proposal."},
    )
    assert list(Recusal.objects.values_list("person", "object_id")) == [
        (the_chair.person.pk, proposal.pk)
    ]
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED


@pytest.mark.parametrize("size", [1, 3])
def test_api_proposals_query_count_is_independent_of_size(
    size, api, call, member, django_assert_num_queries
):
    for _ in range(size):
        submitted_proposal(call, disc_items=DiscItem.objects.filter(slug="code-of-conduct"))
    client = logged_in(api, member)

    with django_assert_num_queries(11):
        response = client.get("/api/v1/workshop-proposals/")

    assert response.json()["count"] == size

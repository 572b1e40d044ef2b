"""The review pages: assigning reviewers, declaring conflicts, reviewing,
advancing a proposal through the stages and deciding it."""

import re
from decimal import Decimal

import pytest

from budget.models import Allocation
from events.enums import EventKind, EventStatus
from membership.enums import DeclarationKind
from membership.services.conflicts import declaration_create
from tests.factories.workshops import submitted_proposal
from tests.pages import form_errors, page_messages, rows, tables, text
from tests.workshops.forms import input_value, submitted_review
from workshops.enums import ProposalStatus, Verdict
from workshops.models import Proposal, Review
from workshops.services.calls import stage_waive
from workshops.services.decisions import proposal_advance
from workshops.services.reviews import conflict_declare, reviewer_assign


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


# ---------------------------------------------------------------- review


def test_a_reviewer_sees_the_others_reviews_only_after_submitting_their_own(
    client, call, chair, member, second_member
):
    proposal = submitted_proposal(call)
    for reviewer in (member, second_member):
        reviewer_assign(proposal=proposal, reviewer=reviewer.person, by=chair)
    submitted_review(proposal, second_member, score=5, comment="Excellent plan.")
    client.force_login(member)

    before = client.get(f"/workshops/proposals/{proposal.pk}/")
    submitted_review(proposal, member, score=3, comment="Ambitious.")
    after = client.get(f"/workshops/proposals/{proposal.pk}/")

    assert "You see the other reviews once you have submitted your own." in text(before)
    assert "Excellent plan." not in text(before)
    assert f"Reviews of {proposal.title}" not in tables(before)
    review_link = f'href="/workshops/proposals/{proposal.pk}/review/">Review this proposal'
    assert review_link in before.content.decode()
    assert sorted(rows(after, f"Reviews of {proposal.title}")) == [
        ["member", "3", "3", "3", "3", "3", "3.00"],
        ["second-member", "5", "5", "5", "5", "5", "5.00"],
    ]
    assert "Excellent plan." in text(after)


def test_a_conflicted_member_sees_no_scores_and_cannot_open_the_review_page(
    client, call, chair, member, second_member
):
    proposal = submitted_proposal(call)
    reviewer_assign(proposal=proposal, reviewer=second_member.person, by=chair)
    submitted_review(proposal, second_member, score=5, comment="Excellent plan.")
    declaration_create(
        person=member.person,
        kind=DeclarationKind.RELATIONSHIP,
        description="My partner organises it",
        related_person=proposal.lead,
    )
    client.force_login(member)

    page = client.get(f"/workshops/proposals/{proposal.pk}/")
    review_page = client.get(f"/workshops/proposals/{proposal.pk}/review/")

    assert (
        "You have a conflict of interest with this proposal, so you see none of its "
        "reviews or scores and cannot review it."
    ) in text(page)
    assert "Excellent plan." not in text(page)
    assert f"Reviews of {proposal.title}" not in tables(page)
    assert review_page.status_code == 403


def test_declaring_a_conflict_takes_back_the_members_review_and_hides_the_scores(
    client, call, chair, member
):
    proposal = submitted_proposal(call)
    reviewer_assign(proposal=proposal, reviewer=member.person, by=chair)
    client.force_login(member)

    response = client.post(
        f"/workshops/proposals/{proposal.pk}/conflict/",
        {"description": "I work with the lead"},
        follow=True,
    )

    assert page_messages(response) == [
        "Your interest is declared: you will not review this proposal or see its reviews."
    ]
    assert Review.objects.filter(proposal=proposal).exists() is False
    assert "you see none of its reviews or scores" in text(response)
    assert "Declare the conflict" not in text(response)


def test_an_empty_conflict_declaration_is_refused_on_the_proposal_page(client, call, member):
    proposal = submitted_proposal(call)
    client.force_login(member)

    response = client.post(f"/workshops/proposals/{proposal.pk}/conflict/", {"description": ""})

    assert response.status_code == 200
    assert form_errors(response) == ["Your interest in this proposal: Say what the interest is."]


def test_the_reviewer_scores_each_criterion_with_a_comment(client, call, chair, member):
    proposal = submitted_proposal(call)
    reviewer_assign(proposal=proposal, reviewer=member.person, by=chair)
    criteria = list(call.criteria.all())
    client.force_login(member)

    form = client.get(f"/workshops/proposals/{proposal.pk}/review/")
    response = client.post(
        f"/workshops/proposals/{proposal.pk}/review/",
        {
            **{f"score_{c.pk}": str(n) for n, c in enumerate(criteria, start=1)},
            "comment": "Strong on impact, weak on budget.",
        },
        follow=True,
    )

    assert re.findall(r"<legend>([^<]+)</legend>", form.content.decode()) == [
        "Impact on Jupyter (weight 3)",
        "Feasibility (weight 2)",
        "Community growth (weight 2)",
        "Diversity and inclusion (weight 2)",
        "Budget realism (weight 1)",
    ]
    review = Review.objects.get(proposal=proposal, reviewer=member.person)
    assert review.is_submitted
    assert [s.score for s in review.scores.all()] == [1, 2, 3, 4, 5]
    assert page_messages(response) == [
        "Your review was submitted; the others' are shown to you now."
    ]


def test_a_submitted_review_is_not_offered_again(client, call, chair, member):
    proposal = submitted_proposal(call)
    reviewer_assign(proposal=proposal, reviewer=member.person, by=chair)
    submitted_review(proposal, member)
    client.force_login(member)

    response = client.get(f"/workshops/proposals/{proposal.pk}/review/")

    assert "You submitted your review on" in text(response)
    assert "Submit your review" not in text(response)


def test_a_review_without_every_score_or_a_comment_is_refused(client, call, chair, member):
    proposal = submitted_proposal(call)
    reviewer_assign(proposal=proposal, reviewer=member.person, by=chair)
    first = call.criteria.first()
    client.force_login(member)

    response = client.post(
        f"/workshops/proposals/{proposal.pk}/review/", {f"score_{first.pk}": "4", "comment": ""}
    )

    assert form_errors(response) == [
        "Feasibility: Score “Feasibility” from 1 to 5.",
        "Community growth: Score “Community growth” from 1 to 5.",
        "Diversity and inclusion: Score “Diversity and inclusion” from 1 to 5.",
        "Budget realism: Score “Budget realism” from 1 to 5.",
    ]
    assert Review.objects.get(proposal=proposal).is_submitted is False


def test_the_chair_assigns_and_takes_back_a_reviewer(client, call, chair, member):
    proposal = submitted_proposal(call)
    client.force_login(chair)

    assigned = client.post(
        f"/workshops/proposals/{proposal.pk}/assign/", {"reviewer": member.person.pk}, follow=True
    )
    review = Review.objects.get(proposal=proposal)
    unassigned = client.post(f"/workshops/reviews/{review.pk}/unassign/", follow=True)

    assert page_messages(assigned) == ["member now reviews this proposal."]
    assert rows(assigned, f"Reviewers of {proposal.title}")[0][:3] == [
        "member",
        review.assigned_at.strftime("%Y-%m-%d"),
        "Not yet",
    ]
    assert page_messages(unassigned) == ["member no longer reviews this proposal."]
    assert Review.objects.filter(proposal=proposal).exists() is False


def test_a_conflicted_member_is_not_offered_to_review(client, call, chair, member):
    proposal = submitted_proposal(call)
    conflict_declare(proposal=proposal, by=member, description="I advise the lead")
    client.force_login(chair)

    page = client.get(f"/workshops/proposals/{proposal.pk}/")
    response = client.post(
        f"/workshops/proposals/{proposal.pk}/assign/", {"reviewer": member.person.pk}
    )

    assert f'<option value="{member.person.pk}"' not in page.content.decode()
    assert form_errors(response) == [
        "Member: Select a valid choice. That choice is not one of the available choices."
    ]
    assert Review.objects.filter(proposal=proposal).exists() is False


def test_the_chair_moves_a_proposal_to_the_next_stage(client, call, chair):
    proposal = submitted_proposal(call)
    client.force_login(chair)

    response = client.post(f"/workshops/proposals/{proposal.pk}/advance/", follow=True)

    assert page_messages(response) == [
        "The proposal moved on to “Budget and logistics with the events staff”."
    ]
    assert "Budget and logistics with the events staff, until" in text(response)


# ---------------------------------------------------------------- deciding


def ready_to_decide(call, chair, proposal):
    proposal_advance(proposal=proposal, by=chair)
    stage_waive(stage=call.stages.get(waivable=True), by=chair)
    return proposal


def test_the_decision_form_starts_with_the_requested_total(client, call, chair):
    proposal = submitted_proposal(call)
    client.force_login(chair)

    response = client.get(f"/workshops/proposals/{proposal.pk}/decide/")

    assert input_value(response, "awarded_amount") == "14000.00"
    assert "Requested 14,000.00 USD" in text(response)


def test_accepting_with_a_reduced_amount_creates_the_event_and_the_allocation(
    client, call, chair, organiser
):
    proposal = ready_to_decide(call, chair, submitted_proposal(call, by=organiser))
    client.force_login(chair)

    response = client.post(
        f"/workshops/proposals/{proposal.pk}/decide/",
        {
            "verdict": Verdict.ACCEPT,
            "awarded_amount": "12000.00",
            "message": "Funded, without the lunches.",
        },
        follow=True,
    )

    proposal.refresh_from_db()
    allocation = Allocation.objects.get(event=proposal.event)
    assert proposal.status == ProposalStatus.ACCEPTED
    assert (proposal.event.kind, proposal.event.status) == (
        EventKind.WORKSHOP,
        EventStatus.PLANNING,
    )
    assert (allocation.amount, allocation.fund) == (Decimal("12000.00"), call.fund)
    assert page_messages(response) == [
        f"Accepted: “{proposal.title}” is a workshop now, with an allocation of "
        "12,000.00 USD. The organisers are told by e-mail."
    ]
    assert sum(line.awarded for line in proposal.lines.all()) == Decimal("12000.00")


def test_deciding_twice_is_refused_with_a_message(client, call, chair):
    proposal = ready_to_decide(call, chair, submitted_proposal(call))
    client.force_login(chair)
    decide = {"verdict": Verdict.ACCEPT, "awarded_amount": "10000.00", "message": ""}
    client.post(f"/workshops/proposals/{proposal.pk}/decide/", decide)

    response = client.post(
        f"/workshops/proposals/{proposal.pk}/decide/", {**decide, "verdict": Verdict.DECLINE}
    )

    assert len(form_errors(response)) == 1
    assert form_errors(response)[0].startswith("This proposal was already accepted on ")
    assert Allocation.objects.filter(purpose__startswith="Workshop:").count() == 1
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED


def test_accepting_before_the_stages_are_done_is_refused_with_the_stage(client, call, chair):
    proposal = submitted_proposal(call)
    client.force_login(chair)

    response = client.post(
        f"/workshops/proposals/{proposal.pk}/decide/",
        {"verdict": Verdict.ACCEPT, "awarded_amount": "10000.00"},
    )

    assert form_errors(response) == [
        "The proposal has still to go through “Budget and logistics with the events staff” "
        "(or the chair waives it)."
    ]
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED


def test_a_conflicted_chair_is_refused_with_the_reason(client, call, chair):
    proposal = ready_to_decide(call, chair, submitted_proposal(call))
    conflict_declare(proposal=proposal, by=chair, description="My student leads it")
    client.force_login(chair)

    page = client.get(f"/workshops/proposals/{proposal.pk}/decide/")
    response = client.post(
        f"/workshops/proposals/{proposal.pk}/decide/", {"verdict": Verdict.DECLINE}
    )

    assert "You have a conflict of interest with this proposal: you cannot decide it." in text(page)
    assert form_errors(response) == ["You have a conflict of interest with this proposal."]
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED

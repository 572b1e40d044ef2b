"""The record of decisions: what the public reads of it, and recording a
decision through its form. Each test says what the user sees and what changed
in the database."""

import datetime

import pytest

from membership.models import Body, Decision
from membership.services.decisions import decision_record
from tests.factories.membership import BodyFactory
from tests.membership.governance_pages import TODAY, options
from tests.pages import form_errors, page_messages, rows

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- decisions


def test_decisions_page_shows_the_public_record_to_anyone(client, chair, cwg):
    decision_record(
        body=cwg,
        motion="Fund the Lagos workshop",
        outcome=Decision.Outcome.PASSED,
        decided_on=datetime.date(2025, 3, 4),
        recorded_by=chair,
        votes_for=5,
        votes_against=1,
        votes_abstain=2,
        link="https://example.org/minutes/12",
    )
    decision_record(
        body=BodyFactory(is_public=False),
        motion="Hire a contractor",
        outcome=Decision.Outcome.CONSENSUS,
        decided_on=datetime.date(2025, 3, 5),
        recorded_by=chair,
    )

    response = client.get("/people/decisions/")

    assert rows(response, "Decisions") == [
        [
            "2025-03-04",
            "Community Building Working Group",
            "Fund the Lagos workshop",
            "For 5, against 1, blank 2",
            "Passed",
            "Record of the decision of 2025-03-04",
        ]
    ]
    assert 'href="https://example.org/minutes/12"' in response.content.decode()


def test_chair_records_a_decision_for_the_body_they_chair(client, chair, cwg):
    client.force_login(chair)
    form = client.get("/people/decisions/new/")

    response = client.post(
        "/people/decisions/new/",
        {
            "body": cwg.pk,
            "decided_on": "2025-05-06",
            "motion": "Adopt the event checklist",
            "outcome": "consensus",
            "votes_for": "0",
            "votes_against": "0",
            "votes_abstain": "0",
            "link": "",
        },
        follow=True,
    )

    assert options(form, "body") == ["Community Building Working Group"]
    assert response.redirect_chain == [("/people/decisions/", 302)]
    assert page_messages(response) == [
        "The decision of Community Building Working Group was recorded."
    ]
    assert list(
        Decision.objects.values_list("body__slug", "motion", "outcome", "decided_on", "recorded_by")
    ) == [
        (
            "community-working-group",
            "Adopt the event checklist",
            "consensus",
            datetime.date(2025, 5, 6),
            chair.pk,
        )
    ]


def test_decision_for_a_body_the_chair_does_not_chair_is_refused(client, chair):
    client.force_login(chair)
    dei = Body.objects.get(slug="dei-committee")

    response = client.post(
        "/people/decisions/new/",
        {
            "body": dei.pk,
            "decided_on": "2025-05-06",
            "motion": "Anything",
            "outcome": "consensus",
            "votes_for": "0",
            "votes_against": "0",
            "votes_abstain": "0",
        },
    )

    assert form_errors(response) == [
        "Body: Select a valid choice. That choice is not one of the available choices."
    ]
    assert Decision.objects.count() == 0


def test_member_who_chairs_nothing_may_not_record_a_decision(client, member):
    client.force_login(member)

    response = client.post("/people/decisions/new/", {"motion": "Anything"})

    assert response.status_code == 403
    assert Decision.objects.count() == 0


@pytest.mark.parametrize("size", [1, 3])
def test_decisions_query_count_is_independent_of_size(
    size, client, chair, cwg, django_assert_num_queries
):
    for number in range(size):
        decision_record(
            body=cwg,
            motion=f"Motion {number}",
            outcome=Decision.Outcome.CONSENSUS,
            decided_on=TODAY(),
            recorded_by=chair,
        )

    with django_assert_num_queries(2):
        response = client.get("/people/decisions/")

    assert len(rows(response, "Decisions")) == size

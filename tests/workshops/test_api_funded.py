"""The workshops API's public list of funded workshops: what anyone may read of
them, and listing them costs the same number of queries however many there
are."""

import datetime
from decimal import Decimal

import pytest

from tests.factories.membership import PersonFactory
from tests.factories.workshops import chair, open_call, submitted_proposal
from tests.workshops.api_helpers import STARTS_ON, at_last_stage, titles
from workshops.enums import Verdict
from workshops.models import PostEventSummary
from workshops.services.decisions import proposal_decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def the_chair():
    return chair()


@pytest.fixture
def call(the_chair):
    return open_call(by=the_chair)


# --- Funded workshops, public ----------------------------------------------------------------


@pytest.fixture
def workshop(call, the_chair, organiser):
    """An accepted proposal whose lead is private and one co-organiser public."""
    public = PersonFactory(display_name="Ada Public", is_public=True)
    proposal = submitted_proposal(call, by=organiser, organisers=[public])
    at_last_stage(proposal, the_chair)
    return proposal_decide(
        proposal=proposal, by=the_chair, verdict=Verdict.ACCEPT, awarded_amount=Decimal("12000")
    )


def file_summary(workshop, **overrides):
    fields = {
        "attendance_total": 18,
        "first_time_contributors": 7,
        "outcomes": "Twelve pull requests merged.",
        "links": ["https://github.com/jupyterlab/jupyterlab/pull/1"],
        "dei_reached": "Students from three universities.",
        "dei_achieved": "Half of the participants were new.",
        "dei_shortfalls": "Captioning came late.",
        "lessons": "Book the venue earlier.",
        "is_public": True,
        "filed_by": workshop.created_by,
    }
    fields.update(overrides)
    return PostEventSummary.objects.create(proposal=workshop, **fields)


def test_api_workshops_show_the_public_only_public_fields(api, workshop):
    response = api.get("/api/v1/workshops/")

    assert response.json()["results"] == [
        {
            "slug": workshop.event.slug,
            "title": "JupyterLab accessibility sprint",
            "start_date": STARTS_ON.isoformat(),
            "end_date": (STARTS_ON + datetime.timedelta(days=2)).isoformat(),
            "format": "in-person",
            "city": "Paris",
            "country": "France",
            "organisers": ["Ada Public"],
            "awarded_amount": "12000.00",
            "currency": "USD",
            "summary": None,
        }
    ]


def test_api_workshop_shows_the_published_summary_without_its_internal_fields(api, workshop):
    file_summary(workshop)

    shown = api.get(f"/api/v1/workshops/{workshop.event.slug}/").json()

    assert shown["summary"] == {
        "attendance_total": 18,
        "first_time_contributors": 7,
        "outcomes": "Twelve pull requests merged.",
        "links": ["https://github.com/jupyterlab/jupyterlab/pull/1"],
        "dei_reached": "Students from three universities.",
        "dei_achieved": "Half of the participants were new.",
    }
    assert "Book the venue earlier" not in str(shown)
    assert "Captioning came late" not in str(shown)


def test_api_workshop_keeps_an_unpublished_summary_to_itself(api, workshop):
    file_summary(workshop, is_public=False)

    shown = api.get(f"/api/v1/workshops/{workshop.event.slug}/").json()

    assert shown["summary"] is None


def test_api_workshops_list_only_accepted_proposals(api, call, workshop):
    submitted_proposal(call, title="Not decided yet")

    assert titles(api.get("/api/v1/workshops/")) == ["JupyterLab accessibility sprint"]


@pytest.mark.parametrize("size", [1, 3])
def test_api_workshops_query_count_is_independent_of_size(
    size, api, call, the_chair, django_assert_num_queries
):
    for _ in range(size):
        proposal = at_last_stage(submitted_proposal(call), the_chair)
        proposal_decide(
            proposal=proposal, by=the_chair, verdict=Verdict.ACCEPT, awarded_amount=Decimal("100")
        )

    with django_assert_num_queries(3):
        response = api.get("/api/v1/workshops/")

    assert response.json()["count"] == size

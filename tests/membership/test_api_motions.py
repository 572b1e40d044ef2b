"""The formal votes' API: read-only, refused to the public, empty for those
outside the body, and no results while voting is open."""

import pytest
from rest_framework.test import APIClient

from cwg_portal.roles import Role
from membership.enums import MotionKind, SeatRole
from membership.models import Motion
from membership.services.motions import motion_close, motion_vote
from tests.factories.membership import (
    UserFactory,
    call_motion,
    open_motion,
    pass_motion_closing_time,
)
from tests.membership.motion_pages import FOR, VENUES, seated

pytestmark = pytest.mark.django_db


# The people of the formal votes' pages carry affiliations, so each file seats
# its own in place of the conftest's.
@pytest.fixture
def chair(cwg):
    return seated(
        "chair", "Jonas Lindqvist", cwg, Role.CWG_CHAIR, SeatRole.CHAIR, "Chalmers University"
    )


@pytest.fixture
def member(cwg):
    return seated("member", "Mira Okafor", cwg, Role.CWG_MEMBER, affiliation="NumFOCUS")


@pytest.fixture
def community():
    return UserFactory(username="community", roles=[Role.COMMUNITY])


# ---------------------------------------------------------------- API


@pytest.fixture
def api_client():
    return APIClient()


def test_api_motion_while_open_shows_no_results(api_client, member, chair, cwg):
    motion = open_motion(cwg, sponsor=member, seconded_by=chair, title="Adopt the rubric")
    motion_vote(motion=motion, voter=chair, choice=FOR)
    api_client.force_login(member)

    (shown,) = api_client.get("/api/v1/motions/").json()["results"]

    assert {key: shown[key] for key in ("title", "status", "sponsor", "seconded_by")} == {
        "title": "Adopt the rubric",
        "status": "open",
        "sponsor": "Mira Okafor",
        "seconded_by": "Jonas Lindqvist",
    }
    assert (shown["eligible_count"], shown["results"]) == (2, None)


def test_api_motion_after_the_count_shows_the_run_off(api_client, member, chair, cwg):
    motion = open_motion(
        cwg, sponsor=member, seconded_by=chair, kind=MotionKind.RANKED, options=VENUES
    )
    centre, campus, _ = motion.options.values_list("pk", flat=True)
    motion_vote(motion=motion, voter=member, ranking=[campus])
    motion_vote(motion=motion, voter=chair, ranking=[campus, centre])
    api_client.force_login(member)

    shown = api_client.get(f"/api/v1/motions/{motion.pk}/").json()

    assert shown["options"] == VENUES
    assert {key: value for key, value in shown["results"].items() if key != "closed_at"} == {
        "closed_early": True,
        "ballots_cast": 2,
        "blank_votes": 0,
        "quorum_reached": True,
        "passed": True,
        "votes_for": None,
        "votes_against": None,
        "chosen": "University campus",
        "rounds": [
            {
                "option": "Conference centre",
                "votes": [0],
                "eliminated_after": None,
                "chosen": False,
            },
            {"option": "University campus", "votes": [2], "eliminated_after": None, "chosen": True},
            {"option": "Public library", "votes": [0], "eliminated_after": None, "chosen": False},
        ],
    }


def test_api_motions_are_refused_to_the_public_and_empty_for_outsiders(
    api_client, member, community, cwg
):
    call_motion(cwg, sponsor=member)

    anonymous = api_client.get("/api/v1/motions/")
    api_client.force_login(community)
    outsider = api_client.get("/api/v1/motions/")

    assert anonymous.status_code == 401
    assert outsider.json()["count"] == 0


def test_api_motions_are_read_only(api_client, member, cwg):
    api_client.force_login(member)

    response = api_client.post("/api/v1/motions/", {"title": "Rigged", "body": cwg.slug})

    assert response.status_code == 405
    assert Motion.objects.count() == 0


@pytest.mark.parametrize("size", [1, 3])
def test_api_motions_query_count_is_independent_of_size(
    size, api_client, member, chair, cwg, django_assert_num_queries
):
    for _ in range(size):
        motion = open_motion(
            cwg, sponsor=member, seconded_by=chair, kind=MotionKind.RANKED, options=VENUES
        )
        motion_close(motion=pass_motion_closing_time(motion))
    api_client.force_login(member)

    with django_assert_num_queries(6):
        response = api_client.get("/api/v1/motions/")

    assert response.json()["count"] == size

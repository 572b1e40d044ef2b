"""What the formal votes' pages show and to whom: the list of motions and
their results, the record of decisions they lead to, the members'
affiliations, the chair's participation page and the dashboard panel."""

import datetime

import pytest
from django.utils import timezone

from cwg_portal.roles import Role
from membership.enums import MotionKind, MotionStatus, SeatRole
from membership.models import Body, Decision, Motion
from membership.services.decisions import decision_record
from membership.services.motions import motion_close, motion_vote
from tests.factories.membership import (
    MembershipFactory,
    PersonFactory,
    UserFactory,
    call_motion,
    open_election,
    open_motion,
    pass_motion_closing_time,
)
from tests.membership.motion_pages import AGAINST, FOR, VENUES, facts, seated
from tests.pages import heading, rows, text

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


@pytest.fixture
def council():
    return seated(
        "council",
        "Hana Sato",
        Body.objects.get(slug="executive-council"),
        Role.COUNCIL,
    )


# ---------------------------------------------------------------- who sees what


def test_motion_page_answers_404_to_someone_outside_the_body(client, member, chair, community):
    motion = call_motion(Body.objects.get(slug="community-working-group"), sponsor=member)
    client.force_login(community)

    assert client.get(f"/people/motions/{motion.pk}/").status_code == 404


def test_council_oversees_the_motions_of_every_body(client, member, chair, council, cwg):
    motion = call_motion(cwg, sponsor=member, title="Adopt the rubric")
    client.force_login(council)

    listing = client.get("/people/motions/")
    page = client.get(f"/people/motions/{motion.pk}/")

    assert [row[0] for row in rows(listing, "Formal votes")] == ["Adopt the rubric"]
    assert heading(page) == "Adopt the rubric"
    assert "Second this motion" not in text(page)


def test_motions_list_shows_each_motion_with_phase_and_result(client, member, chair, cwg):
    awaiting = call_motion(cwg, sponsor=member, title="Awaiting")
    voting = open_motion(cwg, sponsor=member, seconded_by=chair, title="Voting")
    closed = open_motion(cwg, sponsor=member, seconded_by=chair, title="Closed")
    motion_vote(motion=closed, voter=member, choice=FOR)
    motion_vote(motion=closed, voter=chair, choice=FOR)
    client.force_login(chair)

    response = client.get("/people/motions/")

    voting.refresh_from_db()
    closes = timezone.localtime(voting.closes_at).strftime("%Y-%m-%d %H:%M")
    assert awaiting.status == MotionStatus.AWAITING_SECOND
    assert [(row[0], row[2], row[3], row[5]) for row in rows(response, "Formal votes")] == [
        ("Closed", "For or against", "Closed", "Passed"),
        ("Voting", "For or against", "Voting open", "—"),
        ("Awaiting", "For or against", "Awaiting a second", "—"),
    ]
    assert rows(response, "Formal votes")[1][4] == closes


@pytest.mark.parametrize("size", [1, 3])
def test_motions_list_query_count_is_independent_of_size(
    size, client, member, chair, cwg, django_assert_num_queries
):
    for _ in range(size):
        open_motion(cwg, sponsor=member, seconded_by=chair)
    client.force_login(chair)

    with django_assert_num_queries(11):
        response = client.get("/people/motions/")

    assert len(rows(response, "Formal votes")) == size


def test_ranked_result_shows_the_rounds(client, cwg):
    roll = [seated(f"voter{n}", f"Voter {n}", cwg, Role.CWG_MEMBER) for n in range(5)]
    motion = open_motion(cwg, kind=MotionKind.RANKED, options=VENUES, title="Venue")
    centre, campus, library = motion.options.values_list("pk", flat=True)
    for voter, ranking in zip(
        roll, [[centre], [centre], [campus], [campus], [library, campus]], strict=True
    ):
        motion_vote(motion=motion, voter=voter, ranking=ranking)
    client.force_login(roll[0])

    response = client.get(f"/people/motions/{motion.pk}/")

    assert facts(response)["Outcome"] == "Passed: University campus"
    table = "Ranked-choice rounds of Venue"
    assert rows(response, table) == [
        ["Conference centre", "2", "2", "Not chosen"],
        ["University campus", "2", "3", "Chosen"],
        ["Public library", "1", "—", "Eliminated after round 1"],
    ]


# ---------------------------------------------------------------- participation


def test_chair_sees_each_members_participation_and_who_falls_short(client, member, chair, cwg):
    for voters in ([member, chair], [chair], [chair]):
        motion = open_motion(cwg, sponsor=member, seconded_by=chair)
        for voter in voters:
            motion_vote(motion=motion, voter=voter, choice=FOR)
        motion = motion_close(motion=pass_motion_closing_time(motion))
        Motion.objects.filter(pk=motion.pk).update(
            closed_at=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC)
        )
    client.force_login(chair)

    response = client.get("/people/bodies/community-working-group/participation/")

    assert (
        heading(response) == "Community Building Working Group: participation in formal votes, 2025"
    )
    assert rows(
        response, "Participation of the members of Community Building Working Group in 2025"
    ) == [
        ["Jonas Lindqvist", "3", "3", "Enough"],
        ["Mira Okafor", "3", "1", "Falls short"],
    ]
    other_year = client.get("/people/bodies/community-working-group/participation/?year=2024")
    assert "No formal vote of Community Building Working Group closed in 2024." in text(other_year)


def test_a_member_who_does_not_chair_may_not_see_participation(client, member):
    client.force_login(member)

    response = client.get("/people/bodies/community-working-group/participation/")

    assert response.status_code == 403


# ---------------------------------------------------------------- affiliations


def test_motion_and_election_pages_show_the_members_affiliations_to_members(
    client, member, chair, community, cwg
):
    seated("third", "Ada Lovelace", cwg, Role.CWG_MEMBER, affiliation="NumFOCUS")
    motion = call_motion(cwg, sponsor=member)
    election = open_election(cwg, voting=False)
    client.force_login(chair)

    on_motion = client.get(f"/people/motions/{motion.pk}/")
    on_election = client.get(f"/people/elections/{election.pk}/")
    client.force_login(community)
    for_community = client.get(f"/people/elections/{election.pk}/")

    expected = [["NumFOCUS", "2"], ["Chalmers University", "1"]]
    caption = "Affiliations of the current members of Community Building Working Group"
    assert rows(on_motion, caption) == expected
    assert rows(on_election, caption) == expected
    assert caption not in for_community.content.decode()


# ---------------------------------------------------------------- dashboard


def test_dashboard_lists_the_motions_awaiting_a_vote_or_a_second(client, member, chair, cwg):
    to_vote = open_motion(cwg, sponsor=member, seconded_by=chair, title="Adopt the rubric")
    to_second = call_motion(cwg, sponsor=member, title="Fund the Lagos workshop")
    client.force_login(chair)

    waiting = client.get("/dashboard/")
    motion_vote(motion=to_vote, voter=chair, choice=FOR)
    client.force_login(member)
    for_sponsor = client.get("/dashboard/")

    html = waiting.content.decode()
    assert f'href="/people/motions/{to_vote.pk}/vote/">Vote on Adopt the rubric</a>' in html
    assert f'href="/people/motions/{to_second.pk}/">Fund the Lagos workshop</a>' in html
    assert "Vote on Adopt the rubric" in for_sponsor.content.decode()
    assert f'href="/people/motions/{to_second.pk}/"' not in for_sponsor.content.decode()


def test_decisions_page_shows_a_counted_motion(client, member, chair, cwg):
    motion = open_motion(cwg, sponsor=member, seconded_by=chair, title="Adopt the rubric")
    motion_vote(motion=motion, voter=member, choice=FOR)
    motion_vote(motion=motion, voter=chair, choice=AGAINST)

    response = client.get("/people/decisions/")

    (row,) = rows(response, "Decisions")
    assert row[:2] + row[3:] == [
        timezone.localdate().isoformat(),
        "Community Building Working Group",
        "For 1, against 1, blank 0",
        "Failed",
        # Anonymous: the formal vote behind the decision is the body's to read.
        "Not published",
    ]
    assert (
        '<th scope="row">Adopt the rubric<br>'
        "The working group adopts the rubric for workshop proposals.</th>"
    ) in response.content.decode()


def test_person_without_affiliation_counts_as_not_given(client, chair, cwg):
    MembershipFactory(body=cwg, person=PersonFactory(affiliation=""))
    motion = call_motion(cwg, sponsor=chair)
    client.force_login(chair)

    response = client.get(f"/people/motions/{motion.pk}/")

    caption = "Affiliations of the current members of Community Building Working Group"
    assert rows(response, caption) == [["Chalmers University", "1"], ["No affiliation given", "1"]]


# ---------------------------------------------------------------- the record


def test_a_ranked_choice_decision_names_its_winner_and_links_its_vote(client, member, chair, cwg):
    motion = open_motion(
        cwg, sponsor=member, kind=MotionKind.RANKED, options=("Lyon", "Lagos", "Lima")
    )
    lagos = motion.options.get(label="Lagos")
    for voter in (member, chair):
        motion_vote(motion=motion, voter=voter, ranking=[lagos.pk])
    motion.refresh_from_db()
    client.force_login(member)

    (row,) = rows(client.get("/people/decisions/"), "Decisions")

    assert row[3:] == ["Ranked choice: Lagos", "Passed", "The formal vote of " + row[0]]
    assert f'href="/people/motions/{motion.pk}/"' in client.get("/people/decisions/").text


def test_a_consensus_decision_says_so_and_its_record_is_never_blank(client, chair, cwg):
    decision_record(
        body=cwg,
        motion="Adopt the travel policy",
        outcome=Decision.Outcome.CONSENSUS,
        decided_on=datetime.date(2025, 5, 6),
        recorded_by=chair,
    )

    (row,) = rows(client.get("/people/decisions/"), "Decisions")

    assert row[3:] == ["By consensus", "Adopted by consensus", "Not published"]


def test_a_closed_motion_says_when_voting_closed_not_when_it_would_have(client, member, chair, cwg):
    motion = open_motion(cwg, sponsor=member)
    motion_close(motion=pass_motion_closing_time(motion))
    motion.refresh_from_db()
    client.force_login(member)

    shown = facts(client.get(f"/people/motions/{motion.pk}/"))

    assert "Voting closes" not in shown
    assert shown["Voting closed"].startswith(
        timezone.localtime(motion.closed_at).strftime("%Y-%m-%d")
    )

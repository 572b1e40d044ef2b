"""The formal votes' pages and API: calling, seconding, voting, the sponsor's
change, the result, the chair's participation page, the dashboard panel and the
affiliations shown where new members are chosen. Each test says what the user
sees and what changed in the database."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cwg_portal.roles import Role
from membership.enums import MotionChoice, MotionKind, MotionStatus, SeatRole
from membership.models import Body, Decision, Motion, MotionBallot, MotionPreference
from membership.services.decisions import decision_record
from membership.services.motions import motion_close, motion_lapse, motion_vote, motion_withdraw
from tests.factories.membership import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    call_motion,
    open_election,
    open_motion,
    pass_motion_closing_time,
    pass_second_deadline,
)
from tests.pages import form_errors, heading, page_messages, rows, text

pytestmark = pytest.mark.django_db

FOR, AGAINST, BLANK = MotionChoice.FOR, MotionChoice.AGAINST, MotionChoice.BLANK
VENUES = ["Conference centre", "University campus", "Public library"]


# ---------------------------------------------------------------- people


@pytest.fixture
def cwg():
    return Body.objects.get(slug="community-working-group")


def seated(username, name, body, role, seat_role=SeatRole.MEMBER, affiliation=""):
    user = UserFactory(username=username, roles=[role])
    user.person.display_name = name
    user.person.affiliation = affiliation
    user.person.save()
    MembershipFactory(person=user.person, body=body, role=seat_role)
    return user


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


def facts(response):
    html = response.content.decode()
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.DOTALL)
    clean = [" ".join(unescape(re.sub(r"<[^>]+>", "", part)).split()) for p in pairs for part in p]
    return dict(zip(clean[::2], clean[1::2], strict=True))


def motion_form(body, **changes):
    return {
        "body": body.pk,
        "title": "Fund the Lagos workshop",
        "text": "Grant $5,000 to the Lagos workshop.",
        "kind": MotionKind.BINARY,
        "options": "",
        **changes,
    }


# ---------------------------------------------------------------- calling


def test_member_calls_a_motion_that_awaits_a_second(client, member, chair, cwg):
    client.force_login(member)

    response = client.post("/people/motions/new/", motion_form(cwg), follow=True)

    motion = Motion.objects.get()
    assert response.redirect_chain == [(f"/people/motions/{motion.pk}/", 302)]
    assert page_messages(response) == [
        "The motion is called; voting opens once another member seconds it."
    ]
    assert (motion.body, motion.sponsor, motion.status, motion.title) == (
        cwg,
        member,
        MotionStatus.AWAITING_SECOND,
        "Fund the Lagos workshop",
    )
    assert heading(response) == "Fund the Lagos workshop"
    assert facts(response)["Phase"] == "Awaiting a second"
    assert "The motion waits for another member of Community Building Working Group" in text(
        response
    )
    assert "Second this motion" not in text(response)


def test_call_form_offers_only_the_bodies_the_member_sits_on(client, member):
    client.force_login(member)

    response = client.get("/people/motions/new/")

    options = re.findall(r'<option value="\d+"[^>]*>(.*?)</option>', response.content.decode())
    assert options == ["Community Building Working Group"]


def test_call_for_a_body_one_does_not_sit_on_is_refused(client, member):
    client.force_login(member)
    elsewhere = BodyFactory(name="Hiring panel")

    response = client.post("/people/motions/new/", motion_form(elsewhere))

    assert response.status_code == 200
    assert form_errors(response) == [
        "Body: Select a valid choice. That choice is not one of the available choices."
    ]
    assert Motion.objects.count() == 0


def test_ranked_choice_with_one_option_says_why(client, member, cwg):
    client.force_login(member)

    response = client.post(
        "/people/motions/new/",
        motion_form(cwg, kind=MotionKind.RANKED, options="Only Lagos"),
    )

    assert form_errors(response) == [
        "Options (ranked choice only): A ranked choice needs at least two options."
    ]
    assert Motion.objects.count() == 0


def test_someone_who_sits_on_no_body_may_not_call_a_motion(client, community):
    client.force_login(community)

    assert client.get("/people/motions/new/").status_code == 403


# ---------------------------------------------------------------- seconding


def test_another_member_seconds_and_voting_opens(client, member, chair, cwg):
    motion = call_motion(cwg, sponsor=member)
    client.force_login(chair)
    page = client.get(f"/people/motions/{motion.pk}/")

    response = client.post(f"/people/motions/{motion.pk}/second/", follow=True)

    motion.refresh_from_db()
    until = timezone.localtime(motion.closes_at).strftime("%Y-%m-%d %H:%M")
    assert "Second this motion" in text(page)
    assert page_messages(response) == [f"You seconded the motion: voting is open until {until}."]
    assert (motion.status, motion.seconded_by, motion.eligible_count) == (
        MotionStatus.OPEN,
        chair,
        2,
    )
    assert facts(response)["Seconded by"].startswith("Jonas Lindqvist on ")
    assert "You are on the voter roll and have not voted yet." in text(response)


def test_the_sponsor_may_not_second_their_own_motion(client, member, chair, cwg):
    motion = call_motion(cwg, sponsor=member)
    client.force_login(member)

    response = client.post(f"/people/motions/{motion.pk}/second/")

    assert response.status_code == 403
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.AWAITING_SECOND


def test_seconding_needs_a_post(client, member, chair, cwg):
    motion = call_motion(cwg, sponsor=member)
    client.force_login(chair)

    response = client.get(f"/people/motions/{motion.pk}/second/")

    assert response.status_code == 405
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.AWAITING_SECOND


def test_seconding_a_motion_already_seconded_says_so(client, member, chair, cwg):
    third = seated("third", "Ada Lovelace", cwg, Role.CWG_MEMBER)
    motion = open_motion(cwg, sponsor=member, seconded_by=third)
    client.force_login(chair)

    response = client.post(f"/people/motions/{motion.pk}/second/", follow=True)

    assert page_messages(response) == ["This motion is not awaiting a second."]
    assert Motion.objects.get(pk=motion.pk).seconded_by == third


# ---------------------------------------------------------------- voting


def test_voter_votes_on_a_question_by_secret_ballot(client, member, chair, cwg):
    seated("third", "Ada Lovelace", cwg, Role.CWG_MEMBER)
    motion = open_motion(cwg, sponsor=member, seconded_by=chair)
    client.force_login(chair)
    ballot = client.get(f"/people/motions/{motion.pk}/vote/")

    response = client.post(f"/people/motions/{motion.pk}/vote/", {"choice": FOR}, follow=True)

    assert re.findall(r'type="radio" name="choice" value="(\w+)"', ballot.content.decode()) == [
        "for",
        "against",
        "blank",
    ]
    assert page_messages(response) == ["Your vote was cast. Thank you for voting."]
    assert list(MotionBallot.objects.values_list("choice", flat=True)) == ["for"]
    assert motion.voters.get(user=chair).has_voted is True
    assert "You have voted." in text(response)
    assert "Result" not in re.findall(r"<h2[^>]*>(.*?)</h2>", response.content.decode())
    again = client.get(f"/people/motions/{motion.pk}/vote/")
    assert "You have already voted on this motion." in text(again)


def test_second_vote_is_refused_with_the_message_and_stores_nothing(client, member, chair, cwg):
    seated("third", "Ada Lovelace", cwg, Role.CWG_MEMBER)
    motion = open_motion(cwg, sponsor=member, seconded_by=chair)
    motion_vote(motion=motion, voter=chair, choice=FOR)
    client.force_login(chair)

    response = client.post(f"/people/motions/{motion.pk}/vote/", {"choice": AGAINST})

    assert "You have already voted on this motion." in text(response)
    assert list(MotionBallot.objects.values_list("choice", flat=True)) == ["for"]


def test_vote_without_a_choice_says_so(client, member, chair, cwg):
    motion = open_motion(cwg, sponsor=member, seconded_by=chair)
    client.force_login(chair)

    response = client.post(f"/people/motions/{motion.pk}/vote/", {})

    assert form_errors(response) == ["Your vote: Choose for, against or blank."]
    assert MotionBallot.objects.count() == 0


def test_voter_ranks_the_options(client, member, chair, cwg):
    seated("third", "Ada Lovelace", cwg, Role.CWG_MEMBER)
    motion = open_motion(
        cwg, sponsor=member, seconded_by=chair, kind=MotionKind.RANKED, options=VENUES
    )
    centre, campus, library = motion.options.all()
    client.force_login(chair)

    response = client.post(
        f"/people/motions/{motion.pk}/vote/",
        {f"option_{library.pk}": "1", f"option_{centre.pk}": "3", f"option_{campus.pk}": ""},
        follow=True,
    )

    assert page_messages(response) == ["Your vote was cast. Thank you for voting."]
    assert list(MotionPreference.objects.order_by("rank").values_list("rank", "option__label")) == [
        (1, "Public library"),
        (2, "Conference centre"),
    ]


def test_ranked_vote_with_a_rank_given_twice_says_so(client, member, chair, cwg):
    motion = open_motion(
        cwg, sponsor=member, seconded_by=chair, kind=MotionKind.RANKED, options=VENUES
    )
    centre, campus, _ = motion.options.all()
    client.force_login(chair)

    response = client.post(
        f"/people/motions/{motion.pk}/vote/",
        {f"option_{centre.pk}": "1", f"option_{campus.pk}": "1"},
    )

    assert form_errors(response) == ["Give each rank to one option only."]
    assert MotionBallot.objects.count() == 0


def test_ranked_vote_blank_by_its_button(client, member, chair, cwg):
    seated("third", "Ada Lovelace", cwg, Role.CWG_MEMBER)
    motion = open_motion(
        cwg, sponsor=member, seconded_by=chair, kind=MotionKind.RANKED, options=VENUES
    )
    client.force_login(chair)

    client.post(f"/people/motions/{motion.pk}/vote/", {"blank": "1"})

    assert list(MotionBallot.objects.values_list("choice", flat=True)) == ["blank"]
    assert MotionPreference.objects.count() == 0


def test_last_vote_closes_the_motion_and_shows_the_result(client, member, chair, cwg):
    motion = open_motion(cwg, sponsor=member, seconded_by=chair)
    motion_vote(motion=motion, voter=member, choice=FOR)
    client.force_login(chair)

    response = client.post(f"/people/motions/{motion.pk}/vote/", {"choice": BLANK}, follow=True)

    assert page_messages(response) == [
        "Your vote was cast. Everyone has now voted: the vote is closed and counted."
    ]
    shown = facts(response)
    assert (shown["Phase"], shown["Outcome"], shown["Votes cast"], shown["Quorum"]) == (
        "Closed",
        "Passed",
        "2 of 2 voters, 1 blank",
        "Reached",
    )
    assert (shown["For"], shown["Against"]) == ("1", "0")
    assert shown["Closed on"].endswith(", early: every voter had voted")
    assert Decision.objects.get().outcome == Decision.Outcome.PASSED


def test_someone_not_on_the_roll_may_not_open_the_ballot(client, member, chair, cwg):
    motion = open_motion(cwg, sponsor=member, seconded_by=chair)
    latecomer = seated("late", "Late Comer", cwg, Role.CWG_MEMBER)
    client.force_login(latecomer)

    response = client.get(f"/people/motions/{motion.pk}/vote/")

    assert response.status_code == 403


# ---------------------------------------------------------------- the sponsor's change


def test_sponsor_changes_the_wording_during_the_vote_and_it_restarts(
    client, member, chair, cwg, mailoutbox, django_capture_on_commit_callbacks
):
    seated("third", "Ada Lovelace", cwg, Role.CWG_MEMBER)
    motion = open_motion(cwg, sponsor=member, seconded_by=chair)
    motion_vote(motion=motion, voter=chair, choice=AGAINST)
    client.force_login(member)
    page = client.get(f"/people/motions/{motion.pk}/edit/")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/people/motions/{motion.pk}/edit/",
            {"title": "Fund the Lagos workshop", "text": "Grant $4,000."},
            follow=True,
        )

    motion.refresh_from_db()
    until = timezone.localtime(motion.closes_at).strftime("%Y-%m-%d %H:%M")
    assert "Saving a change restarts it for the full period" in text(page)
    assert page_messages(response) == [
        f"The motion was changed and its vote starts again, until {until}. Votes cast on the "
        "earlier wording were discarded; their voters are asked by e-mail to vote again."
    ]
    assert (motion.text, motion.revision) == ("Grant $4,000.", 2)
    assert MotionBallot.objects.count() == 0
    assert [message.to for message in mailoutbox] == [[chair.email]]
    assert "Revision 2, changed on" in text(response)


def test_only_the_sponsor_may_change_the_motion(client, member, chair, cwg):
    motion = open_motion(cwg, sponsor=member, seconded_by=chair)
    client.force_login(chair)

    response = client.post(f"/people/motions/{motion.pk}/edit/", {"title": "X", "text": "Y"})

    assert response.status_code == 403
    assert Motion.objects.get(pk=motion.pk).revision == 1


def test_a_closed_motion_offers_no_change(client, member, chair, cwg):
    motion = open_motion(cwg, sponsor=member, seconded_by=chair)
    motion_close(motion=pass_motion_closing_time(motion))
    client.force_login(member)

    page = client.get(f"/people/motions/{motion.pk}/")
    edit = client.get(f"/people/motions/{motion.pk}/edit/")

    assert "Change the motion" not in text(page)
    assert "The vote on this motion is over; it can no longer be changed." in text(edit)
    assert "<form" not in re.search(r"<main.*</main>", edit.content.decode(), re.DOTALL)[0]


# ---------------------------------------------------------------- withdrawal and lapse


def test_sponsor_withdraws_a_motion_during_the_vote_and_its_voters_are_told(
    client, member, chair, cwg, mailoutbox, django_capture_on_commit_callbacks
):
    motion = open_motion(cwg, sponsor=member, seconded_by=chair, title="Fund the Lagos workshop")
    motion_vote(motion=motion, voter=chair, choice=AGAINST)
    client.force_login(member)
    page = client.get(f"/people/motions/{motion.pk}/")
    confirm = client.get(f"/people/motions/{motion.pk}/withdraw/")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/people/motions/{motion.pk}/withdraw/", follow=True)

    assert "Withdraw the motion" in text(page)
    assert heading(confirm) == "Withdraw the motion: Fund the Lagos workshop"
    assert "The votes already cast are discarded, and the voters are told by e-mail" in text(
        confirm
    )
    assert page_messages(response) == [
        "You withdrew the motion. Its votes were discarded and its voters are told by e-mail; "
        "no decision is recorded."
    ]
    assert facts(response)["Phase"] == "Withdrawn by its sponsor"
    assert facts(response)["Withdrawn"].startswith("By Mira Okafor on ")
    assert (
        "The sponsor withdrew this motion during its vote: the votes cast were discarded. It is "
        "not counted and no decision is recorded."
    ) in text(response)
    assert "Your vote" not in text(response)
    assert "Change the motion" not in text(response)
    assert (Motion.objects.get(pk=motion.pk).status, MotionBallot.objects.count()) == (
        MotionStatus.WITHDRAWN,
        0,
    )
    assert [(message.to, message.subject) for message in mailoutbox] == [
        ([chair.email], "Withdrawn: Fund the Lagos workshop")
    ]
    assert Decision.objects.count() == 0


def test_only_the_sponsor_may_withdraw_the_motion(client, member, chair, cwg):
    motion = open_motion(cwg, sponsor=member, seconded_by=chair)
    client.force_login(chair)

    page = client.get(f"/people/motions/{motion.pk}/")
    responses = [
        client.get(f"/people/motions/{motion.pk}/withdraw/"),
        client.post(f"/people/motions/{motion.pk}/withdraw/"),
    ]

    assert "Withdraw the motion" not in text(page)
    assert [response.status_code for response in responses] == [403, 403]
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.OPEN


def test_a_withdrawn_motion_refuses_a_vote_and_says_why(client, member, chair, cwg):
    motion = open_motion(cwg, sponsor=member, seconded_by=chair)
    motion_withdraw(motion=motion, withdrawn_by=member)
    client.force_login(chair)

    ballot = client.get(f"/people/motions/{motion.pk}/vote/")
    response = client.post(f"/people/motions/{motion.pk}/vote/", {"choice": FOR})
    listing = client.get("/people/motions/")

    withdrawn = "The sponsor withdrew this motion during its vote"
    assert withdrawn in text(ballot)
    assert "Cast your vote" not in text(ballot)
    assert withdrawn in text(response)
    assert MotionBallot.objects.count() == 0
    assert [(row[0], row[3], row[5]) for row in rows(listing, "Formal votes")] == [
        ("Adopt the workshop rubric", "Withdrawn by its sponsor", "—")
    ]


def test_withdrawing_a_counted_motion_says_it_is_too_late(client, member, chair, cwg):
    motion = open_motion(cwg, sponsor=member, seconded_by=chair)
    motion_close(motion=pass_motion_closing_time(motion))
    client.force_login(member)

    page = client.get(f"/people/motions/{motion.pk}/")
    confirm = client.get(f"/people/motions/{motion.pk}/withdraw/")
    response = client.post(f"/people/motions/{motion.pk}/withdraw/", follow=True)

    assert "Withdraw the motion" not in text(page)
    assert "The vote on this motion is over; it can no longer be withdrawn." in text(confirm)
    assert page_messages(response) == [
        "The vote on this motion is over; it can no longer be withdrawn."
    ]
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.CLOSED


def test_motion_awaiting_a_second_shows_the_deadline_to_second_it(client, member, chair, cwg):
    motion = call_motion(cwg, sponsor=member)
    client.force_login(chair)

    page = client.get(f"/people/motions/{motion.pk}/")

    deadline = timezone.localtime(motion.called_at + datetime.timedelta(days=7))
    assert facts(page)["To be seconded by"] == (
        f"{deadline:%Y-%m-%d %H:%M} {timezone.get_current_timezone_name()}; otherwise it lapses"
    )


def test_a_lapsed_motion_says_so_and_offers_no_second(client, member, chair, cwg):
    motion = motion_lapse(motion=pass_second_deadline(call_motion(cwg, sponsor=member)))
    client.force_login(chair)

    page = client.get(f"/people/motions/{motion.pk}/")
    response = client.post(f"/people/motions/{motion.pk}/second/", follow=True)

    assert facts(page)["Phase"] == "Lapsed: never seconded"
    assert facts(page)["Seconded by"] == "Nobody"
    assert (
        "Nobody seconded this motion within 7 days of its call, so it lapsed without a vote. "
        "No decision is recorded."
    ) in text(page)
    assert "Second this motion" not in text(page)
    assert page_messages(response) == ["This motion lapsed: nobody seconded it in time."]
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.LAPSED


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

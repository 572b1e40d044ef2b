"""The formal votes' pages: calling, seconding, voting, the sponsor's change,
withdrawal and lapse. Each test says what the user sees and what changed in
the database."""

import datetime
import re

import pytest
from django.utils import timezone

from cwg_portal.roles import Role
from membership.enums import MotionKind, MotionStatus, SeatRole
from membership.models import Decision, Motion, MotionBallot, MotionPreference
from membership.services.motions import motion_close, motion_lapse, motion_vote, motion_withdraw
from tests.factories.membership import (
    BodyFactory,
    UserFactory,
    call_motion,
    open_motion,
    pass_motion_closing_time,
    pass_second_deadline,
)
from tests.membership.motion_pages import AGAINST, BLANK, FOR, VENUES, facts, seated
from tests.pages import form_errors, heading, page_messages, rows, text

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

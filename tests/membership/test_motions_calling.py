"""Formal votes called by a member and seconded by another, the roll frozen at
the second; and the sponsor's change, which restarts the vote."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from membership.enums import MotionKind, MotionStatus
from membership.models import Motion, MotionBallot, MotionOption, MotionPreference, MotionVoter
from membership.services.motions import motion_close, motion_edit, motion_second
from tests.factories.membership import (
    BodyFactory,
    MembershipFactory,
    UserFactory,
    call_motion,
    members_of,
    open_motion,
    pass_motion_closing_time,
)
from tests.membership.motions import AGAINST, FOR, VENUES, rank, rolled, vote

pytestmark = pytest.mark.django_db


# --- Calling and seconding ------------------------------------------------------


def test_motion_call_by_a_member_awaits_a_second_with_the_bodys_rules_copied():
    body = BodyFactory(motion_days=5, motion_quorum_numerator=2, motion_quorum_denominator=3)
    (sponsor,) = members_of(body, 1)

    motion = call_motion(body, sponsor=sponsor, title="Fund the Lagos workshop")
    body.motion_days = 9
    body.save()

    stored = Motion.objects.get(pk=motion.pk)
    assert (stored.status, stored.sponsor, stored.title, stored.revision) == (
        MotionStatus.AWAITING_SECOND,
        sponsor,
        "Fund the Lagos workshop",
        1,
    )
    assert (stored.voting_days, stored.quorum_numerator, stored.quorum_denominator) == (5, 2, 3)
    assert (stored.opens_at, stored.closes_at, stored.eligible_count) == (None, None, 0)
    assert MotionVoter.objects.filter(motion=motion).count() == 0


def test_motion_call_by_someone_not_on_the_body_is_refused():
    body = BodyFactory()
    members_of(body, 2)

    with pytest.raises(PermissionDenied) as refused:
        call_motion(body, sponsor=UserFactory())

    assert str(refused.value) == "Only a member of the body may call a formal vote."
    assert Motion.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        (MotionKind.RANKED, ["Only one"], "A ranked choice needs at least two options."),
        (MotionKind.RANKED, ["Lagos", " ", "lagos "], "Each option must be different."),
        (MotionKind.BINARY, ["Lagos"], "A question for or against has no options."),
    ],
)
def test_motion_call_with_wrong_options_is_refused(kind, options, message):
    body = BodyFactory()
    members_of(body, 1)

    with pytest.raises(ValidationError) as refused:
        call_motion(body, kind=kind, options=options)

    assert refused.value.message_dict == {"options": [message]}
    assert Motion.objects.count() == 0


def test_motion_call_keeps_the_options_in_the_sponsors_order():
    body = BodyFactory()
    members_of(body, 1)

    motion = call_motion(body, kind=MotionKind.RANKED, options=[" Lagos ", "", "Nairobi"])

    assert list(motion.options.values_list("position", "label")) == [(1, "Lagos"), (2, "Nairobi")]


def test_motion_second_opens_the_vote_and_freezes_the_current_members_as_voters():
    body = BodyFactory(motion_days=7)
    sponsor, seconder = members_of(body, 2)
    motion = call_motion(body, sponsor=sponsor)
    latecomer = MembershipFactory(body=body).person.user
    MembershipFactory(body=body, ends_on=timezone.localdate() - timedelta(days=1))
    MembershipFactory(body=BodyFactory())
    before = timezone.now()

    motion = motion_second(motion=motion, seconded_by=seconder)

    stored = Motion.objects.get(pk=motion.pk)
    assert (stored.status, stored.seconded_by, stored.eligible_count) == (
        MotionStatus.OPEN,
        seconder,
        3,
    )
    assert before <= stored.seconded_at == stored.opens_at <= timezone.now()
    assert stored.closes_at - stored.opens_at == timedelta(days=7)
    assert rolled(motion) == sorted((u.pk, False) for u in (sponsor, seconder, latecomer))
    MembershipFactory(body=body)
    assert motion.voters.count() == 3


def test_motion_second_by_the_sponsor_is_refused():
    body = BodyFactory()
    sponsor, _ = members_of(body, 2)
    motion = call_motion(body, sponsor=sponsor)

    with pytest.raises(ValidationError) as refused:
        motion_second(motion=motion, seconded_by=sponsor)

    assert refused.value.messages == ["The sponsor cannot second their own motion."]
    stored = Motion.objects.get(pk=motion.pk)
    assert (stored.status, stored.seconded_by, stored.opens_at) == (
        MotionStatus.AWAITING_SECOND,
        None,
        None,
    )


def test_motion_second_by_someone_not_on_the_body_is_refused():
    body = BodyFactory()
    members_of(body, 2)
    motion = call_motion(body)
    elsewhere = MembershipFactory(body=BodyFactory()).person.user

    with pytest.raises(PermissionDenied) as refused:
        motion_second(motion=motion, seconded_by=elsewhere)

    assert str(refused.value) == "Only a member of the body may second its motions."
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.AWAITING_SECOND


def test_motion_second_a_second_time_is_refused():
    body = BodyFactory()
    _, first, second = members_of(body, 3)
    motion = open_motion(body, seconded_by=first)

    with pytest.raises(ValidationError) as refused:
        motion_second(motion=motion, seconded_by=second)

    assert refused.value.messages == ["This motion is not awaiting a second."]
    assert Motion.objects.get(pk=motion.pk).seconded_by == first


def test_motion_second_cannot_name_the_sponsor_in_the_database():
    body = BodyFactory()
    sponsor, _ = members_of(body, 2)
    motion = call_motion(body, sponsor=sponsor)
    motion.seconded_by = sponsor

    with pytest.raises(ValidationError) as refused:
        motion.full_clean()

    assert refused.value.messages == ["The sponsor cannot second their own motion."]


def test_motion_on_a_body_needing_no_second_opens_when_called():
    body = BodyFactory(motion_needs_second=False)
    (sponsor,) = members_of(body, 1)

    motion = call_motion(body, sponsor=sponsor)

    stored = Motion.objects.get(pk=motion.pk)
    assert (stored.status, stored.seconded_by, stored.eligible_count) == (
        MotionStatus.OPEN,
        None,
        1,
    )
    assert rolled(motion) == [(sponsor.pk, False)]


# --- The sponsor's changes ------------------------------------------------------------------


def test_motion_edit_during_the_vote_discards_the_votes_and_asks_their_voters_again(
    mailoutbox, django_capture_on_commit_callbacks
):
    body = BodyFactory(name="DEI Committee")
    sponsor, first, second, third = members_of(body, 4)
    motion = open_motion(body, sponsor=sponsor, title="Adopt the checklist")
    vote(motion, first, FOR)
    vote(motion, second, AGAINST)
    Motion.objects.filter(pk=motion.pk).update(
        opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() + timedelta(days=4)
    )
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        motion_edit(
            motion=motion,
            edited_by=sponsor,
            title="Adopt the checklist",
            text="Adopt the DISC checklist for every workshop.",
        )

    stored = Motion.objects.get(pk=motion.pk)
    assert (stored.text, stored.revision, stored.status) == (
        "Adopt the DISC checklist for every workshop.",
        2,
        MotionStatus.OPEN,
    )
    assert before <= stored.opens_at == stored.revised_at
    assert stored.closes_at - stored.opens_at == timedelta(days=7)
    assert MotionBallot.objects.filter(motion=motion).count() == 0
    assert rolled(motion) == sorted((user.pk, False) for user in (sponsor, first, second, third))
    closes = timezone.localtime(stored.closes_at).strftime("%Y-%m-%d %H:%M %Z")
    assert sorted((message.to, message.subject) for message in mailoutbox) == [
        ([first.email], "Vote again: Adopt the checklist"),
        ([second.email], "Vote again: Adopt the checklist"),
    ]
    assert mailoutbox[0].body == (
        "The sponsor changed the motion “Adopt the checklist” of DEI Committee while it was "
        "being voted on. The votes cast on the earlier wording were discarded, yours with "
        f"them. Please read the motion again and vote before {closes}:\n\n"
        f"{settings.SITE_URL}/people/motions/{motion.pk}/vote/"
    )
    vote(motion, first, AGAINST)
    assert list(MotionBallot.objects.values_list("choice", flat=True)) == ["against"]


def test_motion_edit_of_the_options_replaces_them_and_the_ranked_ballots():
    body = BodyFactory()
    sponsor, voter, _ = members_of(body, 3)
    motion = open_motion(body, sponsor=sponsor, kind=MotionKind.RANKED, options=VENUES)
    rank(motion, voter, VENUES[1])

    motion_edit(
        motion=motion,
        edited_by=sponsor,
        title=motion.title,
        text=motion.text,
        options=["Conference centre", "Public library"],
    )

    assert list(motion.options.values_list("label", flat=True)) == [
        "Conference centre",
        "Public library",
    ]
    assert MotionPreference.objects.count() == 0
    assert MotionOption.objects.filter(label="University campus").count() == 0


def test_motion_edit_that_changes_nothing_leaves_the_vote_running(mailoutbox):
    body = BodyFactory()
    sponsor, voter, _ = members_of(body, 3)
    motion = open_motion(body, sponsor=sponsor)
    vote(motion, voter, FOR)
    before = Motion.objects.values().get(pk=motion.pk)

    motion_edit(motion=motion, edited_by=sponsor, title=motion.title, text=motion.text)

    assert Motion.objects.values().get(pk=motion.pk) == before
    assert MotionBallot.objects.count() == 1
    assert mailoutbox == []


def test_motion_edit_while_awaiting_a_second_changes_the_wording_only():
    body = BodyFactory()
    sponsor, _ = members_of(body, 2)
    motion = call_motion(body, sponsor=sponsor)

    motion_edit(motion=motion, edited_by=sponsor, title="New title", text="New wording.")

    stored = Motion.objects.get(pk=motion.pk)
    assert (stored.title, stored.text, stored.revision, stored.status, stored.opens_at) == (
        "New title",
        "New wording.",
        2,
        MotionStatus.AWAITING_SECOND,
        None,
    )


def test_motion_edit_by_anyone_but_the_sponsor_is_refused():
    body = BodyFactory()
    _, seconder = members_of(body, 2)
    motion = open_motion(body, seconded_by=seconder)

    with pytest.raises(PermissionDenied) as refused:
        motion_edit(motion=motion, edited_by=seconder, title="Hijacked", text="Hijacked.")

    assert str(refused.value) == "Only the sponsor may change the motion."
    assert Motion.objects.get(pk=motion.pk).revision == 1


@pytest.mark.parametrize("counted", [False, True])
def test_motion_edit_after_the_vote_ended_is_refused(counted):
    body = BodyFactory()
    sponsor, _ = members_of(body, 2)
    motion = pass_motion_closing_time(open_motion(body, sponsor=sponsor))
    if counted:
        motion_close(motion=motion)

    with pytest.raises(ValidationError) as refused:
        motion_edit(motion=motion, edited_by=sponsor, title="Later", text="Later.")

    assert refused.value.messages == [
        "The vote on this motion is over; it can no longer be changed."
    ]
    assert Motion.objects.get(pk=motion.pk).revision == 1

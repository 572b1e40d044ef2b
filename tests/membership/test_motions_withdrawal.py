"""Formal votes that end without a count: withdrawn by their sponsor, or
lapsed because nobody seconded them in time."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from membership.enums import MotionKind, MotionStatus
from membership.models import Body, Decision, Motion, MotionBallot, MotionPreference, MotionVoter
from membership.services.motions import (
    motion_close,
    motion_edit,
    motion_lapse,
    motion_second,
    motion_vote,
    motion_withdraw,
)
from membership.tasks import motion_close_task, motions_close_due, motions_lapse_due
from tests.factories.membership import (
    BodyFactory,
    call_motion,
    members_of,
    open_motion,
    pass_motion_closing_time,
    pass_second_deadline,
)
from tests.membership.motions import BLANK, FOR, VENUES, rank, rolled, vote

pytestmark = pytest.mark.django_db


# --- Withdrawal and lapse -------------------------------------------------------------------


WITHDRAWN = ["This motion was withdrawn by its sponsor."]
LAPSED = ["This motion lapsed: nobody seconded it in time."]


def ended_state(motion):
    stored = Motion.objects.get(pk=motion.pk)
    return stored.status, stored.withdrawn_by, stored.decision


def test_motion_withdraw_while_awaiting_a_second_ends_it_without_a_decision(mailoutbox):
    body = BodyFactory()
    sponsor, _ = members_of(body, 2)
    motion = call_motion(body, sponsor=sponsor)
    before = timezone.now()

    motion_withdraw(motion=motion, withdrawn_by=sponsor)

    assert ended_state(motion) == (MotionStatus.WITHDRAWN, sponsor, None)
    assert Motion.objects.get(pk=motion.pk).closed_at >= before
    assert Decision.objects.count() == 0
    assert mailoutbox == []


def test_motion_withdraw_during_the_vote_discards_the_ballots_and_tells_the_roll(
    mailoutbox, django_capture_on_commit_callbacks
):
    body = BodyFactory(name="DEI Committee")
    sponsor, first, second = members_of(body, 3)
    sponsor.person.display_name = "Amani Mwangi"
    sponsor.person.save()
    motion = open_motion(
        body, sponsor=sponsor, kind=MotionKind.RANKED, options=VENUES, title="Choose the venue"
    )
    rank(motion, first, VENUES[0], VENUES[2])
    vote(motion, second, BLANK)

    with django_capture_on_commit_callbacks(execute=True):
        motion_withdraw(motion=motion, withdrawn_by=sponsor)

    assert ended_state(motion) == (MotionStatus.WITHDRAWN, sponsor, None)
    assert (MotionBallot.objects.count(), MotionPreference.objects.count()) == (0, 0)
    assert rolled(motion) == sorted((user.pk, False) for user in (sponsor, first, second))
    assert sorted((message.to, message.subject) for message in mailoutbox) == [
        ([first.email], "Withdrawn: Choose the venue"),
        ([second.email], "Withdrawn: Choose the venue"),
    ]
    assert mailoutbox[0].body == (
        "Amani Mwangi withdrew the motion “Choose the venue” of DEI Committee before its vote "
        "ended. The vote is cancelled: the votes cast were discarded and no decision will be "
        f"recorded.\n\n{settings.SITE_URL}/people/motions/{motion.pk}/"
    )
    assert Decision.objects.count() == 0


def test_motion_withdraw_by_anyone_but_the_sponsor_is_refused():
    body = BodyFactory()
    _, seconder = members_of(body, 2)
    motion = open_motion(body, seconded_by=seconder)

    with pytest.raises(PermissionDenied) as refused:
        motion_withdraw(motion=motion, withdrawn_by=seconder)

    assert str(refused.value) == "Only the sponsor may withdraw the motion."
    assert ended_state(motion) == (MotionStatus.OPEN, None, None)


@pytest.mark.parametrize("counted", [False, True])
def test_motion_withdraw_after_the_vote_ended_is_refused(counted):
    body = BodyFactory()
    sponsor, voter = members_of(body, 2)
    motion = open_motion(body, sponsor=sponsor)
    vote(motion, voter, FOR)
    pass_motion_closing_time(motion)
    if counted:
        motion_close(motion=motion)

    with pytest.raises(ValidationError) as refused:
        motion_withdraw(motion=motion, withdrawn_by=sponsor)

    assert refused.value.messages == [
        "The vote on this motion is over; it can no longer be withdrawn."
    ]
    assert Motion.objects.get(pk=motion.pk).status == (
        MotionStatus.CLOSED if counted else MotionStatus.OPEN
    )
    assert MotionBallot.objects.count() == 1


def withdrawn_while_voting(body):
    sponsor, _, _ = members_of(body, 3)
    motion = open_motion(body, sponsor=sponsor)
    return motion_withdraw(motion=motion, withdrawn_by=sponsor)


def lapsed(body):
    members_of(body, 3)
    return motion_lapse(motion=pass_second_deadline(call_motion(body)))


@pytest.mark.parametrize(
    ("end", "message"), [(withdrawn_while_voting, WITHDRAWN), (lapsed, LAPSED)]
)
def test_motion_withdrawn_or_lapsed_takes_no_second_change_vote_or_withdrawal(end, message):
    body = BodyFactory()
    motion = end(body)
    sponsor = motion.sponsor
    other = MotionVoter.objects.exclude(user=sponsor).first()
    member = other.user if other else members_of(body, 1)[0]
    before = Motion.objects.values().get(pk=motion.pk)
    attempts = [
        lambda: motion_second(motion=motion, seconded_by=member),
        lambda: motion_edit(motion=motion, edited_by=sponsor, title="Again", text="Again."),
        lambda: motion_vote(motion=motion, voter=member, choice=FOR),
        lambda: motion_withdraw(motion=motion, withdrawn_by=sponsor),
    ]

    refusals = []
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        refusals.append(refused.value.messages)

    assert refusals == [message] * 4
    assert Motion.objects.values().get(pk=motion.pk) == before
    assert (MotionBallot.objects.count(), Decision.objects.count()) == (0, 0)


def test_motion_withdrawn_during_the_vote_is_never_counted_at_its_closing_time():
    body = BodyFactory()
    motion = withdrawn_while_voting(body)
    pass_motion_closing_time(motion)

    assert (motion_close_task(motion.pk), motions_close_due()) == (None, [])

    stored = motion_close(motion=motion)
    assert (stored.status, stored.passed, stored.decision) == (MotionStatus.WITHDRAWN, None, None)
    assert Decision.objects.count() == 0


def test_motions_lapse_due_lapses_only_motions_unseconded_past_their_days(
    mailoutbox, django_capture_on_commit_callbacks
):
    body = BodyFactory(name="DEI Committee", motion_days=5)
    sponsor, _ = members_of(body, 2)
    due = pass_second_deadline(call_motion(body, sponsor=sponsor, title="Adopt the checklist"))
    waiting = call_motion(body)
    seconded = pass_second_deadline(open_motion(body))
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        lapsed_now = motions_lapse_due()
    lapsed_again = motions_lapse_due()

    assert (lapsed_now, lapsed_again) == ([due.pk], [])
    assert dict(Motion.objects.values_list("pk", "status")) == {
        due.pk: MotionStatus.LAPSED,
        waiting.pk: MotionStatus.AWAITING_SECOND,
        seconded.pk: MotionStatus.OPEN,
    }
    assert Motion.objects.get(pk=due.pk).closed_at >= before
    assert Decision.objects.count() == 0
    assert [(message.to, message.subject) for message in mailoutbox] == [
        ([sponsor.email], "Lapsed: Adopt the checklist")
    ]
    assert mailoutbox[0].body == (
        "Nobody seconded your motion “Adopt the checklist” of DEI Committee within 5 days of "
        "its call, so it lapsed without a vote. You may call it again.\n\n"
        f"{settings.SITE_URL}/people/motions/{due.pk}/"
    )


def test_motion_lapse_before_its_deadline_is_refused():
    body = BodyFactory()
    members_of(body, 2)
    motion = call_motion(body)

    with pytest.raises(ValidationError) as refused:
        motion_lapse(motion=motion)

    assert refused.value.messages == ["This motion may still be seconded."]
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.AWAITING_SECOND


def test_motion_second_after_its_deadline_is_refused_before_the_sweep_lapses_it():
    body = BodyFactory()
    _, seconder = members_of(body, 2)
    motion = pass_second_deadline(call_motion(body))

    with pytest.raises(ValidationError) as refused:
        motion_second(motion=motion, seconded_by=seconder)

    assert refused.value.messages == ["The time to second this motion is over: it lapses."]
    assert ended_state(motion) == (MotionStatus.AWAITING_SECOND, None, None)
    assert MotionVoter.objects.count() == 0


def test_motion_seconds_by_is_the_call_plus_the_bodys_days_at_the_call():
    body = BodyFactory(motion_days=5)
    members_of(body, 2)
    motion = call_motion(body)
    Body.objects.filter(pk=body.pk).update(motion_days=10)

    assert motion.seconds_by - motion.called_at == timedelta(days=5)

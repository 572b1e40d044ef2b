"""Formal votes of a body (motions), as the project's decision-making guide has
them: called by a sponsoring member, seconded by another, open for the body's
number of days or until every voter has voted, counted once and recorded as a
public decision.

Where the guide is silent, these are the rules:

- A voter votes once and cannot change the vote. The ballot is secret, so it
  cannot be found again to be replaced; the roll entry is locked and marked in
  the ballot's transaction, so two requests at the same moment give one ballot.
- Changing the wording during the vote restarts it: the ballots cast on the old
  wording are discarded, since they answered another question, and those who
  cast them are told by e-mail to vote again. The roll stays the one frozen
  when voting opened; the period starts anew.
- The decision is recorded in the sponsor's name: the count is the portal's,
  and the record names the member answerable for the motion.
- The sponsor may withdraw the motion until its vote ends. The ballots cast
  are discarded, as they would be by a change, and the voters are told; a
  withdrawn motion is not counted and no decision is recorded.
- A motion nobody seconds within as many days as its vote would last lapses,
  also without a decision, so that a second cannot revive it months later.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cwg_portal import outbox
from cwg_portal.notifications import notify
from membership.enums import MotionChoice, MotionKind, MotionStatus
from membership.models import (
    Decision,
    Membership,
    Motion,
    MotionBallot,
    MotionOption,
    MotionPreference,
    MotionVoter,
)
from membership.policies import sits_on_body
from membership.services.counting import instant_runoff, majority_for, quorum_reached
from membership.services.decisions import decision_record

QUESTION_CHOICES = {MotionChoice.FOR, MotionChoice.AGAINST, MotionChoice.BLANK}


def _option_labels(kind, options):
    """The options as the motion keeps them: trimmed, empty lines dropped; a
    ranked choice needs two or more different ones, a question none."""
    labels = [label.strip() for label in options if label.strip()]
    if kind == MotionKind.BINARY:
        if labels:
            raise ValidationError({"options": "A question for or against has no options."})
        return labels
    if len(labels) < 2:
        raise ValidationError({"options": "A ranked choice needs at least two options."})
    if len({label.casefold() for label in labels}) != len(labels):
        raise ValidationError({"options": "Each option must be different."})
    return labels


def _options_replace(motion, labels):
    motion.options.all().delete()
    MotionOption.objects.bulk_create(
        MotionOption(motion=motion, label=label, position=position)
        for position, label in enumerate(labels, start=1)
    )


@transaction.atomic
def motion_call(*, body, sponsor, title, text, kind, options=()):
    """Call a formal vote of a body the sponsor sits on. The body's rules (length,
    quorum) are copied onto the motion; where the body needs no second, voting
    opens at once.

    Side effects: when voting opens, as motion_second.
    """
    if not sits_on_body(sponsor, body):
        raise PermissionDenied("Only a member of the body may call a formal vote.")
    labels = _option_labels(kind, options)
    motion = Motion(
        body=body,
        sponsor=sponsor,
        title=title,
        text=text,
        kind=kind,
        voting_days=body.motion_days,
        quorum_numerator=body.motion_quorum_numerator,
        quorum_denominator=body.motion_quorum_denominator,
    )
    motion.full_clean()
    motion.save()
    _options_replace(motion, labels)
    if body.motion_needs_second:
        notify(
            "membership.motion_needs_second",
            about=motion,
            key=motion.pk,
            url=motion.get_absolute_url(),
            motion=motion,
            sponsor=getattr(sponsor, "person", sponsor),
        )
    else:
        _voting_open(motion, now=motion.called_at)
    return motion


@transaction.atomic
def motion_second(*, motion, seconded_by):
    """Another member of the body seconds the motion, and voting opens.

    Side effects: freezes the voter roll (the body's current members with an
    account) and queues the closing task for the end of the period.
    """
    motion = Motion.objects.select_for_update().select_related("body").get(pk=motion.pk)
    if not sits_on_body(seconded_by, motion.body):
        raise PermissionDenied("Only a member of the body may second its motions.")
    if seconded_by.pk == motion.sponsor_id:
        raise ValidationError("The sponsor cannot second their own motion.")
    _refuse_if_ended_uncounted(motion)
    if motion.status != MotionStatus.AWAITING_SECOND:
        raise ValidationError("This motion is not awaiting a second.")
    if timezone.now() >= motion.seconds_by:
        raise ValidationError("The time to second this motion is over: it lapses.")
    motion.seconded_by = seconded_by
    motion.seconded_at = timezone.now()
    motion.save(update_fields=["seconded_by", "seconded_at"])
    _voting_open(motion, now=motion.seconded_at)
    return motion


def _voting_open(motion, *, now):
    voters = {
        seat.person.user
        for seat in Membership.objects.current()
        .filter(body=motion.body, person__user__isnull=False)
        .select_related("person__user")
    }
    MotionVoter.objects.bulk_create(MotionVoter(motion=motion, user=user) for user in voters)
    motion.eligible_count = len(voters)
    motion.status = MotionStatus.OPEN
    _period_start(motion, now=now)
    motion.save(update_fields=["eligible_count", "status", "opens_at", "closes_at"])
    notify(
        "membership.motion_open",
        about=motion,
        key=motion.pk,
        url=reverse("membership:motion_vote", kwargs={"motion_pk": motion.pk}),
        motion=motion,
    )


def _period_start(motion, *, now):
    motion.opens_at = now
    motion.closes_at = motion.opens_at + timedelta(days=motion.voting_days)
    outbox.enqueue_at(
        "membership.motion_close",
        kwargs={"motion_id": motion.pk},
        key=f"membership.motion_close:{motion.pk}:{motion.closes_at.isoformat()}",
        eta=motion.closes_at,
    )


@transaction.atomic
def motion_edit(*, motion, edited_by, title, text, options=()):
    """The sponsor changes the title, the wording or (on a ranked choice) the
    options before the vote ends. Nothing happens when nothing changed.

    Side effects during the vote: the ballots cast so far are deleted, their
    voters' roll entries reopened and those voters e-mailed after commit; the
    period restarts from now and a new closing task is queued.
    """
    motion = Motion.objects.select_for_update().select_related("body").get(pk=motion.pk)
    if edited_by.pk != motion.sponsor_id:
        raise PermissionDenied("Only the sponsor may change the motion.")
    _refuse_if_ended_uncounted(motion)
    voting, now = motion.status == MotionStatus.OPEN, timezone.now()
    if _vote_over(motion, now):
        raise ValidationError("The vote on this motion is over; it can no longer be changed.")
    labels = _option_labels(motion.kind, options)
    unchanged_options = labels == [option.label for option in motion.options.all()]
    if (title, text) == (motion.title, motion.text) and unchanged_options:
        return motion
    revoted = _ballots_discard(motion) if voting else []
    motion.title, motion.text = title, text
    motion.revision += 1
    motion.revised_at = now
    if voting:
        _period_start(motion, now=now)
    motion.full_clean()
    motion.save()
    if not unchanged_options:
        _options_replace(motion, labels)
    for voter in revoted:
        _ask_to_vote_again(motion, voter)
    return motion


def _refuse_if_ended_uncounted(motion):
    """A withdrawn or lapsed motion takes no second, change or vote."""
    if motion.status == MotionStatus.WITHDRAWN:
        raise ValidationError("This motion was withdrawn by its sponsor.")
    if motion.status == MotionStatus.LAPSED:
        raise ValidationError("This motion lapsed: nobody seconded it in time.")


def _vote_over(motion, now):
    """Counted, or past its closing time and waiting for the count."""
    return motion.status == MotionStatus.CLOSED or (
        motion.status == MotionStatus.OPEN and now >= motion.closes_at
    )


@transaction.atomic
def motion_withdraw(*, motion, withdrawn_by):
    """The sponsor withdraws the motion before its vote ends. It is not counted
    and no decision is recorded.

    Side effects during the vote: the ballots cast so far are deleted and every
    other voter on the roll is e-mailed after commit that the motion was withdrawn.
    """
    motion = Motion.objects.select_for_update().select_related("body").get(pk=motion.pk)
    if withdrawn_by.pk != motion.sponsor_id:
        raise PermissionDenied("Only the sponsor may withdraw the motion.")
    _refuse_if_ended_uncounted(motion)
    now = timezone.now()
    if _vote_over(motion, now):
        raise ValidationError("The vote on this motion is over; it can no longer be withdrawn.")
    if motion.status == MotionStatus.OPEN:
        _ballots_discard(motion)
        roll = motion.voters.exclude(user=withdrawn_by).select_related("user")
        for entry in roll:
            _tell_withdrawn(motion, entry.user, withdrawn_by)
    motion.status = MotionStatus.WITHDRAWN
    motion.withdrawn_by = withdrawn_by
    motion.closed_at = now
    motion.full_clean()
    motion.save(update_fields=["status", "withdrawn_by", "closed_at"])
    return motion


def _tell_withdrawn(motion, voter, withdrawn_by):
    person = getattr(withdrawn_by, "person", None)
    sponsor = person.display_name if person else withdrawn_by.get_username()
    link = settings.SITE_URL + motion.get_absolute_url()
    subject = f"Withdrawn: {motion.title}"
    message = (
        f"{sponsor} withdrew the motion “{motion.title}” of {motion.body} before its vote "
        "ended. The vote is cancelled: the votes cast were discarded and no decision "
        f"will be recorded.\n\n{link}"
    )
    notify(
        "membership.motion_withdrawn",
        about=voter,
        key=motion.pk,
        url=motion.get_absolute_url(),
        subject=subject,
        text=message,
    )


@transaction.atomic
def motion_lapse(*, motion):
    """End a motion nobody seconded by its deadline (Motion.seconds_by). A motion
    no longer awaiting a second is returned as it is; no decision is recorded.

    Side effects: e-mails the sponsor after commit.
    """
    motion = Motion.objects.select_for_update().select_related("body", "sponsor").get(pk=motion.pk)
    if motion.status != MotionStatus.AWAITING_SECOND:
        return motion
    now = timezone.now()
    if now < motion.seconds_by:
        raise ValidationError("This motion may still be seconded.")
    motion.status = MotionStatus.LAPSED
    motion.closed_at = now
    motion.save(update_fields=["status", "closed_at"])
    subject = f"Lapsed: {motion.title}"
    message = (
        f"Nobody seconded your motion “{motion.title}” of {motion.body} within "
        f"{motion.voting_days} days of its call, so it lapsed without a vote. You may call "
        f"it again.\n\n{settings.SITE_URL}{motion.get_absolute_url()}"
    )
    notify(
        "membership.motion_lapsed",
        about=motion.sponsor,
        key=motion.pk,
        url=motion.get_absolute_url(),
        subject=subject,
        text=message,
    )
    return motion


def _ballots_discard(motion):
    """Delete the motion's ballots and reopen the roll; the voters who had voted."""
    voted = MotionVoter.objects.filter(motion=motion, has_voted=True).select_related("user")
    voters = [entry.user for entry in voted]
    MotionPreference.objects.filter(ballot__motion=motion).delete()
    MotionBallot.objects.filter(motion=motion).delete()
    voted.update(has_voted=False)
    return voters


def _ask_to_vote_again(motion, voter):
    closes = timezone.localtime(motion.closes_at).strftime("%Y-%m-%d %H:%M %Z")
    link = settings.SITE_URL + reverse("membership:motion_vote", kwargs={"motion_pk": motion.pk})
    subject = f"Vote again: {motion.title}"
    message = (
        f"The sponsor changed the motion “{motion.title}” of {motion.body} while it was "
        "being voted on. The votes cast on the earlier wording were discarded, yours "
        f"with them. Please read the motion again and vote before {closes}:\n\n{link}"
    )
    notify(
        "membership.vote_again",
        about=voter,
        key=f"{motion.pk}:{motion.opens_at.isoformat()}",
        url=reverse("membership:motion_vote", kwargs={"motion_pk": motion.pk}),
        subject=subject,
        text=message,
    )


def motion_vote(*, motion, voter, choice=None, ranking=()):
    """Cast one secret ballot. On a question, `choice` is for, against or blank;
    on a ranked choice, `ranking` lists option ids from the first choice down
    (one or more), or `choice` is blank. The vote cannot be changed afterwards.

    The roll and the ballot are written in two transactions, the roll first, so
    that their rows carry different transaction ids (xmin) and nothing in the
    database ties a ballot to its voter (see `ballot_cast` of elections).

    Side effects: marks the voter on the roll; when this is the last ballot of
    the roll, the motion closes at once and its decision is recorded.
    """
    period = _roll_mark_voted(motion, voter, choice, ranking)
    with transaction.atomic():
        # Ballots are taken one at a time, so the last one sees that it is the
        # last and neither an edit nor the count slips in before the commit.
        motion = Motion.objects.select_for_update(no_key=True).get(pk=motion.pk)
        if motion.status != MotionStatus.OPEN or motion.opens_at != period:
            # Edited or withdrawn in between: the edit reopened the voter's roll entry.
            raise ValidationError("The motion changed while you voted; please vote again.")
        ballot = _ballot_write(motion, choice, ranking)
        if motion.ballots.count() == motion.voters.count():
            _count(motion, early=True)
    return ballot


@transaction.atomic
def _roll_mark_voted(motion, voter, choice, ranking):
    """Check the vote and mark the voter as having voted; the voting period's start."""
    motion = Motion.objects.select_for_update(no_key=True).get(pk=motion.pk)
    _refuse_if_ended_uncounted(motion)
    try:
        roll = MotionVoter.objects.select_for_update().get(motion=motion, user=voter)
    except MotionVoter.DoesNotExist as not_on_roll:
        raise PermissionDenied("You are not on this motion's voter roll.") from not_on_roll
    if motion.status != MotionStatus.OPEN or timezone.now() >= motion.closes_at:
        raise ValidationError("Voting on this motion is not open.")
    if roll.has_voted:
        raise ValidationError("You have already voted on this motion.")
    _ballot_check(motion, choice, ranking)
    roll.has_voted = True
    roll.save(update_fields=["has_voted"])
    return motion.opens_at


def _ballot_check(motion, choice, ranking):
    if motion.kind == MotionKind.BINARY:
        if ranking or choice not in QUESTION_CHOICES:
            raise ValidationError("Vote for, against or blank.")
        return
    ranking = list(ranking)
    if choice == MotionChoice.BLANK and not ranking:
        return
    if choice is not None or not ranking:
        raise ValidationError("Rank at least one option, or vote blank.")
    if len(set(ranking)) != len(ranking):
        raise ValidationError("Give each option one rank at most.")
    if not set(ranking) <= set(motion.options.values_list("pk", flat=True)):
        raise ValidationError("Rank only the options of this motion.")


def _ballot_write(motion, choice, ranking):
    if motion.kind == MotionKind.BINARY or not ranking:
        return MotionBallot.objects.create(motion=motion, choice=choice)
    ballot = MotionBallot.objects.create(motion=motion, choice=MotionChoice.RANKING)
    MotionPreference.objects.bulk_create(
        MotionPreference(ballot=ballot, option_id=pk, rank=rank)
        for rank, pk in enumerate(ranking, start=1)
    )
    return ballot


@transaction.atomic
def motion_close(*, motion):
    """Count the motion at the end of its period, once: a motion that is not
    under vote (awaiting a second, counted, withdrawn or lapsed) is returned as it is.

    Side effects: records the result as a public Decision.
    """
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != MotionStatus.OPEN:
        return motion
    if timezone.now() < motion.closes_at:
        raise ValidationError("The vote on this motion is still open.")
    return _count(motion, early=False)


def _count(motion, *, early):
    choices = list(motion.ballots.values_list("choice", flat=True))
    motion.ballots_cast = len(choices)
    motion.blank_votes = choices.count(MotionChoice.BLANK)
    motion.quorum_reached = quorum_reached(
        len(choices), motion.eligible_count, motion.quorum_numerator, motion.quorum_denominator
    )
    if motion.kind == MotionKind.BINARY:
        motion.votes_for = choices.count(MotionChoice.FOR)
        motion.votes_against = choices.count(MotionChoice.AGAINST)
        motion.passed = motion.quorum_reached and majority_for(
            motion.votes_for, motion.votes_against
        )
    else:
        winner, rounds = instant_runoff(
            _rankings(motion), list(motion.options.values_list("pk", flat=True))
        )
        motion.rounds = [
            {
                "counts": {str(pk): votes for pk, votes in count["counts"].items()},
                "eliminated": count["eliminated"],
            }
            for count in rounds
        ]
        motion.winner_id = winner if motion.quorum_reached else None
        motion.passed = motion.winner_id is not None
    motion.status = MotionStatus.CLOSED
    motion.closed_at = timezone.now()
    motion.closed_early = early
    motion.decision = _decision_record(motion)
    motion.save()
    notify(
        "membership.motion_decided",
        about=motion,
        key=motion.pk,
        url=motion.get_absolute_url(),
        motion=motion,
        outcome="passed" if motion.passed else "not passed",
    )
    return motion


def _rankings(motion):
    rankings = {}
    preferences = MotionPreference.objects.filter(ballot__motion=motion).order_by("ballot", "rank")
    for ballot_id, option_id in preferences.values_list("ballot_id", "option_id"):
        rankings.setdefault(ballot_id, []).append(option_id)
    return list(rankings.values())


def _decision_record(motion):
    """The public record. A question's counts are its for, against and blank
    votes. A ranked choice names the chosen option in the motion; its counts are
    the chosen option's votes in the last round, the other ballots that were not
    blank, and the blank ones."""
    wording = f"{motion.title}\n{motion.text}"
    non_blank = motion.ballots_cast - motion.blank_votes
    if motion.kind == MotionKind.BINARY:
        votes_for, votes_against = motion.votes_for, motion.votes_against
    else:
        chosen = motion.winner
        votes_for = motion.rounds[-1]["counts"][str(chosen.pk)] if chosen else 0
        votes_against = non_blank - votes_for
        wording += (
            f"\nChosen by ranked-choice vote: {chosen.label}."
            if chosen
            else "\nNo option was chosen."
        )
    return decision_record(
        body=motion.body,
        motion=wording,
        outcome=Decision.Outcome.PASSED if motion.passed else Decision.Outcome.FAILED,
        decided_on=timezone.localdate(motion.closed_at),
        recorded_by=motion.sponsor,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=motion.blank_votes,
    )

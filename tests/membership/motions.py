"""What the formal votes' service tests share: the choices and the venues,
voting and ranking through the service, a ranked choice opened, and a
motion's result and roll as stored."""

from membership.enums import MotionChoice, MotionKind
from membership.models import Motion
from membership.services.motions import motion_vote
from tests.factories.membership import open_motion

FOR, AGAINST, BLANK = MotionChoice.FOR, MotionChoice.AGAINST, MotionChoice.BLANK
VENUES = ["Conference centre", "University campus", "Public library"]


def vote(motion, voter, choice):
    return motion_vote(motion=motion, voter=voter, choice=choice)


def rank(motion, voter, *labels):
    """Vote on a ranked choice by the options' labels, first choice first."""
    pks = dict(motion.options.values_list("label", "pk"))
    return motion_vote(motion=motion, voter=voter, ranking=[pks[label] for label in labels])


def ranked_motion(body, options=VENUES):
    return open_motion(body, kind=MotionKind.RANKED, options=options)


def result(motion):
    motion = Motion.objects.get(pk=motion.pk)
    return (
        motion.status,
        motion.ballots_cast,
        motion.blank_votes,
        motion.quorum_reached,
        motion.votes_for,
        motion.votes_against,
        motion.passed,
    )


def rolled(motion):
    return sorted(motion.voters.values_list("user_id", "has_voted"))

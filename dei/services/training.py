"""Training and mentoring of event leaders, recorded by the DEI committee."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from dei.models import MentorFollowUp, MentorPair, TrainingSession


def _require(by):
    if not by.has_perm("dei.edit_training"):
        raise PermissionDenied


@transaction.atomic
def training_record(*, by, topic, held_on, trainer, attendees=()):
    """Record a training session and who attended it."""
    _require(by)
    session = TrainingSession(
        topic=topic.strip(), held_on=held_on, trainer=trainer.strip(), created_by=by
    )
    session.full_clean()
    session.save()
    session.attendees.set(attendees)
    return session


@transaction.atomic
def mentoring_start(*, by, mentor, mentee, started_on):
    _require(by)
    pair = MentorPair(mentor=mentor, mentee=mentee, started_on=started_on, created_by=by)
    pair.full_clean()
    pair.save()
    return pair


@transaction.atomic
def mentoring_follow_up(*, pair, by, held_on, note):
    """Add a follow-up conversation to a mentoring pair."""
    _require(by)
    follow_up = MentorFollowUp(pair=pair, held_on=held_on, note=note.strip())
    follow_up.full_clean()
    follow_up.save()
    return follow_up

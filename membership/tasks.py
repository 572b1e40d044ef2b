from celery import shared_task
from django.utils import timezone

from membership.enums import ElectionStatus, MotionStatus
from membership.models import Election, Motion
from membership.services.elections import election_close
from membership.services.motions import motion_close, motion_lapse
from membership.services.seats import memberships_expire, terms_ending_remind


@shared_task(name="membership.election_close")
def election_close_task(election_id):
    """Count an election at its closing time; a second run changes nothing."""
    election = Election.objects.filter(pk=election_id).first()
    if election is None or election.result_computed_at or timezone.now() < election.closes_at:
        return None
    return election_close(election=election).pk


@shared_task(name="membership.elections_close_due")
def elections_close_due():
    """Close every election past its closing time, should a timed task have been lost."""
    due = Election.objects.filter(status=ElectionStatus.OPEN, closes_at__lte=timezone.now())
    return [election_close(election=election).pk for election in due]


@shared_task(name="membership.memberships_expire")
def memberships_expire_task():
    """End the seats whose term is over and take away the roles that went with them."""
    told = terms_ending_remind()
    return {"ended": memberships_expire(), "told_of_ending_terms": told}


@shared_task(name="membership.motion_close")
def motion_close_task(motion_id):
    """Count a formal vote at its closing time. An edit restarts the period and
    queues another run; this one, come too early, does nothing, nor does a run
    after the count."""
    motion = Motion.objects.filter(pk=motion_id).first()
    if motion is None or motion.status != MotionStatus.OPEN or timezone.now() < motion.closes_at:
        return None
    return motion_close(motion=motion).pk


@shared_task(name="membership.motions_close_due")
def motions_close_due():
    """Count every formal vote past its closing time, should a timed task have been lost."""
    due = Motion.objects.filter(status=MotionStatus.OPEN, closes_at__lte=timezone.now())
    return [motion_close(motion=motion).pk for motion in due]


@shared_task(name="membership.motions_lapse_due")
def motions_lapse_due():
    """Lapse every motion nobody seconded by its deadline; a second run finds none."""
    now = timezone.now()
    awaiting = Motion.objects.filter(status=MotionStatus.AWAITING_SECOND)
    return [motion_lapse(motion=motion).pk for motion in awaiting if motion.seconds_by <= now]

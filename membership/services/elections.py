"""Elections of new members: nominations, secret ballots, the result at closing,
and the council's approval that seats the elected."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cwg_portal import outbox
from cwg_portal.notifications import notify
from cwg_portal.roles import is_council
from membership.enums import BallotChoice, CouncilVerdict, ElectionStatus, NominationStatus
from membership.models import (
    Ballot,
    BallotMark,
    CouncilApproval,
    Election,
    EligibleVoter,
    Membership,
    Nomination,
)
from membership.selectors import is_conflicted
from membership.services.conflicts import recusal_record, refuse_if_conflicted
from membership.services.seats import membership_start


def _is_current_member(user, body):
    return Membership.objects.current().filter(body=body, person__user=user).exists()


@transaction.atomic
def election_open(
    *, body, title, nominations_close_at, opens_at, closes_at, opened_by, description="", **rules
):
    """Open an election; the body's current members become its voters, frozen now.
    Only the body's chair may (membership.open_election).

    Side effects: queues the closing task for `closes_at`.
    """
    if not opened_by.has_perm("membership.open_election", body):
        raise PermissionDenied(f"Only the chair of {body} may open its elections.")
    election = Election(
        body=body,
        title=title,
        description=description,
        nominations_close_at=nominations_close_at,
        opens_at=opens_at,
        closes_at=closes_at,
        opened_by=opened_by,
        **rules,
    )
    if closes_at <= timezone.now():
        raise ValidationError({"closes_at": "Voting must close in the future."})
    election.full_clean()
    election.save()
    voters = {
        seat.person.user
        for seat in Membership.objects.current()
        .filter(body=body, person__user__isnull=False)
        .select_related("person__user")
    }
    EligibleVoter.objects.bulk_create(EligibleVoter(election=election, user=u) for u in voters)
    election.eligible_count = len(voters)
    election.save(update_fields=["eligible_count"])
    outbox.enqueue_at(
        "membership.election_close",
        kwargs={"election_id": election.pk},
        key=f"membership.election_close:{election.pk}",
        eta=closes_at,
    )
    notify(
        "membership.election_open",
        about=election,
        key=election.pk,
        url=election.get_absolute_url(),
        election=election,
    )
    return election


def _refuse_unless_taking_nominations(election):
    """Nominations, and the nominees' answers, end when the nomination period
    does, or earlier when the election is cancelled."""
    if election.status == ElectionStatus.CANCELLED:
        raise ValidationError("This election was cancelled: it takes no nominations or answers.")
    if election.status != ElectionStatus.OPEN or timezone.now() >= election.nominations_close_at:
        raise ValidationError("Nominations for this election are closed.")


@transaction.atomic
def nomination_create(*, election, nominee, nominated_by, statement=""):
    """Nominate a person: any current member may; a person may nominate themselves
    when the body allows it. Nominations close at `nominations_close_at`."""
    _refuse_unless_taking_nominations(election)
    self_nomination = nominee.user_id == nominated_by.pk
    if not _is_current_member(nominated_by, election.body) and not (
        self_nomination and election.body.allows_self_nomination
    ):
        raise PermissionDenied
    if Membership.objects.current().filter(body=election.body, person=nominee).exists():
        raise ValidationError(f"{nominee} is already a member of {election.body}.")
    nomination = Nomination(
        election=election, nominee=nominee, nominated_by=nominated_by, statement=statement
    )
    if self_nomination:
        nomination.status = NominationStatus.ACCEPTED
        nomination.responded_at = timezone.now()
    nomination.full_clean()
    nomination.save()
    if not self_nomination:
        notify(
            "membership.nomination_received",
            about=nomination,
            key=nomination.pk,
            url=nomination.get_absolute_url(),
            nomination=nomination,
            election=election,
            nominated_by=getattr(nominated_by, "person", nominated_by),
        )
    return nomination


@transaction.atomic
def nomination_respond(*, nomination, user, accept, statement=None):
    """The nominee accepts (becoming a candidate) or declines, before nominations
    close and while the election stands."""
    nomination = (
        Nomination.objects.select_for_update().select_related("election").get(pk=nomination.pk)
    )
    if nomination.nominee.user_id != user.pk:
        raise PermissionDenied
    _refuse_unless_taking_nominations(nomination.election)
    nomination.status = NominationStatus.ACCEPTED if accept else NominationStatus.DECLINED
    nomination.responded_at = timezone.now()
    if statement is not None:
        nomination.statement = statement
    nomination.save(update_fields=["status", "responded_at", "statement"])
    return nomination


def candidates(election):
    return election.nominations.filter(status=NominationStatus.ACCEPTED).select_related("nominee")


def ballot_cast(*, election, voter, choices):
    """Cast one secret ballot: `choices` maps each candidate nomination to yes,
    no or (when allowed) abstain. A voter conflicted on a candidate is recorded
    as abstaining on them, and the recusal is recorded.

    The roll and the ballot are written in two transactions, the roll first, so
    that their rows carry different transaction ids (xmin) and nothing in the
    database ties a ballot to its voter. The roll entry is locked in the first,
    so two ballots sent at the same moment cannot both count; should the second
    fail, the voter has lost their ballot but can never have cast two. Called
    inside a transaction of its own caller, it would join the two.
    """
    marks = _roll_mark_voted(election, voter, choices)
    with transaction.atomic():
        # Shared-locked, so the count waits for this ballot's commit.
        election = Election.objects.select_for_update(no_key=True).get(pk=election.pk)
        ballot = Ballot.objects.create(election=election)
        BallotMark.objects.bulk_create(
            BallotMark(ballot=ballot, nomination_id=pk, choice=choice) for pk, choice in marks
        )
    return ballot


@transaction.atomic
def _roll_mark_voted(election, voter, choices):
    """Check the ballot and mark the voter as having voted; the marks to write."""
    # The election's row is shared-locked so the count cannot run between the
    # time check below and this commit.
    election = Election.objects.select_for_update(no_key=True).get(pk=election.pk)
    try:
        roll = EligibleVoter.objects.select_for_update().get(election=election, user=voter)
    except EligibleVoter.DoesNotExist as not_on_roll:
        raise PermissionDenied("You are not on this election's voter roll.") from not_on_roll
    now = timezone.now()
    if election.status != ElectionStatus.OPEN or not election.opens_at <= now < election.closes_at:
        raise ValidationError("Voting in this election is not open.")
    if roll.has_voted:
        raise ValidationError("You have already voted in this election.")
    standing = {nomination.pk: nomination for nomination in candidates(election)}
    if set(choices) != set(standing):
        raise ValidationError("Give a choice for every candidate.")
    allowed = set(BallotChoice) if election.allow_abstain else {BallotChoice.YES, BallotChoice.NO}
    voter_person = getattr(voter, "person", None)
    marks = []
    for nomination_pk, choice in choices.items():
        nomination = standing[nomination_pk]
        if voter_person is not None and is_conflicted(voter_person, nomination):
            recusal_record(person=voter_person, item=nomination, reason="Conflict of interest")
            choice = BallotChoice.ABSTAIN
        elif choice not in allowed:
            raise ValidationError(f"“{choice}” is not a choice in this election.")
        marks.append((nomination_pk, choice))
    roll.has_voted = True
    roll.save(update_fields=["has_voted"])
    return marks


def meets(count, total, numerator, denominator, *, strict):
    """count/total against numerator/denominator, in whole numbers (no rounding)."""
    if strict:
        return count * denominator > numerator * total
    return count * denominator >= numerator * total


@transaction.atomic
def election_close(*, election):
    """Count the ballots once. Quorum: ballots cast (abstentions count) against the
    voter roll. A candidate is elected when quorum is reached and the yes votes
    meet the threshold of the yes and no votes; one with only abstentions is not.
    Running it again changes nothing; a cancelled election is never counted."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.result_computed_at is not None or election.status == ElectionStatus.CANCELLED:
        return election
    if timezone.now() < election.closes_at:
        raise ValidationError("The election is still open.")
    cast = election.ballots.count()
    election.quorum_reached = election.eligible_count > 0 and meets(
        cast,
        election.eligible_count,
        election.quorum_numerator,
        election.quorum_denominator,
        strict=False,
    )
    for nomination in candidates(election):
        marks = list(nomination.marks.values_list("choice", flat=True))
        yes, no = marks.count(BallotChoice.YES), marks.count(BallotChoice.NO)
        nomination.yes_votes, nomination.no_votes = yes, no
        nomination.abstentions = marks.count(BallotChoice.ABSTAIN)
        nomination.elected = bool(
            election.quorum_reached
            and yes + no > 0
            and meets(
                yes,
                yes + no,
                election.threshold_numerator,
                election.threshold_denominator,
                strict=election.threshold_strict,
            )
        )
        nomination.save(update_fields=["yes_votes", "no_votes", "abstentions", "elected"])
    election.ballots_cast = cast
    election.status = ElectionStatus.CLOSED
    election.result_computed_at = timezone.now()
    election.save(update_fields=["ballots_cast", "status", "result_computed_at", "quorum_reached"])
    return election


def council_decide(*, nomination, decided_by, approve, note=""):
    """The council approves or declines an elected candidate. Approval seats them
    for a term, grants their portal role and tells them by e-mail. A council
    member conflicted on the candidate is refused, and their recusal recorded."""
    if not is_council(decided_by):
        raise PermissionDenied
    refuse_if_conflicted(user=decided_by, item=nomination, what="candidate")
    return _council_record(nomination=nomination, decided_by=decided_by, approve=approve, note=note)


@transaction.atomic
def _council_record(*, nomination, decided_by, approve, note):
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("election__body", "nominee__user")
        .get(pk=nomination.pk)
    )
    if not nomination.elected:
        raise ValidationError("Only an elected candidate goes to the council.")
    if CouncilApproval.objects.filter(nomination=nomination).exists():
        raise ValidationError("The council has already decided on this candidate.")
    approval = CouncilApproval.objects.create(
        nomination=nomination,
        decided_by=decided_by,
        note=note,
        verdict=CouncilVerdict.APPROVED if approve else CouncilVerdict.DECLINED,
    )
    body = nomination.election.body
    if approve:
        membership_start(person=nomination.nominee, body=body, election=nomination.election)
    if nomination.nominee.user_id:
        _tell_nominee(nomination, body, approve, note)
    return approval


def _tell_nominee(nomination, body, approve, note):
    if approve:
        subject = f"Welcome to {body}"
        body_text = (
            f"The Executive Council approved your election to {body}. "
            "Your seat starts today; the portal now shows you the member's pages."
        )
    else:
        subject = f"Your election to {body}"
        body_text = f"The Executive Council did not approve your election to {body}."
    if note:
        body_text += f"\n\nThe council's note: {note}"
    notify(
        "membership.council_decided",
        about=nomination.nominee.user,
        key=nomination.pk,
        url=body.get_absolute_url(),
        subject=subject,
        text=body_text,
    )

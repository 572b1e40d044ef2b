from django.db import models


class BodyKind(models.TextChoices):
    WORKING_GROUP = "working-group", "Working group"
    COUNCIL = "council", "Council"
    COMMITTEE = "committee", "Committee"
    TEAM = "team", "Team"


class SeatRole(models.TextChoices):
    MEMBER = "member", "Member"
    CHAIR = "chair", "Chair"
    LIAISON = "liaison", "Liaison"


class NominationStatus(models.TextChoices):
    PENDING = "pending", "Awaiting the nominee's answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class ElectionStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


class BallotChoice(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    ABSTAIN = "abstain", "Abstain"


class CouncilVerdict(models.TextChoices):
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class DeclarationKind(models.TextChoices):
    EMPLOYER = "employer", "Employer"
    AFFILIATION = "affiliation", "Affiliation"
    RELATIONSHIP = "relationship", "Close relationship"
    ITEM = "item", "Interest in one item"
    OTHER = "other", "Other"


class MotionKind(models.TextChoices):
    BINARY = "binary", "For or against"
    RANKED = "ranked", "Ranked choice among options"


class MotionStatus(models.TextChoices):
    """A closed motion was counted and became a decision; a withdrawn or lapsed
    one ended without a count, and no decision is recorded."""

    AWAITING_SECOND = "awaiting-second", "Awaiting a second"
    OPEN = "open", "Voting open"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn by its sponsor"
    LAPSED = "lapsed", "Lapsed: never seconded"


MOTION_ENDED = (MotionStatus.CLOSED, MotionStatus.WITHDRAWN, MotionStatus.LAPSED)


class MotionChoice(models.TextChoices):
    """What a ballot on a motion says: for, against or blank on a question; a
    ranking (kept in its preferences) or blank among options."""

    FOR = "for", "For"
    AGAINST = "against", "Against"
    BLANK = "blank", "Blank"
    RANKING = "ranking", "A ranking of the options"

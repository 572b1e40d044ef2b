from django.db import models


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted to the council"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    ACCEPTED = "accepted", "Accepted"

    @classmethod
    def next_states(cls, status):
        return _NEXT[status]


_NEXT = {
    ReportStatus.DRAFT: (ReportStatus.SUBMITTED,),
    ReportStatus.SUBMITTED: (ReportStatus.CHANGES_REQUESTED, ReportStatus.ACCEPTED),
    ReportStatus.CHANGES_REQUESTED: (ReportStatus.SUBMITTED,),
    ReportStatus.ACCEPTED: (),
}

# The chair still works on these: builds, narratives, submission.
EDITABLE = (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)


class BuildState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


FINISHED = (BuildState.DONE, BuildState.FAILED)


class Verdict(models.TextChoices):
    PREAPPROVED = "preapproved", "Pre-approved"
    FLAGGED = "flagged", "Flagged"


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", "Submitted to the council"
    SHEPHERD = "shepherd", "Shepherd assigned"
    PREAPPROVED = "preapproved", "Section pre-approved"
    FLAGGED = "flagged", "Section flagged"
    COMMENTED = "commented", "Commented"
    ANSWERED = "answered", "Answered"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    ACCEPTED = "accepted", "Accepted"


class Readiness(models.TextChoices):
    """The colour of a report on the council's agenda."""

    MISSING = "missing", "Missing"
    WAITING = "waiting", "Waiting for pre-approvals"
    READY = "ready", "Ready"


class PostStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"

from django.db import models


class EditionStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    ANNOUNCED = "announced", "Announced"
    REGISTRATION_OPEN = "registration-open", "Registration open"
    HELD = "held", "Held"
    CLOSED = "closed", "Closed"


# An edition moves one step at a time, forward only.
EDITION_NEXT = {
    EditionStatus.PLANNING: EditionStatus.ANNOUNCED,
    EditionStatus.ANNOUNCED: EditionStatus.REGISTRATION_OPEN,
    EditionStatus.REGISTRATION_OPEN: EditionStatus.HELD,
    EditionStatus.HELD: EditionStatus.CLOSED,
}


class MilestoneStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class SponsorshipStatus(models.TextChoices):
    PROSPECT = "prospect", "Prospect"
    COMMITTED = "committed", "Committed"
    INVOICED = "invoiced", "Invoiced"
    PAID = "paid", "Paid"


# What a sponsorship may become; paid goes through the ledger and is final.
SPONSORSHIP_NEXT = {
    SponsorshipStatus.PROSPECT: (SponsorshipStatus.COMMITTED,),
    SponsorshipStatus.COMMITTED: (SponsorshipStatus.INVOICED, SponsorshipStatus.PAID),
    SponsorshipStatus.INVOICED: (SponsorshipStatus.PAID,),
    SponsorshipStatus.PAID: (),
}

# The states from which the money may be recorded as received.
PAYABLE = (SponsorshipStatus.COMMITTED, SponsorshipStatus.INVOICED)

# The income category a paid sponsorship is recorded under in the ledger.
SPONSORSHIP_CATEGORY = "sponsorship"


class AidKind(models.TextChoices):
    SCHOLARSHIP = "scholarship", "Scholarship (registration)"
    TRAVEL = "travel", "Travel grant"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    AWARDED = "awarded", "Awarded"
    DECLINED = "declined", "Declined"

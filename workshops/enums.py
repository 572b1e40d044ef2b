from django.db import models


class WorkshopFormat(models.TextChoices):
    IN_PERSON = "in-person", "In person"
    HYBRID = "hybrid", "Hybrid"
    ONLINE = "online", "Online"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    WAITLISTED = "waitlisted", "Waitlisted"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Invited"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Verdict(models.TextChoices):
    ACCEPT = "accept", "Accept"
    WAITLIST = "waitlist", "Waitlist"
    DECLINE = "decline", "Decline"


VERDICT_STATUS = {
    Verdict.ACCEPT: ProposalStatus.ACCEPTED,
    Verdict.WAITLIST: ProposalStatus.WAITLISTED,
    Verdict.DECLINE: ProposalStatus.DECLINED,
}

# The proposals the committee reviews and decides on.
IN_REVIEW = (ProposalStatus.SUBMITTED, ProposalStatus.WAITLISTED)
# Decided for good: a second decision is refused.
FINAL = (ProposalStatus.ACCEPTED, ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN)


class FocusArea(models.TextChoices):
    STANDARDS = "standards", "Standards and protocols"
    ARCHITECTURE = "architecture", "Architecture"
    SUBPROJECTS = "subprojects", "Subprojects and extensions"
    DOCUMENTATION = "documentation", "Documentation"
    EDUCATION = "education", "Education and teaching"
    ACCESSIBILITY = "accessibility", "Accessibility"
    COMMUNITY = "community", "Community building"
    RESEARCH = "research", "Research and science"


# The rubric a new call starts with: (name, what reviewers judge, weight).
DEFAULT_CRITERIA = [
    (
        "Impact on Jupyter",
        "How far the work advances Jupyter's standards, tools or subprojects.",
        3,
    ),
    ("Feasibility", "Can this group do this work in the time and with the budget asked?", 2),
    ("Community growth", "Does it bring in and keep new contributors?", 2),
    (
        "Diversity and inclusion",
        "Who is reached, and how concrete the DEI plan is.",
        2,
    ),
    ("Budget realism", "Are the costs direct, needed and priced sensibly?", 1),
]

# The stages of review a new call starts with: (name, days after the call closes
# that the stage ends, whether the chair may waive it).
DEFAULT_STAGES = [
    ("Committee review", 7, False),
    ("Budget and logistics with the events staff", 35, False),
    ("Final review", 42, True),
]

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]

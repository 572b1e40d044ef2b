"""JupyterCon: its editions, the partners who run each with the group, the
strategic decisions, milestones, sponsor tiers and sponsorships."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from budget.validators import CURRENCY_CHOICES, validate_cents, validate_currency
from conferences.enums import (
    AidKind,
    ApplicationStatus,
    EditionStatus,
    MilestoneStatus,
    SponsorshipStatus,
)
from dei.impact import DeiImpact

MONEY = {"max_digits": 14, "decimal_places": 2}
NOT_NEGATIVE = [validate_cents, MinValueValidator(Decimal("0.00"))]
POSITIVE = [validate_cents, MinValueValidator(Decimal("0.01"))]


class Edition(models.Model):
    """One JupyterCon. Its dates and place are its event's; its money is in `fund`."""

    year = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=200)
    event = models.OneToOneField("events.Event", on_delete=models.PROTECT, related_name="edition")
    status = models.CharField(
        max_length=20, choices=EditionStatus.choices, default=EditionStatus.PLANNING
    )
    fund = models.ForeignKey("budget.Fund", on_delete=models.PROTECT, related_name="editions")
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_edition"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("conferences:edition", kwargs={"year": self.year})

    @property
    def is_over(self):
        """Held (or closed): its summary may be filed."""
        return self.status in (EditionStatus.HELD, EditionStatus.CLOSED)


class EditionSummary(DeiImpact):
    """What an edition came to, told by the working group once it is held: its
    attendance and outcomes, and its DEI impact in the fields every event
    summary shares. Its money is read from the ledger, never typed here."""

    edition = models.OneToOneField(Edition, on_delete=models.PROTECT, related_name="summary")
    attendance_total = models.PositiveIntegerField("attendees")
    first_time_attendees = models.PositiveIntegerField("first-time attendees")
    outcomes = models.TextField(max_length=8000)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "edition summaries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_time_attendees__lte=models.F("attendance_total")),
                name="edition_first_timers_within_attendance",
                violation_error_message="There cannot be more first-time attendees than attendees.",
            )
        ]

    def __str__(self):
        return f"Summary of {self.edition}"


class Partnership(models.Model):
    """A partner organisation of an edition and the terms agreed with it."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.CharField(max_length=200)
    responsibilities = models.TextField("who handles what", max_length=4000)
    contract_reference = models.CharField(max_length=100, blank=True)
    revenue_share = models.PositiveSmallIntegerField(
        "revenue share (%)",
        validators=[MaxValueValidator(100)],
        help_text="The partner's share of the edition's revenue, a whole percentage.",
    )

    class Meta:
        ordering = ["organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "organisation"],
                name="partnership_once_per_edition",
                violation_error_message="This organisation is already a partner of the edition.",
            ),
            models.CheckConstraint(
                condition=models.Q(revenue_share__lte=100),
                name="partnership_share_is_a_percentage",
                violation_error_message="A revenue share is at most 100%.",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.edition})"


class Milestone(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        "membership.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField("due date")
    status = models.CharField(
        max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.OPEN
    )
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.edition.get_absolute_url()}#milestone-{self.pk}"


class StrategicDecision(models.Model):
    """A strategic decision about JupyterCon, with what led to it. It concerns
    one edition, or all of them when `edition` is empty."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    title = models.CharField(max_length=200)
    context = models.TextField(max_length=8000)
    options = models.TextField("options considered", max_length=8000)
    decision = models.TextField(max_length=4000)
    rationale = models.TextField(max_length=8000)
    decided_on = models.DateField()
    decided_by = models.CharField(
        max_length=300, blank=True, help_text="The members present, when it was not a formal vote."
    )
    formal_decision = models.ForeignKey(
        "membership.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The recorded decision of the body, when a formal vote decided.",
    )
    is_public = models.BooleanField("public", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decided_by="") | models.Q(formal_decision__isnull=False),
                name="strategic_decision_says_who_decided",
                violation_error_message="Say who decided: the members present, or the formal vote.",
            ),
        ]

    def __str__(self):
        return self.title


class SponsorTier(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(max_length=100)
    price = models.DecimalField(**MONEY, validators=NOT_NEGATIVE)
    benefits = models.TextField(max_length=4000, blank=True)

    class Meta:
        ordering = ["-price", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name"],
                name="sponsor_tier_once_per_edition",
                violation_error_message="The edition already has a tier of this name.",
            ),
        ]

    def __str__(self):
        return self.name


class Sponsorship(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="sponsorships")
    organisation = models.CharField(max_length=200)
    tier = models.ForeignKey(SponsorTier, on_delete=models.PROTECT, related_name="sponsorships")
    amount = models.DecimalField(**MONEY, validators=POSITIVE)
    currency = models.CharField(
        max_length=3, choices=CURRENCY_CHOICES, validators=[validate_currency]
    )
    status = models.CharField(
        max_length=20, choices=SponsorshipStatus.choices, default=SponsorshipStatus.PROSPECT
    )
    ledger_entry = models.OneToOneField(
        "budget.LedgerEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The income entry recorded when the sponsorship was paid.",
    )
    paid_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "pk"]

    def __str__(self):
        return f"{self.organisation} ({self.tier})"

    def get_absolute_url(self):
        return reverse("conferences:sponsorship", kwargs={"pk": self.pk})


class ScholarshipCall(models.Model):
    """An edition's public call for scholarships and travel grants, and the
    envelope its awards must stay within."""

    edition = models.OneToOneField(
        Edition, on_delete=models.PROTECT, related_name="scholarship_call"
    )
    description = models.TextField(max_length=8000)
    opens_on = models.DateField()
    closes_on = models.DateField()
    envelope = models.DecimalField(**MONEY, validators=NOT_NEGATIVE)
    currency = models.CharField(
        max_length=3, choices=CURRENCY_CHOICES, validators=[validate_currency]
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="scholarship_call_closes_after_it_opens",
                violation_error_message="A call cannot close before it opens.",
            ),
        ]

    def __str__(self):
        return f"Scholarships and travel grants, {self.edition}"

    def get_absolute_url(self):
        return reverse("conferences:scholarships", kwargs={"year": self.edition.year})


class ScholarshipApplication(models.Model):
    call = models.ForeignKey(ScholarshipCall, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scholarship_applications"
    )
    kind = models.CharField(max_length=20, choices=AidKind.choices)
    need = models.TextField("what you need", max_length=4000)
    statement = models.TextField(max_length=8000)
    amount_asked = models.DecimalField(**MONEY, validators=POSITIVE)
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    amount_awarded = models.DecimalField(**MONEY, null=True, blank=True, validators=POSITIVE)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "applicant"],
                name="one_application_per_call",
                violation_error_message="You have already applied to this call.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.applicant}"

    def get_absolute_url(self):
        return reverse("conferences:application", kwargs={"pk": self.pk})

    def conflict_parties(self):
        """Who a decision on this application concerns, for the conflict register."""
        person = getattr(self.applicant, "person", None)
        if person is None:
            return set(), set()
        return {person}, ({person.affiliation} if person.affiliation else set())


class Lesson(models.Model):
    """A lesson of an edition's retrospective; the next edition checks it."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="lessons")
    text = models.TextField("lesson", max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return self.text


class ChecklistItem(models.Model):
    """What an edition must see to, from a lesson of the one before."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="checklist")
    lesson = models.OneToOneField(Lesson, on_delete=models.CASCADE, related_name="checklist_item")
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.lesson.text


class TicketType(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="ticket_types")
    name = models.CharField(max_length=100)
    price = models.DecimalField(**MONEY, validators=NOT_NEGATIVE)

    class Meta:
        ordering = ["-price", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name"],
                name="ticket_type_once_per_edition",
                violation_error_message="The edition already has a ticket type of this name.",
            ),
        ]

    def __str__(self):
        return self.name


class RegistrationCount(models.Model):
    """How many registered on a day for a ticket type, and how many of them came
    for the first time. One row per ticket type and day; entering it again
    replaces the figures."""

    ticket_type = models.ForeignKey(TicketType, on_delete=models.PROTECT, related_name="counts")
    on = models.DateField("date")
    count = models.PositiveIntegerField()
    first_time = models.PositiveIntegerField("first-time attendees", default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["on", "ticket_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket_type", "on"],
                name="registration_count_once_per_day",
                violation_error_message="This ticket type already has figures for that day.",
            ),
            models.CheckConstraint(
                condition=models.Q(first_time__lte=models.F("count")),
                name="registration_first_time_within_count",
                violation_error_message="First-time attendees are among those registered.",
            ),
        ]

    def __str__(self):
        return f"{self.ticket_type} on {self.on}: {self.count}"

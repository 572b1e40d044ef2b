from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from budget.models import MONEY, POSITIVE
from dei.impact import DeiImpact
from workshops.enums import SCORE_CHOICES, InvitationStatus, ProposalStatus, WorkshopFormat


class Call(models.Model):
    """A funding round of the workshops program: when proposals are taken, how much
    money there is, the caps and rules proposals must meet, and how they are reviewed."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(max_length=8000)
    fund = models.ForeignKey(
        "budget.Fund",
        on_delete=models.PROTECT,
        related_name="workshop_calls",
        help_text="Accepted workshops are allocated from this fund, in its currency.",
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    envelope = models.DecimalField(
        "total envelope", **{**MONEY, "validators": [*MONEY["validators"], POSITIVE]}
    )
    direct_costs_only = models.BooleanField(
        default=True, help_text="Refuse budget requests with overhead or indirect costs."
    )
    min_participants = models.PositiveSmallIntegerField(default=12)
    max_participants = models.PositiveSmallIntegerField(default=24)
    min_days = models.PositiveSmallIntegerField(default=2)
    max_days = models.PositiveSmallIntegerField(default=4)
    reviewers_per_proposal = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1)]
    )
    summary_due_days = models.PositiveSmallIntegerField(
        "summary due (days after the workshop)", default=30
    )
    requires_dei_signoff = models.BooleanField(
        "requires DEI sign-off",
        default=False,
        help_text="Claims against a workshop's allocation are paid only once the DEI "
        "committee has signed off the workshop's DEI checklist.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_it_opens",
                violation_error_message="A call must close after it opens.",
            ),
            models.CheckConstraint(
                condition=models.Q(max_participants__gte=models.F("min_participants")),
                name="call_participants_range",
                violation_error_message="The largest group cannot be smaller than the smallest.",
            ),
            models.CheckConstraint(
                condition=models.Q(max_days__gte=models.F("min_days"), min_days__gte=1),
                name="call_length_range",
                violation_error_message="The longest workshop cannot be shorter than the "
                "shortest, which lasts at least a day.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:call", kwargs={"call_slug": self.slug})

    @property
    def currency(self):
        return self.fund.currency

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class FormatCap(models.Model):
    """The most a workshop of one format may ask for in a call. A format without a
    cap is not funded in that call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="caps")
    format = models.CharField(max_length=10, choices=WorkshopFormat.choices)
    cap = models.DecimalField(**{**MONEY, "validators": [*MONEY["validators"], POSITIVE]})

    class Meta:
        ordering = ["call", "format"]
        constraints = [
            models.UniqueConstraint(fields=["call", "format"], name="one_cap_per_format"),
        ]

    def __str__(self):
        return f"{self.get_format_display()}: {self.cap}"


class ReviewStage(models.Model):
    """A stage of a call's review and the day it ends."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    ends_on = models.DateField()
    waivable = models.BooleanField(default=False)
    waived = models.BooleanField(default=False)

    class Meta:
        ordering = ["call", "position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="stage_position_unique"),
            models.CheckConstraint(
                condition=models.Q(waived=False) | models.Q(waivable=True),
                name="only_waivable_stages_are_waived",
                violation_error_message="This stage cannot be waived.",
            ),
        ]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """A criterion of a call's review rubric, with its weight in the mean."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["call", "position"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="criterion_name_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="criterion_weight_positive"
            ),
        ]

    def __str__(self):
        return f"{self.name} (weight {self.weight})"


class Proposal(models.Model):
    """A proposal for a workshop, sent to a call by its organisers."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="proposals")
    lead = models.ForeignKey(
        "membership.Person", on_delete=models.PROTECT, related_name="led_proposals"
    )
    organisers = models.ManyToManyField(
        "membership.Person",
        related_name="organised_proposals",
        help_text="Everyone who organises the workshop, the lead included.",
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=2000)
    goals = models.TextField("goals and expected outcomes", max_length=4000)
    focus_areas = models.JSONField(default=list, blank=True)
    format = models.CharField(max_length=10, choices=WorkshopFormat.choices)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    starts_on = models.DateField("first day")
    ends_on = models.DateField("last day")
    expected_participants = models.PositiveSmallIntegerField()
    advances_jupyter = models.TextField(
        "how it advances Jupyter",
        max_length=4000,
        help_text="Standards, protocols, architecture, subprojects.",
    )
    grows_community = models.TextField("how it grows the community", max_length=4000)
    disc_items = models.ManyToManyField(
        "dei.DiscItem",
        blank=True,
        related_name="+",
        verbose_name="DISC guideline items the organisers commit to",
    )
    dei_outreach = models.TextField("outreach to under-represented groups", max_length=4000)
    other_funding = models.TextField(max_length=2000, blank=True)
    coc_contacts_confirmed = models.BooleanField(
        "the organisers act as the code-of-conduct contacts at the event", default=False
    )
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    stage = models.ForeignKey(
        ReviewStage, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    awarded_amount = models.DecimalField(
        **{**MONEY, "validators": [*MONEY["validators"], POSITIVE]}, null=True, blank=True
    )
    decision_message = models.TextField(blank=True, max_length=4000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    event = models.OneToOneField(
        "events.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshop_proposal",
    )
    allocation = models.OneToOneField(
        "budget.Allocation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshop_proposal",
    )
    summary_reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["summary_reminded_on", "updated_at"])

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="proposal_ends_after_it_starts",
                violation_error_message="A workshop cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ProposalStatus.ACCEPTED)
                | models.Q(awarded_amount__isnull=False, event__isnull=False),
                name="accepted_proposal_is_funded",
                violation_error_message="An accepted proposal has an award and an event.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:proposal", kwargs={"proposal_pk": self.pk})

    @property
    def currency(self):
        return self.call.currency

    @property
    def days(self):
        return (self.ends_on - self.starts_on).days + 1

    @property
    def is_online(self):
        return self.format == WorkshopFormat.ONLINE

    @property
    def is_draft(self):
        """Still the organisers' own: not yet before the committee."""
        return self.status == ProposalStatus.DRAFT

    @property
    def summary_due_on(self):
        if self.event_id is None:
            return None
        return self.event.end_date + timedelta(days=self.call.summary_due_days)

    def requested_total(self):
        return sum((line.amount for line in self.lines.all()), Decimal("0.00"))

    def conflict_parties(self):
        organisers = set(self.organisers.all()) | {self.lead}
        return organisers, {person.affiliation for person in organisers if person.affiliation}


class OrganiserInvitation(models.Model):
    """A co-organiser named by a proposal's organisers. Being named is not consent:
    the invitee counts as an organiser (and so as conflicted on the proposal) only
    once they accept, which keeps a proposer from conflicting out the committee."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(help_text="Stored in lower case; the invitee answers from it.")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # Who accepted: the person the proposal then counts among its organisers.
    person = models.ForeignKey(
        "membership.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "email"], name="one_invitation_per_address")
        ]

    def __str__(self):
        return f"{self.email} to co-organise {self.proposal}"

    def get_absolute_url(self):
        return reverse("workshops:invitation", kwargs={"invitation_pk": self.pk})


class RequestLine(models.Model):
    """One line of a proposal's itemised budget request. The total is the sum of
    the lines, never typed; the award may give a line less than was asked."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    category = models.ForeignKey("budget.Category", on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=300)
    amount = models.DecimalField(**{**MONEY, "validators": [*MONEY["validators"], POSITIVE]})
    awarded = models.DecimalField(**MONEY, null=True, blank=True)

    class Meta:
        ordering = ["proposal", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="request_line_amount_positive",
                violation_error_message="Each line of the budget is a positive amount.",
            ),
        ]

    def __str__(self):
        return f"{self.description}: {self.amount}"


class ProposalVersion(models.Model):
    """What a proposal said each time its organisers saved it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposal_version_unique"),
        ]

    def __str__(self):
        return f"{self.proposal}, version {self.number}"


class Review(models.Model):
    """A member's review of a proposal: assigned first, then scored and submitted."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        "membership.Person", on_delete=models.PROTECT, related_name="workshop_reviews"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the portal balanced the assignments.",
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(max_length=8000, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposal", "assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="one_review_per_reviewer"
            ),
        ]

    def __str__(self):
        return f"{self.reviewer} on {self.proposal}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)

    class Meta:
        ordering = ["review", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="score_from_one_to_five"
            ),
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.score}"


class PostEventSummary(DeiImpact):
    """The organisers' account of a workshop after it took place, with its DEI
    impact in the fields every event summary shares."""

    # What the public "past workshops" page may show, when the organisers publish it.
    PUBLIC_FIELDS = (
        "attendance_total",
        "first_time_contributors",
        "outcomes",
        "links",
        "dei_reached",
        "dei_achieved",
    )

    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="post_event_summary"
    )
    attendance_total = models.PositiveSmallIntegerField("participants")
    first_time_contributors = models.PositiveSmallIntegerField("first-time contributors")
    outcomes = models.TextField(max_length=8000)
    links = models.JSONField(
        default=list, blank=True, help_text="Pull requests, issues, releases, blog posts."
    )
    lessons = models.TextField(max_length=4000, blank=True)
    is_public = models.BooleanField(
        "publish on the past workshops page",
        default=True,
        help_text="Attendance, outcomes, links and DEI reach; lessons and spend stay internal.",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = "post-event summary"
        verbose_name_plural = "post-event summaries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_time_contributors__lte=models.F("attendance_total")),
                name="first_timers_among_participants",
                violation_error_message="First-time contributors are counted among the "
                "participants, so there cannot be more of them.",
            ),
        ]

    def __str__(self):
        return f"Summary of {self.proposal}"

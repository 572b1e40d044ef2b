"""The community funds: where the money is held, what comes in and goes out, what
the group has promised (allocations) and what people ask back (claims).

Posted ledger entries are append-only: the database refuses UPDATE and DELETE on
their table (see the migration that installs the triggers), and a mistake is
corrected by a reversing entry. Every money object keeps a history.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from budget.enums import (
    GIVEN_REFERENCE_SOURCES,
    AllocationStatus,
    CategoryKind,
    ClaimStatus,
    DocumentKind,
    EntrySource,
)
from budget.validators import CURRENCY_CHOICES, validate_cents, validate_currency
from cwg_portal.uploads import download_name

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [validate_cents]}
POSITIVE = MinValueValidator(Decimal("0.01"))


class FiscalSponsor(models.Model):
    """The organisation that holds the funds for the group during a period."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    website = models.URLField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="fiscal_sponsor_ends_after_it_starts",
                violation_error_message="A sponsorship cannot end before it starts.",
            )
        ]

    def __str__(self):
        return self.name


class FeeTier(models.Model):
    """The sponsor's fee: `rate` of each fiscal year's income above `income_above`,
    up to the next tier's threshold (9% up to $1M, 6% above)."""

    sponsor = models.ForeignKey(FiscalSponsor, on_delete=models.PROTECT, related_name="fee_tiers")
    income_above = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    rate = models.DecimalField(
        max_digits=5, decimal_places=4, help_text="A fraction: 0.0900 is 9%."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["sponsor", "income_above"]
        constraints = [
            models.UniqueConstraint(
                fields=["sponsor", "income_above"], name="fee_tier_threshold_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(rate__gte=0, rate__lte=1),
                name="fee_tier_rate_is_a_fraction",
                violation_error_message="A fee rate is a fraction between 0 and 1.",
            ),
        ]

    def __str__(self):
        return f"{self.sponsor}: {self.rate:%} above {self.income_above}"


class Fund(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    currency = models.CharField(
        max_length=3, choices=CURRENCY_CHOICES, validators=[validate_currency]
    )
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('budget:dashboard')}?fund={self.slug}"


class FiscalYear(models.Model):
    name = models.CharField(max_length=20, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="fiscal_year_ends_after_it_starts",
                violation_error_message="A fiscal year must end after it starts.",
            )
        ]

    def __str__(self):
        return self.name


class Category(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=CategoryKind.choices)
    is_system = models.BooleanField(
        default=False, help_text="Posted by the portal itself, never chosen by hand."
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class BudgetLine(models.Model):
    """A planned amount for a category in a fiscal year, optionally for one event."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="budget_lines")
    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="budget_lines"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="budget_lines")
    event = models.ForeignKey(
        "events.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="budget_lines"
    )
    planned_amount = models.DecimalField(**MONEY)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "fiscal_year", "category"],
                condition=models.Q(event__isnull=True),
                name="budget_line_unique_per_category",
                violation_error_message="This category already has a line for that year.",
            ),
            models.UniqueConstraint(
                fields=["fund", "fiscal_year", "category", "event"],
                name="budget_line_unique_per_event",
                violation_error_message="This event already has a line for that category and year.",
            ),
        ]

    def __str__(self):
        return f"{self.fiscal_year} {self.category}: {self.planned_amount}"


class Allocation(models.Model):
    """Money the group decided to spend on a purpose; it is committed until spent,
    and closing it returns what was not spent."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="allocations")
    purpose = models.CharField(max_length=200)
    event = models.ForeignKey(
        "events.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="allocations"
    )
    amount = models.DecimalField(**{**MONEY, "validators": [validate_cents, POSITIVE]})
    decided_on = models.DateField()
    decision_note = models.TextField(blank=True)
    decision_url = models.URLField("link to the decision", blank=True)
    status = models.CharField(
        max_length=10, choices=AllocationStatus.choices, default=AllocationStatus.OPEN
    )
    override_reason = models.TextField(
        blank=True, help_text="Why the group allocated more than the fund had available."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="allocation_amount_positive",
                violation_error_message="An allocation is a positive amount.",
            )
        ]

    def __str__(self):
        return self.purpose

    def get_absolute_url(self):
        return reverse("budget:allocation", kwargs={"allocation_pk": self.pk})

    @property
    def is_open(self):
        """Claims may still draw on it; once ended, what was not spent went back."""
        return self.status == AllocationStatus.OPEN


class ExpenseClaim(models.Model):
    """A request to be paid back for money spent on the group's behalf."""

    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expense_claims"
    )
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="claims")
    event = models.ForeignKey(
        "events.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="claims")
    description = models.TextField(max_length=2000)
    amount = models.DecimalField(**{**MONEY, "validators": [validate_cents, POSITIVE]})
    currency = models.CharField(
        max_length=3, choices=CURRENCY_CHOICES, validators=[validate_currency]
    )
    is_invoice = models.BooleanField(
        "this is an invoice from a supplier",
        default=False,
        help_text="Invoices over the policy limit need the signed contract attached.",
    )
    meal_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="For meals: the number of days the amount covers.",
    )
    status = models.CharField(
        max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="claim_amount_positive",
                violation_error_message="A claim is for a positive amount.",
            ),
            models.CheckConstraint(
                condition=models.Q(meal_days__isnull=True) | models.Q(meal_days__gte=1),
                name="claim_meal_days_at_least_one",
                violation_error_message="Meals cover at least one day.",
            ),
        ]

    def __str__(self):
        return f"Claim {self.pk}: {self.description[:60]}"

    def get_absolute_url(self):
        return reverse("budget:claim", kwargs={"claim_pk": self.pk})

    def conflict_parties(self):
        """Who a decision on this claim concerns, for the conflict register."""
        person = getattr(self.claimant, "person", None)
        return ({person} if person else set()), set()


class ClaimApproval(models.Model):
    claim = models.ForeignKey(ExpenseClaim, on_delete=models.PROTECT, related_name="approvals")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["approved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "approver"],
                name="claim_approved_once_per_approver",
                violation_error_message="You have already approved this claim.",
            )
        ]

    def __str__(self):
        return f"{self.approver} approved claim {self.claim_id}"


def receipt_path(instance, filename):
    # Private storage under MEDIA_ROOT, never a public URL; the name is not the user's.
    return f"receipts/{instance.claim_id}/{instance.token}"


class Receipt(models.Model):
    claim = models.ForeignKey(ExpenseClaim, on_delete=models.PROTECT, related_name="receipts")
    kind = models.CharField(
        max_length=10, choices=DocumentKind.choices, default=DocumentKind.RECEIPT
    )
    file = models.FileField(upload_to=receipt_path, max_length=200)
    token = models.CharField(max_length=40, unique=True)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("budget:receipt", kwargs={"receipt_pk": self.pk})

    @property
    def download_name(self):
        return download_name(self.original_name, self.content_type)


class LedgerIsAppendOnly(Exception):
    """Raised on any attempt to change or remove a posted ledger entry."""


class LedgerEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerIsAppendOnly("Posted ledger entries cannot be changed; post a reversal.")

    def delete(self):
        raise LedgerIsAppendOnly("Posted ledger entries cannot be deleted; post a reversal.")


class LedgerEntry(models.Model):
    """One posted movement of money. Never edited, never deleted."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    date = models.DateField()
    reference = models.CharField(
        max_length=100, help_text="The sponsor's transaction id; unique within the fund."
    )
    description = models.TextField(max_length=2000, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="entries")
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(
        max_length=3, choices=CURRENCY_CHOICES, validators=[validate_currency]
    )
    amount_fund = models.DecimalField("amount in the fund's currency", **MONEY)
    rate = models.DecimalField(max_digits=18, decimal_places=8)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    counterparty = models.CharField(max_length=200, blank=True)
    source = models.CharField(
        max_length=10, choices=EntrySource.choices, default=EntrySource.MANUAL
    )
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    claim = models.OneToOneField(
        ExpenseClaim, on_delete=models.PROTECT, null=True, blank=True, related_name="payment"
    )
    fee_for = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="sponsor_fee"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name_plural = "ledger entries"
        # The ledger is read newest first, whole or by fund: without these a page
        # of 50 entries sorts the entire ledger.
        indexes = [
            models.Index(fields=["-date", "-id"], name="ledger_newest_first"),
            models.Index(fields=["fund", "-date", "-id"], name="ledger_fund_newest_first"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "reference"],
                condition=models.Q(source__in=GIVEN_REFERENCE_SOURCES),
                name="ledger_given_reference_unique_per_fund",
                violation_error_message="This fund already has an entry with this reference.",
            ),
            models.CheckConstraint(
                condition=~models.Q(amount=0),
                name="ledger_amount_not_zero",
                violation_error_message="An entry moves some money: the amount cannot be zero.",
            ),
            models.CheckConstraint(
                condition=models.Q(rate__gt=0),
                name="ledger_rate_positive",
                violation_error_message="The exchange rate must be positive.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.amount_fund} {self.fund.currency}"

    # The database refuses these too; raising here gives the clearer message first.
    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerIsAppendOnly("Posted ledger entries cannot be changed; post a reversal.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("budget:entry", kwargs={"entry_pk": self.pk})

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly("Posted ledger entries cannot be deleted; post a reversal.")


class Reconciliation(models.Model):
    """Finance staff's mark that an entry matches the sponsor's own books."""

    entry = models.OneToOneField(
        LedgerEntry, on_delete=models.PROTECT, related_name="reconciliation"
    )
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reconciled_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return f"Entry {self.entry_id} reconciled"


class LedgerImport(models.Model):
    """An uploaded export of the sponsor's books: previewed, then imported once."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        IMPORTED = "imported", "Imported"

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="imports")
    filename = models.CharField(max_length=200)
    content = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    imported_count = models.PositiveIntegerField(null=True, blank=True)
    skipped_count = models.PositiveIntegerField(null=True, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("budget:import", kwargs={"import_pk": self.pk})

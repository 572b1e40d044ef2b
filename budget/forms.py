"""The budget pages' forms. They read and type the input; the rules (what may be
posted, approved, paid, allocated) are the services', whose ValidationError is
put back on the form by `add_service_error`."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from budget.enums import CategoryKind, DocumentKind
from budget.models import Allocation, Category, FiscalYear, Fund
from budget.selectors import allocations_claimable_by
from budget.validators import CURRENCY_CHOICES, ledger_file_text
from cwg_portal.forms import date_input
from events.selectors import events, events_visible_to

MONEY = {"max_digits": 14, "decimal_places": 2}
DOCUMENT_SLOTS = 3
# The sponsor's exports are a few hundred rows; anything far larger is not one.
IMPORT_MAX_BYTES = 5 * 1024 * 1024


def _money_field(label, **kwargs):
    return forms.DecimalField(label=label, **MONEY, **kwargs)


def _event_field(queryset=None):
    return forms.ModelChoiceField(
        queryset=events() if queryset is None else queryset,
        required=False,
        empty_label="No event",
    )


def _chosen_categories(kind=None):
    categories = Category.objects.filter(is_system=False)
    return categories.filter(kind=kind) if kind else categories


class EntryForm(forms.Form):
    fund = forms.ModelChoiceField(queryset=Fund.objects.all(), empty_label=None)
    date = forms.DateField(widget=date_input(), initial=timezone.localdate)
    reference = forms.CharField(
        max_length=100, help_text="The sponsor's transaction id; unique within the fund."
    )
    category = forms.ModelChoiceField(queryset=_chosen_categories())
    amount = _money_field("Amount", help_text="Income is positive, money going out negative.")
    currency = forms.ChoiceField(
        choices=[("", "The fund's currency"), *CURRENCY_CHOICES], required=False
    )
    amount_fund = _money_field(
        "Amount in the fund's currency",
        required=False,
        help_text="Only when the currency is not the fund's.",
    )
    description = forms.CharField(max_length=2000, required=False, widget=forms.Textarea)
    event = _event_field()
    counterparty = forms.CharField(max_length=200, required=False)


class ReverseForm(forms.Form):
    # The service refuses a reversal without a reason and says so.
    reason = forms.CharField(
        label="Reason (required)",
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the reversing entry's description.",
    )
    date = forms.DateField(widget=date_input(), required=False, help_text="Leave empty for today.")


class ImportUploadForm(forms.Form):
    fund = forms.ModelChoiceField(queryset=Fund.objects.all(), empty_label=None)
    file = forms.FileField(
        label="CSV file",
        help_text="The sponsor's export: date, reference, category, amount and the "
        "optional columns of the import format.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError("The file is larger than 5 MB; is it the sponsor's export?")
        # The upload is kept as text: the preview and the import read it later.
        self.cleaned_data["content"] = ledger_file_text(upload.read())
        return upload


def events_claimable_by(user):
    """The events a user may file a claim for, as a queryset."""
    allowed = [
        event.pk
        for event in events_visible_to(user)
        if user.has_perm("budget.claim_for_event", event)
    ]
    return events().filter(pk__in=allowed)


class ClaimForm(forms.Form):
    fund = forms.ModelChoiceField(queryset=Fund.objects.all(), empty_label=None)
    event = _event_field()
    allocation = forms.ModelChoiceField(
        queryset=Allocation.objects.none(),
        required=False,
        empty_label="No allocation",
        help_text="The money the group set aside for this, if any.",
    )
    category = forms.ModelChoiceField(queryset=_chosen_categories(CategoryKind.EXPENSE))
    description = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), help_text="What was bought."
    )
    amount = _money_field("Amount")
    currency = forms.ChoiceField(choices=CURRENCY_CHOICES, initial="USD")
    is_invoice = forms.BooleanField(
        label="This is an invoice from a supplier",
        required=False,
        help_text="Invoices over the policy limit need the signed contract attached.",
    )
    meal_days = forms.IntegerField(
        label="Meal days",
        min_value=1,
        required=False,
        help_text="For meals: the number of days the amount covers.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        events = events_claimable_by(user)
        self.fields["event"].queryset = events
        self.fields["allocation"].queryset = allocations_claimable_by(user)
        for slot in range(1, DOCUMENT_SLOTS + 1):
            self.fields[f"document_{slot}_kind"] = forms.ChoiceField(
                label=f"Kind of document {slot}", choices=DocumentKind.choices
            )
            self.fields[f"document_{slot}"] = forms.FileField(
                label=f"Document {slot}",
                required=False,
                help_text="A PDF, PNG or JPEG file.",
            )

    @property
    def main_fields(self):
        return [field for field in self if not field.name.startswith("document_")]

    @property
    def document_slots(self):
        return [
            (slot, self[f"document_{slot}_kind"], self[f"document_{slot}"])
            for slot in range(1, DOCUMENT_SLOTS + 1)
        ]

    def documents(self):
        """[(kind, upload)] for the slots that carry a file."""
        return [
            (self.cleaned_data[f"document_{slot}_kind"], self.cleaned_data[f"document_{slot}"])
            for slot in range(1, DOCUMENT_SLOTS + 1)
            if self.cleaned_data.get(f"document_{slot}")
        ]

    def service_arguments(self):
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if not name.startswith("document_")
        }
        return {**data, "documents": self.documents()}


class ApproveForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RejectForm(forms.Form):
    # The service refuses a rejection without a reason and says so.
    reason = forms.CharField(
        label="Reason for the claimant (required)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PayForm(forms.Form):
    date = forms.DateField(
        label="Payment date", widget=date_input(), required=False, help_text="Empty for today."
    )
    amount_fund = _money_field("Amount paid in the fund's currency", required=False)

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        if claim.currency == claim.fund.currency:
            del self.fields["amount_fund"]
        else:
            self.fields["amount_fund"].label = f"Amount paid in {claim.fund.currency}"
            self.fields[
                "amount_fund"
            ].help_text = f"The claim is in {claim.currency}; the fund is in {claim.fund.currency}."


class AllocationForm(forms.Form):
    fund = forms.ModelChoiceField(queryset=Fund.objects.all(), empty_label=None)
    purpose = forms.CharField(max_length=200)
    event = _event_field()
    amount = _money_field("Amount")
    decided_on = forms.DateField(widget=date_input(), initial=timezone.localdate)
    decision_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision_url = forms.URLField(
        label="Link to the decision", required=False, assume_scheme="https"
    )
    override_reason = forms.CharField(
        label="Override reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only when the group allocates more than the fund has available: why.",
    )


class BudgetLineForm(forms.Form):
    fund = forms.ModelChoiceField(queryset=Fund.objects.all(), empty_label=None)
    fiscal_year = forms.ModelChoiceField(queryset=FiscalYear.objects.all(), empty_label=None)
    category = forms.ModelChoiceField(queryset=_chosen_categories())
    event = _event_field()
    planned_amount = _money_field("Planned amount")
    note = forms.CharField(max_length=300, required=False)

from decimal import Decimal

from django import forms

from budget.selectors import funds_with_balance
from conferences.models import (
    EditionSummary,
    Lesson,
    Milestone,
    Partnership,
    RegistrationCount,
    ScholarshipApplication,
    ScholarshipCall,
    Sponsorship,
    SponsorTier,
    StrategicDecision,
    TicketType,
)
from conferences.selectors import editions
from conferences.services.editions import SUMMARY_FIELDS
from membership.selectors import decisions_visible_to, people

DATE = forms.DateInput(attrs={"type": "date"})


class EditionForm(forms.Form):
    previous = forms.ModelChoiceField(
        queryset=editions(),
        required=False,
        label="Continue from",
        help_text="The edition whose milestones (shifted to the new dates) and sponsor "
        "tiers the new one starts with.",
    )
    year = forms.IntegerField(min_value=2000, max_value=2200)
    name = forms.CharField(max_length=200)
    start_date = forms.DateField(widget=DATE)
    end_date = forms.DateField(widget=DATE)
    city = forms.CharField(max_length=100, required=False)
    country = forms.CharField(max_length=100, required=False)
    is_online = forms.BooleanField(label="Online", required=False)
    fund = forms.ModelChoiceField(
        queryset=funds_with_balance(), help_text="Where its money is held."
    )


class PartnershipForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["organisation", "responsibilities", "contract_reference", "revenue_share"]
        widgets = {"responsibilities": forms.Textarea(attrs={"rows": 3})}


class MilestoneForm(forms.ModelForm):
    owner = forms.ModelChoiceField(queryset=people(), required=False)

    class Meta:
        model = Milestone
        fields = ["title", "owner", "due_on"]
        widgets = {"due_on": DATE}


class DecisionForm(forms.ModelForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = editions()
        self.fields["edition"].required = False
        self.fields["edition"].empty_label = "JupyterCon as a whole"
        self.fields["formal_decision"].queryset = decisions_visible_to(user)

    class Meta:
        model = StrategicDecision
        fields = [
            "edition",
            "title",
            "context",
            "options",
            "decision",
            "rationale",
            "decided_on",
            "decided_by",
            "formal_decision",
            "is_public",
        ]
        widgets = {
            "decided_on": DATE,
            **{name: forms.Textarea(attrs={"rows": 3}) for name in ("context", "options")},
            **{name: forms.Textarea(attrs={"rows": 3}) for name in ("decision", "rationale")},
        }


class TierForm(forms.ModelForm):
    class Meta:
        model = SponsorTier
        fields = ["name", "price", "benefits"]
        widgets = {"benefits": forms.Textarea(attrs={"rows": 3})}


class SponsorshipForm(forms.ModelForm):
    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = edition.tiers.all()

    class Meta:
        model = Sponsorship
        fields = ["organisation", "tier", "amount", "currency"]


class PaidForm(forms.Form):
    paid_on = forms.DateField(widget=DATE, label="Paid on")
    amount_fund = forms.DecimalField(
        required=False,
        max_digits=14,
        decimal_places=2,
        label="Amount in the fund's currency",
        help_text="Only when the sponsor paid in another currency than the fund's.",
    )


class ScholarshipCallForm(forms.ModelForm):
    class Meta:
        model = ScholarshipCall
        fields = ["description", "opens_on", "closes_on", "envelope"]
        widgets = {
            "opens_on": DATE,
            "closes_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = ScholarshipApplication
        fields = ["kind", "need", "statement", "amount_asked"]
        widgets = {
            "need": forms.Textarea(attrs={"rows": 3}),
            "statement": forms.Textarea(attrs={"rows": 5}),
        }


class AwardForm(forms.Form):
    amount = forms.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0.01"), label="Amount to award"
    )


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class TicketTypeForm(forms.ModelForm):
    class Meta:
        model = TicketType
        fields = ["name", "price"]


class RegistrationForm(forms.ModelForm):
    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_type"].queryset = edition.ticket_types.all()

    class Meta:
        model = RegistrationCount
        fields = ["ticket_type", "on", "count", "first_time"]
        widgets = {"on": DATE}


class RegistrationImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns date, ticket, count, first_time; one line per ticket type and day.",
    )


class EditionSummaryForm(forms.ModelForm):
    class Meta:
        model = EditionSummary
        fields = list(SUMMARY_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("outcomes", "dei_reached", "dei_achieved", "dei_shortfalls")
        }

"""The workshops pages' forms. They read and type the input; the rules (what a call
funds, who may review, when a proposal can be decided) are the services', whose
ValidationError the views put back on the form with add_service_error.

A proposal's budget lines and a call's rubric and stages are rows of a formset
carried by the main form, so that one error summary lists every mistake. Without
JavaScript a page cannot add rows, so blank ones follow the filled ones each time
the form opens: an organiser who needs more lines saves a draft and edits it.
"""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils import timezone
from django.utils.html import format_html

from budget.selectors import expense_categories
from cwg_portal.forms import BallotChoices, DateTimeLocalField, add_service_error, date_input
from dei.enums import DiscTier
from dei.selectors import disc_items_in_use
from membership.selectors import people
from workshops import selectors
from workshops.enums import (
    DEFAULT_CRITERIA,
    SCORE_CHOICES,
    FocusArea,
    Verdict,
    WorkshopFormat,
)
from workshops.models import Call, PostEventSummary, Proposal
from workshops.services.calls import default_stages
from workshops.services.proposals import PROPOSAL_FIELDS
from workshops.services.summaries import SUMMARY_FIELDS

MONEY = {"max_digits": 14, "decimal_places": 2}
BLANK_ROWS = 3


def _text_area(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class RowsFormSet(forms.BaseFormSet):
    """Rows of a form: blank ones are left out, those ticked "Remove" dropped."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if DELETION_FIELD_NAME in form.fields:
            form.fields[DELETION_FIELD_NAME].label = "Remove"

    def rows(self):
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get(DELETION_FIELD_NAME)
        ]

    def error_lines(self, noun):
        """Each row's errors as one line of the error summary: "Budget line 2: Amount: …"."""
        lines = [f"{noun}s: {error}" for error in self.non_form_errors()]
        for number, form in enumerate(self.forms, start=1):
            for name, errors in form.errors.items():
                where = f"{noun} {number}: "
                if name in form.fields:
                    where += f"{form[name].label}: "
                lines += [where + error for error in errors]
        return lines


def _rows_formset(form_class, extra):
    return forms.formset_factory(
        form_class, formset=RowsFormSet, extra=extra, can_delete=True, can_delete_extra=False
    )


class RowsMixin:
    """A form that carries formsets (`self.formsets`: {name: (formset, noun)}) and is
    valid only when they are; their errors join the form's error summary."""

    def clean(self):
        cleaned = super().clean()
        for formset, noun in self.formsets.values():
            if not formset.is_valid():
                for line in formset.error_lines(noun):
                    self.add_error(None, line)
        return cleaned


# --- Calls -------------------------------------------------------------------


class CriterionForm(forms.Form):
    name = forms.CharField(max_length=100)
    description = forms.CharField(max_length=300, required=False)
    weight = forms.IntegerField(min_value=1, max_value=10)


class StageForm(forms.Form):
    name = forms.CharField(max_length=100)
    ends_on = forms.DateField(label="Ends on", widget=date_input())
    waivable = forms.BooleanField(label="The chair may waive it", required=False)


CriterionFormSet = _rows_formset(CriterionForm, extra=2)
StageFormSet = _rows_formset(StageForm, extra=1)

# The call's facts, shown first; its other fields are the rules proposals must meet.
CALL_FACTS = ("title", "description", "fund", "opens_at", "closes_at", "envelope")
CALL_RULES = (
    "direct_costs_only",
    "min_participants",
    "max_participants",
    "min_days",
    "max_days",
    "reviewers_per_proposal",
    "summary_due_days",
    "requires_dei_signoff",
)


def _initial_call_times():
    opens = timezone.localtime().replace(second=0, microsecond=0)
    return {"opens_at": opens, "closes_at": opens + timedelta(weeks=6)}


class CallForm(RowsMixin, forms.ModelForm):
    """Everything call_open takes: the call's own fields, one cap per format (blank
    when the format is not funded), and the rubric and stages of review, prefilled
    with the program's usual ones."""

    class Meta:
        model = Call
        fields = [*CALL_FACTS, *CALL_RULES]
        field_classes = {"opens_at": DateTimeLocalField, "closes_at": DateTimeLocalField}
        widgets = {"description": _text_area(6)}

    def __init__(self, data=None, **kwargs):
        times = _initial_call_times()
        super().__init__(data, initial=times, **kwargs)
        zone = f"Date and time in {timezone.get_current_timezone_name()}."
        self.fields["opens_at"].help_text = self.fields["closes_at"].help_text = zone
        self.fields["fund"].empty_label = None
        for format_ in WorkshopFormat:
            self.fields[f"cap_{format_.value}"] = forms.DecimalField(
                label=f"Cap for {format_.label.lower()} workshops",
                required=False,
                min_value=0,
                help_text="The most one proposal may ask for; leave blank when the "
                "call does not fund this format.",
                **MONEY,
            )
        criteria = [
            {"name": name, "description": description, "weight": weight}
            for name, description, weight in DEFAULT_CRITERIA
        ]
        stages = [
            {"name": name, "ends_on": ends_on, "waivable": waivable}
            for name, ends_on, waivable in default_stages(times["closes_at"])
        ]
        self.formsets = {
            "criteria": (
                CriterionFormSet(data, prefix="criteria", initial=None if data else criteria),
                "Criterion",
            ),
            "stages": (
                StageFormSet(data, prefix="stages", initial=None if data else stages),
                "Stage",
            ),
        }

    @property
    def criteria(self):
        return self.formsets["criteria"][0]

    @property
    def stages(self):
        return self.formsets["stages"][0]

    @property
    def facts(self):
        return [self[name] for name in CALL_FACTS]

    @property
    def caps(self):
        return [self[f"cap_{format_.value}"] for format_ in WorkshopFormat]

    @property
    def rules(self):
        return [self[name] for name in CALL_RULES]

    def service_arguments(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["caps"] = {
            format_: self.cleaned_data[f"cap_{format_.value}"]
            for format_ in WorkshopFormat
            if self.cleaned_data[f"cap_{format_.value}"] is not None
        }
        data["criteria"] = [
            (row["name"], row["description"], row["weight"]) for row in self.criteria.rows()
        ]
        data["stages"] = [
            (row["name"], row["ends_on"], row["waivable"]) for row in self.stages.rows()
        ]
        return data


# --- Proposals ---------------------------------------------------------------


class BudgetLineForm(forms.Form):
    category = forms.ModelChoiceField(queryset=expense_categories())
    description = forms.CharField(max_length=300)
    amount = forms.DecimalField(min_value=Decimal("0.01"), **MONEY)

    def __init__(self, *args, currency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].label = f"Amount ({currency})"


BudgetLineFormSet = _rows_formset(BudgetLineForm, extra=BLANK_ROWS)


class EmailListField(forms.CharField):
    """E-mail addresses, one per line, in lower case. Whether an address has a
    portal account is not checked here: the answer would tell anyone who asked."""

    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value):
        addresses = []
        for line in super().clean(value).splitlines():
            address = line.strip()
            if address and address.lower() not in addresses:
                try:
                    validate_email(address)
                except ValidationError as error:
                    raise ValidationError(f"“{address}” is not an e-mail address.") from error
                addresses.append(address.lower())
        return addresses


def _disc_field(tier, chosen):
    items = (disc_items_in_use() | chosen).filter(tier=tier).distinct()
    return forms.ModelMultipleChoiceField(
        label=f"{DiscTier(tier).label} items",
        queryset=items,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _format_choices(call):
    caps = {cap.format: cap.cap for cap in call.caps.all()}
    return [
        (format_.value, f"{format_.label} (up to {caps[format_]:,.2f} {call.currency})")
        for format_ in WorkshopFormat
        if format_ in caps
    ]


class ProposalForm(RowsMixin, forms.ModelForm):
    """A proposal as its organisers write it. The person who starts it leads it;
    co-organisers are named by e-mail address and invited, which works without
    JavaScript and shows no list of the portal's people to anyone."""

    co_organisers = EmailListField(
        label="Co-organisers",
        required=False,
        help_text="The e-mail address of each co-organiser, one per line. Each is invited "
        "and joins once they accept; then they see and edit the proposal with you.",
    )
    focus_areas = forms.MultipleChoiceField(
        label="Focus areas",
        choices=FocusArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Proposal
        fields = list(PROPOSAL_FIELDS)
        widgets = {
            "summary": _text_area(3),
            "goals": _text_area(),
            "starts_on": date_input(),
            "ends_on": date_input(),
            "advances_jupyter": _text_area(),
            "grows_community": _text_area(),
            "dei_outreach": _text_area(),
            "other_funding": _text_area(3),
        }
        help_texts = {
            "other_funding": "Other sponsors or in-kind support, if any.",
            "coc_contacts_confirmed": "Required to submit: the organisers are the people "
            "participants turn to under the code of conduct during the workshop.",
        }

    SECTIONS = [
        (
            "The workshop",
            [
                "title",
                "summary",
                "goals",
                "focus_areas",
                "format",
                "city",
                "country",
                "starts_on",
                "ends_on",
                "expected_participants",
            ],
        ),
        ("Organisers", ["co_organisers"]),
        ("Jupyter and its community", ["advances_jupyter", "grows_community", "other_funding"]),
        (
            "Diversity, equity and inclusion",
            ["disc_essential", "disc_stretch", "dei_outreach"],
        ),
    ]

    def __init__(self, data=None, *, call, proposal=None, **kwargs):
        super().__init__(data, instance=proposal, **kwargs)
        self.call = call
        chosen = proposal.disc_items.all() if proposal else disc_items_in_use().none()
        self.fields["disc_essential"] = _disc_field(DiscTier.ESSENTIAL, chosen)
        self.fields["disc_stretch"] = _disc_field(DiscTier.STRETCH, chosen)
        self.fields["format"].choices = _format_choices(call)
        self.fields["city"].help_text = "Required unless the workshop is online."
        # Django renders help texts as markup: a person's name in one is escaped.
        lead = (
            format_html("{} leads the proposal.", proposal.lead)
            if proposal
            else "You lead the proposal."
        )
        self.fields["co_organisers"].help_text = format_html(
            "{} {}", self.fields["co_organisers"].help_text, lead
        )
        lines = []
        if proposal is not None:
            self.initial.update(_proposal_initial(proposal))
            lines = [
                {"category": line.category, "description": line.description, "amount": line.amount}
                for line in proposal.lines.all()
            ]
        self.formsets = {
            "lines": (
                BudgetLineFormSet(
                    data,
                    prefix="lines",
                    initial=None if data else lines,
                    form_kwargs={"currency": call.currency},
                ),
                "Budget line",
            )
        }

    @property
    def lines(self):
        return self.formsets["lines"][0]

    @property
    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def service_arguments(self):
        data = {name: self.cleaned_data[name] for name in PROPOSAL_FIELDS}
        data["focus_areas"] = self.cleaned_data["focus_areas"]
        data["co_organisers"] = self.cleaned_data["co_organisers"]
        data["disc_items"] = [
            *self.cleaned_data["disc_essential"],
            *self.cleaned_data["disc_stretch"],
        ]
        data["lines"] = [
            {key: row[key] for key in ("category", "description", "amount")}
            for row in self.lines.rows()
        ]
        return data


def add_proposal_error(form, error):
    """A service's refusal on the proposal form; what it says of the budget lines
    is headed "Budget"."""
    if hasattr(error, "error_dict") and "lines" in error.error_dict:
        renamed = {
            ("budget" if name == "lines" else name): e for name, e in error.error_dict.items()
        }
        error = ValidationError(renamed)
    add_service_error(form, error)


def _proposal_initial(proposal):
    chosen = list(proposal.disc_items.all())
    return {
        "focus_areas": list(proposal.focus_areas),
        "co_organisers": "\n".join(
            invitation.email for invitation in selectors.invitations_standing(proposal)
        ),
        "disc_essential": [item.pk for item in chosen if item.tier == DiscTier.ESSENTIAL],
        "disc_stretch": [item.pk for item in chosen if item.tier == DiscTier.STRETCH],
    }


# --- Review --------------------------------------------------------------------


class ReviewForm(forms.Form):
    """One question per criterion of the rubric, scored 1 to 5, and a comment."""

    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=8000,
        widget=_text_area(6),
        help_text="Required. The organisers may read it with the committee's decision.",
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=BallotChoices,
                error_messages={"required": f"Score “{criterion.name}” from 1 to 5."},
            )
        self.order_fields([f"score_{c.pk}" for c in self.criteria] + ["comment"])

    @property
    def questions(self):
        return [(criterion, self[f"score_{criterion.pk}"]) for criterion in self.criteria]

    def scores(self):
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class ConflictForm(forms.Form):
    # The service refuses an empty declaration and says so.
    description = forms.CharField(
        label="Your interest in this proposal",
        required=False,
        max_length=500,
        help_text="For example: a colleague organises it. You will not review it or "
        "see its reviews.",
    )


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label="Member", queryset=people().none())

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        assignable = selectors.reviewers_assignable(proposal)
        self.fields["reviewer"].queryset = people().filter(
            pk__in=[person.pk for person in assignable]
        )


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(label="Decision", choices=Verdict.choices, widget=BallotChoices)
    awarded_amount = forms.DecimalField(
        label="Amount awarded",
        required=False,
        min_value=0,
        help_text="When accepting: at most what was asked; it becomes the workshop's allocation.",
        **MONEY,
    )
    message = forms.CharField(
        label="Message to the organisers",
        required=False,
        max_length=4000,
        widget=_text_area(5),
        help_text="Sent by e-mail with the decision.",
    )
    override_reason = forms.CharField(
        label="Override reason",
        required=False,
        widget=_text_area(3),
        help_text="Only when the fund has less available than the award: why the group "
        "allocates it anyway. Recorded with the allocation.",
    )


# --- The workshop ------------------------------------------------------------------


class SummaryForm(forms.ModelForm):
    links = forms.CharField(
        label="Links",
        required=False,
        widget=_text_area(4),
        help_text="Pull requests, issues, releases, blog posts: one web address per line.",
    )

    field_order = [*SUMMARY_FIELDS[:3], "links", *SUMMARY_FIELDS[3:]]

    class Meta:
        model = PostEventSummary
        fields = list(SUMMARY_FIELDS)
        widgets = {
            "outcomes": _text_area(6),
            "dei_reached": _text_area(),
            "dei_achieved": _text_area(),
            "dei_shortfalls": _text_area(),
            "lessons": _text_area(),
        }
        help_texts = {"lessons": "For the working group only; never published."}

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if instance is not None:
            self.initial["links"] = "\n".join(instance.links)

    def service_arguments(self):
        data = {name: self.cleaned_data[name] for name in SUMMARY_FIELDS}
        data["links"] = self.cleaned_data["links"].splitlines()
        return data

"""The dei pages' forms. They read and type the input; the services decide."""

from django import forms

from cwg_portal.forms import DateTimeLocalField, date_input
from dei.enums import IncidentStatus, ItemStatus
from dei.models import (
    ChecklistItem,
    GlossaryEntry,
    IncidentReport,
    Initiative,
    MentorFollowUp,
    MentorPair,
    Survey,
    SurveyAnswer,
    TrainingSession,
)
from dei.services.initiatives import FIELDS as INITIATIVE_FIELDS
from dei.services.surveys import ANSWER_FIELDS


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["status", "owner", "evidence", "reason"]
        widgets = {
            "status": forms.RadioSelect,
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"reason": "Needed when the item does not apply."}

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisers
        self.fields["owner"].label_from_instance = lambda person: person.display_name
        self.fields["status"].choices = ItemStatus.choices

    def service_arguments(self):
        return dict(self.cleaned_data)


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["event", "opens_at", "closes_at"]
        field_classes = {"opens_at": DateTimeLocalField, "closes_at": DateTimeLocalField}

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events


class SurveyAnswerForm(forms.ModelForm):
    """Every question optional; "prefer not to say" wherever a question is personal."""

    class Meta:
        model = SurveyAnswer
        fields = list(ANSWER_FIELDS)
        widgets = {
            "experience": forms.RadioSelect,
            "inclusion": forms.RadioSelect,
            "first_time": forms.RadioSelect,
            "gender": forms.RadioSelect,
            "disability": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"gender": "Gender", "comment": "Anything else you want the organisers to know"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("experience", "inclusion", "first_time", "gender", "disability"):
            field = self.fields[name]
            field.required = False
            field.choices = [choice for choice in field.choices if choice[0] not in ("", None)]

    def service_arguments(self):
        data = dict(self.cleaned_data)
        for name in ("experience", "inclusion"):
            data[name] = int(data[name]) if data[name] not in ("", None) else None
        return data


class IncidentReportForm(forms.ModelForm):
    class Meta:
        model = IncidentReport
        fields = [
            "description",
            "people_involved",
            "event",
            "occurred_on",
            "contact_name",
            "contact_email",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "people_involved": forms.Textarea(attrs={"rows": 2}),
            "occurred_on": date_input(),
        }
        help_texts = {
            "event": "If it happened at one of the group's events.",
            "contact_email": "Optional: leave it to be told that the responders are on it. "
            "Without it, the report is anonymous.",
        }

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["event"].required = False


class IncidentUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=IncidentStatus.choices)
    actions_taken = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=8000
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(
            *args, initial={"status": report.status, **kwargs.pop("initial", {})}, **kwargs
        )
        self.fields["actions_taken"].initial = report.actions_taken
        allowed = [report.status, *IncidentStatus.next_states(report.status)]
        self.fields["status"].choices = [c for c in IncidentStatus.choices if c[0] in allowed]


class GlossaryEntryForm(forms.ModelForm):
    class Meta:
        model = GlossaryEntry
        fields = ["definition", "source", "source_url"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 5})}


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = list(INITIATIVE_FIELDS)
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 4}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "starts_on": date_input(),
            "ends_on": date_input(),
        }

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda person: person.display_name


def _people_choices(form, names, people):
    for name in names:
        form.fields[name].queryset = people
        form.fields[name].label_from_instance = lambda person: person.display_name


class TrainingSessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["topic", "held_on", "trainer", "attendees"]
        widgets = {"held_on": date_input(), "attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        _people_choices(self, ["attendees"], people)


class MentorPairForm(forms.ModelForm):
    class Meta:
        model = MentorPair
        fields = ["mentor", "mentee", "started_on"]
        widgets = {"started_on": date_input()}

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        _people_choices(self, ["mentor", "mentee"], people)


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = MentorFollowUp
        fields = ["held_on", "note"]
        widgets = {"held_on": date_input(), "note": forms.Textarea(attrs={"rows": 3})}

"""The dei pages' forms. They read and type the input; the services decide."""

from django import forms

from cwg_portal.forms import DateTimeLocalField
from dei.enums import ItemStatus
from dei.models import ChecklistItem, Survey, SurveyAnswer
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

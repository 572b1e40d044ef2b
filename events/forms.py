from django import forms

from events.models import Event
from membership.selectors import people


class EventForm(forms.ModelForm):
    organisers = forms.ModelMultipleChoiceField(
        queryset=people(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "status",
            "summary",
            "start_date",
            "end_date",
            "city",
            "country",
            "is_online",
            "organisers",
            "lead_contact",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

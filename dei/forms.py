"""The dei pages' forms. They read and type the input; the services decide."""

from django import forms

from dei.enums import ItemStatus
from dei.models import ChecklistItem


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

from django import forms

from events.enums import TaskStatus
from events.models import CommunicationNote, Engagement, Event, StaffMember, Task
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


class StaffMemberForm(forms.ModelForm):
    class Meta:
        model = StaffMember
        fields = ["person", "organisation", "role", "contact"]


class EngagementForm(forms.ModelForm):
    events = forms.ModelMultipleChoiceField(
        queryset=Event.objects.order_by("-start_date"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Events covered",
    )

    class Meta:
        model = Engagement
        fields = ["staff_member", "scope", "events", "starts_on", "ends_on", "fee", "currency"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "scope": forms.Textarea(attrs={"rows": 4}),
        }


class NoteForm(forms.ModelForm):
    attendees = forms.ModelMultipleChoiceField(
        queryset=people(), required=False, label="Who was there"
    )

    class Meta:
        model = CommunicationNote
        fields = ["kind", "held_on", "summary", "attendees"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }


class TaskForm(forms.ModelForm):
    owner = forms.ModelChoiceField(queryset=people(), required=False)

    class Meta:
        model = Task
        fields = ["title", "description", "owner", "due_on", "status"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class TaskMoveForm(forms.Form):
    status = forms.ChoiceField(choices=TaskStatus.choices, label="Move to")


class CommentForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, label="Comment"
    )

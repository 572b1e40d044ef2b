from django import forms

from reporting.services.builds import current_period

# The build form offers the current period and this many before it.
PERIODS_OFFERED = 4


def recent_periods():
    period, found = current_period(), []
    for _ in range(PERIODS_OFFERED):
        found.append(period)
        period = period.previous()
    return found


class BuildForm(forms.Form):
    period = forms.ChoiceField(label="Period")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        periods = recent_periods()
        self.fields["period"].choices = [(p.identifier, str(p)) for p in periods]
        self.fields["period"].initial = periods[1].identifier


class NarrativeForm(forms.Form):
    public_text = forms.CharField(
        label="Narrative (public)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Markdown. Shown with the figures, in the exports and the annual post.",
    )
    council_text = forms.CharField(
        label="Note for the council only",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown. Negotiations and individual cases: never published.",
    )


class PostDraftForm(forms.Form):
    year = forms.IntegerField(label="Year", min_value=2000, max_value=2100)


class PostForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    body = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=(
            "Markdown. Public once published: no names of claimants, references or incidents."
        ),
    )

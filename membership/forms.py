"""The membership pages' forms. They read and type the input; the rules (who may
nominate, vote, open an election, decide on a candidate) are the services', whose
ValidationError the views put back on the form with cwg_portal.forms.add_service_error."""

from django import forms
from django.conf import settings
from django.utils import timezone

from cwg_portal.forms import BallotChoices, DateTimeLocalField, date_input
from membership.enums import BallotChoice, DeclarationKind, MotionChoice, MotionKind
from membership.models import Body, Decision, Person
from membership.validators import photo_kind

# Quorum and threshold as the group states them; each is (numerator, denominator,
# strict). A simple majority is more than half; two thirds is at least two thirds.
QUORUMS = {
    "half": ("Half of the voters (1/2)", (1, 2)),
    "two-thirds": ("Two thirds of the voters (2/3)", (2, 3)),
    "third": ("A third of the voters (1/3)", (1, 3)),
}
THRESHOLDS = {
    "simple-majority": ("Simple majority: more than half of the yes and no votes", (1, 2, True)),
    "two-thirds": ("Two thirds: at least two thirds of the yes and no votes", (2, 3, False)),
}


def _timezone_note():
    return f"Date and time in {timezone.get_current_timezone_name()}."


class ProfileForm(forms.ModelForm):
    photo = forms.FileField(
        label="Photo",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_photo = forms.BooleanField(label="Remove my photo", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.PROFILE_PHOTO_MAX_BYTES // 1_048_576
        self.fields["photo"].help_text = (
            f"Optional. A PNG or JPEG file of at most {limit} MB; "
            "a new photo replaces the one you have."
        )
        if not self.instance.photo:
            del self.fields["remove_photo"]

    def clean_photo(self):
        # Checked here as well as in person_photo_set so that a refused photo
        # leaves the rest of the profile unsaved too.
        upload = self.cleaned_data["photo"]
        if upload:
            photo_kind(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and cleaned.get("remove_photo"):
            raise forms.ValidationError("Choose a new photo or remove yours, not both.")
        return cleaned

    def profile_fields(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    class Meta:
        model = Person
        fields = ["display_name", "pronouns", "affiliation", "bio", "github_handle", "is_public"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "pronouns": "For example she/her, they/them. Leave empty if you prefer.",
            "github_handle": "Without the @.",
        }


class ElectionForm(forms.Form):
    body = forms.ModelChoiceField(queryset=Body.objects.none(), empty_label=None)
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    nominations_close_at = DateTimeLocalField(label="Nominations close at")
    opens_at = DateTimeLocalField(label="Voting opens at")
    closes_at = DateTimeLocalField(label="Voting closes at")
    quorum = forms.ChoiceField(
        choices=[(key, label) for key, (label, _) in QUORUMS.items()],
        initial="half",
        help_text="Ballots cast, abstentions included, against the voters on the roll.",
    )
    threshold = forms.ChoiceField(
        choices=[(key, label) for key, (label, _) in THRESHOLDS.items()],
        initial="simple-majority",
    )
    allow_abstain = forms.BooleanField(label="Voters may abstain", required=False, initial=True)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        for name in ("nominations_close_at", "opens_at", "closes_at"):
            self.fields[name].help_text = _timezone_note()

    def service_arguments(self):
        data = dict(self.cleaned_data)
        quorum = QUORUMS[data.pop("quorum")][1]
        threshold = THRESHOLDS[data.pop("threshold")][1]
        data["quorum_numerator"], data["quorum_denominator"] = quorum
        (
            data["threshold_numerator"],
            data["threshold_denominator"],
            data["threshold_strict"],
        ) = threshold
        return data


class NominationForm(forms.Form):
    nominee = forms.ModelChoiceField(
        label="Person to nominate", queryset=Person.objects.none(), empty_label="Choose a person"
    )
    statement = forms.CharField(
        label="Statement (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why this person; shown to the voters with the candidacy.",
    )

    def __init__(self, *args, nominees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = nominees


class NominationResponseForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])
    statement = forms.CharField(
        label="Your statement (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Shown to the voters with your candidacy.",
    )


class BallotForm(forms.Form):
    """One question per candidate: yes, no or (when allowed) abstain. The
    candidates in `conflicted` get no question: the voter's declared interest
    makes their ballot abstain on them whatever they choose."""

    def __init__(self, *args, candidates, allow_abstain, conflicted=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(BallotChoice.YES, "Yes"), (BallotChoice.NO, "No")]
        if allow_abstain:
            choices.append((BallotChoice.ABSTAIN, "Abstain"))
        hint = "yes, no or abstain" if allow_abstain else "yes or no"
        self.candidates = list(candidates)
        self.conflicted = conflicted
        for candidate in self.candidates:
            if candidate.pk in conflicted:
                continue
            name = candidate.nominee.display_name
            self.fields[f"candidate_{candidate.pk}"] = forms.ChoiceField(
                label=name,
                choices=choices,
                widget=BallotChoices,
                error_messages={"required": f"Choose {hint} for {name}."},
            )

    @property
    def questions(self):
        """(candidate, its question), the question None for a conflicted candidate."""
        return [(candidate, self._question(candidate)) for candidate in self.candidates]

    def _question(self, candidate):
        name = f"candidate_{candidate.pk}"
        return self[name] if name in self.fields else None

    def choices(self):
        return {
            candidate.pk: BallotChoice.ABSTAIN
            if candidate.pk in self.conflicted
            else self.cleaned_data[f"candidate_{candidate.pk}"]
            for candidate in self.candidates
        }


class CouncilDecisionForm(forms.Form):
    verdict = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sent to the candidate with the council's answer.",
    )


class DecisionForm(forms.Form):
    body = forms.ModelChoiceField(queryset=Body.objects.none(), empty_label=None)
    decided_on = forms.DateField(widget=date_input(), initial=timezone.localdate)
    motion = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices)
    votes_for = forms.IntegerField(label="Votes for", min_value=0, initial=0)
    votes_against = forms.IntegerField(label="Votes against", min_value=0, initial=0)
    votes_abstain = forms.IntegerField(label="Abstentions", min_value=0, initial=0)
    link = forms.URLField(
        label="Link (optional)",
        required=False,
        assume_scheme="https",
        help_text="Where the discussion or the vote can be read.",
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class DeclarationForm(forms.Form):
    kind = forms.ChoiceField(choices=DeclarationKind.choices)
    description = forms.CharField(max_length=500, help_text="What the interest is.")
    organisation = forms.CharField(
        label="Organisation (optional)",
        max_length=200,
        required=False,
        help_text="An employer or organisation you are affiliated with; decisions "
        "involving it will treat you as conflicted.",
    )
    related_person = forms.ModelChoiceField(
        label="Related person (optional)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Nobody",
        help_text="Someone you are close to; decisions about them will treat you as conflicted.",
    )
    starts_on = forms.DateField(label="From", widget=date_input(), initial=timezone.localdate)
    ends_on = forms.DateField(
        label="Until (optional)",
        widget=date_input(),
        required=False,
        help_text="Leave empty while the interest lasts.",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["related_person"].queryset = people


# --- Formal votes -------------------------------------------------------------


def _options_field():
    return forms.CharField(
        label="Options (ranked choice only)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One option per line; the voters rank them. Leave empty for a question "
        "for or against.",
    )


class MotionForm(forms.Form):
    body = forms.ModelChoiceField(queryset=Body.objects.none(), empty_label=None)
    title = forms.CharField(max_length=200)
    text = forms.CharField(
        label="Wording",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the body is asked to decide, as it will be recorded.",
    )
    kind = forms.ChoiceField(label="Kind of vote", choices=MotionKind.choices)
    options = _options_field()

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies

    def service_arguments(self):
        return {**self.cleaned_data, "options": self.cleaned_data["options"].splitlines()}


class MotionEditForm(forms.Form):
    """The sponsor's change of a motion: its title, its wording and, on a ranked
    choice, its options."""

    title = forms.CharField(max_length=200)
    text = forms.CharField(
        label="Wording", max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )
    options = _options_field()

    def __init__(self, *args, motion, **kwargs):
        options = "\n".join(option.label for option in motion.options.all())
        initial = {"title": motion.title, "text": motion.text, "options": options}
        super().__init__(*args, initial=initial, **kwargs)
        if motion.kind == MotionKind.BINARY:
            del self.fields["options"]
        else:
            self.fields["options"].label = "Options"
            self.fields["options"].help_text = "One option per line."

    def service_arguments(self):
        options = self.cleaned_data.get("options", "")
        return {**self.cleaned_data, "options": options.splitlines()}


class QuestionBallotForm(forms.Form):
    """A vote on a question: for, against or blank."""

    choice = forms.ChoiceField(
        label="Your vote",
        choices=[
            (MotionChoice.FOR, "For"),
            (MotionChoice.AGAINST, "Against"),
            (MotionChoice.BLANK, "Blank"),
        ],
        widget=BallotChoices,
        error_messages={"required": "Choose for, against or blank."},
    )

    def service_arguments(self):
        return {"choice": self.cleaned_data["choice"]}


def _ordinal(number):
    suffix = "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


class RankedBallotForm(forms.Form):
    """A ranked vote: a rank for each option the voter ranks (the others left
    unranked), or, with the form's blank button, a blank vote."""

    BLANK_BUTTON = "blank"

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = list(options)
        ranks = [("", "Not ranked")] + [
            (str(rank), f"{_ordinal(rank)} choice") for rank in range(1, len(self.options) + 1)
        ]
        for option in self.options:
            self.fields[f"option_{option.pk}"] = forms.ChoiceField(
                label=option.label, choices=ranks, required=False
            )

    @property
    def blank(self):
        return self.BLANK_BUTTON in self.data

    def clean(self):
        cleaned = super().clean()
        if self.blank:
            return cleaned
        ranks = [cleaned.get(f"option_{option.pk}") for option in self.options]
        given = [rank for rank in ranks if rank]
        if not given:
            raise forms.ValidationError("Rank at least one option, or vote blank.")
        if len(set(given)) != len(given):
            raise forms.ValidationError("Give each rank to one option only.")
        return cleaned

    def service_arguments(self):
        if self.blank:
            return {"choice": MotionChoice.BLANK}
        ranked = [
            (int(self.cleaned_data[f"option_{option.pk}"]), option.pk)
            for option in self.options
            if self.cleaned_data[f"option_{option.pk}"]
        ]
        return {"ranking": [pk for _, pk in sorted(ranked)]}

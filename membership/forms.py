from django import forms

from membership.models import Person


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["display_name", "pronouns", "affiliation", "bio", "github_handle", "is_public"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "pronouns": "For example she/her, they/them. Leave empty if you prefer.",
            "github_handle": "Without the @.",
        }

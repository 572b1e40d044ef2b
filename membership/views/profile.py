"""Each person edits their own profile, and only that."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from membership.forms import ProfileForm
from membership.services import person_for_user, person_update


def profile(request):
    person = person_for_user(user=request.user)
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            person_update(person=person, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your profile was saved.")
            return redirect("membership:profile")
    return render(request, "membership/profile.html", {"form": form})

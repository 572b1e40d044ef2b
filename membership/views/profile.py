"""Each person edits their own profile, and only that; a person's photo is
served to anyone while they choose to be public, and always to themself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control

from cwg_portal import registry
from membership import selectors
from membership.forms import ProfileForm
from membership.services import (
    person_for_user,
    person_photo_remove,
    person_photo_set,
    person_update,
)


def profile(request):
    person = person_for_user(user=request.user)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            # A photo that cannot be decoded keeps the rest of the form unsaved too.
            with transaction.atomic():
                person_update(person=person, **form.profile_fields())
                _photo_change(person, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your profile was saved.")
            return redirect("membership:profile")
    sections = [(section, section.context(person)) for section in registry.profile_sections()]
    context = {"form": form, "person": person, "sections": sections}
    return render(request, "membership/profile.html", context)


def _photo_change(person, cleaned):
    if cleaned["photo"]:
        person_photo_set(person=person, upload=cleaned["photo"])
    elif cleaned.get("remove_photo"):
        person_photo_remove(person=person)


@login_not_required
def person_photo(request, person_pk):
    person = get_object_or_404(selectors.people_with_photos_visible_to(request.user), pk=person_pk)
    try:
        stream = person.photo.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The photo is missing from the storage.") from missing
    response = FileResponse(stream, content_type=person.photo_content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Kept by no shared cache and checked again on each view: a person who stops
    # being public takes their photo away at once.
    patch_cache_control(response, private=True, no_cache=True)
    return response

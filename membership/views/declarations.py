"""The conflict-of-interest register: each person's own declarations and a form
to add one; those who sit on a body also read everyone's standing interests,
which every decision consults."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from cwg_portal.forms import add_service_error
from membership import selectors
from membership.forms import DeclarationForm
from membership.services import person_for_user
from membership.services.conflicts import declaration_create
from membership.views._common import posted


def declaration_list(request):
    person = person_for_user(user=request.user)
    people = selectors.people_visible_to(request.user).exclude(pk=person.pk)
    form = DeclarationForm(posted(request), people=people)
    if request.method == "POST" and form.is_valid():
        try:
            declaration_create(person=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your declaration was added to the register.")
            return redirect("membership:declarations")
    own = person.declarations.select_related("related_person").order_by("-starts_on", "-pk")
    context = {"form": form, "own": own}
    if request.user.has_perm("membership.view_register"):
        context["register"] = selectors.standing_declarations()
    return render(request, "membership/declaration_list.html", context)

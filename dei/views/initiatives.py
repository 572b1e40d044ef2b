"""DEI initiatives: followed by the working group, kept by the DEI committee."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from rules.contrib.views import permission_required

from cwg_portal.forms import add_service_error
from dei import selectors
from dei.forms import InitiativeForm
from dei.services.initiatives import initiative_create, initiative_update
from membership.selectors import people


@permission_required("dei.see_initiatives", raise_exception=True)
def initiative_list(request):
    initiatives = selectors.initiatives_visible_to(request.user)
    return render(request, "dei/initiative_list.html", {"initiatives": initiatives})


@permission_required("dei.see_initiatives", raise_exception=True)
def initiative_detail(request, initiative_pk):
    initiative = get_object_or_404(selectors.initiatives_visible_to(request.user), pk=initiative_pk)
    return render(request, "dei/initiative_detail.html", {"initiative": initiative})


def _form_page(request, initiative, save):
    form = InitiativeForm(request.POST or None, instance=initiative, people=people())
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(**form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"“{saved}” is saved.")
            return redirect(saved)
    return render(request, "dei/initiative_form.html", {"form": form, "initiative": initiative})


@permission_required("dei.edit_initiatives", raise_exception=True)
def initiative_new(request):
    return _form_page(request, None, lambda **data: initiative_create(by=request.user, **data))


@permission_required("dei.edit_initiatives", raise_exception=True)
def initiative_edit(request, initiative_pk):
    initiative = get_object_or_404(selectors.initiatives_visible_to(request.user), pk=initiative_pk)
    return _form_page(
        request,
        initiative,
        lambda **data: initiative_update(initiative=initiative, by=request.user, **data),
    )

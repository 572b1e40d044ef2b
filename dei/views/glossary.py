"""The public glossary of diversity, equity and inclusion, and its versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from rules.contrib.views import permission_required

from cwg_portal.forms import add_service_error
from dei import selectors
from dei.forms import GlossaryEntryForm
from dei.services.glossary import glossary_entry_update


@login_not_required
def glossary(request):
    return render(request, "dei/glossary.html", {"entries": selectors.glossary()})


@login_not_required
def glossary_history(request, term_slug):
    entry = get_object_or_404(selectors.glossary(), slug=term_slug)
    context = {"entry": entry, "versions": selectors.glossary_versions(entry)}
    return render(request, "dei/glossary_history.html", context)


@permission_required("dei.edit_glossary", raise_exception=True)
def glossary_edit(request, term_slug):
    entry = get_object_or_404(selectors.glossary(), slug=term_slug)
    form = GlossaryEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            glossary_entry_update(entry=entry, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The definition of {entry.term.lower()} is saved.")
            return redirect("dei:glossary")
    return render(request, "dei/glossary_form.html", {"entry": entry, "form": form})

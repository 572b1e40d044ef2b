"""The DEI checklists: every event's, with its completion; one event's, worked
item by item by its organisers and signed off by the DEI committee."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from rules.contrib.views import permission_required

from cwg_portal.access import require_perm
from cwg_portal.forms import add_service_error
from dei import selectors
from dei.forms import ChecklistItemForm
from dei.services.checklists import checklist_item_update, checklist_sign_off


def _visible_checklist(request, event_slug, perm="dei.see_checklist"):
    checklist = get_object_or_404(
        selectors.checklists_visible_to(request.user), event__slug=event_slug
    )
    require_perm(request.user, perm, checklist)
    return checklist


@permission_required("dei.list_checklists", raise_exception=True)
def checklist_list(request):
    checklists = selectors.checklists_visible_to(request.user)
    return render(request, "dei/checklist_list.html", {"checklists": checklists})


def checklist_detail(request, event_slug):
    checklist = _visible_checklist(request, event_slug)
    items = list(selectors.checklist_items(checklist))
    progress = selectors.progress_of(items)
    context = {
        "checklist": checklist,
        "event": checklist.event,
        "themes": selectors.items_by_theme(items),
        "progress": progress,
        "sign_off_refusal": selectors.sign_off_refusal(request.user, checklist, progress),
    }
    return render(request, "dei/checklist_detail.html", context)


def checklist_item(request, event_slug, item_pk):
    checklist = _visible_checklist(request, event_slug, "dei.work_checklist")
    item = get_object_or_404(selectors.checklist_items(checklist), pk=item_pk)
    form = ChecklistItemForm(
        request.POST or None, instance=item, organisers=checklist.event.organisers.all()
    )
    if request.method == "POST" and form.is_valid():
        try:
            checklist_item_update(item=item, by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, f"“{item}” is recorded as {item.get_status_display().lower()}."
            )
            return redirect(checklist)
    context = {"checklist": checklist, "event": checklist.event, "item": item, "form": form}
    return render(request, "dei/checklist_item_form.html", context)


def checklist_signoff(request, event_slug):
    checklist = _visible_checklist(request, event_slug, "dei.sign_off_checklist")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        checklist_sign_off(checklist=checklist, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The checklist is signed off: claims held for it may be paid.")
    return redirect(checklist)

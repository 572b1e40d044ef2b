from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from rules.contrib.views import permission_required

from cwg_portal.access import require_perm
from cwg_portal.listing import listing
from events import services
from events.filters import EventFilter
from events.forms import EventForm
from events.selectors import events_visible_to
from membership.selectors import names_shown_to


def _visible_event(request, slug):
    return get_object_or_404(events_visible_to(request.user), slug=slug)


@permission_required("events.list_events")
def event_list(request):
    events = listing(request, events_visible_to(request.user), EventFilter)
    context = {"listing": events, "events": events.page.object_list, "page": events.page}
    return render(request, "events/event_list.html", context)


def event_detail(request, slug):
    event = _visible_event(request, slug)
    organisers, private_organisers = names_shown_to(request.user, event.organisers.all())
    context = {
        "event": event,
        "organisers": organisers,
        "private_organisers": private_organisers,
        "lead_shown": event.lead_contact in organisers,
    }
    return render(request, "events/event_detail.html", context)


def _save_event(request, form, save):
    """Run the service with the form's data; model errors go back onto the form."""
    data = dict(form.cleaned_data)
    organisers = data.pop("organisers")
    try:
        return save(organisers=organisers, **data)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@permission_required("events.create_event", raise_exception=True)
def event_create(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = _save_event(request, form, services.event_create)
        if event:
            messages.success(request, f"“{event}” was created.")
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": None})


def event_edit(request, slug):
    event = _visible_event(request, slug)
    require_perm(request.user, "events.edit_event", event)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        saved = _save_event(
            request, form, lambda **data: services.event_update(event=event, **data)
        )
        if saved:
            messages.success(request, f"“{saved}” was saved.")
            return redirect(saved)
    return render(request, "events/event_form.html", {"form": form, "event": event})

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from cwg_portal.access import require_perm
from cwg_portal.forms import run_service
from cwg_portal.listing import listing
from events import selectors, services
from events.enums import ENGAGEMENT_NEXT, EngagementStatus
from events.filters import EventFilter
from events.forms import (
    CommentForm,
    EngagementForm,
    EventForm,
    NoteForm,
    StaffMemberForm,
    TaskForm,
    TaskMoveForm,
)
from events.selectors import events_visible_to
from events.services import staff as staff_services
from events.services import tasks as task_services
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


# The staff and their engagements.


@permission_required("events.manage_staff", raise_exception=True)
def staff(request):
    context = {
        "staff_members": selectors.staff_members(),
        "engagements": selectors.engagements_visible_to(request.user),
    }
    return render(request, "events/staff.html", context)


@permission_required("events.manage_staff", raise_exception=True)
def staff_member_create(request):
    form = StaffMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = run_service(
            form,
            lambda: staff_services.staff_member_create(by=request.user, **form.cleaned_data),
        )
        if member:
            messages.success(request, f"{member.person} is on the staff list.")
            return redirect("events:staff")
    return render(request, "events/staff_member_form.html", {"form": form})


@permission_required("events.manage_staff", raise_exception=True)
def engagement_create(request):
    form = EngagementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        engagement = run_service(
            form, lambda: staff_services.engagement_create(by=request.user, **form.cleaned_data)
        )
        if engagement:
            messages.success(request, "The engagement is recorded; sign it to put it in force.")
            return redirect(engagement)
    return render(request, "events/engagement_form.html", {"form": form})


def _visible_engagement(request, pk):
    return get_object_or_404(selectors.engagements_visible_to(request.user), pk=pk)


def engagement(request, pk, note_form=None):
    engagement = _visible_engagement(request, pk)
    moves = ENGAGEMENT_NEXT[EngagementStatus(engagement.status)]
    context = {
        "engagement": engagement,
        "notes": engagement.notes.prefetch_related("attendees"),
        "note_form": note_form or NoteForm(),
        "moves": [EngagementStatus(status) for status in moves],
    }
    return render(request, "events/engagement_detail.html", context)


@require_POST
def engagement_note(request, pk):
    found = _visible_engagement(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        note = run_service(
            form,
            lambda: staff_services.note_record(
                engagement=found, by=request.user, **form.cleaned_data
            ),
        )
        if note:
            messages.success(request, "The log entry is recorded.")
            return redirect(found)
    return engagement(request, pk, note_form=form)


@require_POST
def engagement_move(request, pk):
    found = _visible_engagement(request, pk)
    require_perm(request.user, "events.manage_staff")
    try:
        staff_services.engagement_move(
            engagement=found, status=request.POST.get("status", ""), by=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The engagement's status is changed.")
    return redirect(found)


# Task boards. An event's board answers 404 to those who may not work it.


def _board_event(request, slug):
    return get_object_or_404(selectors.boards_visible_to(request.user), slug=slug)


def _board_task(request, slug, pk):
    return get_object_or_404(selectors.tasks_visible_to(request.user), event__slug=slug, pk=pk)


def board(request, slug):
    event = _board_event(request, slug)
    context = {
        "event": event,
        "columns": selectors.board_columns(event),
        "move_form": TaskMoveForm(),
    }
    return render(request, "events/board.html", context)


def task_create(request, slug):
    event = _board_event(request, slug)
    form = TaskForm(request.POST or None)
    del form.fields["status"]
    if request.method == "POST" and form.is_valid():
        task = run_service(
            form,
            lambda: task_services.task_create(event=event, by=request.user, **form.cleaned_data),
        )
        if task:
            messages.success(request, f"“{task}” is on the board.")
            return redirect("events:board", slug=event.slug)
    return render(request, "events/task_form.html", {"form": form, "event": event})


def task(request, slug, pk):
    found = _board_task(request, slug, pk)
    form = TaskForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: task_services.task_update(task=found, by=request.user, **form.cleaned_data),
        )
        if saved:
            messages.success(request, f"“{saved}” is saved.")
            return redirect(saved)
    context = {
        "task": found,
        "event": found.event,
        "form": form,
        "comments": found.comments.select_related("author"),
        "comment_form": CommentForm(),
    }
    return render(request, "events/task_detail.html", context)


@require_POST
def task_move(request, slug, pk):
    found = _board_task(request, slug, pk)
    form = TaskMoveForm(request.POST)
    if form.is_valid():
        moved = task_services.task_move(
            task=found, status=form.cleaned_data["status"], by=request.user
        )
        messages.success(request, f"“{moved}” moved to {moved.get_status_display()}.")
    else:
        messages.error(request, "Choose a column of the board to move the task to.")
    return redirect("events:board", slug=slug)


@require_POST
def task_comment(request, slug, pk):
    found = _board_task(request, slug, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        task_services.task_comment(task=found, text=form.cleaned_data["text"], by=request.user)
        messages.success(request, "Your comment is added.")
    else:
        messages.error(request, "Write a comment before adding it.")
    return redirect(found)

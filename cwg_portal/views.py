from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cwg_portal import calendars, notifications, registry
from cwg_portal.models import Delivery
from cwg_portal.pagination import paginate
from cwg_portal.tokens import token_revoke, tokens_of, tokens_revoke_all


@login_not_required
def home(request):
    return render(request, "cwg_portal/home.html")


def dashboard(request):
    user = request.user
    panels = [(panel, panel.context(user)) for panel in registry.panels() if panel.predicate(user)]
    return render(request, "cwg_portal/dashboard.html", {"panels": panels})


def notification_list(request):
    page = paginate(request, notifications.inbox_of(request.user))
    return render(request, "cwg_portal/notifications/list.html", {"page": page})


@require_POST
def notification_read(request, pk):
    """Mark one read and follow it to what it is about."""
    notifications.mark_read(user=request.user, notification_id=pk)
    notification = get_object_or_404(notifications.inbox_of(request.user), pk=pk)
    return redirect(notification.url or "notifications")


@require_POST
def notifications_read_all(request):
    count = notifications.mark_all_read(user=request.user)
    messages.success(request, f"Marked {count} notification{pluralize(count)} read.")
    return redirect("notifications")


class NotificationSettingsForm(forms.Form):
    def __init__(self, *args, preferences, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, delivery in preferences:
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, initial=delivery
            )


def notification_settings(request):
    preferences = notifications.preferences_of(request.user)
    form = NotificationSettingsForm(request.POST or None, preferences=preferences)
    if request.method == "POST" and form.is_valid():
        notifications.preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, "Your notification settings are saved.")
        return redirect("notification_settings")
    return render(request, "cwg_portal/notifications/settings.html", {"form": form})


def calendar(request):
    start, end = calendars.window()
    entries = calendars.entries_for(request.user, start, end)
    return render(
        request,
        "cwg_portal/calendar.html",
        {"entries": entries, "start": start, "end": end, "today": timezone.localdate()},
    )


def _ics(entries, *, name, filename):
    body = calendars.as_ical(entries, name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def calendar_ics(request):
    start, end = calendars.window()
    return _ics(
        calendars.entries_for(request.user, start, end),
        name=f"{settings.SITE_NAME}: your dates",
        filename="cwg-portal.ics",
    )


@login_not_required
def calendar_public_ics(request):
    start, end = calendars.window()
    return _ics(
        calendars.public_entries(start, end),
        name=f"{settings.SITE_NAME}: public dates",
        filename="cwg-portal-public.ics",
    )


@login_not_required
def calendar_feed_ics(request, token):
    """A person's own dates, for a calendar application that cannot log in:
    the secret token in the address stands for the person."""
    user = calendars.feed_owner(token)
    if user is None:
        raise Http404
    start, end = calendars.window()
    return _ics(
        calendars.entries_for(user, start, end),
        name=f"{settings.SITE_NAME}: your dates",
        filename="cwg-portal.ics",
    )


@require_http_methods(["GET", "POST"])
def calendar_subscribe(request):
    """How to subscribe, and the person's own feed address: made (shown once), or revoked."""
    token = None
    if request.method == "POST":
        if "revoke" in request.POST:
            calendars.feed_revoke(user=request.user)
            messages.success(request, "Your feed address is revoked; it opens nothing any more.")
            return redirect("calendar_subscribe")
        token = calendars.feed_create(user=request.user)
    context = {
        "feed": calendars.feed_of(request.user),
        "feed_url": (
            request.build_absolute_uri(reverse("calendar_feed_ics", args=[token]))
            if token
            else None
        ),
        "public_url": request.build_absolute_uri(reverse("calendar_public_ics")),
    }
    return render(request, "cwg_portal/calendar_subscribe.html", context)


@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """The person's own API tokens, each with its creation and expiry; revoke one or all."""
    if request.method == "POST":
        if "revoke_all" in request.POST:
            count = tokens_revoke_all(user=request.user)
            messages.success(request, f"Revoked all your API tokens ({count}).")
            return redirect("api_tokens")
        try:
            token_revoke(user=request.user, token_key=request.POST.get("token_key", ""))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "The token was revoked; it opens nothing any more.")
        return redirect("api_tokens")
    return render(request, "cwg_portal/api_tokens.html", {"tokens": tokens_of(request.user)})

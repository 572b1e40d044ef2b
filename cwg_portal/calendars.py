"""A person's calendar: the dated items every app contributes for them
(events, deadlines, votes, reviews and summaries due), as a page and an
iCalendar file."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from cwg_portal import registry
from cwg_portal.models import CalendarFeed

# What the calendar page and feed look ahead to, and back.
DAYS_AHEAD = 120
DAYS_BACK = 14


def window(today=None):
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=DAYS_BACK), today + datetime.timedelta(days=DAYS_AHEAD)


def entries_for(user, start, end):
    """Every app's entries for `user` dated from `start` to `end`, in date order."""
    found = [
        entry
        for source in registry.calendar_sources()
        for entry in source(user, start, end)
        if start <= entry.date <= end
    ]
    return sorted(found, key=lambda entry: (entry.date, entry.title))


def public_entries(start, end):
    """What anyone may see: every app's entries for someone not logged in
    (announced events, open calls' deadlines)."""
    return entries_for(AnonymousUser(), start, end)


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_create(*, user):
    """A new secret address for the user's feed, replacing any earlier one;
    returns the token, which is shown once and never stored."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"digest": _digest(token)})
    return token


@transaction.atomic
def feed_revoke(*, user):
    """Close the user's feed address; how many there were (0 or 1)."""
    revoked, _ = CalendarFeed.objects.filter(user=user).delete()
    return revoked


def feed_of(user):
    return CalendarFeed.objects.filter(user=user).first()


def feed_owner(token):
    """The active account whose feed the token opens, or None."""
    feed = CalendarFeed.objects.filter(digest=_digest(token), user__is_active=True)
    found = feed.select_related("user").first()
    return found.user if found else None


def as_ical(entries, *, name):
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for entry in entries:
        event = Event()
        # Stable across downloads, so a calendar application updates rather than duplicates.
        event.add("uid", f"{entry.category}-{entry.url}-{entry.date:%Y%m%d}@cwg-portal")
        event.add("dtstamp", stamp)
        event.add("summary", entry.title)
        event.add("dtstart", entry.date)
        # All-day events end on the day after their last.
        event.add("dtend", (entry.end or entry.date) + datetime.timedelta(days=1))
        event.add("url", f"{settings.SITE_URL}{entry.url}")
        event.add("categories", [entry.category])
        calendar.add_component(event)
    return calendar.to_ical()


def local_date(moment):
    return timezone.localtime(moment).date()

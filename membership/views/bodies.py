"""A chair's pages of their body: who sits on it and whose term ends soon, and
each member's participation in the formal votes of a calendar year."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cwg_portal.access import require_perm
from membership import selectors
from membership.models import Body

TERMS_ENDING_DAYS = 60


def body_manage(request, body_slug):
    body = get_object_or_404(Body, slug=body_slug)
    require_perm(request.user, "membership.manage_body", body)
    context = {
        "body": body,
        "seats": selectors.body_seats_current(body),
        "ending": selectors.terms_ending(within_days=TERMS_ENDING_DAYS).filter(body=body),
        "days": TERMS_ENDING_DAYS,
    }
    return render(request, "membership/body_manage.html", context)


def _year(value, default):
    return int(value) if value and value.isdigit() and 1900 <= int(value) <= 9999 else default


def body_participation(request, body_slug):
    """The guide asks each member to vote in a share of the formal votes of each
    calendar year; the chair sees who falls short. `?year=` picks the year, by
    default the latest with a closed vote."""
    body = get_object_or_404(Body, slug=body_slug)
    require_perm(request.user, "membership.view_participation", body)
    years = selectors.motion_years(body)
    year = _year(request.GET.get("year"), years[0] if years else timezone.localdate().year)
    context = {
        "body": body,
        "year": year,
        "years": years,
        "rows": selectors.participation(body, year),
    }
    return render(request, "membership/body_participation.html", context)

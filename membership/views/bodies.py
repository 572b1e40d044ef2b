"""A chair's page of their body: who sits on it, and whose term ends soon."""

from django.shortcuts import get_object_or_404, render

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

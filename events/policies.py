"""Who may do what with events. Permission names use the portal's own verbs, so
they never collide with the Django admin's model permissions."""

import rules
from django.db.models import Q

from cwg_portal.policies import Rule, register
from cwg_portal.roles import is_council, runs_events
from events.enums import PUBLIC_STATUSES


def organised_by(user):
    # An anonymous caller organises nothing (and cannot be used in a query).
    return Q(organisers__user=user) if user.is_authenticated else Q(pk__in=[])


VIEW, EDIT, ORGANISE = register(
    # Announced and past events are public; planning is for those running it,
    # the council that oversees, and the event's own organisers.
    Rule(
        "events.see_event",
        roles=runs_events | is_council,
        where=lambda user: Q(status__in=PUBLIC_STATUSES) | organised_by(user),
    ),
    Rule("events.edit_event", roles=runs_events, where=organised_by),
    Rule("events.organise_event", where=organised_by),
)

rules.add_perm("events.list_events", rules.is_authenticated)
rules.add_perm("events.create_event", runs_events)

# For other apps' rules: the event's own organisers.
is_event_organiser = rules.predicate(ORGANISE.allows, name="is_event_organiser")

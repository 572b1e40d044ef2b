"""Who may do what with events. Permission names use the portal's own verbs, so
they never collide with the Django admin's model permissions."""

import rules
from django.db.models import Q
from django.utils import timezone

from cwg_portal.policies import Rule, register
from cwg_portal.roles import is_council, is_cwg_member, runs_events
from events.enums import PUBLIC_STATUSES
from events.models import Engagement


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


def engaged_on(user):
    """The events covered by the user's engagements in force today."""
    if not user.is_authenticated:
        return Engagement.objects.none().values("events")
    engagements = Engagement.objects.in_force(timezone.localdate())
    return engagements.filter(staff_member__person__user=user).values("events")


def own_engagements(user):
    return Q(staff_member__person__user=user) if user.is_authenticated else Q(pk__in=[])


# Members see and work every board; staff those of the events their engagement
# in force covers, and no other (an event's board answers them 404 elsewhere).
BOARD, TASK, ENGAGEMENT = register(
    Rule("events.work_board", roles=is_cwg_member, where=lambda user: Q(pk__in=engaged_on(user))),
    Rule(
        "events.see_task",
        roles=is_cwg_member,
        where=lambda user: Q(event__in=engaged_on(user)),
    ),
    # Members engage the staff; a staff member sees, and logs exchanges on, their own.
    Rule("events.see_engagement", roles=is_cwg_member, where=own_engagements),
)

rules.add_perm("events.manage_staff", is_cwg_member)
rules.add_perm("events.list_events", rules.is_authenticated)
rules.add_perm("events.create_event", runs_events)

# For other apps' rules: the event's own organisers.
is_event_organiser = rules.predicate(ORGANISE.allows, name="is_event_organiser")
# The lists behind the boards and engagements: each narrowed by the rules above.
rules.add_perm("events.list_tasks", runs_events)
rules.add_perm("events.list_engagements", runs_events)

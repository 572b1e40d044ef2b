"""Who may do what with events. Permission names use the portal's own verbs, so
they never collide with the Django admin's model permissions."""

import rules

from cwg_portal.roles import runs_events


@rules.predicate
def is_event_organiser(user, event):
    # An anonymous caller organises nothing (and cannot be used in a query).
    if event is None or not user.is_authenticated:
        return False
    return event.organisers.filter(user=user).exists()


rules.add_perm("events.list_events", rules.is_authenticated)
rules.add_perm("events.create_event", runs_events)
rules.add_perm("events.edit_event", runs_events | is_event_organiser)

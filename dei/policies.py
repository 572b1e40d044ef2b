"""Who may do what in the DEI work. Permission names use the portal's own verbs,
so they never collide with the Django admin's model permissions."""

import rules
from django.db.models import Q

from cwg_portal.policies import Rule, register
from cwg_portal.roles import is_coc_responder, is_cwg_member, is_dei_committee, runs_events
from dei.enums import ChecklistStatus
from membership.selectors import is_conflicted


def organises_the_event(user):
    # An anonymous caller organises nothing (and cannot be used in a query).
    return Q(event__organisers__user=user) if user.is_authenticated else Q(pk__in=[])


register(
    # The committee and those who run events follow every checklist; organisers
    # see and work their own event's.
    Rule("dei.see_checklist", roles=is_dei_committee | runs_events, where=organises_the_event),
    Rule("dei.work_checklist", roles=is_dei_committee, where=organises_the_event),
    # The committee signs off an open checklist; the service also refuses a member
    # conflicted on the event (dei.selectors.sign_off_refusal).
    Rule("dei.sign_off_checklist", roles=is_dei_committee, states=(ChecklistStatus.OPEN,)),
    # Survey results, always in aggregate: the committee, those who run events and
    # the event's own organisers.
    Rule("dei.see_survey", roles=is_dei_committee | runs_events, where=organises_the_event),
)

rules.add_perm("dei.list_checklists", is_dei_committee | runs_events)
rules.add_perm("dei.list_surveys", is_dei_committee | runs_events)
rules.add_perm("dei.open_survey", is_dei_committee)
# What attendees wrote in their own words stays with the DEI committee.
rules.add_perm("dei.read_survey_comments", is_dei_committee)


@rules.predicate
def is_involved_in_incident(user, report):
    """Named in the report (by the responders, or by name, username or address in
    its text), or conflicted on those it names through the conflict register: the
    enforcement guide asks involved members to recuse."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if report is None or person is None:
        return False
    if report.named_people.filter(pk=person.pk).exists():
        return True
    text = f"{report.description}\n{report.people_involved}".lower()
    names = {person.display_name, user.get_username(), user.email}
    if any(len(name.strip()) > 2 and name.strip().lower() in text for name in names if name):
        return True
    return is_conflicted(person, report)


rules.add_perm("dei.list_incidents", is_coc_responder)
rules.add_perm("dei.read_incident", is_coc_responder & ~is_involved_in_incident)
rules.add_perm("dei.edit_glossary", is_dei_committee)
# Initiatives: the working group's members follow them; the committee keeps them.
rules.add_perm("dei.see_initiatives", is_cwg_member | is_dei_committee)
rules.add_perm("dei.edit_initiatives", is_dei_committee)
# Training and mentoring of event leaders: followed by the members, kept by the committee.
rules.add_perm("dei.see_training", is_cwg_member | is_dei_committee)
rules.add_perm("dei.edit_training", is_dei_committee)

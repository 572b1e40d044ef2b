"""Who may do what with the money."""

import rules
from django.db.models import Q

from cwg_portal.policies import Rule, register
from cwg_portal.roles import is_council, is_cwg_member, is_finance_staff, runs_events
from events.policies import is_event_organiser
from membership.selectors import is_conflicted

NONE = Q(pk__in=[])


@rules.predicate
def is_claimant(user, claim):
    return claim is not None and user.is_authenticated and claim.claimant_id == user.pk


@rules.predicate
def is_conflicted_on_claim(user, claim):
    person = getattr(user, "person", None) if user.is_authenticated else None
    return claim is not None and person is not None and is_conflicted(person, claim)


def own_claims(user):
    return Q(claimant=user) if user.is_authenticated else NONE


def allocations_of_their_events(user):
    """Those who run events may claim against any event's allocation; an
    organiser against their own events'."""
    if runs_events(user):
        return Q(event__isnull=False)
    return Q(event__organisers__user=user) if user.is_authenticated else NONE


reads_ledger = is_cwg_member | is_finance_staff

register(
    # The books are open to the group's members and the sponsor's finance staff.
    Rule("budget.see_entry", roles=reads_ledger),
    Rule("budget.see_budget_line", roles=reads_ledger),
    # The council oversees the allocations too.
    Rule("budget.see_allocation", roles=reads_ledger | is_council),
    # Everyone sees their own claims.
    Rule("budget.view_claim", roles=reads_ledger, where=own_claims),
    # Those who see every allocation may claim against any; others against their
    # events' (the service refuses a closed one whoever asks).
    Rule(
        "budget.claim_against_allocation",
        roles=reads_ledger | is_council,
        where=allocations_of_their_events,
    ),
)

rules.add_perm("budget.view_dashboard", reads_ledger | is_council)
rules.add_perm("budget.view_ledger", reads_ledger)
rules.add_perm("budget.post_entry", is_finance_staff)
rules.add_perm("budget.reverse_entry", is_finance_staff)
rules.add_perm("budget.reconcile_entry", is_finance_staff)
rules.add_perm("budget.import_ledger", is_finance_staff)
rules.add_perm("budget.view_allocations", reads_ledger | is_council)
rules.add_perm("budget.decide_allocation", is_cwg_member)
rules.add_perm("budget.plan_budget", is_cwg_member)
rules.add_perm("budget.submit_claim", rules.is_authenticated)
# A claim for an event is filed by its organisers or by the people running events.
rules.add_perm("budget.claim_for_event", runs_events | is_event_organiser)
# The conflict register decides too: a member with a declared interest stands aside.
rules.add_perm("budget.approve_claim", is_cwg_member & ~is_claimant & ~is_conflicted_on_claim)
rules.add_perm("budget.pay_claim", is_finance_staff & ~is_claimant)

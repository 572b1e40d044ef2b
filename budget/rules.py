"""Who may do what with the money."""

import rules

from cwg_portal.roles import is_council, is_cwg_member, is_finance_staff, runs_events
from events.policies import is_event_organiser
from membership.selectors import is_conflicted


@rules.predicate
def is_claimant(user, claim):
    return claim is not None and user.is_authenticated and claim.claimant_id == user.pk


@rules.predicate
def is_conflicted_on_claim(user, claim):
    person = getattr(user, "person", None) if user.is_authenticated else None
    return claim is not None and person is not None and is_conflicted(person, claim)


@rules.predicate
def organises_allocations_event(user, allocation):
    return (
        allocation is not None
        and allocation.event_id is not None
        and user.has_perm("budget.claim_for_event", allocation.event)
    )


reads_ledger = is_cwg_member | is_finance_staff

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
# Those who see every allocation may claim against any; others against their event's.
rules.add_perm(
    "budget.claim_against_allocation", reads_ledger | is_council | organises_allocations_event
)
rules.add_perm("budget.view_claim", reads_ledger | is_claimant)
# The conflict register decides too: a member with a declared interest stands aside.
rules.add_perm("budget.approve_claim", is_cwg_member & ~is_claimant & ~is_conflicted_on_claim)
rules.add_perm("budget.pay_claim", is_finance_staff & ~is_claimant)

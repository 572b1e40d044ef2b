"""The dashboard: one panel per concern, each shown to the roles it concerns.

A panel's context function returns what needs the user's attention; the apps
that come later add their panels to PANELS.
"""

from collections.abc import Callable
from dataclasses import dataclass

import rules
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from budget import selectors as budget_selectors
from budget.views._common import claim_rows
from cwg_portal.roles import (
    MFA_REQUIRED_ROLES,
    is_admin,
    is_authenticated,
    is_council,
    is_cwg_member,
    is_finance_staff,
    role_names,
    runs_events,
)
from events.selectors import events_organised_by, events_upcoming
from membership import selectors as membership_selectors
from membership.rules import chairs_a_body
from membership.selectors import profile_gaps, signups_unverified, users_missing_required_mfa
from membership.services import person_for_user
from workshops import selectors as workshop_selectors


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    predicate: rules.Predicate
    context: Callable


def account_context(user):
    person = person_for_user(user=user)
    return {
        "person": person,
        "profile_gaps": profile_gaps(person),
        "mfa_enabled": is_mfa_enabled(user),
        "mfa_required": settings.REQUIRE_MFA and bool(role_names(user) & MFA_REQUIRED_ROLES),
        "roles": sorted(role_names(user)),
    }


def organised_events_context(user):
    return {"events": events_organised_by(user=user)}


@rules.predicate
def organises_events(user):
    return events_organised_by(user=user).exists()


def upcoming_events_context(user):
    return {"events": events_upcoming(user=user)}


def security_context(user):
    return {
        "missing_mfa": users_missing_required_mfa()[:20],
        "unverified": signups_unverified()[:20],
    }


# A panel lists at most this many claims and links to the full queue.
CLAIMS_IN_PANEL = 10


def claims_to_approve_context(user):
    waiting = (
        budget_selectors.claims_awaiting_approval()
        .exclude(approvals__approver=user)
        .select_related("claimant__person")
        .order_by("submitted_at", "pk")
    )
    mine = [claim for claim in waiting if user.has_perm("budget.approve_claim", claim)]
    return {"rows": claim_rows(mine[:CLAIMS_IN_PANEL]), "count": len(mine)}


def claims_to_pay_context(user):
    waiting = budget_selectors.claims_awaiting_payment().select_related("claimant__person")
    mine = [claim for claim in waiting if user.has_perm("budget.pay_claim", claim)]
    return {"rows": claim_rows(mine[:CLAIMS_IN_PANEL]), "count": len(mine)}


def unreconciled_context(user):
    return {"count": budget_selectors.unreconciled_entries().count()}


def spending_authority_context(user):
    return {
        "funds": [
            (fund, budget_selectors.spending_authority(fund))
            for fund in budget_selectors.funds_with_balance()
        ]
    }


PANELS = [
    Panel("Your account", "dashboard/account.html", is_authenticated, account_context),
    Panel(
        "Events you organise",
        "dashboard/organised_events.html",
        organises_events,
        organised_events_context,
    ),
    Panel(
        "Upcoming events",
        "dashboard/upcoming_events.html",
        runs_events | is_council,
        upcoming_events_context,
    ),
    Panel("Account security", "dashboard/security.html", is_admin, security_context),
    Panel(
        "Claims awaiting your approval",
        "dashboard/claims_to_approve.html",
        is_cwg_member,
        claims_to_approve_context,
    ),
    Panel("Claims to pay", "dashboard/claims_to_pay.html", is_finance_staff, claims_to_pay_context),
    Panel(
        "Entries not reconciled",
        "dashboard/unreconciled_entries.html",
        is_finance_staff,
        unreconciled_context,
    ),
    Panel(
        "Spending authority",
        "dashboard/spending_authority.html",
        is_cwg_member | is_council,
        spending_authority_context,
    ),
]


# --- Governance ---------------------------------------------------------------

TERMS_ENDING_DAYS = 60


def terms_ending_context(user):
    bodies = list(membership_selectors.bodies_chaired_by(user))
    ending = membership_selectors.terms_ending(within_days=TERMS_ENDING_DAYS)
    return {"bodies": bodies, "seats": ending.filter(body__in=bodies), "days": TERMS_ENDING_DAYS}


def candidates_awaiting_council_context(user):
    waiting = membership_selectors.candidates_awaiting_council()
    return {"candidates": waiting[:CLAIMS_IN_PANEL], "count": waiting.count()}


@rules.predicate
def awaits_their_vote(user):
    return membership_selectors.elections_awaiting_vote(user).exists()


def elections_to_vote_context(user):
    return {"elections": membership_selectors.elections_awaiting_vote(user)}


@rules.predicate
def awaits_their_answer(user):
    return membership_selectors.nominations_awaiting_answer(user).exists()


def nominations_to_answer_context(user):
    return {"nominations": membership_selectors.nominations_awaiting_answer(user)}


@rules.predicate
def may_stand_in_an_election(user):
    return membership_selectors.elections_open_to_stand(user).exists()


def elections_open_to_stand_context(user):
    return {"elections": membership_selectors.elections_open_to_stand(user)}


PANELS += [
    Panel(
        "Terms ending within 60 days",
        "dashboard/terms_ending.html",
        chairs_a_body,
        terms_ending_context,
    ),
    Panel(
        "Candidates awaiting the council",
        "dashboard/candidates_awaiting_council.html",
        is_council,
        candidates_awaiting_council_context,
    ),
    Panel(
        "Elections waiting for your vote",
        "dashboard/elections_to_vote.html",
        awaits_their_vote,
        elections_to_vote_context,
    ),
    Panel(
        "Nominations awaiting your answer",
        "dashboard/nominations_to_answer.html",
        awaits_their_answer,
        nominations_to_answer_context,
    ),
    Panel(
        "Elections open for nominations",
        "dashboard/elections_open_to_stand.html",
        may_stand_in_an_election,
        elections_open_to_stand_context,
    ),
]


@rules.predicate
def awaits_their_motion(user):
    return (
        membership_selectors.motions_awaiting_vote(user).exists()
        or membership_selectors.motions_awaiting_second(user).exists()
    )


def motions_awaiting_context(user):
    return {
        "to_vote": membership_selectors.motions_awaiting_vote(user),
        "to_second": membership_selectors.motions_awaiting_second(user),
    }


PANELS.append(
    Panel(
        "Motions awaiting your vote or second",
        "dashboard/motions_awaiting.html",
        awaits_their_motion,
        motions_awaiting_context,
    )
)


# --- Workshops -----------------------------------------------------------------

PROPOSALS_IN_PANEL = 10


def reviews_to_do_context(user):
    return {"reviews": workshop_selectors.reviews_awaiting(user)}


@rules.predicate
def organises_proposals(user):
    return workshop_selectors.proposals_of(user).exists()


def workshop_proposals_context(user):
    proposals = workshop_selectors.proposals_of(user).select_related("call")
    return {"proposals": proposals[:PROPOSALS_IN_PANEL]}


@rules.predicate
def owes_summaries(user):
    return workshop_selectors.summaries_due_for(user).exists()


def summaries_due_context(user):
    return {"proposals": workshop_selectors.summaries_due_for(user)}


PANELS += [
    Panel("Reviews to do", "dashboard/reviews_to_do.html", is_cwg_member, reviews_to_do_context),
    Panel(
        "Your workshop proposals",
        "dashboard/workshop_proposals.html",
        organises_proposals,
        workshop_proposals_context,
    ),
    Panel("Summaries due", "dashboard/summaries_due.html", owes_summaries, summaries_due_context),
]


def panels_for(user):
    return [(panel, panel.context(user)) for panel in PANELS if panel.predicate(user)]

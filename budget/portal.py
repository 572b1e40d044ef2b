"""The budget's part of the portal: the approval, payment, reconciliation and
spending-authority panels, the budget pages and API, and the demo's money."""

from budget import demo, selectors
from budget.api import API_ROUTES
from budget.views._common import claim_rows
from cwg_portal.registry import (
    Contributions,
    DemoBuilder,
    NavItem,
    NotificationKind,
    Panel,
    ReportSection,
    holds_perm,
)
from cwg_portal.roles import (
    Role,
    is_authenticated,
    is_council,
    is_cwg_member,
    is_finance_staff,
    users_with_role,
)

# A panel lists at most this many claims and links to the full queue.
CLAIMS_IN_PANEL = 10


def claims_to_approve_context(user):
    waiting = (
        selectors.claims_awaiting_approval()
        .exclude(approvals__approver=user)
        .select_related("claimant__person")
        .order_by("submitted_at", "pk")
    )
    mine = [claim for claim in waiting if user.has_perm("budget.approve_claim", claim)]
    return {"rows": claim_rows(mine[:CLAIMS_IN_PANEL]), "count": len(mine)}


def claims_to_pay_context(user):
    waiting = selectors.claims_awaiting_payment().select_related("claimant__person")
    mine = [claim for claim in waiting if user.has_perm("budget.pay_claim", claim)]
    return {"rows": claim_rows(mine[:CLAIMS_IN_PANEL]), "count": len(mine)}


def unreconciled_context(user):
    return {"count": selectors.unreconciled_entries().count()}


def spending_authority_context(user):
    return {
        "funds": [
            (fund, selectors.spending_authority(fund)) for fund in selectors.funds_with_balance()
        ]
    }


def approvers(claim):
    members = users_with_role(Role.CWG_MEMBER) | users_with_role(Role.CWG_CHAIR)
    return [user for user in members.distinct() if user.has_perm("budget.approve_claim", claim)]


def claimant(claim):
    return [claim.claimant]


def event_organisers(allocation):
    if allocation.event is None:
        return []
    return [person.user for person in allocation.event.organisers.all() if person.user_id]


NOTIFICATIONS = (
    NotificationKind(
        "budget.claim_submitted",
        "A claim needs your approval",
        "Claim to approve: {claim.amount} {claim.currency}, {claim.description}",
        approvers,
    ),
    NotificationKind(
        "budget.claim_approved",
        "Your claim is approved",
        "Your claim is approved: {claim.description}",
        claimant,
    ),
    NotificationKind(
        "budget.claim_rejected",
        "Your claim is rejected",
        "Your claim is rejected: {claim.description}",
        claimant,
    ),
    NotificationKind(
        "budget.claim_paid",
        "Your claim is paid",
        "Your claim is paid: {claim.description}",
        claimant,
    ),
    NotificationKind(
        "budget.allocation_created",
        "Money is allocated to an event you organise",
        "Allocated to your event: {allocation.purpose}",
        event_organisers,
    ),
    NotificationKind(
        "budget.allocation_closed",
        "An allocation of an event you organise is closed",
        "Allocation closed: {allocation.purpose}",
        event_organisers,
    ),
)


contributions = Contributions(
    app="budget",
    mount="budget/",
    panels=(
        Panel(
            "Claims awaiting your approval",
            "dashboard/claims_to_approve.html",
            is_cwg_member,
            claims_to_approve_context,
            50,
        ),
        Panel(
            "Claims to pay",
            "dashboard/claims_to_pay.html",
            is_finance_staff,
            claims_to_pay_context,
            60,
        ),
        Panel(
            "Entries not reconciled",
            "dashboard/unreconciled_entries.html",
            is_finance_staff,
            unreconciled_context,
            70,
        ),
        Panel(
            "Spending authority",
            "dashboard/spending_authority.html",
            is_cwg_member | is_council,
            spending_authority_context,
            80,
        ),
    ),
    navigation=(
        NavItem("Budget", "budget:dashboard", holds_perm("budget.view_dashboard"), 40),
        NavItem("Claims", "budget:claims", is_authenticated, 50),
    ),
    api_routes=API_ROUTES,
    notifications=NOTIFICATIONS,
    report_sections=(
        ReportSection(
            "budget", "Finances", selectors.report_figures, "budget/report/section.html", 30
        ),
    ),
    demo=DemoBuilder(demo.seed, after=("membership", "events")),
)

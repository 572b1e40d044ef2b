"""Reads of the budget app: balances, spending authority, the lists each role may
see, the dashboard's figures and the public transparency totals."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Abs, Coalesce, ExtractYear
from django.urls import reverse
from django.utils import timezone

from budget.enums import (
    CLAIM_WAITING,
    MEAL_CATEGORY,
    SPONSOR_FEE_CATEGORY,
    AllocationStatus,
    CategoryKind,
    ClaimStatus,
    DocumentKind,
    EntrySource,
)
from budget.models import (
    Allocation,
    BudgetLine,
    Category,
    ExpenseClaim,
    FiscalYear,
    Fund,
    LedgerEntry,
)
from budget.validators import CENT
from cwg_portal import registry
from cwg_portal.policies import restrict

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def money_total(queryset, field="amount_fund"):
    # Quantized because SQLite (the demo database) sums decimals as floating point.
    return queryset.aggregate(total=Coalesce(Sum(field), ZERO))["total"].quantize(CENT)


def fund(slug):
    return Fund.objects.get(slug=slug)


def expense_categories():
    """The categories a budget line or a request may name (not the system ones)."""
    return Category.objects.filter(kind=CategoryKind.EXPENSE, is_system=False)


def categories(*, pks=None):
    found = Category.objects.all()
    return found if pks is None else found.filter(pk__in=pks)


def entries_of_allocation(allocation):
    return LedgerEntry.objects.filter(allocation=allocation)


def fund_balance(fund):
    return money_total(LedgerEntry.objects.filter(fund=fund))


def allocations_with_spent():
    """Allocations annotated with `spent`, the money paid against them so far."""
    spent = (
        LedgerEntry.objects.filter(allocation=OuterRef("pk"))
        .values("allocation")
        .annotate(total=Sum("amount_fund"))
        .values("total")
    )
    return Allocation.objects.select_related("fund", "event").annotate(
        spent=Coalesce(-Subquery(spent), ZERO)
    )


def spending_authority(fund):
    """held - paid - committed = available, in the fund's currency.

    held is the income received, paid the money gone out, committed what open
    allocations still promise (their amount less what was spent against them).
    """
    entries = LedgerEntry.objects.filter(fund=fund)
    held = money_total(entries.filter(category__kind=CategoryKind.INCOME))
    paid = -money_total(entries.filter(category__kind=CategoryKind.EXPENSE))
    committed = sum(
        (
            max(allocation.amount - allocation.spent, Decimal(0))
            for allocation in allocations_with_spent().filter(
                fund=fund, status=AllocationStatus.OPEN
            )
        ),
        Decimal(0),
    )
    return {
        "held": held,
        "paid": paid,
        "balance": held - paid,
        "committed": committed,
        "available": held - paid - committed,
    }


def funds_with_balance():
    return Fund.objects.annotate(balance=Coalesce(Sum("entries__amount_fund"), ZERO))


def entries_visible_to(user):
    entries = LedgerEntry.objects.select_related(
        "fund", "category", "event", "reconciliation", "reverses", "entered_by"
    )
    return restrict(entries, user, "budget.see_entry")


def claims_visible_to(user):
    claims = ExpenseClaim.objects.select_related("fund", "category", "event", "claimant")
    return restrict(claims, user, "budget.view_claim")


def allocations_visible_to(user):
    return restrict(allocations_with_spent(), user, "budget.see_allocation")


def allocations_claimable_by(user):
    """The open allocations a person may name on a claim."""
    open_ones = Allocation.objects.filter(status=AllocationStatus.OPEN).select_related("fund")
    return restrict(open_ones, user, "budget.claim_against_allocation")


def budget_lines_visible_to(user):
    lines = BudgetLine.objects.select_related("fund", "fiscal_year", "category", "event")
    return restrict(lines, user, "budget.see_budget_line")


def claims_awaiting_approval():
    return ExpenseClaim.objects.filter(status=ClaimStatus.SUBMITTED).select_related(
        "claimant", "category", "event"
    )


def claims_awaiting_payment():
    return (
        ExpenseClaim.objects.filter(status=ClaimStatus.APPROVED)
        .select_related("claimant", "category", "event")
        .order_by("approved_at")
    )


def unreconciled_entries():
    return LedgerEntry.objects.filter(reconciliation__isnull=True).select_related(
        "fund", "category"
    )


def approvals_required(claim):
    """Claims above the threshold need two distinct approvers."""
    if (
        claim.currency == claim.fund.currency
        and claim.amount <= settings.BUDGET_SECOND_APPROVAL_ABOVE
    ):
        return 1
    return 2


@dataclass(frozen=True)
class Finding:
    """One point of the sponsor's reimbursement policy, as it applies to a claim."""

    message: str
    blocking: bool = False


def claim_policy_findings(claim, kinds=None):
    """What the approver must know before approving; blocking findings stop approval.
    `kinds` are the kinds of the claim's documents, for a claim not yet stored."""
    if kinds is None:
        kinds = {receipt.kind for receipt in claim.receipts.all()}
    findings = [Finding("Check that each receipt shows the date and the itemised charges.")]
    if not kinds & {DocumentKind.RECEIPT, DocumentKind.INVOICE}:
        findings.append(Finding("No receipt or invoice is attached.", blocking=True))
    in_fund_currency = claim.currency == claim.fund.currency
    limit = settings.BUDGET_CONTRACT_REQUIRED_ABOVE
    if claim.is_invoice and DocumentKind.CONTRACT not in kinds:
        if not in_fund_currency:
            findings.append(
                Finding(
                    f"An invoice over {limit} {claim.fund.currency} needs a "
                    "contract: compare the amount after conversion."
                )
            )
        elif claim.amount > limit:
            findings.append(
                Finding(
                    f"An invoice over {limit} {claim.currency} needs the signed contract attached.",
                    blocking=True,
                )
            )
    if claim.category.slug == MEAL_CATEGORY and claim.meal_days:
        per_day = claim.amount / claim.meal_days
        daily = settings.BUDGET_MEAL_DAILY_LIMIT
        if in_fund_currency and per_day > daily:
            findings.append(
                Finding(
                    f"Meals are reimbursed up to {daily} {claim.currency} a day; "
                    f"this claim asks {per_day:.2f} a day.",
                    blocking=True,
                )
            )
    if claim.status == ClaimStatus.APPROVED and claim.approved_at:
        age = (timezone.now() - claim.approved_at).days
        if age > settings.BUDGET_PAYMENT_DAYS:
            findings.append(
                Finding(
                    f"Approved {age} days ago: the policy pays within "
                    f"{settings.BUDGET_PAYMENT_DAYS} days."
                )
            )
    return findings


def claims_waiting_on(allocation):
    """The claims against an allocation that may still be paid."""
    return allocation.claims.filter(status__in=CLAIM_WAITING)


def allocation_refusal(allocation):
    """Why no more money may be spent against the allocation, or None."""
    if allocation is not None and allocation.status != AllocationStatus.OPEN:
        return (
            f"The allocation “{allocation.purpose}” is {allocation.get_status_display().lower()}: "
            "nothing more is spent against it."
        )
    return None


def payment_holds(claim):
    """Why other parts of the portal ask that the claim's payment wait (such as a
    DEI sign-off its workshop's call requires)."""
    return [reason for hold in registry.payment_holds() if (reason := hold(claim))]


def claim_refusals(claim, action):
    """Why `action` ("approve", "reject" or "pay") cannot be taken on the claim
    now; empty when it can. The services refuse with these messages and the
    pages offer only the actions that have none."""
    status = claim.get_status_display().lower()
    if action == "reject":
        return [] if claim.status in CLAIM_WAITING else [f"A {status} claim cannot be rejected."]
    if action == "approve" and claim.status != ClaimStatus.SUBMITTED:
        return [f"This claim is {status}, not awaiting approval."]
    if action == "pay" and claim.status == ClaimStatus.PAID:
        return [f"This claim was already paid on {claim.paid_at:%Y-%m-%d}."]
    if action == "pay" and claim.status != ClaimStatus.APPROVED:
        return [f"Only an approved claim can be paid; this one is {status}."]
    refusals = [allocation_refusal(claim.allocation)] if claim.allocation_id else []
    if action == "pay":
        refusals += payment_holds(claim)
    if action == "approve":
        refusals += [f.message for f in claim_policy_findings(claim) if f.blocking]
    return [refusal for refusal in refusals if refusal]


CLAIM_ACTION_PERMS = {
    "approve": "budget.approve_claim",
    "reject": "budget.approve_claim",
    "pay": "budget.pay_claim",
}


def claim_actions(user, claim):
    """The actions on the claim the user may take now and would be accepted."""
    return {
        action
        for action, perm in CLAIM_ACTION_PERMS.items()
        if user.has_perm(perm, claim) and not claim_refusals(claim, action)
    }


def totals_by_category(entries):
    """[(category name, kind, total)] for a set of entries, largest amount first
    within each kind (spending is negative, so it is ordered by its size)."""
    rows = (
        entries.values("category__name", "category__kind")
        .annotate(total=Sum("amount_fund"))
        .order_by("category__kind", Abs("total").desc(), "category__name")
    )
    return [(row["category__name"], row["category__kind"], row["total"]) for row in rows]


def event_finances(event):
    """An event's money as the ledger has it: income by source and spending by
    category, and each budget line of the event beside what was posted in its
    category during its fiscal year."""
    entries = LedgerEntry.objects.filter(event=event)
    lines = []
    for line in BudgetLine.objects.filter(event=event).select_related("category", "fiscal_year"):
        year = line.fiscal_year
        posted = entries.filter(category=line.category, date__range=(year.starts_on, year.ends_on))
        actual = abs(money_total(posted))
        lines.append({"line": line, "actual": actual, "variance": line.planned_amount - actual})
    return {
        "by_category": totals_by_category(entries),
        "income": money_total(entries.filter(category__kind=CategoryKind.INCOME)),
        "spent": -money_total(entries.filter(category__kind=CategoryKind.EXPENSE)),
        "lines": lines,
    }


def budget_against_actual(*, fund, fiscal_year, until=None):
    """Each budget line of the year beside what was posted in its category (and
    event), in the whole year or up to `until`."""
    lines = BudgetLine.objects.filter(fund=fund, fiscal_year=fiscal_year).select_related(
        "category", "event"
    )
    last = min(fiscal_year.ends_on, until) if until else fiscal_year.ends_on
    entries = LedgerEntry.objects.filter(fund=fund, date__gte=fiscal_year.starts_on, date__lte=last)
    rows = []
    for line in lines:
        matching = entries.filter(category=line.category)
        if line.event_id:
            matching = matching.filter(event=line.event_id)
        actual = abs(money_total(matching))
        rows.append({"line": line, "actual": actual, "variance": line.planned_amount - actual})
    return rows


def yearly_totals_by_category(fund):
    """The public transparency figures: per year and category, no names, no references."""
    rows = (
        LedgerEntry.objects.filter(fund=fund)
        .annotate(year=ExtractYear("date"))
        .values("year", "category__name", "category__kind")
        .annotate(total=Sum("amount_fund"))
        .order_by("-year", "category__kind", "category__name")
    )
    years = {}
    for row in rows:
        years.setdefault(row["year"], []).append(
            (row["category__name"], row["category__kind"], row["total"])
        )
    return years


@dataclass(frozen=True)
class HistoryRow:
    when: object
    who: object
    change: str
    changes: list


def _shown(field, value):
    """A history value as a reader knows it: the related object, not its id."""
    if value is None or not field.is_relation:
        return value
    return field.related_model._default_manager.filter(pk=value).first() or value


def history_of(obj):
    """Every recorded version of a money object, newest first, with what each
    change altered ([(field label, old, new)])."""
    records = list(obj.history.select_related("history_user__person").order_by("-history_id"))
    rows = []
    for record, previous in zip(records, [*records[1:], None], strict=True):
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                field = obj._meta.get_field(change.field)
                changes.append(
                    (field.verbose_name, _shown(field, change.old), _shown(field, change.new))
                )
        rows.append(
            HistoryRow(
                record.history_date, record.history_user, record.get_history_type_display(), changes
            )
        )
    return rows


def _budget_figures(fund, end):
    """The fiscal year's budget lines of a fund beside what was posted up to `end`."""
    year = FiscalYear.objects.filter(starts_on__lte=end, ends_on__gte=end).first()
    if year is None:
        return []
    return [
        {
            "category": str(row["line"].category)
            + (f" ({row['line'].event.title})" if row["line"].event_id else ""),
            "fiscal_year": year.name,
            "planned": str(row["line"].planned_amount),
            "actual": str(row["actual"]),
            "variance": str(row["variance"]),
        }
        for row in budget_against_actual(fund=fund, fiscal_year=year, until=end)
    ]


def _claim_figures(fund, entries, start, end):
    """A fund's expense claims in a period: how many came in and were paid (with
    the payments' total in the fund's currency), and how many were still open
    at its end. Counts only, so that no claimant is named."""
    claims = ExpenseClaim.objects.filter(fund=fund)
    return {
        "submitted": claims.filter(submitted_at__date__range=(start, end)).count(),
        "paid": claims.filter(paid_at__date__range=(start, end)).count(),
        "paid_total": str(abs(money_total(entries.filter(source=EntrySource.CLAIM)))),
        "open_at_end": claims.filter(submitted_at__date__lte=end)
        .exclude(paid_at__date__lte=end)
        .exclude(rejected_at__date__lte=end)
        .count(),
    }


def report_figures(start, end):
    """Each fund's money in a reporting period: the balance at its start and
    end, income and expenses by category (in the fund's currency), the
    allocations made and the expense claims."""
    funds = []
    for each in Fund.objects.order_by("name"):
        entries = LedgerEntry.objects.filter(fund=each, date__range=(start, end))
        by_category = (
            entries.values("category__name", "category__kind")
            .annotate(total=Sum("amount_fund"))
            .order_by("category__kind", "category__name")
        )
        allocated = Allocation.objects.filter(fund=each, decided_on__range=(start, end))
        funds.append(
            {
                "name": each.name,
                "currency": each.currency,
                "income": str(money_total(entries.filter(category__kind=CategoryKind.INCOME))),
                "expenses": str(-money_total(entries.filter(category__kind=CategoryKind.EXPENSE))),
                # What the fiscal sponsor kept of the income, on its own line.
                "sponsor_fees": str(
                    -money_total(entries.filter(category__slug=SPONSOR_FEE_CATEGORY))
                ),
                "by_category": [
                    {
                        "category": row["category__name"],
                        "kind": CategoryKind(row["category__kind"]).label,
                        "total": str(row["total"]),
                    }
                    for row in by_category
                ],
                "allocated": str(money_total(allocated, "amount")),
                "allocations": allocated.count(),
                "balance_at_start": str(
                    money_total(LedgerEntry.objects.filter(fund=each, date__lt=start))
                ),
                "claims": _claim_figures(each, entries, start, end),
                "budget_against_actual": _budget_figures(each, end),
                "balance_at_end": str(
                    money_total(LedgerEntry.objects.filter(fund=each, date__lte=end))
                ),
            }
        )
    return {
        "funds": funds,
        "charts": [_category_chart(fund) for fund in funds if fund["by_category"]],
        "sources": [
            {"label": "Ledger", "url": reverse("budget:ledger")},
            {"label": "Allocations", "url": reverse("budget:allocations")},
        ],
    }


def _category_chart(fund):
    """A fund's money by category in the period, drawn by the report as bars."""
    return {
        "title": f"{fund['name']}: money in and out by category ({fund['currency']})",
        "label": "Category",
        "unit": fund["currency"],
        "bars": [
            {
                "label": f"{row['category']} ({row['kind'].lower()})",
                "value": row["total"].lstrip("-"),
            }
            for row in fund["by_category"]
        ],
    }

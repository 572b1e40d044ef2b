"""The budget dashboard and the public transparency page."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from rules.contrib.views import permission_required

from budget import selectors
from budget.charts import bar_chart
from budget.enums import CategoryKind, ClaimStatus
from budget.views._common import chosen, claim_rows, current_fiscal_year, fiscal_years
from budget.views.ledger import entries_for_table

RECENT_ENTRIES = 10


def _sum(amounts):
    return sum(amounts, Decimal(0))


def _category_figures(entries, currency, fiscal_year):
    """Income and spending by category, each as a chart and the rows of its table."""
    totals = selectors.totals_by_category(entries)
    income = [(name, total) for name, kind, total in totals if kind == CategoryKind.INCOME]
    spent = [(name, -total) for name, kind, total in totals if kind == CategoryKind.EXPENSE]
    return {
        "income": income,
        "spent": spent,
        "income_chart": bar_chart(
            title=f"Income by category in {fiscal_year}", rows=income, currency=currency
        ),
        "spent_chart": bar_chart(
            title=f"Spending by category in {fiscal_year}", rows=spent, currency=currency
        ),
    }


def _fund_year_context(fund, fiscal_year):
    if fiscal_year is None:
        return {}
    entries = fund.entries.filter(date__gte=fiscal_year.starts_on, date__lte=fiscal_year.ends_on)
    return {
        **_category_figures(entries, fund.currency, fiscal_year),
        "budget_rows": selectors.budget_against_actual(fund=fund, fiscal_year=fiscal_year),
    }


def _ledger_context(user, fund):
    context = {}
    if user.has_perm("budget.view_ledger"):
        context["recent_entries"] = entries_for_table(user).filter(fund=fund)[:RECENT_ENTRIES]
    if user.has_perm("budget.reconcile_entry"):
        context["unreconciled_count"] = selectors.unreconciled_entries().filter(fund=fund).count()
    return context


@permission_required("budget.view_dashboard", raise_exception=True)
def dashboard(request):
    funds = list(selectors.funds_with_balance())
    fund = chosen(funds, request.GET.get("fund"), key="slug")
    years = fiscal_years()
    year_name = request.GET.get("year")
    fiscal_year = chosen(years, year_name, key="name") if year_name else current_fiscal_year(years)
    context = {
        "funds": [(each, selectors.spending_authority(each)) for each in funds],
        "fund": fund,
        "fiscal_years": years,
        "fiscal_year": fiscal_year,
        "payment_days": settings.BUDGET_PAYMENT_DAYS,
    }
    if fund is not None:
        open_claims = (
            selectors.claims_visible_to(request.user)
            .filter(fund=fund, status__in=[ClaimStatus.SUBMITTED, ClaimStatus.APPROVED])
            .select_related("claimant__person")
            .order_by("submitted_at", "pk")
        )
        context |= {
            "open_claims": claim_rows(open_claims),
            **_fund_year_context(fund, fiscal_year),
            **_ledger_context(request.user, fund),
        }
    return render(request, "budget/dashboard.html", context)


@login_not_required
def transparency(request):
    """Yearly totals by category for each fund; no names, references or descriptions."""
    funds = []
    for fund in selectors.funds_with_balance():
        years = []
        for year, rows in selectors.yearly_totals_by_category(fund).items():
            income = _sum(total for _, kind, total in rows if kind == CategoryKind.INCOME)
            spent = _sum(total for _, kind, total in rows if kind == CategoryKind.EXPENSE)
            years.append({"year": year, "rows": rows, "income": income, "spent": -spent})
        funds.append((fund, years))
    return render(request, "budget/transparency.html", {"funds": funds})

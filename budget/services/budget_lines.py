"""Budget lines: what the group plans to receive or spend, per category and year."""

from django.db import transaction

from budget.models import BudgetLine


@transaction.atomic
def budget_line_create(
    *, fund, fiscal_year, category, planned_amount, created_by, event=None, note=""
):
    line = BudgetLine(
        fund=fund,
        fiscal_year=fiscal_year,
        category=category,
        planned_amount=planned_amount,
        event=event,
        note=note,
        created_by=created_by,
    )
    line.full_clean()
    line._history_user = created_by
    line.save()
    return line

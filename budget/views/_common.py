"""What the budget pages share: claim ages and small reads of the
reference data (funds, fiscal years) that no selector covers."""

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from budget.enums import ClaimStatus
from budget.models import FiscalYear


def claim_age(claim, now=None):
    """Days the claim has waited in its current state (submitted or approved)."""
    now = now or timezone.now()
    if claim.status == ClaimStatus.SUBMITTED:
        return (now - claim.submitted_at).days
    if claim.status == ClaimStatus.APPROVED and claim.approved_at:
        return (now - claim.approved_at).days
    return None


def claim_rows(claims):
    """[(claim, age in days or None, overdue)]: approved and unpaid past the policy's days."""
    now = timezone.now()
    rows = []
    for claim in claims:
        age = claim_age(claim, now)
        overdue = (
            claim.status == ClaimStatus.APPROVED
            and age is not None
            and age > settings.BUDGET_PAYMENT_DAYS
        )
        rows.append((claim, age, overdue))
    return rows


def chosen(items, value, *, key):
    """The item whose `key` is `value`; the first item when no value is given; 404
    for a value that names nothing."""
    if not value:
        return items[0] if items else None
    for item in items:
        if str(getattr(item, key)) == value:
            return item
    raise Http404("No such choice.")


def fiscal_years():
    return list(FiscalYear.objects.all())


def current_fiscal_year(years):
    """The fiscal year containing today, else the latest one."""
    today = timezone.localdate()
    for year in years:
        if year.starts_on <= today <= year.ends_on:
            return year
    return years[0] if years else None

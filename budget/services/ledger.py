"""Posting to the ledger: entries, reversals, the sponsor's fee and reconciliation.

Every posting locks the fund's row first, so postings to one fund happen one at
a time and the fee, which depends on the year's income so far, is never computed
from a stale total.
"""

from datetime import date as date_type
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from budget.enums import SPONSOR_FEE_CATEGORY, CategoryKind, EntrySource
from budget.models import Category, FiscalSponsor, FiscalYear, Fund, LedgerEntry, Reconciliation
from budget.selectors import money_total
from budget.validators import CENT

RATE_PLACES = Decimal("0.00000001")
REFERENCE_LENGTH = LedgerEntry._meta.get_field("reference").max_length


def _derived_reference(entry, suffix):
    """The label of an entry the portal posts for `entry`: its reference with a
    suffix, shortened so that the longest reference still leaves room for it."""
    return f"{entry.reference[: REFERENCE_LENGTH - len(suffix)]}{suffix}"


def fund_lock(fund):
    """Lock the fund's row for the rest of the transaction."""
    return Fund.objects.select_for_update().get(pk=fund.pk)


def _amount_in_fund_currency(*, fund, amount, currency, amount_fund):
    if currency == fund.currency:
        if amount_fund is not None and amount_fund != amount:
            raise ValidationError(
                {"amount_fund": "In the fund's own currency this must equal the amount."}
            )
        return amount
    if amount_fund is None:
        raise ValidationError(
            {"amount_fund": f"Give the amount in {fund.currency}: the entry is in {currency}."}
        )
    if (amount_fund > 0) != (amount > 0) or amount_fund == 0:
        raise ValidationError(
            {"amount_fund": "The amount in the fund's currency must have the amount's sign."}
        )
    return amount_fund


# The portal's reversals and fee corrections carry the opposite sign by construction.
SIGNED_BY_CONSTRUCTION = (EntrySource.REVERSAL, EntrySource.FEE)


def _refuse_wrong_sign(*, category, amount, source):
    """Income comes in, expenses go out: a positive expense would raise the money
    available to allocate. A correction is a reversal, which the portal posts."""
    if amount is None or source in SIGNED_BY_CONSTRUCTION:
        return
    if category.kind == CategoryKind.INCOME and amount < 0:
        raise ValidationError(
            {
                "amount": f"“{category}” is income: its amount is positive. Money going out "
                "is an expense; to undo income, reverse its entry."
            }
        )
    if category.kind == CategoryKind.EXPENSE and amount > 0:
        raise ValidationError(
            {
                "amount": f"“{category}” is an expense: its amount is negative (money going "
                "out). Money coming in is income; to undo an expense, reverse its entry."
            }
        )


@transaction.atomic
def entry_post(
    *,
    fund,
    date,
    reference,
    category,
    amount,
    entered_by,
    currency=None,
    amount_fund=None,
    description="",
    event=None,
    allocation=None,
    counterparty="",
    source=EntrySource.MANUAL,
    claim=None,
    reverses=None,
    fee_for=None,
):
    """Post one entry (and, for income, the sponsor's fee on it).

    Side effects: locks the fund; may post a second entry, the sponsor's fee.
    """
    fund = fund_lock(fund)
    if allocation is not None and allocation.fund_id != fund.pk:
        raise ValidationError({"allocation": "The allocation belongs to another fund."})
    if category.is_system and source != EntrySource.FEE:
        raise ValidationError({"category": f"“{category}” is posted by the portal itself."})
    _refuse_wrong_sign(category=category, amount=amount, source=source)
    currency = currency or fund.currency
    if amount is not None and amount != 0:
        amount_fund = _amount_in_fund_currency(
            fund=fund, amount=amount, currency=currency, amount_fund=amount_fund
        )
    entry = LedgerEntry(
        fund=fund,
        date=date,
        reference=reference.strip(),
        category=category,
        amount=amount,
        currency=currency,
        amount_fund=amount_fund,
        rate=(amount_fund / amount).quantize(RATE_PLACES) if amount else Decimal(1),
        description=description,
        event=event,
        allocation=allocation,
        counterparty=counterparty,
        source=source,
        claim=claim,
        reverses=reverses,
        fee_for=fee_for,
        entered_by=entered_by,
    )
    entry.full_clean()
    entry._history_user = entered_by
    entry.save()
    if category.kind == CategoryKind.INCOME:
        _sponsor_fee_post(entry=entry)
    return entry


@transaction.atomic
def entry_reverse(*, entry, entered_by, reason, date=None):
    """Post the entry that cancels `entry`: same category, opposite amount.

    Side effects: the reversal of an income entry takes its fee back too.
    """
    if not reason.strip():
        raise ValidationError({"reason": "Say why the entry is reversed."})
    if entry.source == EntrySource.FEE:
        raise ValidationError("A fee follows its income entry: reverse that entry instead.")
    if entry.reverses_id:
        raise ValidationError("This entry is itself a reversal; post a new entry instead.")
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError("This entry has already been reversed.")
    return entry_post(
        fund=entry.fund,
        date=date or timezone.localdate(),
        reference=_derived_reference(entry, "-REV"),
        category=entry.category,
        amount=-entry.amount,
        currency=entry.currency,
        amount_fund=-entry.amount_fund,
        description=f"Reversal of {entry.reference}: {reason.strip()}",
        event=entry.event,
        allocation=entry.allocation,
        counterparty=entry.counterparty,
        source=EntrySource.REVERSAL,
        reverses=entry,
        entered_by=entered_by,
    )


def sponsor_on(day):
    """The fiscal sponsor holding the funds on a day, or None."""
    return (
        FiscalSponsor.objects.filter(starts_on__lte=day)
        .exclude(ends_on__lt=day)
        .prefetch_related("fee_tiers")
        .order_by("-starts_on")
        .first()
    )


def fiscal_year_bounds(day):
    """The fiscal year a day falls in; the calendar year where none is defined."""
    year = FiscalYear.objects.filter(starts_on__lte=day, ends_on__gte=day).first()
    if year:
        return year.starts_on, year.ends_on
    return date_type(day.year, 1, 1), date_type(day.year, 12, 31)


def sponsor_fee(*, sponsor, income):
    """The fee on a year's income under the sponsor's tiers, to the cent."""
    tiers = list(sponsor.fee_tiers.all())
    fee = Decimal(0)
    for tier, next_tier in zip(tiers, [*tiers[1:], None], strict=True):
        ceiling = next_tier.income_above if next_tier else None
        taxed = max(
            Decimal(0), (income if ceiling is None else min(income, ceiling)) - tier.income_above
        )
        fee += taxed * tier.rate
    return fee.quantize(CENT, rounding=ROUND_HALF_UP)


def _sponsor_fee_post(*, entry):
    """Post the fee an income entry adds: the year's fee now, less the fees posted.

    Computing on the year's total rather than per entry keeps the sum of fee
    entries exactly equal to the tiered fee on the year's income. When the sponsor
    changes during a year, each charges its own tiers on the income it held.
    """
    sponsor = sponsor_on(entry.date)
    if sponsor is None:
        return None
    starts_on, ends_on = fiscal_year_bounds(entry.date)
    starts_on = max(starts_on, sponsor.starts_on)
    ends_on = min(ends_on, sponsor.ends_on or ends_on)
    year = LedgerEntry.objects.filter(fund=entry.fund, date__gte=starts_on, date__lte=ends_on)
    income = money_total(year.filter(category__kind=CategoryKind.INCOME))
    posted = money_total(year.filter(source=EntrySource.FEE))
    change = sponsor_fee(sponsor=sponsor, income=income) + posted
    if change == 0:
        return None
    return entry_post(
        fund=entry.fund,
        date=entry.date,
        reference=_derived_reference(entry, "-FEE"),
        category=Category.objects.get(slug=SPONSOR_FEE_CATEGORY),
        amount=-change,
        description=f"{sponsor.name} fee on {entry.reference}",
        counterparty=sponsor.name,
        source=EntrySource.FEE,
        entered_by=entry.entered_by,
        fee_for=entry,
    )


@transaction.atomic
def entry_reconcile(*, entry, reconciled_by, note=""):
    """Mark an entry as matching the sponsor's books; marking it twice keeps the first mark."""
    reconciliation, _ = Reconciliation.objects.get_or_create(
        entry=entry, defaults={"reconciled_by": reconciled_by, "note": note}
    )
    return reconciliation

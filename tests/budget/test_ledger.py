"""The ledger: append-only through every path, posting and reversing entries."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin import site
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from budget.enums import ClaimStatus, EntrySource
from budget.models import LedgerEntry, LedgerIsAppendOnly
from budget.selectors import fund_balance
from budget.services.claims import claim_pay
from budget.services.ledger import entry_post, entry_reverse
from cwg_portal.roles import Role
from tests.factories.budget import (
    AllocationFactory,
    ExpenseClaimFactory,
    FundFactory,
    LedgerEntryFactory,
    category,
    sponsor_with_tiers,
)
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 3, 15)


@pytest.fixture
def finance():
    return UserFactory(username="treasurer", roles=[Role.FINANCE_STAFF])


def post(fund, finance, **kwargs):
    values = {
        "fund": fund,
        "date": DAY,
        "reference": "TX-1",
        "category": category("donation"),
        "amount": Decimal("100.00"),
        "entered_by": finance,
    }
    return entry_post(**{**values, **kwargs})


def stored(entry):
    """The entry's columns as the database holds them now."""
    return LedgerEntry.objects.filter(pk=entry.pk).values("amount", "amount_fund", "reference")[0]


# --- Append-only ------------------------------------------------------------


def test_entry_save_after_creation_raises():
    entry = LedgerEntryFactory(amount=Decimal("100.00"))
    entry.amount = Decimal("1.00")

    with pytest.raises(LedgerIsAppendOnly):
        entry.save()

    assert stored(entry)["amount"] == Decimal("100.00")


def test_entry_delete_raises():
    entry = LedgerEntryFactory()

    with pytest.raises(LedgerIsAppendOnly):
        entry.delete()

    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_entry_queryset_update_raises():
    entry = LedgerEntryFactory(amount=Decimal("100.00"))

    with pytest.raises(LedgerIsAppendOnly):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))

    assert stored(entry)["amount"] == Decimal("100.00")


def test_entry_queryset_delete_raises():
    entry = LedgerEntryFactory()

    with pytest.raises(LedgerIsAppendOnly):
        LedgerEntry.objects.filter(pk=entry.pk).delete()

    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_entry_bulk_update_raises():
    entry = LedgerEntryFactory(amount=Decimal("100.00"))
    entry.amount = Decimal("1.00")

    # bulk_update runs in atomic(savepoint=False): its own block keeps the test's usable.
    with pytest.raises(LedgerIsAppendOnly), transaction.atomic():
        LedgerEntry.objects.bulk_update([entry], ["amount"])

    assert stored(entry)["amount"] == Decimal("100.00")


def test_entry_new_instance_over_an_existing_row_refused_by_the_database():
    entry = LedgerEntryFactory(amount=Decimal("100.00"), reference="TX-OLD")
    impostor = LedgerEntryFactory.build(
        pk=entry.pk, fund=entry.fund, entered_by=entry.entered_by, reference="TX-NEW"
    )

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        impostor.save()

    assert stored(entry)["reference"] == "TX-OLD"


def test_entry_raw_sql_update_refused_by_the_database():
    entry = LedgerEntryFactory(amount=Decimal("100.00"), reference="TX-RAW")

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE budget_ledgerentry SET amount = 1, amount_fund = 1 WHERE id = %s", [entry.pk]
        )

    assert stored(entry) == {
        "amount": Decimal("100.00"),
        "amount_fund": Decimal("100.00"),
        "reference": "TX-RAW",
    }


def test_entry_raw_sql_delete_refused_by_the_database():
    entry = LedgerEntryFactory()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM budget_ledgerentry")

    assert LedgerEntry.objects.filter(pk=entry.pk).count() == 1


def test_entry_admin_cannot_change_or_delete_for_the_site_admin(rf):
    admin_user = UserFactory(username="site-admin", roles=[Role.ADMIN], is_staff=True)
    entry = LedgerEntryFactory()
    request = rf.get("/admin/budget/ledgerentry/")
    request.user = admin_user
    model_admin = site._registry[LedgerEntry]

    permissions = [
        (
            model_admin.has_change_permission(request, obj),
            model_admin.has_delete_permission(request, obj),
        )
        for obj in (None, entry)
    ]

    assert admin_user.has_perm("budget.change_ledgerentry")
    assert model_admin.has_view_permission(request, entry)
    assert permissions == [(False, False), (False, False)]
    assert model_admin.has_add_permission(request) is False


# --- Posting ----------------------------------------------------------------


def test_entry_post_currency_defaults_to_the_funds(finance):
    fund = FundFactory(currency="EUR")

    entry = post(fund, finance, amount=Decimal("250.00"))

    assert (entry.currency, entry.amount_fund, entry.rate) == (
        "EUR",
        Decimal("250.00"),
        Decimal("1.00000000"),
    )


def test_entry_post_foreign_currency_without_amount_fund_refused(finance):
    fund = FundFactory(currency="USD")

    with pytest.raises(ValidationError) as refused:
        post(fund, finance, currency="EUR", amount=Decimal("100.00"))

    assert list(refused.value.message_dict) == ["amount_fund"]
    assert refused.value.message_dict["amount_fund"] == [
        "Give the amount in USD: the entry is in EUR."
    ]
    assert LedgerEntry.objects.count() == 0


def test_entry_post_foreign_currency_rate_is_amount_fund_over_amount(finance):
    fund = FundFactory(currency="USD")

    entry = post(
        fund, finance, currency="EUR", amount=Decimal("300.00"), amount_fund=Decimal("325.00")
    )

    entry.refresh_from_db()
    assert entry.amount == Decimal("300.00")
    assert entry.amount_fund == Decimal("325.00")
    assert entry.rate == Decimal("1.08333333")


def test_entry_post_zero_amount_refused(finance):
    fund = FundFactory()

    with pytest.raises(ValidationError) as refused:
        post(fund, finance, amount=Decimal("0.00"))

    assert "An entry moves some money: the amount cannot be zero." in refused.value.messages
    assert LedgerEntry.objects.count() == 0


def test_entry_post_repeated_reference_in_the_same_fund_refused(finance):
    fund = FundFactory()
    post(fund, finance, reference="NF-100")

    with pytest.raises(ValidationError) as refused:
        post(fund, finance, reference="NF-100", amount=Decimal("5.00"))

    assert refused.value.messages == ["This fund already has an entry with this reference."]
    assert LedgerEntry.objects.filter(fund=fund).count() == 1


def test_entry_post_repeated_reference_in_another_fund_allowed(finance):
    first, second = FundFactory(), FundFactory()
    post(first, finance, reference="NF-100")

    entry = post(second, finance, reference="NF-100")

    assert entry.fund == second
    assert LedgerEntry.objects.filter(reference="NF-100").count() == 2


@pytest.mark.parametrize(
    ("slug", "amount", "message"),
    [
        (
            "venue",
            "250.00",
            "“Venue” is an expense: its amount is negative (money going out). "
            "Money coming in is income; to undo an expense, reverse its entry.",
        ),
        (
            "donation",
            "-250.00",
            "“Donations” is income: its amount is positive. Money going out is an expense; "
            "to undo income, reverse its entry.",
        ),
    ],
)
def test_entry_post_with_the_sign_against_its_categorys_kind_refused(
    finance, slug, amount, message
):
    fund = FundFactory()
    LedgerEntryFactory(fund=fund, amount=Decimal("1000.00"))

    with pytest.raises(ValidationError) as refused:
        post(fund, finance, reference="TX-9", category=category(slug), amount=Decimal(amount))

    assert refused.value.message_dict == {"amount": [message]}
    assert fund_balance(fund) == Decimal("1000.00")


def test_entry_reverse_of_an_expense_posts_a_positive_amount_in_its_category(finance):
    fund = FundFactory()
    expense = post(fund, finance, category=category("venue"), amount=Decimal("-80.00"))

    reversal = entry_reverse(entry=expense, entered_by=finance, reason="Refunded", date=DAY)

    assert (reversal.category, reversal.amount) == (category("venue"), Decimal("80.00"))


def test_entry_post_system_category_by_hand_refused(finance):
    fund = FundFactory()

    with pytest.raises(ValidationError) as refused:
        post(fund, finance, category=category("fiscal-sponsor-fee"), amount=Decimal("-9.00"))

    assert list(refused.value.message_dict) == ["category"]
    assert LedgerEntry.objects.count() == 0


def test_entry_post_against_another_funds_allocation_refused(finance):
    fund, other = FundFactory(), FundFactory()

    with pytest.raises(ValidationError) as refused:
        post(
            fund,
            finance,
            category=category("venue"),
            amount=Decimal("-50.00"),
            allocation=AllocationFactory(fund=other),
        )

    assert refused.value.message_dict == {"allocation": ["The allocation belongs to another fund."]}
    assert LedgerEntry.objects.count() == 0


def test_entry_post_records_the_poster_in_history(finance):
    fund = FundFactory()

    entry = post(fund, finance)

    assert [(h.history_type, h.history_user) for h in entry.history.all()] == [("+", finance)]


# --- Reversing --------------------------------------------------------------


def test_entry_reverse_posts_the_opposite_entry(finance):
    fund = FundFactory(currency="USD")
    original = post(
        fund,
        finance,
        reference="NF-7",
        category=category("venue"),
        currency="EUR",
        amount=Decimal("-200.00"),
        amount_fund=Decimal("-216.40"),
    )

    reversal = entry_reverse(entry=original, entered_by=finance, reason="Charged twice")

    assert reversal.reverses == original
    assert reversal.reference == "NF-7-REV"
    assert (reversal.amount, reversal.amount_fund, reversal.currency) == (
        Decimal("200.00"),
        Decimal("216.40"),
        "EUR",
    )
    assert reversal.category == original.category
    assert reversal.source == EntrySource.REVERSAL
    assert reversal.description == "Reversal of NF-7: Charged twice"
    assert LedgerEntry.objects.filter(fund=fund).count() == 2
    assert fund_balance(fund) == Decimal("0.00")


def test_entry_reverse_twice_refused(finance):
    fund = FundFactory()
    original = post(fund, finance, category=category("venue"), amount=Decimal("-50.00"))
    entry_reverse(entry=original, entered_by=finance, reason="Wrong fund")

    with pytest.raises(ValidationError) as refused:
        entry_reverse(entry=original, entered_by=finance, reason="Again")

    assert refused.value.messages == ["This entry has already been reversed."]
    assert LedgerEntry.objects.filter(fund=fund).count() == 2


def test_entry_reverse_of_a_reversal_refused(finance):
    fund = FundFactory()
    original = post(fund, finance, category=category("venue"), amount=Decimal("-50.00"))
    reversal = entry_reverse(entry=original, entered_by=finance, reason="Wrong fund")

    with pytest.raises(ValidationError) as refused:
        entry_reverse(entry=reversal, entered_by=finance, reason="Undo the undo")

    assert refused.value.messages == ["This entry is itself a reversal; post a new entry instead."]
    assert LedgerEntry.objects.filter(fund=fund).count() == 2


def test_entry_reverse_of_a_fee_refused(finance):
    sponsor_with_tiers()
    fund = FundFactory()
    income = post(fund, finance, amount=Decimal("1000.00"))
    fee = income.sponsor_fee

    with pytest.raises(ValidationError) as refused:
        entry_reverse(entry=fee, entered_by=finance, reason="Too high")

    assert refused.value.messages == ["A fee follows its income entry: reverse that entry instead."]
    assert LedgerEntry.objects.filter(fund=fund).count() == 2


@pytest.mark.parametrize("reason", ["", "   "])
def test_entry_reverse_without_reason_refused(finance, reason):
    fund = FundFactory()
    original = post(fund, finance, category=category("venue"), amount=Decimal("-50.00"))

    with pytest.raises(ValidationError) as refused:
        entry_reverse(entry=original, entered_by=finance, reason=reason)

    assert list(refused.value.message_dict) == ["reason"]
    assert LedgerEntry.objects.filter(fund=fund).count() == 1


def test_entry_reverse_of_income_takes_its_fee_back(finance):
    sponsor_with_tiers()
    fund = FundFactory()
    post(fund, finance, reference="NF-1", amount=Decimal("5000.00"))
    before = fund_balance(fund)
    income = post(fund, finance, reference="NF-2", amount=Decimal("1234.57"))
    assert income.sponsor_fee.amount_fund == Decimal("-111.11")

    entry_reverse(entry=income, entered_by=finance, reason="Donor's card was declined", date=DAY)

    assert fund_balance(fund) == before == Decimal("4550.00")
    fees = LedgerEntry.objects.filter(fund=fund, source=EntrySource.FEE)
    assert sorted(fees.values_list("amount_fund", flat=True)) == [
        Decimal("-450.00"),
        Decimal("-111.11"),
        Decimal("111.11"),
    ]


def test_entry_reverse_of_todays_income_on_the_default_date_takes_its_fee_back(finance):
    sponsor_with_tiers()
    fund = FundFactory()
    income = post(fund, finance, date=timezone.localdate(), amount=Decimal("333.33"))

    reversal = entry_reverse(entry=income, entered_by=finance, reason="Duplicate gift")

    assert reversal.date == timezone.localdate()
    assert reversal.sponsor_fee.amount_fund == Decimal("30.00")
    assert fund_balance(fund) == Decimal("0.00")


def test_income_with_the_longest_reference_is_posted_and_reversed_with_its_fee(finance):
    sponsor_with_tiers()
    fund = FundFactory()
    reference = "NF-" + "7" * 97

    income = post(fund, finance, reference=reference, amount=Decimal("1000.00"))
    reversal = entry_reverse(entry=income, entered_by=finance, reason="Bounced", date=DAY)

    assert (income.sponsor_fee.reference, reversal.reference) == (
        reference[:96] + "-FEE",
        reference[:96] + "-REV",
    )
    assert reversal.sponsor_fee.reverses is None
    assert reversal.sponsor_fee.fee_for == reversal
    assert fund_balance(fund) == Decimal("0.00")


def test_entries_given_the_portals_own_labels_block_no_reversal_fee_or_payment(finance):
    sponsor_with_tiers()
    fund = FundFactory()
    claim = ExpenseClaimFactory(fund=fund, status=ClaimStatus.APPROVED, amount=Decimal("10.00"))
    for label in ("NF-9-REV", "NF-9-FEE", f"CLAIM-{claim.pk}"):
        post(fund, finance, reference=label, amount=Decimal("500.00"))

    income = post(fund, finance, reference="NF-9", amount=Decimal("100.00"))
    reversal = entry_reverse(entry=income, entered_by=finance, reason="Bounced", date=DAY)
    payment = claim_pay(claim=claim, paid_by=finance, date=DAY)

    assert (income.sponsor_fee.reference, reversal.reference, payment.reference) == (
        "NF-9-FEE",
        "NF-9-REV",
        f"CLAIM-{claim.pk}",
    )
    assert LedgerEntry.objects.filter(fund=fund, reference="NF-9-REV").count() == 2


def test_entry_post_by_hand_of_a_reference_a_reversal_carries_is_still_refused_twice(finance):
    fund = FundFactory()
    entry_reverse(entry=post(fund, finance), entered_by=finance, reason="Wrong fund", date=DAY)
    post(fund, finance, reference="TX-1-REV")

    with pytest.raises(ValidationError) as refused:
        post(fund, finance, reference="TX-1-REV")

    assert refused.value.messages == ["This fund already has an entry with this reference."]

"""The budget's management commands: import_ledger, and the money seed_demo creates."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from budget.enums import CategoryKind
from budget.models import (
    Allocation,
    Category,
    ClaimApproval,
    ExpenseClaim,
    Fund,
    LedgerEntry,
    Receipt,
)
from budget.selectors import fund_balance
from cwg_portal.roles import Role
from tests.factories.budget import FundFactory
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db

EXPORT = (
    "date,reference,category,amount,currency,amount_fund,description\n"
    '2024-03-05,NF-1,donation,"1,500.00",,,Individual donors\n'
    '03/06/2024,NF-2,venue,(320.25),,,"Room hire, two days"\n'
    "2024-03-07,NF-3,registration,100.00,EUR,108.40,Tickets\n"
)


@pytest.fixture
def finance():
    return UserFactory(username="treasurer", roles=[Role.FINANCE_STAFF])


@pytest.fixture
def fund():
    return FundFactory(slug="community", currency="USD")


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def import_ledger(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_ledger", *[str(arg) for arg in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_ledger_prints_counts_and_balance(fund, finance, export):
    out, err = import_ledger(export, "--fund", "community")

    assert out.splitlines() == [
        "imported 3, skipped 0",
        "balance of community: 1288.15 USD",
    ]
    assert err == ""
    assert fund_balance(fund) == Decimal("1288.15")
    assert set(LedgerEntry.objects.values_list("entered_by__username", flat=True)) == {"treasurer"}


def test_import_ledger_again_skips_every_row(fund, finance, export):
    import_ledger(export, "--fund", "community")

    out, _ = import_ledger(export, "--fund", "community")

    assert out.splitlines() == [
        "imported 0, skipped 3",
        "balance of community: 1288.15 USD",
    ]
    assert LedgerEntry.objects.count() == 3


def test_import_ledger_as_a_named_user(fund, finance, export):
    other = UserFactory(username="second-treasurer", roles=[Role.FINANCE_STAFF])

    import_ledger(export, "--fund", "community", "--as-user", "second-treasurer")

    assert set(LedgerEntry.objects.values_list("entered_by", flat=True)) == {other.pk}


def test_import_ledger_dry_run_writes_nothing(fund, finance, export):
    out, _ = import_ledger(export, "--fund", "community", "--dry-run")

    assert out.splitlines() == [
        "dry run: 3 row(s) would be imported, nothing written",
        "imported 0, skipped 0",
        "balance of community: 0.00 USD",
    ]
    assert LedgerEntry.objects.count() == 0


def test_import_ledger_bad_rows_raise_and_write_nothing(fund, finance, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        EXPORT + "2024-03-08,NF-4,snacks,10.00,,,\n\n2024-03-09,NF-5,donation,abc,,,\n",
        encoding="utf-8",
    )
    err = io.StringIO()

    with pytest.raises(CommandError) as refused:
        call_command(
            "import_ledger", str(path), "--fund", "community", stdout=io.StringIO(), stderr=err
        )

    assert str(refused.value) == f"2 problem(s) in {path}; nothing was written."
    assert err.getvalue().splitlines() == [
        "line 5: unknown category “snacks”",
        "line 7: “abc” is not an amount (write 1,234.56, -1234.56 or (1,234.56))",
    ]
    assert LedgerEntry.objects.count() == 0


def test_import_ledger_row_refused_when_posted_raises_with_its_line(fund, finance, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(EXPORT + f"2024-03-08,{'R' * 101},donation,10.00,,,\n", encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError) as refused:
        call_command(
            "import_ledger", str(path), "--fund", "community", stdout=io.StringIO(), stderr=err
        )

    assert str(refused.value) == f"1 problem(s) in {path}; nothing was written."
    assert err.getvalue().splitlines() == [
        "line 5: reference: Ensure this value has at most 100 characters (it has 101)."
    ]
    assert LedgerEntry.objects.count() == 0


def test_import_ledger_unknown_fund_raises(finance, export):
    with pytest.raises(CommandError) as refused:
        import_ledger(export, "--fund", "no-such-fund")

    assert str(refused.value) == "No fund with the slug 'no-such-fund'."
    assert LedgerEntry.objects.count() == 0


def test_import_ledger_missing_file_raises(fund, finance, tmp_path):
    with pytest.raises(CommandError) as refused:
        import_ledger(tmp_path / "missing.csv", "--fund", "community")

    assert str(refused.value) == (
        f"Cannot read {tmp_path / 'missing.csv'}: No such file or directory."
    )


def test_import_ledger_without_anyone_to_record_raises(fund, export):
    with pytest.raises(CommandError) as refused:
        import_ledger(export, "--fund", "community")

    assert str(refused.value) == "No account to record as the importer: pass --as-user USERNAME."
    assert LedgerEntry.objects.count() == 0


# --- seed_demo --------------------------------------------------------------


@pytest.fixture
def demo(monkeypatch, settings, tmp_path):
    """Run seed_demo with its receipts kept in the test's own directory."""
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-the-tests")
    settings.MEDIA_ROOT = tmp_path

    def run():
        call_command("seed_demo", stdout=io.StringIO())

    return run


def money_counts():
    return {
        model.__name__: model.objects.count()
        for model in (LedgerEntry, ExpenseClaim, ClaimApproval, Receipt, Allocation, Category)
    }


def test_seed_demo_creates_the_community_fund_and_categories(demo):
    demo()

    fund = Fund.objects.get(slug="jupyter-community")
    standard = Category.objects.filter(is_system=False)
    assert fund.currency == "USD"
    assert set(standard.filter(kind=CategoryKind.INCOME).values_list("slug", flat=True)) == {
        "donation",
        "sponsorship",
        "registration",
        "workshop-revenue",
        "grant",
    }
    assert set(standard.filter(kind=CategoryKind.EXPENSE).values_list("slug", flat=True)) == {
        "venue",
        "catering",
        "travel",
        "accessibility",
        "childcare",
        "scholarships",
        "staff-services",
        "supplies",
        "bank-fees",
        "other",
        "overhead",
    }
    assert list(Category.objects.filter(is_system=True).values_list("slug", flat=True)) == [
        "fiscal-sponsor-fee"
    ]


def test_seed_demo_run_twice_changes_no_count(demo):
    demo()
    first = money_counts()

    demo()

    assert money_counts() == first
    assert first["LedgerEntry"] > 0
    assert first["ExpenseClaim"] == 3
    # The accessibility workshop's, and the workshop funded in the demo's past round.
    assert first["Allocation"] == 2

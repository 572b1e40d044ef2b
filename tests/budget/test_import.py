"""Import of the fiscal sponsor's CSV export: what it reads, and all or nothing."""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db.models import Sum

from budget.enums import EntrySource
from budget.models import LedgerEntry
from budget.selectors import fund_balance
from budget.services.imports import ledger_import
from cwg_portal.roles import Role
from tests.factories.budget import FundFactory, LedgerEntryFactory, sponsor_with_tiers
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "date,reference,category,amount,currency,amount_fund,description,event\n"


@pytest.fixture
def finance():
    return UserFactory(username="treasurer", roles=[Role.FINANCE_STAFF])


@pytest.fixture
def fund():
    return FundFactory(slug="community", currency="USD")


def write(tmp_path, text, *, bom=False, name="export.csv"):
    """Write the export as the sponsor's system would, and read its bytes back."""
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path.read_bytes()


def run(fund, finance, content, **kwargs):
    return ledger_import(fund=fund, content=content, entered_by=finance, **kwargs)


def entry(fund, reference):
    return LedgerEntry.objects.select_related("category", "event").get(
        fund=fund, reference=reference
    )


# --- What it reads ----------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True], ids=["utf-8", "utf-8-bom"])
def test_import_utf8_with_or_without_bom(fund, finance, tmp_path, bom):
    content = write(
        tmp_path,
        HEADER + "2024-03-05,NF-1,donation,250.00,,,Spende von Zoë (Zürich),\n",
        bom=bom,
    )

    result = run(fund, finance, content)

    assert (result.errors, result.imported, result.skipped) == ([], 1, 0)
    assert entry(fund, "NF-1").description == "Spende von Zoë (Zürich)"
    assert fund_balance(fund) == Decimal("250.00")


def test_import_file_not_utf8_refused(fund, finance):
    result = run(fund, finance, "date,reference,category,amount\n".encode("utf-16"))

    assert result.errors == ["The file is not UTF-8 text."]
    assert LedgerEntry.objects.count() == 0


def test_import_file_with_a_nul_byte_refused_with_its_line(fund, finance):
    content = (
        HEADER + "2024-03-05,NF-1,donation,250.00,,,Gift,\n2024-03-06,NF\x00,grant,1.00,,,,\n"
    ).encode()

    result = run(fund, finance, content)

    assert result.errors == ["Line 3 holds a NUL byte: the file is not a text export."]
    assert LedgerEntry.objects.count() == 0


def test_import_header_in_any_order_case_and_spacing(fund, finance, tmp_path):
    content = write(
        tmp_path,
        " Amount ,CATEGORY,  Reference,Date  , description\n"
        "-48.10,Supplies,NF-9,2024-03-05,Badges\n",
    )

    result = run(fund, finance, content)

    assert result.errors == []
    imported = entry(fund, "NF-9")
    assert (imported.date, imported.category.slug, imported.amount, imported.description) == (
        datetime.date(2024, 3, 5),
        "supplies",
        Decimal("-48.10"),
        "Badges",
    )


@pytest.mark.parametrize("text", ["", "\ufeff"], ids=["empty", "bom-only"])
def test_import_empty_file_refused(fund, finance, tmp_path, text):
    result = run(fund, finance, write(tmp_path, text))

    assert result.errors == ["The file is empty."]


def test_import_counterparty_kept_and_other_columns_ignored(fund, finance, tmp_path):
    content = write(
        tmp_path,
        "date,reference,category,amount,counterparty,running balance,memo\n"
        '2024-03-05,NF-1,sponsorship,"5,000.00",Example Analytics Inc.,"5,000.00",Q1\n',
    )

    result = run(fund, finance, content)

    imported = entry(fund, "NF-1")
    assert result.errors == []
    assert (imported.counterparty, imported.amount, imported.description) == (
        "Example Analytics Inc.",
        Decimal("5000.00"),
        "",
    )


def test_import_missing_required_column_refused(fund, finance, tmp_path):
    content = write(tmp_path, "date,description,amount\n2024-03-05,Gift,10.00\n")

    result = run(fund, finance, content)

    assert result.errors == ["Missing column(s): reference, category."]
    assert LedgerEntry.objects.count() == 0


def test_import_both_date_formats(fund, finance, tmp_path):
    content = write(
        tmp_path,
        HEADER + "2024-03-05,NF-1,donation,10.00,,,,\n03/05/2024,NF-2,donation,20.00,,,,\n",
    )

    run(fund, finance, content)

    assert entry(fund, "NF-1").date == entry(fund, "NF-2").date == datetime.date(2024, 3, 5)


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("1,234.56", Decimal("1234.56")),
        ("-1234.56", Decimal("-1234.56")),
        ("(1,234.56)", Decimal("-1234.56")),
        ("$1,234.56", Decimal("1234.56")),
        ("-$5.00", Decimal("-5.00")),
        ("($5.00)", Decimal("-5.00")),
        ("1234567", Decimal("1234567")),
        (" 12.5 ", Decimal("12.5")),
    ],
)
def test_import_amount_formats(fund, finance, tmp_path, written, amount):
    kind = "grant" if amount > 0 else "other"
    content = write(tmp_path, HEADER + f'2024-03-05,NF-1,{kind},"{written}",,,,\n')

    result = run(fund, finance, content)

    assert result.errors == []
    assert entry(fund, "NF-1").amount == amount
    assert fund_balance(fund) == amount


def test_import_description_with_commas_and_line_breaks(fund, finance, tmp_path):
    content = write(
        tmp_path,
        HEADER
        + '2024-03-05,NF-1,catering,-310.00,,,"Lunch, coffee and snacks\n'
        + 'for 16, with ""vegan"" options",\n'
        + "2024-03-06,NF-2,venue,-200.00,,,Room hire,\n",
    )

    result = run(fund, finance, content)

    assert (result.errors, result.imported) == ([], 2)
    assert entry(fund, "NF-1").description == (
        'Lunch, coffee and snacks\nfor 16, with "vegan" options'
    )
    assert entry(fund, "NF-2").amount == Decimal("-200.00")


@pytest.mark.parametrize(
    "written", ["catering", "Catering", "Catering and meals", "CATERING AND MEALS"]
)
def test_import_category_by_slug_or_name(fund, finance, tmp_path, written):
    content = write(tmp_path, HEADER + f"2024-03-05,NF-1,{written},-42.00,,,,\n")

    run(fund, finance, content)

    assert entry(fund, "NF-1").category.slug == "catering"


def test_import_currency_defaults_to_the_funds(fund, finance, tmp_path):
    content = write(tmp_path, "date,reference,category,amount\n2024-03-05,NF-1,donation,75.00\n")

    run(fund, finance, content)

    imported = entry(fund, "NF-1")
    assert (imported.currency, imported.amount_fund, imported.rate, imported.source) == (
        "USD",
        Decimal("75.00"),
        Decimal("1.00000000"),
        EntrySource.IMPORT,
    )
    assert imported.entered_by == finance


def test_import_foreign_currency_row_with_amount_fund(fund, finance, tmp_path):
    content = write(
        tmp_path, HEADER + '2024-03-05,EU-1,registration,"1,000.00",eur,"$1,085.50",,\n'
    )

    run(fund, finance, content)

    imported = entry(fund, "EU-1")
    assert (imported.amount, imported.currency, imported.amount_fund, imported.rate) == (
        Decimal("1000.00"),
        "EUR",
        Decimal("1085.50"),
        Decimal("1.08550000"),
    )
    assert fund_balance(fund) == Decimal("1085.50")


def test_import_event_by_slug(fund, finance, tmp_path):
    event = EventFactory(slug="jupytercon-2024")
    content = write(tmp_path, HEADER + "2024-03-05,NF-1,venue,-900.00,,,,jupytercon-2024\n")

    run(fund, finance, content)

    assert entry(fund, "NF-1").event == event


def test_import_skips_blank_rows(fund, finance, tmp_path):
    content = write(tmp_path, HEADER + "2024-03-05,NF-1,donation,10.00,,,,\n,,,,,,,\n\n")

    result = run(fund, finance, content)

    assert (result.errors, result.imported, len(result.rows)) == ([], 1, 1)


def test_import_dry_run_writes_nothing(fund, finance, tmp_path):
    content = write(tmp_path, HEADER + "2024-03-05,NF-1,donation,10.00,,,,\n")

    result = run(fund, finance, content, dry_run=True)

    assert (result.errors, result.to_import, result.imported, result.written) == ([], 1, 0, False)
    assert LedgerEntry.objects.count() == 0


# --- All or nothing ---------------------------------------------------------

GOOD_ROW = "2024-03-05,NF-1,donation,100.00,,,,\n"


@pytest.mark.parametrize(
    ("bad_row", "error"),
    [
        (
            "2024-13-05,NF-2,donation,10.00,,,,",
            "line 3: “2024-13-05” is not a date (write YYYY-MM-DD or MM/DD/YYYY)",
        ),
        (
            "05.03.2024,NF-2,donation,10.00,,,,",
            "line 3: “05.03.2024” is not a date (write YYYY-MM-DD or MM/DD/YYYY)",
        ),
        ("2024-03-05,NF-2,snacks,10.00,,,,", "line 3: unknown category “snacks”"),
        ("2024-03-05,,donation,10.00,,,,", "line 3: the reference is missing"),
        ("2024-03-05,NF-1,donation,10.00,,,,", "line 3: reference NF-1 repeats line 2"),
        (
            '2024-03-05,NF-2,donation,"12,34.5",,,,',
            "line 3: “12,34.5” is not an amount (write 1,234.56, -1234.56 or (1,234.56))",
        ),
        (
            "2024-03-05,NF-2,donation,abc,,,,",
            "line 3: “abc” is not an amount (write 1,234.56, -1234.56 or (1,234.56))",
        ),
        (
            "2024-03-05,NF-2,donation,10.001,,,,",
            "line 3: “10.001” is not an amount (write 1,234.56, -1234.56 or (1,234.56))",
        ),
        ("2024-03-05,NF-2,donation,0.00,,,,", "line 3: the amount is zero"),
        (
            "2024-03-05,NF-2,donation,10.00,EUR,,,",
            "line 3: amount_fund is required: the row is in EUR, the fund in USD",
        ),
        ("2024-03-05,NF-2,donation,10.00,XYZ,11.00,,", "line 3: unknown currency “XYZ”"),
        ("2024-03-05,NF-2,venue,-10.00,,,,no-such-event", "line 3: unknown event “no-such-event”"),
    ],
    ids=[
        "bad-date",
        "european-date",
        "unknown-category",
        "missing-reference",
        "repeated-reference",
        "misplaced-comma",
        "not-a-number",
        "sub-cent",
        "zero",
        "missing-amount-fund",
        "unknown-currency",
        "unknown-event",
    ],
)
def test_import_invalid_row_writes_nothing(fund, finance, tmp_path, bad_row, error):
    content = write(tmp_path, HEADER + GOOD_ROW + bad_row + "\n")
    before = LedgerEntry.objects.count()

    result = run(fund, finance, content)

    assert result.errors == [error]
    assert (result.imported, result.written) == (0, False)
    assert LedgerEntry.objects.count() == before == 0


def test_import_skips_sponsor_fee_rows_which_the_fund_posts_itself(fund, finance, tmp_path):
    content = write(
        tmp_path, HEADER + GOOD_ROW + "2024-03-05,NF-2-FEE,fiscal-sponsor-fee,-9.00,,,,\n"
    )

    result = run(fund, finance, content)

    assert [(row.reference, row.outcome, row.skip_reason) for row in result.rows] == [
        ("NF-1", "import", ""),
        ("NF-2-FEE", "skip", "the portal posts “Fiscal sponsor's fee” itself"),
    ]
    assert list(LedgerEntry.objects.values_list("reference", flat=True)) == ["NF-1"]


def test_import_reports_every_bad_row_with_its_line(fund, finance, tmp_path):
    LedgerEntryFactory(fund=fund, reference="OLD-1")
    content = write(
        tmp_path,
        HEADER
        + "2024-03-05,NF-1,donation,100.00,,,,\n"  # line 2: good
        + '2024-03-06,NF-2,catering,-20.00,,,"Lunch,\nday one",\n'  # lines 3-4: good
        + "2024-02-30,NF-3,donation,10.00,,,,\n"  # line 5
        + "\n"  # line 6: blank
        + "2024-03-07,NF-4,snacks,abc,,,,\n"  # line 7: two problems
        + "2024-03-08,OLD-1,donation,5.00,,,,\n"  # line 8: already posted
        + "2024-03-09,NF-1,donation,7.00,GBP,,,\n",  # line 9: two problems
    )

    result = run(fund, finance, content)

    assert result.errors == [
        "line 5: “2024-02-30” is not a date (write YYYY-MM-DD or MM/DD/YYYY)",
        "line 7: “abc” is not an amount (write 1,234.56, -1234.56 or (1,234.56))",
        "line 7: unknown category “snacks”",
        "line 9: amount_fund is required: the row is in GBP, the fund in USD",
        "line 9: reference NF-1 repeats line 2",
    ]
    assert LedgerEntry.objects.filter(fund=fund).count() == 1


def test_import_row_refused_when_posted_reports_its_line_and_writes_nothing(
    fund, finance, tmp_path
):
    long_reference = "R" * 101
    content = write(
        tmp_path,
        HEADER
        + GOOD_ROW
        + f"2024-03-06,{long_reference},donation,10.00,,,,\n"
        + "2024-03-07,NF-3,donation,20.00,,,,\n",
    )

    result = run(fund, finance, content)

    assert result.errors == [
        "line 3: reference: Ensure this value has at most 100 characters (it has 101)."
    ]
    assert (result.imported, result.written) == (0, False)
    assert LedgerEntry.objects.count() == 0


def test_import_row_with_the_sign_against_its_category_writes_nothing(fund, finance, tmp_path):
    content = write(tmp_path, HEADER + GOOD_ROW + "2024-03-06,NF-2,venue,300.00,,,,\n")

    result = run(fund, finance, content)

    assert result.errors == [
        "line 3: amount: “Venue” is an expense: its amount is negative (money going out). "
        "Money coming in is income; to undo an expense, reverse its entry."
    ]
    assert LedgerEntry.objects.count() == 0


def test_import_row_named_like_a_fee_entry_is_posted_beside_it(fund, finance, tmp_path):
    sponsor_with_tiers()
    content = write(tmp_path, HEADER + GOOD_ROW + "2024-03-05,NF-1-FEE,bank-fees,-2.00,,,,\n")

    result = run(fund, finance, content)

    assert (result.errors, result.imported) == ([], 2)
    assert sorted(
        LedgerEntry.objects.filter(reference="NF-1-FEE").values_list("source", flat=True)
    ) == [EntrySource.FEE, EntrySource.IMPORT]


# --- Importing again --------------------------------------------------------


def test_import_same_file_again_imports_nothing(fund, finance, tmp_path):
    content = write(
        tmp_path,
        HEADER
        + "2024-03-05,NF-1,donation,100.00,,,,\n"
        + "2024-03-06,NF-2,venue,-40.00,,,,\n"
        + "2024-03-07,NF-3,registration,30.00,EUR,32.55,,\n",
    )
    first = run(fund, finance, content)
    balance = fund_balance(fund)

    again = run(fund, finance, content)

    assert (first.imported, first.skipped) == (3, 0)
    assert (again.errors, again.imported, again.skipped) == ([], 0, 3)
    assert LedgerEntry.objects.filter(fund=fund).count() == 3
    assert fund_balance(fund) == balance == Decimal("92.55")


def test_import_mixed_file_imports_only_the_new_rows(fund, finance, tmp_path):
    run(
        fund,
        finance,
        write(tmp_path, HEADER + "2024-03-05,NF-1,donation,100.00,,,,\n", name="march.csv"),
    )
    content = write(
        tmp_path,
        HEADER
        + "2024-03-05,NF-1,donation,100.00,,,,\n"
        + "2024-04-02,NF-2,donation,250.00,,,,\n"
        + "2024-04-03,NF-3,supplies,-12.34,,,,\n",
        name="march-april.csv",
    )

    result = run(fund, finance, content)

    assert (result.imported, result.skipped) == (2, 1)
    assert sorted(LedgerEntry.objects.values_list("reference", flat=True)) == [
        "NF-1",
        "NF-2",
        "NF-3",
    ]
    assert fund_balance(fund) == Decimal("337.66")


def test_import_reference_posted_in_another_fund_is_imported(fund, finance, tmp_path):
    LedgerEntryFactory(fund=FundFactory(), reference="NF-1")
    content = write(tmp_path, HEADER + GOOD_ROW)

    result = run(fund, finance, content)

    assert (result.imported, result.skipped) == (1, 0)


# --- A file no one here has seen -------------------------------------------

INCOME = ["donation", "Sponsorship", "registration", "Workshop revenue", "grant"]
EXPENSES = ["venue", "Catering and meals", "travel", "accessibility", "childcare", "supplies"]
RATES = {"EUR": Decimal("1.0842"), "GBP": Decimal("1.2655"), "CAD": Decimal("0.7311")}


def sponsor_export(rows=36, seed=20240701):
    """A year of a sponsor's books as their system exports it: US and ISO dates,
    thousands separators, dollar signs, parentheses for money out, other
    currencies with their dollar value, descriptions with commas and quotes.
    Returns the file's text and the rows it holds."""
    generate = random.Random(seed)  # noqa: S311 - the same file on every run, not a secret
    lines, rows_written = [" Date ,Reference,Category,Amount,Currency,Amount_Fund,Description"], []
    for number in range(rows):
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=generate.randrange(366))
        is_income = number % 3 != 2
        amount = Decimal(generate.randrange(100, 2_500_000)) / 100
        row = {
            "date": day,
            "category": generate.choice(INCOME if is_income else EXPENSES),
            "amount": amount if is_income else -amount,
            "currency": generate.choice(["USD", "USD", "USD", *RATES]),
        }
        row["amount_fund"] = row["amount"]
        if row["currency"] != "USD":
            row["amount_fund"] = (row["amount"] * RATES[row["currency"]]).quantize(
                Decimal("0.01"), ROUND_HALF_UP
            )
        lines.append(
            ",".join(
                [
                    day.isoformat() if number % 2 else day.strftime("%m/%d/%Y"),
                    f"LF-2024-{number:04d}",
                    row["category"],
                    f'"{money(row["amount"], style=number % 4)}"',
                    # The sponsor leaves the currency out now and then for dollars.
                    "" if row["currency"] == "USD" and number % 5 == 0 else row["currency"],
                    "" if row["currency"] == "USD" else f'"{money(row["amount_fund"], style=1)}"',
                    f'"Row {number}, paid via ""{row["currency"]}"" account"',
                ]
            )
        )
        rows_written.append(row)
    return "\r\n".join(lines) + "\r\n", rows_written


def money(amount, *, style):
    text = f"{abs(amount):,.2f}"
    if amount >= 0:
        return [text, f"${text}", text.replace(",", ""), f"${text}"][style]
    return [f"-{text}", f"({text})", f"-{text}".replace(",", ""), f"-${text}"][style]


def total(entries):
    return entries.aggregate(total=Sum("amount_fund"))["total"]


def test_import_sponsor_export_with_exact_totals(fund, finance, tmp_path):
    sponsor_with_tiers(starts_on=datetime.date(2024, 7, 1))
    text, rows = sponsor_export()
    content = write(tmp_path, text, bom=True)
    income = sum(row["amount_fund"] for row in rows if row["amount"] > 0)
    spent = sum(row["amount_fund"] for row in rows if row["amount"] < 0)
    # The sponsor takes 9% of the income it held, from July.
    held = sum(
        row["amount_fund"]
        for row in rows
        if row["amount"] > 0 and row["date"] >= datetime.date(2024, 7, 1)
    )
    fee = (held * Decimal("0.09")).quantize(Decimal("0.01"), ROUND_HALF_UP)

    result = run(fund, finance, content)

    imported = LedgerEntry.objects.filter(fund=fund, source=EntrySource.IMPORT)
    fees = LedgerEntry.objects.filter(fund=fund, source=EntrySource.FEE)
    assert (result.errors, result.imported, result.skipped) == ([], 36, 0)
    assert imported.count() == 36
    assert total(imported.filter(amount_fund__gt=0)) == income
    assert total(imported.filter(amount_fund__lt=0)) == spent
    assert total(fees) == -fee
    assert fund_balance(fund) == income + spent - fee
    assert sorted(imported.exclude(currency="USD").values_list("amount", "currency")) == sorted(
        (row["amount"], row["currency"]) for row in rows if row["currency"] != "USD"
    )
    assert run(fund, finance, content).skipped == 36

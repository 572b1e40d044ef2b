"""The budget pages: what each role sees, and what each form changes in the books."""

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal
from html import unescape

import openpyxl
import pytest
from django.utils import timezone

from budget.enums import AllocationStatus, ClaimStatus, DocumentKind, EntrySource
from budget.models import (
    Allocation,
    BudgetLine,
    ExpenseClaim,
    LedgerEntry,
    LedgerImport,
    Receipt,
)
from budget.services.allocations import allocation_close
from budget.services.claims import claim_approve, claim_pay, claim_reject, claim_submit
from budget.services.imports import ledger_file_parse
from budget.services.ledger import entry_post, entry_reconcile, entry_reverse
from cwg_portal.roles import Role
from tests.factories.budget import (
    PDF_BYTES,
    PNG_BYTES,
    AllocationFactory,
    ExpenseClaimFactory,
    FiscalYearFactory,
    FundFactory,
    category,
    sponsor_with_tiers,
    upload,
)
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory
from tests.pages import (
    NAV_LOGGED_IN,
    NAV_WITH_BUDGET,
    NAV_WITH_REPORTS,
    form_errors,
    heading,
    page_messages,
    rows,
    tables,
    text,
)


def select_options(response, name):
    select = re.search(
        rf'<select name="{name}"[^>]*>(.*?)</select>', response.content.decode(), re.DOTALL
    )
    return [unescape(label) for label in re.findall(r"<option[^>]*>(.*?)</option>", select[1])]


# ---------------------------------------------------------------- arranging data


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def finance(user_with_role):
    return user_with_role(Role.FINANCE_STAFF)


@pytest.fixture
def member(user_with_role):
    return user_with_role(Role.CWG_MEMBER)


@pytest.fixture
def community(user_with_role):
    return user_with_role(Role.COMMUNITY)


@pytest.fixture
def fund(db):
    return FundFactory(name="Jupyter community fund", slug="jupyter-community", currency="USD")


def post(fund, reference, amount, *, by, slug="donation", day=datetime.date(2024, 3, 15), **extra):
    return entry_post(
        fund=fund,
        date=day,
        reference=reference,
        category=category(slug),
        amount=Decimal(amount),
        entered_by=by,
        **extra,
    )


def submit(claimant, fund, *, amount="85.50", description="Printed name badges", **extra):
    return claim_submit(
        claimant=claimant,
        fund=fund,
        category=extra.pop("category", category("supplies")),
        amount=Decimal(amount),
        currency=extra.pop("currency", fund.currency),
        description=description,
        documents=extra.pop("documents", [(DocumentKind.RECEIPT, upload())]),
        **extra,
    )


def entry_form(fund, **changes):
    return {
        "fund": fund.pk,
        "date": "2024-04-02",
        "reference": "NF-2024-0042",
        "category": category("venue").pk,
        "amount": "-1250.00",
        "currency": "",
        "amount_fund": "",
        "description": "Workshop venue deposit",
        "event": "",
        "counterparty": "Community Hall",
        **changes,
    }


def claim_form(fund, *files, **changes):
    data = {
        "fund": fund.pk,
        "event": "",
        "allocation": "",
        "category": category("travel").pk,
        "description": "Train to the workshop",
        "amount": "120.40",
        "currency": "USD",
        "meal_days": "",
        "document_1_kind": "receipt",
        "document_2_kind": "receipt",
        "document_3_kind": "receipt",
    }
    for slot, file in enumerate(files, start=1):
        data[f"document_{slot}"] = file
    return {**data, **changes}


# ---------------------------------------------------------------- the ledger


def test_ledger_lists_entries_with_amounts_events_and_reversal_markers(
    client, member, finance, fund
):
    event = EventFactory(title="Jupyter Widgets Sprint")
    post(fund, "NF-1", "2500.00", by=finance, description="Donation drive")
    venue = post(fund, "NF-2", "-1234.50", by=finance, slug="venue", event=event)
    post(
        fund,
        "NF-3",
        "200.00",
        by=finance,
        slug="registration",
        currency="EUR",
        amount_fund=Decimal("216.00"),
    )
    entry_reverse(entry=venue, entered_by=finance, reason="Wrong fund", date=venue.date)
    entry_reconcile(entry=LedgerEntry.objects.get(reference="NF-1"), reconciled_by=finance)
    client.force_login(member)

    response = client.get("/budget/ledger/")

    assert rows(response, "Ledger entries") == [
        [
            "2024-03-15",
            "NF-2-REV",
            "Reversal of NF-2: Wrong fund",
            "Venue",
            "1,234.50 USD",
            "1,234.50 USD",
            "Jupyter Widgets Sprint",
            "No",
            "reverses NF-2",
        ],
        ["2024-03-15", "NF-3", "", "Registrations", "200.00 EUR", "216.00 USD", "", "No", ""],
        [
            "2024-03-15",
            "NF-2",
            "",
            "Venue",
            "-1,234.50 USD",
            "-1,234.50 USD",
            "Jupyter Widgets Sprint",
            "No",
            "reversed by NF-2-REV",
        ],
        [
            "2024-03-15",
            "NF-1",
            "Donation drive",
            "Donations",
            "2,500.00 USD",
            "2,500.00 USD",
            "",
            "Yes",
            "",
        ],
    ]


def test_ledger_filters_by_fund_category_dates_and_reconciliation(client, member, finance, fund):
    other = FundFactory(slug="other-fund")
    post(fund, "IN-MARCH", "100.00", by=finance)
    post(fund, "IN-MAY", "300.00", by=finance, day=datetime.date(2024, 5, 2))
    post(fund, "VENUE-MAY", "-50.00", by=finance, slug="venue", day=datetime.date(2024, 5, 3))
    post(other, "ELSEWHERE", "75.00", by=finance, day=datetime.date(2024, 5, 4))
    entry_reconcile(entry=LedgerEntry.objects.get(reference="IN-MAY"), reconciled_by=finance)
    client.force_login(member)

    by_fund_and_date = client.get(
        "/budget/ledger/", {"fund": fund.slug, "date_from": "2024-05-01", "date_to": "2024-05-31"}
    )
    by_category = client.get("/budget/ledger/", {"category": "donation"})
    unreconciled = client.get("/budget/ledger/", {"fund": fund.slug, "reconciled": "false"})

    def references(response):
        return [row[1] for row in rows(response, "Ledger entries")]

    assert references(by_fund_and_date) == ["VENUE-MAY", "IN-MAY"]
    assert references(by_category) == ["ELSEWHERE", "IN-MAY", "IN-MARCH"]
    assert references(unreconciled) == ["VENUE-MAY", "IN-MARCH"]


def test_ledger_with_an_unknown_fund_shows_the_filter_error_and_no_rows(client, member, fund):
    client.force_login(member)

    response = client.get("/budget/ledger/", {"fund": "no-such-fund"})

    assert form_errors(response) == [
        "Fund: Select a valid choice. That choice is not one of the available choices."
    ]
    assert "Ledger entries" not in tables(response)


@pytest.mark.parametrize("role", [Role.COMMUNITY, Role.COUNCIL, Role.EVENTS_STAFF])
def test_ledger_is_refused_to_those_who_do_not_keep_or_read_the_books(client, user_with_role, role):
    client.force_login(user_with_role(role))

    response = client.get("/budget/ledger/")

    assert (response.status_code, heading(response)) == (403, "You may not open this page")


@pytest.mark.parametrize("size", [1, 3])
def test_ledger_query_count_is_independent_of_size(
    size, client, member, finance, fund, django_assert_num_queries
):
    event = EventFactory()
    for number in range(size):
        entry = post(fund, f"NF-{number}", "10.00", by=finance, event=event)
        entry_reverse(entry=entry, entered_by=finance, reason="Duplicate")
        entry_reconcile(entry=entry, reconciled_by=finance)
    client.force_login(member)

    with django_assert_num_queries(11):
        response = client.get("/budget/ledger/")

    assert len(rows(response, "Ledger entries")) == 2 * size


def test_ledger_paginates_by_fifty(client, member, finance, fund):
    for number in range(51):
        post(fund, f"NF-{number:03d}", "1.00", by=finance)
    client.force_login(member)

    first = client.get("/budget/ledger/")
    second = client.get("/budget/ledger/", {"page": 2})

    assert len(rows(first, "Ledger entries")) == 50
    assert [row[1] for row in rows(second, "Ledger entries")] == ["NF-000"]
    assert "Page 2 of 2 (51 in all)" in text(second)


# ---------------------------------------------------------------- posting entries


def test_finance_posts_an_entry_and_it_appears_in_the_ledger(client, finance, fund):
    client.force_login(finance)

    response = client.post("/budget/ledger/new/", entry_form(fund), follow=True)

    entry = LedgerEntry.objects.get()
    assert response.redirect_chain == [(f"/budget/ledger/{entry.pk}/", 302)]
    assert page_messages(response) == ["Entry NF-2024-0042 was posted."]
    assert (
        entry.fund,
        entry.date,
        entry.category.slug,
        entry.amount,
        entry.currency,
        entry.amount_fund,
        entry.counterparty,
        entry.entered_by,
        entry.source,
    ) == (
        fund,
        datetime.date(2024, 4, 2),
        "venue",
        Decimal("-1250.00"),
        "USD",
        Decimal("-1250.00"),
        "Community Hall",
        finance,
        EntrySource.MANUAL,
    )
    ledger = client.get("/budget/ledger/")
    assert [row[1] for row in rows(ledger, "Ledger entries")] == ["NF-2024-0042"]


def test_entry_in_another_currency_without_the_fund_amount_shows_the_service_message(
    client, finance, fund
):
    client.force_login(finance)

    response = client.post("/budget/ledger/new/", entry_form(fund, currency="EUR"))

    assert response.status_code == 200
    assert form_errors(response) == [
        "Amount in the fund's currency: Give the amount in USD: the entry is in EUR."
    ]
    assert LedgerEntry.objects.count() == 0


def test_entry_with_a_reference_the_fund_has_shows_the_message_and_posts_nothing(
    client, finance, fund
):
    post(fund, "NF-2024-0042", "10.00", by=finance)
    client.force_login(finance)

    response = client.post("/budget/ledger/new/", entry_form(fund))

    assert form_errors(response) == ["This fund already has an entry with this reference."]
    assert LedgerEntry.objects.count() == 1


def test_entry_form_offers_no_category_the_portal_posts_itself(client, finance, fund):
    client.force_login(finance)

    response = client.get("/budget/ledger/new/")

    assert "Fiscal sponsor's fee" not in select_options(response, "category")
    assert "Donations" in select_options(response, "category")


@pytest.mark.parametrize("role", [Role.CWG_MEMBER, Role.CWG_CHAIR, Role.COUNCIL])
def test_entry_posting_is_refused_to_all_but_finance_and_writes_nothing(
    client, user_with_role, role, fund
):
    client.force_login(user_with_role(role))

    response = client.post("/budget/ledger/new/", entry_form(fund))

    assert response.status_code == 403
    assert LedgerEntry.objects.count() == 0


# ---------------------------------------------------------------- one entry


def test_entry_page_shows_every_field_who_entered_it_and_no_edit_or_delete(
    client, member, finance, fund
):
    entry = post(
        fund,
        "NF-7",
        "300.00",
        by=finance,
        slug="registration",
        currency="EUR",
        amount_fund=Decimal("324.00"),
        counterparty="Ticket sales",
    )
    client.force_login(member)

    response = client.get(f"/budget/ledger/{entry.pk}/")

    page = text(response)
    assert heading(response) == "Entry NF-7"
    for fact in (
        "Fund Jupyter community fund",
        "Amount 300.00 EUR",
        "Rate 1.08000000",
        "Amount in the fund's currency 324.00 USD",
        "Counterparty Ticket sales",
        "Source Entered by hand",
        f"Entered by finance-staff-user, {timezone.localtime(entry.entered_at):%Y-%m-%d %H:%M}",
        "Reconciled Not yet",
    ):
        assert fact in page
    assert "Edit" not in page
    assert "Delete" not in page
    assert "Reverse" not in page  # a member reads; only finance staff reverse


def test_entry_page_links_an_income_entry_and_the_sponsor_fee_both_ways(client, finance, fund):
    sponsor_with_tiers(name="LF Charities", starts_on=datetime.date(2024, 1, 1))
    income = post(fund, "NF-1", "1000.00", by=finance)
    fee = LedgerEntry.objects.get(fee_for=income)
    client.force_login(finance)

    income_page = client.get(f"/budget/ledger/{income.pk}/")
    fee_page = client.get(f"/budget/ledger/{fee.pk}/")

    assert "Sponsor's fee NF-1-FEE (-90.00 USD)" in text(income_page)
    assert f'href="/budget/ledger/{fee.pk}/"' in income_page.content.decode()
    assert "Fee for NF-1" in text(fee_page)
    assert "Source Fiscal sponsor's fee" in text(fee_page)


def test_reverse_posts_exactly_one_reversal_and_both_pages_link_each_other(client, finance, fund):
    entry = post(fund, "NF-9", "-480.00", by=finance, slug="travel")
    client.force_login(finance)

    response = client.post(
        f"/budget/ledger/{entry.pk}/reverse/",
        {"reason": "Posted to the wrong fund", "date": "2024-03-20"},
        follow=True,
    )

    reversal = LedgerEntry.objects.get(reverses=entry)
    assert LedgerEntry.objects.count() == 2
    assert response.redirect_chain == [(f"/budget/ledger/{entry.pk}/", 302)]
    assert page_messages(response) == ["Entry NF-9 was reversed by NF-9-REV."]
    assert (reversal.amount, reversal.date, reversal.description, reversal.source) == (
        Decimal("480.00"),
        datetime.date(2024, 3, 20),
        "Reversal of NF-9: Posted to the wrong fund",
        EntrySource.REVERSAL,
    )
    assert "Reversed by NF-9-REV" in text(response)
    assert f'href="/budget/ledger/{reversal.pk}/"' in response.content.decode()
    assert "Reverse" not in re.sub(r"Reversed by|Reversal", "", text(response))
    reversal_page = client.get(f"/budget/ledger/{reversal.pk}/")
    assert "Reverses NF-9" in text(reversal_page)
    assert f'href="/budget/ledger/{entry.pk}/"' in reversal_page.content.decode()
    assert rows(reversal_page, "History of entry NF-9-REV") == [
        [
            f"{timezone.localtime(reversal.entered_at):%Y-%m-%d %H:%M}",
            "finance-staff-user",
            "Created",
            "—",
        ]
    ]


def test_reverse_without_a_reason_shows_the_service_message_and_posts_nothing(
    client, finance, fund
):
    entry = post(fund, "NF-9", "-480.00", by=finance, slug="travel")
    client.force_login(finance)

    response = client.post(f"/budget/ledger/{entry.pk}/reverse/", {"reason": " ", "date": ""})

    assert form_errors(response) == ["Reason (required): Say why the entry is reversed."]
    assert LedgerEntry.objects.count() == 1


def test_reversing_an_entry_twice_is_refused_with_the_service_message(client, finance, fund):
    entry = post(fund, "NF-9", "-480.00", by=finance, slug="travel")
    entry_reverse(entry=entry, entered_by=finance, reason="Wrong fund")
    client.force_login(finance)

    response = client.post(f"/budget/ledger/{entry.pk}/reverse/", {"reason": "Again"})

    assert form_errors(response) == ["This entry has already been reversed."]
    assert LedgerEntry.objects.count() == 2


def test_reverse_is_refused_to_a_member(client, member, finance, fund):
    entry = post(fund, "NF-9", "-480.00", by=finance, slug="travel")
    client.force_login(member)

    response = client.post(f"/budget/ledger/{entry.pk}/reverse/", {"reason": "Mine"})

    assert response.status_code == 403
    assert LedgerEntry.objects.count() == 1


def test_mark_reconciled_records_who_and_shows_it(client, finance, fund):
    entry = post(fund, "NF-5", "100.00", by=finance)
    client.force_login(finance)

    response = client.post(f"/budget/ledger/{entry.pk}/reconcile/", follow=True)

    entry.refresh_from_db()
    assert entry.reconciliation.reconciled_by == finance
    today = timezone.localdate()
    assert page_messages(response) == [f"Entry NF-5 is marked reconciled ({today:%Y-%m-%d})."]
    assert f"Reconciled Yes, by finance-staff-user on {today:%Y-%m-%d}" in text(response)
    assert "Mark reconciled" not in text(response)


def test_mark_reconciled_is_refused_to_a_member(client, member, finance, fund):
    entry = post(fund, "NF-5", "100.00", by=finance)
    client.force_login(member)

    response = client.post(f"/budget/ledger/{entry.pk}/reconcile/")

    assert response.status_code == 403
    assert not hasattr(LedgerEntry.objects.get(pk=entry.pk), "reconciliation")


def test_entry_page_answers_404_to_someone_who_cannot_read_the_ledger(
    client, community, finance, fund
):
    entry = post(fund, "NF-5", "100.00", by=finance)
    client.force_login(community)

    response = client.get(f"/budget/ledger/{entry.pk}/")

    assert (response.status_code, heading(response)) == (404, "Page not found")


# ---------------------------------------------------------------- exports


@pytest.fixture
def exported_books(finance, fund):
    event = EventFactory(slug="widgets-sprint")
    post(fund, "NF-1", "2500.00", by=finance, counterparty="Donors")
    post(
        fund,
        "NF-2",
        "-1234.56",
        by=finance,
        slug="venue",
        event=event,
        description="Hall, 2 days",
        day=datetime.date(2024, 4, 1),
    )
    post(
        fund,
        "NF-3",
        "200.00",
        by=finance,
        slug="registration",
        currency="EUR",
        amount_fund=Decimal("216.10"),
        day=datetime.date(2024, 4, 2),
    )
    post(FundFactory(slug="other-fund"), "NF-4", "9.99", by=finance)


HEADER = [
    "date",
    "reference",
    "category",
    "amount",
    "description",
    "currency",
    "amount_fund",
    "event",
    "counterparty",
    "fund",
]


def test_csv_export_holds_exactly_the_filtered_rows_as_in_the_database(
    client, member, exported_books
):
    client.force_login(member)

    response = client.get(
        "/budget/ledger/export.csv", {"fund": "jupyter-community", "date_from": "2024-04-01"}
    )

    today = timezone.localdate()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="ledger-jupyter-community-{today:%Y-%m-%d}.csv"'
    )
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        HEADER,
        [
            "2024-04-02",
            "NF-3",
            "registration",
            "200.00",
            "",
            "EUR",
            "216.10",
            "",
            "",
            "jupyter-community",
        ],
        [
            "2024-04-01",
            "NF-2",
            "venue",
            "-1234.56",
            "Hall, 2 days",
            "USD",
            "-1234.56",
            "widgets-sprint",
            "",
            "jupyter-community",
        ],
    ]


def test_csv_export_imports_into_another_fund_without_a_single_error(
    client, member, exported_books
):
    client.force_login(member)
    response = client.get("/budget/ledger/export.csv", {"fund": "jupyter-community"})

    result = ledger_file_parse(fund=FundFactory(currency="USD"), content=response.content)

    assert result.errors == []
    assert [(row.reference, row.values["amount"]) for row in result.rows] == [
        ("NF-3", Decimal("200.00")),
        ("NF-2", Decimal("-1234.56")),
        ("NF-1", Decimal("2500.00")),
    ]


def test_csv_export_never_hands_over_text_a_spreadsheet_would_run(client, member, finance, fund):
    post(fund, "NF-1", "-20.00", by=finance, slug="supplies", description="=HYPERLINK(1)")
    client.force_login(member)

    response = client.get("/budget/ledger/export.csv")

    row = list(csv.reader(io.StringIO(response.content.decode())))[1]
    assert (row[3], row[4]) == ("-20.00", "'=HYPERLINK(1)")


def test_xlsx_export_holds_the_filtered_rows_with_numeric_amounts(client, member, exported_books):
    client.force_login(member)

    response = client.get("/budget/ledger/export.xlsx", {"fund": "jupyter-community"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == HEADER
    assert [(row[1], row[3], row[6]) for row in values[1:]] == [
        ("NF-3", 200, 216.1),
        ("NF-2", -1234.56, -1234.56),
        ("NF-1", 2500, 2500),
    ]
    assert (sheet["D2"].number_format, sheet["D2"].data_type, sheet["G2"].data_type) == (
        "#,##0.00",
        "n",
        "n",
    )
    # The stored text of each amount is the database's decimal, not a float's digits.
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert re.findall(r'<c r="D\d+"[^>]*t="n"[^>]*><v>([^<]*)</v>', xml) == [
        "200",
        "-1234.56",
        "2500",
    ]


def test_exports_are_refused_to_the_community(client, community, exported_books):
    client.force_login(community)

    responses = [client.get(f"/budget/ledger/export.{kind}") for kind in ("csv", "xlsx")]

    assert [response.status_code for response in responses] == [403, 403]


# ---------------------------------------------------------------- imports

IMPORT_FILE = (
    "date,reference,category,amount,description\n"
    '2024-05-01,SP-100,donation,"1,500.00",Spring donations\n'
    "2024-05-02,SP-101,venue,-300.00,Room\n"
    "2024-05-03,NF-OLD,donation,50.00,Already posted\n"
)


def upload_import(client, fund, content, name="export.csv"):
    file = upload(name, content.encode() if isinstance(content, str) else content)
    return client.post("/budget/import/", {"fund": fund.pk, "file": file})


def test_import_upload_keeps_the_file_and_opens_its_preview(client, finance, fund):
    client.force_login(finance)

    response = upload_import(client, fund, IMPORT_FILE)

    ledger_upload = LedgerImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/budget/import/{ledger_upload.pk}/"
    assert (ledger_upload.fund, ledger_upload.filename, ledger_upload.content) == (
        fund,
        "export.csv",
        IMPORT_FILE,
    )
    assert ledger_upload.status == LedgerImport.Status.PREVIEWED
    assert LedgerEntry.objects.count() == 0


def test_import_upload_of_a_file_that_is_not_text_is_refused(client, finance, fund):
    client.force_login(finance)

    response = upload_import(client, fund, PDF_BYTES + b"\xff\xfe", name="export.pdf")

    assert form_errors(response) == ["CSV file: The file is not UTF-8 text."]
    assert LedgerImport.objects.count() == 0


def test_import_upload_of_a_file_with_a_nul_byte_is_refused(client, finance, fund):
    client.force_login(finance)

    response = upload_import(client, fund, b"date,reference,category,amount\nNF\x00\n")

    assert form_errors(response) == [
        "CSV file: Line 2 holds a NUL byte: the file is not a text export."
    ]
    assert LedgerImport.objects.count() == 0


def test_import_preview_shows_each_rows_outcome_and_confirm_imports_once(client, finance, fund):
    post(fund, "NF-OLD", "50.00", by=finance)
    client.force_login(finance)
    preview_url = upload_import(client, fund, IMPORT_FILE)["Location"]

    preview = client.get(preview_url)
    confirmed = client.post(preview_url, follow=True)
    again = client.post(preview_url, follow=True)

    assert rows(preview, "Rows of export.csv") == [
        ["2", "SP-100", "2024-05-01", "Donations", "1,500.00 USD", "Import"],
        ["3", "SP-101", "2024-05-02", "Venue", "-300.00 USD", "Import"],
        ["4", "NF-OLD", "2024-05-03", "Donations", "50.00 USD", "Skip (already in the fund)"],
    ]
    assert "3 rows: 2 to import, 1 to skip, 0 with errors." in text(preview)
    assert "Confirm import" in text(preview)
    assert page_messages(confirmed) == ["Imported 2 rows; skipped 1 already in the fund."]
    # The page now says what was done, not that its own rows are "already in the fund".
    assert "2 rows written to the ledger, 1 skipped as already in the fund" in text(confirmed)
    assert "Rows of export.csv" not in tables(confirmed)
    assert page_messages(again) == ["This file was already imported; nothing more was imported."]
    assert "Confirm import" not in text(again)
    assert sorted(LedgerEntry.objects.values_list("reference", flat=True)) == [
        "NF-OLD",
        "SP-100",
        "SP-101",
    ]
    ledger_upload = LedgerImport.objects.get()
    assert (
        ledger_upload.status,
        ledger_upload.imported_count,
        ledger_upload.skipped_count,
    ) == (LedgerImport.Status.IMPORTED, 2, 1)
    assert ledger_upload.imported_at is not None


def test_import_of_the_same_file_uploaded_twice_adds_nothing_the_second_time(client, finance, fund):
    client.force_login(finance)
    first = upload_import(client, fund, IMPORT_FILE)["Location"]
    client.post(first, follow=True)
    second = upload_import(client, fund, IMPORT_FILE)["Location"]

    preview = client.get(second)
    response = client.post(second, follow=True)

    assert "Nothing to import: every row of this file is already in" in text(preview)
    assert "Confirm import" not in text(preview)
    assert page_messages(response) == ["Nothing was imported: every row is already in the fund."]
    assert LedgerEntry.objects.count() == 3


def test_import_preview_with_errors_lists_them_and_offers_no_confirmation(client, finance, fund):
    content = (
        "date,reference,category,amount\n"
        "2024-05-01,SP-1,donation,100.00\n"
        "31/12/2024,SP-2,gifts,12\n"
    )
    client.force_login(finance)
    preview_url = upload_import(client, fund, content)["Location"]

    preview = client.get(preview_url)
    forced = client.post(preview_url, follow=True)

    assert rows(preview, "Rows of export.csv") == [
        ["2", "SP-1", "2024-05-01", "Donations", "100.00 USD", "Import"],
        [
            "3",
            "SP-2",
            "",
            "",
            "12.00 USD",
            "Error: “31/12/2024” is not a date (write YYYY-MM-DD or MM/DD/YYYY); "
            "unknown category “gifts”",
        ],
    ]
    assert "Confirm import" not in text(preview)
    assert page_messages(forced) == ["The file has errors; nothing was imported."]
    assert LedgerEntry.objects.count() == 0
    assert LedgerImport.objects.get().status == LedgerImport.Status.PREVIEWED


def test_import_is_refused_to_a_member(client, member, finance, fund):
    ledger_upload = LedgerImport.objects.create(
        fund=fund, filename="export.csv", content=IMPORT_FILE, uploaded_by=finance
    )
    client.force_login(member)

    responses = [
        upload_import(client, fund, IMPORT_FILE),
        client.get(f"/budget/import/{ledger_upload.pk}/"),
        client.post(f"/budget/import/{ledger_upload.pk}/"),
    ]

    assert [response.status_code for response in responses] == [403, 403, 403]
    assert (LedgerImport.objects.count(), LedgerEntry.objects.count()) == (1, 0)


# ---------------------------------------------------------------- claims


def test_claim_with_receipts_is_submitted_and_its_page_shows_them(client, community, fund):
    client.force_login(community)

    response = client.post(
        "/budget/claims/new/",
        claim_form(fund, upload("ticket.pdf"), upload("booking.png", b"\x89PNG\r\n\x1a\nbody")),
        follow=True,
    )

    claim = ExpenseClaim.objects.get()
    assert response.redirect_chain == [(f"/budget/claims/{claim.pk}/", 302)]
    assert page_messages(response) == [f"Your claim {claim.pk} was submitted."]
    assert (claim.claimant, claim.amount, claim.currency, claim.status) == (
        community,
        Decimal("120.40"),
        "USD",
        ClaimStatus.SUBMITTED,
    )
    assert [
        [row[0], row[1], row[2]] for row in rows(response, f"Documents of claim {claim.pk}")
    ] == [["ticket.pdf", "Receipt", "application/pdf"], ["booking.png", "Receipt", "image/png"]]


def test_claim_with_a_file_that_is_not_a_pdf_named_receipt_pdf_is_refused_and_nothing_is_kept(
    client, community, fund, settings
):
    client.force_login(community)

    response = client.post(
        "/budget/claims/new/", claim_form(fund, upload("receipt.pdf", b"MZ\x90\x00 not a pdf"))
    )

    assert form_errors(response) == ["receipt.pdf is not a PDF, PNG or JPEG file."]
    assert (ExpenseClaim.objects.count(), Receipt.objects.count()) == (0, 0)
    assert not (settings.MEDIA_ROOT / "receipts").exists()


def test_claim_without_a_document_shows_the_service_message(client, community, fund):
    client.force_login(community)

    response = client.post("/budget/claims/new/", claim_form(fund))

    assert form_errors(response) == ["Documents: Attach at least one receipt or invoice."]
    assert ExpenseClaim.objects.count() == 0


def test_claim_form_offers_the_events_the_user_may_claim_for(client, community, fund):
    EventFactory(title="Own Workshop", organisers=[community.person])
    EventFactory(title="Someone Else's Workshop")
    client.force_login(community)

    response = client.get("/budget/claims/new/")

    assert select_options(response, "event") == ["No event", "Own Workshop"]


def test_claim_for_an_event_the_user_does_not_organise_is_refused(client, community, fund):
    event = EventFactory(title="Someone Else's Workshop")
    client.force_login(community)

    response = client.post("/budget/claims/new/", claim_form(fund, upload(), event=event.pk))

    assert form_errors(response) == [
        "Event: Select a valid choice. That choice is not one of the available choices."
    ]
    assert ExpenseClaim.objects.count() == 0


def test_claims_list_shows_a_community_user_only_their_own(client, community, fund):
    mine = submit(community, fund, description="My badges")
    submit(UserFactory(), fund, description="Their badges")
    client.force_login(community)

    response = client.get("/budget/claims/")

    assert [row[0] for row in rows(response, "Expense claims")] == [f"Claim {mine.pk}: My badges"]


def test_claims_list_shows_members_every_claim_and_filters_by_status(
    client, member, community, fund
):
    first = submit(community, fund, description="First")
    second = submit(UserFactory(), fund, description="Second")
    approved = submit(community, fund, description="Approved one")
    claim_approve(claim=approved, approver=member)
    client.force_login(member)

    everything = client.get("/budget/claims/")
    queue = client.get("/budget/claims/", {"status": "submitted"})

    assert [row[0] for row in rows(everything, "Expense claims")] == [
        f"Claim {approved.pk}: Approved one",
        f"Claim {second.pk}: Second",
        f"Claim {first.pk}: First",
    ]
    assert [row[0] for row in rows(queue, "Expense claims")] == [
        f"Claim {first.pk}: First",
        f"Claim {second.pk}: Second",
    ]


def test_payment_queue_lists_approved_claims_oldest_first_with_age_and_overdue_mark(
    client, finance, member, community, fund, settings
):
    settings.BUDGET_PAYMENT_DAYS = 30
    old = submit(community, fund, description="Old")
    recent = submit(community, fund, description="Recent")
    for claim in (old, recent):
        claim_approve(claim=claim, approver=member)
    # The clock cannot be moved back: the approval is dated 45 days ago directly.
    ExpenseClaim.objects.filter(pk=old.pk).update(
        approved_at=timezone.now() - datetime.timedelta(days=45)
    )
    client.force_login(finance)

    response = client.get("/budget/claims/", {"status": "approved"})

    assert [(row[0], row[6], row[7]) for row in rows(response, "Expense claims")] == [
        (f"Claim {old.pk}: Old", "Approved overdue", "45"),
        (f"Claim {recent.pk}: Recent", "Approved", "0"),
    ]


@pytest.mark.parametrize("size", [1, 3])
def test_claims_list_query_count_is_independent_of_size(
    size, client, member, fund, django_assert_num_queries
):
    event = EventFactory()
    for _ in range(size):
        submit(UserFactory(), fund, event=None, description=f"For {event.title}")
    client.force_login(member)

    with django_assert_num_queries(8):
        response = client.get("/budget/claims/")

    assert len(rows(response, "Expense claims")) == size


def test_another_users_claim_answers_404_to_a_community_user(client, community, fund):
    claim = submit(UserFactory(), fund)
    client.force_login(community)

    responses = [
        client.get(f"/budget/claims/{claim.pk}/"),
        client.get(f"/budget/receipts/{claim.receipts.get().pk}/"),
    ]

    assert [response.status_code for response in responses] == [404, 404]


def test_claim_page_shows_amounts_timeline_receipts_and_blocking_findings(
    client, member, community, fund, settings
):
    settings.BUDGET_CONTRACT_REQUIRED_ABOVE = Decimal("600.00")
    # Filed before the policy told claimants at filing: such claims still wait.
    claim = ExpenseClaimFactory(
        claimant=community, fund=fund, amount=Decimal("750.00"), is_invoice=True
    )
    client.force_login(member)

    response = client.get(f"/budget/claims/{claim.pk}/")

    page = text(response)
    assert ("Approve claim" in page, "Reject claim" in page) == (False, True)
    assert "Amount 750.00 USD" in page
    assert "Approvals 0 of 1 needed" in page
    submitted = timezone.localtime(claim.submitted_at)
    assert f"Submitted by community-user on {submitted:%Y-%m-%d %H:%M}" in page
    assert "Blocks approval An invoice over 600.00 USD needs the signed contract attached." in page
    assert 'class="finding--blocking"' in response.content.decode()
    receipt = claim.receipts.get()
    assert f'href="/budget/receipts/{receipt.pk}/"' in response.content.decode()


def test_member_approves_a_claim_and_the_timeline_shows_who_and_when(
    client, member, community, fund
):
    claim = submit(community, fund)
    client.force_login(member)

    response = client.post(
        f"/budget/claims/{claim.pk}/approve/", {"note": "Matches the receipt"}, follow=True
    )

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert page_messages(response) == ["Your approval is recorded; the claim is approved."]
    approval = claim.approvals.get()
    when = f"{timezone.localtime(approval.approved_at):%Y-%m-%d %H:%M}"
    assert f"Approval by cwg-member-user on {when}: Matches the receipt" in text(response)
    assert "Approve claim" not in text(response)


def test_approval_blocked_by_the_policy_shows_the_service_message(client, member, community, fund):
    claim = ExpenseClaimFactory(
        claimant=community, fund=fund, amount=Decimal("750.00"), is_invoice=True
    )
    client.force_login(member)

    response = client.post(f"/budget/claims/{claim.pk}/approve/", {"note": ""})

    assert form_errors(response) == [
        "An invoice over 600.00 USD needs the signed contract attached."
    ]
    claim.refresh_from_db()
    assert (claim.status, claim.approvals.count()) == (ClaimStatus.SUBMITTED, 0)


def test_a_member_cannot_approve_their_own_claim(client, member, fund):
    claim = submit(member, fund)
    client.force_login(member)

    response = client.post(f"/budget/claims/{claim.pk}/approve/", {"note": ""})

    assert response.status_code == 403
    assert ExpenseClaim.objects.get().status == ClaimStatus.SUBMITTED


def test_reject_without_a_reason_shows_the_service_message_and_changes_nothing(
    client, member, community, fund
):
    claim = submit(community, fund)
    client.force_login(member)

    response = client.post(f"/budget/claims/{claim.pk}/reject/", {"reason": ""})

    assert form_errors(response) == [
        "Reason for the claimant (required): Tell the claimant why the claim is rejected."
    ]
    assert ExpenseClaim.objects.get().status == ClaimStatus.SUBMITTED


def test_reject_with_a_reason_records_it_for_the_claimant(client, member, community, fund):
    claim = submit(community, fund)
    client.force_login(member)

    client.post(f"/budget/claims/{claim.pk}/reject/", {"reason": "Not a workshop cost"})
    client.force_login(community)
    response = client.get(f"/budget/claims/{claim.pk}/")

    claim.refresh_from_db()
    assert (claim.status, claim.rejected_by, claim.rejection_reason) == (
        ClaimStatus.REJECTED,
        member,
        "Not a workshop cost",
    )
    when = f"{timezone.localtime(claim.rejected_at):%Y-%m-%d %H:%M}"
    assert f"Rejected by cwg-member-user on {when}: Not a workshop cost" in text(response)


def test_finance_pays_an_approved_claim_once_and_the_page_links_the_entry(
    client, finance, member, community, fund
):
    claim = submit(community, fund)
    claim_approve(claim=claim, approver=member)
    client.force_login(finance)

    paid = client.post(f"/budget/claims/{claim.pk}/pay/", {"date": "2024-06-01"}, follow=True)
    again = client.post(f"/budget/claims/{claim.pk}/pay/", {"date": ""})

    entry = LedgerEntry.objects.get()
    claim.refresh_from_db()
    assert page_messages(paid) == [f"The claim was paid: ledger entry CLAIM-{claim.pk}."]
    assert (entry.claim, entry.amount, entry.date, entry.source) == (
        claim,
        Decimal("-85.50"),
        datetime.date(2024, 6, 1),
        EntrySource.CLAIM,
    )
    assert f"Payment Ledger entry CLAIM-{claim.pk}, -85.50 USD" in text(paid)
    assert f'href="/budget/ledger/{entry.pk}/"' in paid.content.decode()
    assert form_errors(again) == [f"This claim was already paid on {claim.paid_at:%Y-%m-%d}."]
    assert LedgerEntry.objects.count() == 1


def test_paying_a_claim_in_another_currency_asks_for_the_amount_in_the_fund_currency(
    client, finance, member, community, fund
):
    claim = submit(community, fund, amount="100.00", currency="EUR")
    claim_approve(claim=claim, approver=member)
    claim_approve(claim=claim, approver=UserFactory(roles=[Role.CWG_CHAIR]))
    client.force_login(finance)

    form = client.get(f"/budget/claims/{claim.pk}/")
    missing = client.post(f"/budget/claims/{claim.pk}/pay/", {"amount_fund": ""})
    paid = client.post(f"/budget/claims/{claim.pk}/pay/", {"amount_fund": "108.25"})

    assert "Amount paid in USD" in text(form)
    assert form_errors(missing) == [
        "Amount paid in USD: Give the amount in USD: the entry is in EUR."
    ]
    assert paid.status_code == 302
    assert list(LedgerEntry.objects.values_list("amount", "currency", "amount_fund")) == [
        (Decimal("-100.00"), "EUR", Decimal("-108.25"))
    ]


def test_pay_is_refused_to_a_member(client, member, community, fund):
    claim = submit(community, fund)
    claim_approve(claim=claim, approver=member)
    client.force_login(member)

    response = client.post(f"/budget/claims/{claim.pk}/pay/", {"date": ""})

    assert response.status_code == 403
    assert LedgerEntry.objects.count() == 0


def test_receipt_download_streams_the_private_file_as_an_attachment(client, community, fund):
    claim = submit(community, fund, documents=[(DocumentKind.RECEIPT, upload("ticket.pdf"))])
    receipt = claim.receipts.get()
    client.force_login(community)

    response = client.get(f"/budget/receipts/{receipt.pk}/")

    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ticket.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_receipt_download_is_named_after_the_kind_of_file_it_is(client, community, fund):
    documents = [
        (DocumentKind.RECEIPT, upload("evil.html")),
        (DocumentKind.RECEIPT, upload("scan", content=PNG_BYTES)),
    ]
    claim = submit(community, fund, documents=documents)
    client.force_login(community)

    names = [
        client.get(f"/budget/receipts/{receipt.pk}/")["Content-Disposition"]
        for receipt in claim.receipts.order_by("pk")
    ]

    assert names == ['attachment; filename="evil.pdf"', 'attachment; filename="scan.png"']


# ---------------------------------------------------------------- allocations


def test_allocations_list_shows_amount_spent_remaining_and_status(client, member, finance, fund):
    allocation = AllocationFactory(fund=fund, purpose="Widgets sprint", amount=Decimal("5000"))
    post(fund, "EXP-1", "-1200.25", by=finance, slug="venue", allocation=allocation)
    AllocationFactory(
        fund=fund,
        purpose="Old workshop",
        amount=Decimal("800.00"),
        status=AllocationStatus.CLOSED,
        decided_on=datetime.date(2023, 1, 1),
    )
    client.force_login(member)

    response = client.get("/budget/allocations/")

    assert rows(response, "Allocations") == [
        [
            "Widgets sprint",
            "Jupyter community fund",
            "",
            "2024-03-01",
            "5,000.00 USD",
            "1,200.25 USD",
            "3,799.75 USD",
            "Open",
        ],
        [
            "Old workshop",
            "Jupyter community fund",
            "",
            "2023-01-01",
            "800.00 USD",
            "0.00 USD",
            "Returned: 800.00 USD",
            "Closed (unspent money returned)",
        ],
    ]


@pytest.mark.parametrize("size", [1, 3])
def test_allocations_list_query_count_is_independent_of_size(
    size, client, member, fund, django_assert_num_queries
):
    for _ in range(size):
        AllocationFactory(fund=fund, event=EventFactory())
    client.force_login(member)

    with django_assert_num_queries(8):
        response = client.get("/budget/allocations/")

    assert len(rows(response, "Allocations")) == size


def test_allocation_beyond_the_available_money_is_refused_with_the_service_message(
    client, member, finance, fund
):
    post(fund, "IN-1", "1000.00", by=finance)
    client.force_login(member)
    data = {
        "fund": fund.pk,
        "purpose": "Workshop in Nairobi",
        "event": "",
        "amount": "1500.00",
        "decided_on": "2024-04-01",
        "decision_note": "",
        "decision_url": "",
        "override_reason": "",
    }

    refused = client.post("/budget/allocations/new/", data)
    overridden = client.post(
        "/budget/allocations/new/", {**data, "override_reason": "Sponsorship is promised"}
    )

    assert form_errors(refused) == [
        "Amount: Only 1000.00 USD is available; this allocation would overspend by "
        "500.00 USD. Give a reason to allocate it anyway."
    ]
    allocation = Allocation.objects.get()
    assert overridden["Location"] == f"/budget/allocations/{allocation.pk}/"
    assert (allocation.amount, allocation.override_reason, allocation.decided_by) == (
        Decimal("1500.00"),
        "Sponsorship is promised",
        member,
    )


def test_allocation_form_shows_the_override_reason_field(client, member, fund):
    client.force_login(member)

    response = client.get("/budget/allocations/new/")

    assert '<label for="id_override_reason">Override reason:</label>' in response.content.decode()


def test_allocation_page_lists_claims_and_entries_and_closes_once_no_claim_waits(
    client, member, finance, community, fund
):
    event = EventFactory(organisers=[community.person])
    allocation = AllocationFactory(fund=fund, purpose="Widgets sprint", event=event)
    claim = submit(community, fund, event=event, allocation=allocation, description="Badges")
    post(fund, "EXP-1", "-200.00", by=finance, slug="venue", allocation=allocation)
    client.force_login(member)

    page = client.get(f"/budget/allocations/{allocation.pk}/")
    refused = client.post(f"/budget/allocations/{allocation.pk}/close/", follow=True)
    claim_reject(claim=claim, rejected_by=member, reason="Bought twice.")
    closed = client.post(f"/budget/allocations/{allocation.pk}/close/", follow=True)

    assert rows(page, "Claims against Widgets sprint") == [
        [f"Claim {claim.pk}: Badges", "community-user", "85.50 USD", "Submitted"]
    ]
    assert [row[1] for row in rows(page, "Entries against Widgets sprint")] == ["EXP-1"]
    assert page_messages(refused) == [
        "1 claim against this allocation waits: pay or reject it first."
    ]
    assert page_messages(closed) == [
        "The allocation is closed; what was not spent is available again."
    ]
    allocation.refresh_from_db()
    assert (allocation.status, allocation.closed_by) == (AllocationStatus.CLOSED, member)


def test_cancelling_an_allocation_with_spending_shows_the_service_message(
    client, member, finance, fund
):
    allocation = AllocationFactory(fund=fund)
    post(fund, "EXP-1", "-200.00", by=finance, slug="venue", allocation=allocation)
    client.force_login(member)

    response = client.post(f"/budget/allocations/{allocation.pk}/cancel/", follow=True)

    assert page_messages(response) == ["Money was spent against this allocation: close it instead."]
    assert Allocation.objects.get().status == AllocationStatus.OPEN


def test_council_reads_allocations_but_cannot_decide_them(client, user_with_role, fund):
    allocation = AllocationFactory(fund=fund)
    client.force_login(user_with_role(Role.COUNCIL))

    responses = [
        client.get("/budget/allocations/"),
        client.get("/budget/allocations/new/"),
        client.post(f"/budget/allocations/{allocation.pk}/close/"),
    ]

    assert [response.status_code for response in responses] == [200, 403, 403]
    assert Allocation.objects.get().status == AllocationStatus.OPEN


# ---------------------------------------------------------------- budget lines


def test_member_adds_a_budget_line_and_it_is_listed(client, member, fund):
    year = FiscalYearFactory(starts_on=datetime.date(2024, 1, 1))
    client.force_login(member)
    data = {
        "fund": fund.pk,
        "fiscal_year": year.pk,
        "category": category("venue").pk,
        "event": "",
        "planned_amount": "4000.00",
        "note": "Two workshops",
    }

    created = client.post("/budget/lines/new/", data, follow=True)
    duplicate = client.post("/budget/lines/new/", data)

    line = BudgetLine.objects.get()
    assert (line.planned_amount, line.created_by) == (Decimal("4000.00"), member)
    assert line.history.get().history_user == member
    assert rows(created, "Budget lines") == [
        ["Venue", "FY2024", "Jupyter community fund", "", "4,000.00 USD", "Two workshops"]
    ]
    assert form_errors(duplicate) == ["This category already has a line for that year."]
    assert BudgetLine.objects.count() == 1


@pytest.mark.parametrize("size", [1, 3])
def test_budget_lines_query_count_is_independent_of_size(
    size, client, finance, member, fund, django_assert_num_queries
):
    year = FiscalYearFactory(starts_on=datetime.date(2024, 1, 1))
    for slug in ("venue", "travel", "catering")[:size]:
        BudgetLine.objects.create(
            fund=fund,
            fiscal_year=year,
            category=category(slug),
            event=EventFactory(),
            planned_amount=Decimal("100.00"),
            created_by=member,
        )
    client.force_login(finance)

    with django_assert_num_queries(8):
        response = client.get("/budget/lines/")

    assert len(rows(response, "Budget lines")) == size


def test_finance_reads_budget_lines_but_cannot_plan(client, finance, fund):
    client.force_login(finance)

    responses = [client.get("/budget/lines/"), client.get("/budget/lines/new/")]

    assert [response.status_code for response in responses] == [200, 403]


# ---------------------------------------------------------------- the dashboard


@pytest.fixture
def busy_fund(finance, member, community, fund):
    FiscalYearFactory(starts_on=datetime.date(2023, 1, 1))
    year = FiscalYearFactory(starts_on=datetime.date(2024, 1, 1))
    post(fund, "IN-1", "10000.00", by=finance)
    post(fund, "IN-2", "2500.00", by=finance, slug="sponsorship")
    post(fund, "OUT-1", "-1200.00", by=finance, slug="venue")
    post(fund, "OUT-2", "-300.00", by=finance, slug="travel")
    post(fund, "OLD-1", "999.00", by=finance, day=datetime.date(2023, 6, 1))
    AllocationFactory(fund=fund, amount=Decimal("3000.00"))
    BudgetLine.objects.create(
        fund=fund,
        fiscal_year=year,
        category=category("venue"),
        planned_amount=Decimal("2000.00"),
        created_by=member,
    )
    return fund


def test_dashboard_shows_spending_authority_and_the_years_figures(
    client, member, community, busy_fund
):
    claim = submit(community, busy_fund)
    client.force_login(member)

    response = client.get("/budget/", {"year": "FY2024"})

    assert rows(response, "Funds and spending authority") == [
        [
            "Jupyter community fund",
            "11,999.00 USD",
            "13,499.00 USD",
            "1,500.00 USD",
            "3,000.00 USD",
            "8,999.00 USD",
        ]
    ]
    assert rows(response, "Income by category in FY2024") == [
        ["Donations", "10,000.00 USD"],
        ["Sponsorship", "2,500.00 USD"],
    ]
    assert rows(response, "Spending by category in FY2024") == [
        ["Venue", "1,200.00 USD"],
        ["Travel", "300.00 USD"],
    ]
    assert rows(response, "Budget against actual in FY2024") == [
        ["Venue", "", "2,000.00 USD", "1,200.00 USD", "800.00 USD"]
    ]
    assert [row[0] for row in rows(response, "Open claims on Jupyter community fund")] == [
        f"Claim {claim.pk}: Printed name badges"
    ]
    assert [
        row[1] for row in rows(response, "The ten most recent entries of Jupyter community fund")
    ] == ["OUT-2", "OUT-1", "IN-2", "IN-1", "OLD-1"]
    html = response.content.decode()
    assert html.count('<svg class="chart" role="img"') == 2
    assert 'aria-label="Income by category in FY2024"' in html
    assert "Entries not reconciled" not in text(response)


def test_dashboard_defaults_to_the_fiscal_year_containing_today_else_the_latest(
    client, member, busy_fund
):
    client.force_login(member)

    response = client.get("/budget/")

    # Neither FY2023 nor FY2024 contains today: the latest is shown.
    assert "Jupyter community fund in FY2024" in text(response)


def test_dashboard_shows_finance_the_unreconciled_count_with_a_link(client, finance, busy_fund):
    entry_reconcile(entry=LedgerEntry.objects.get(reference="IN-1"), reconciled_by=finance)
    client.force_login(finance)

    response = client.get("/budget/", {"fund": busy_fund.slug})

    assert "Entries not reconciled 4 entries not reconciled" in text(response)
    assert (
        'href="/budget/ledger/?fund=jupyter-community&amp;reconciled=false"'
        in response.content.decode()
    )


def test_dashboard_for_the_council_shows_figures_but_no_entries(client, user_with_role, busy_fund):
    client.force_login(user_with_role(Role.COUNCIL))

    response = client.get("/budget/", {"year": "FY2024"})

    assert "Funds and spending authority" in tables(response)
    assert "Recent entries" not in text(response)
    assert "IN-1" not in text(response)


def test_dashboard_is_refused_to_the_community(client, community, busy_fund):
    client.force_login(community)

    assert client.get("/budget/").status_code == 403


def test_dashboard_for_an_unknown_fund_answers_404(client, member, busy_fund):
    client.force_login(member)

    assert client.get("/budget/", {"fund": "no-such-fund"}).status_code == 404


# ---------------------------------------------------------------- transparency


def test_transparency_page_shows_yearly_totals_and_no_names_or_references(
    client, finance, member, community, busy_fund
):
    post(busy_fund, "SECRET-REF", "-40.00", by=finance, slug="travel", counterparty="Ada Lovelace")
    claim = submit(community, busy_fund, description="Private description")
    claim_approve(claim=claim, approver=member)
    claim_pay(claim=claim, paid_by=finance, date=datetime.date(2024, 7, 1))

    response = client.get("/budget/transparency/")

    assert rows(response, "Jupyter community fund in 2024") == [
        ["Supplies", "Expense", "-85.50 USD"],
        ["Travel", "Expense", "-340.00 USD"],
        ["Venue", "Expense", "-1,200.00 USD"],
        ["Donations", "Income", "10,000.00 USD"],
        ["Sponsorship", "Income", "2,500.00 USD"],
    ]
    assert tables(response)["Jupyter community fund in 2024"]["foot"] == [
        ["Income", "", "12,500.00 USD"],
        ["Spending", "", "1,625.50 USD"],
    ]
    assert rows(response, "Jupyter community fund in 2023") == [
        ["Donations", "Income", "999.00 USD"]
    ]
    page = text(response)
    for secret in ("SECRET-REF", "Ada Lovelace", "Private description", "CLAIM-", "community-user"):
        assert secret not in page


# ---------------------------------------------------------------- dashboard panels


def test_member_dashboard_lists_claims_awaiting_their_approval_but_not_their_own(
    client, member, community, fund
):
    others = submit(community, fund, description="Badges")
    submit(member, fund, description="My own train")
    already = submit(community, fund, amount="1500.00", description="Big one")
    claim_approve(claim=already, approver=member)
    client.force_login(member)

    response = client.get("/dashboard/")

    assert [row[0] for row in rows(response, "Claims awaiting your approval")] == [
        f"Claim {others.pk}: Badges (community-user)"
    ]
    assert rows(response, "Money available to allocate, per fund") == [
        ["Jupyter community fund", "0.00 USD", "0.00 USD"]
    ]


def test_finance_dashboard_lists_claims_to_pay_and_unreconciled_entries(
    client, finance, member, community, fund
):
    claim = submit(community, fund)
    claim_approve(claim=claim, approver=member)
    post(fund, "IN-1", "100.00", by=finance)
    client.force_login(finance)

    response = client.get("/dashboard/")

    assert rows(response, "Claims to pay") == [
        [f"Claim {claim.pk}: Printed name badges (community-user)", "85.50 USD", "0"]
    ]
    assert "1 entry not reconciled" in text(response)
    assert 'href="/budget/ledger/?reconciled=false"' in response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            Role.COMMUNITY,
            NAV_LOGGED_IN,
        ),
        (
            Role.FINANCE_STAFF,
            NAV_WITH_BUDGET,
        ),
        (
            Role.COUNCIL,
            NAV_WITH_REPORTS,
        ),
    ],
)
def test_navigation_shows_budget_to_those_who_oversee_money(client, user_with_role, role, expected):
    client.force_login(user_with_role(role))

    response = client.get("/dashboard/")

    nav = re.search(r'<nav class="main-nav".*?</nav>', response.content.decode(), re.DOTALL)
    assert re.findall(r"<a [^>]*>(.*?)</a>", nav[0]) == expected


def test_claim_page_shows_its_history_with_who_changed_what(client, db):
    member = UserFactory(username="approver", roles=[Role.CWG_MEMBER])
    claim = claim_submit(
        claimant=UserFactory(username="organiser"),
        fund=FundFactory(),
        category=category("supplies"),
        amount=Decimal("85.50"),
        currency="USD",
        description="Printed name badges",
        documents=[(DocumentKind.RECEIPT, upload())],
    )
    claim_approve(claim=claim, approver=member)
    client.force_login(member)

    response = client.get(f"/budget/claims/{claim.pk}/")

    latest, created = rows(response, f"History of claim {claim.pk}")
    assert latest[1:3] == ["approver", "Changed"]
    assert "Status: submitted → approved" in latest[3]
    assert created[2:] == ["Created", "—"]


def test_allocation_page_shows_its_history_after_closing(client, db):
    member = UserFactory(username="decider", roles=[Role.CWG_MEMBER])
    allocation = AllocationFactory(purpose="Widgets sprint")
    allocation_close(allocation=allocation, by=member)
    client.force_login(member)

    response = client.get(f"/budget/allocations/{allocation.pk}/")

    latest = rows(response, "History of the allocation Widgets sprint")[0]
    assert latest[1:3] == ["decider", "Changed"]
    assert "Status: open → closed" in latest[3]

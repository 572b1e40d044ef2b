"""Importing a ledger file: the upload, its preview with each row's outcome,
the confirmation that imports once, and who may import."""

import pytest

from budget.models import LedgerEntry, LedgerImport
from tests.budget.books import post
from tests.factories.budget import PDF_BYTES, upload
from tests.pages import form_errors, page_messages, rows, tables, text


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


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

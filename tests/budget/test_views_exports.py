"""The ledger's CSV and XLSX exports: exactly the filtered rows, importable
again, safe to open in a spreadsheet, and refused to the community."""

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from budget.services.imports import ledger_file_parse
from tests.budget.books import post
from tests.factories.budget import FundFactory
from tests.factories.events import EventFactory


def streamed(response):
    """The body of a streamed export, read to its end as a download would be."""
    assert response.streaming
    return b"".join(response.streaming_content)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


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
    assert list(csv.reader(io.StringIO(streamed(response).decode()))) == [
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

    result = ledger_file_parse(fund=FundFactory(currency="USD"), content=streamed(response))

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

    row = list(csv.reader(io.StringIO(streamed(response).decode())))[1]
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

"""The ledger's exports: the rows of the filtered list, as CSV in the import
format (so an export can be imported again) and as an Excel workbook with
numeric amounts."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from rules.contrib.views import permission_required

from budget.services.imports import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from budget.views.ledger import filtered_entries

COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, "fund")
AMOUNT_COLUMNS = frozenset({"amount", "amount_fund"})
TEXT_COLUMNS = frozenset({"reference", "description", "counterparty"})
# A cell starting with one of these is a formula to a spreadsheet program; text
# typed by a claimant reaches the ledger, so it is never handed over as one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Where each column's value is read: plain values straight from the query, so
# that a long export builds no model instance per row.
SOURCES = {
    "date": "date",
    "reference": "reference",
    "category": "category__slug",
    "amount": "amount",
    "description": "description",
    "currency": "currency",
    "amount_fund": "amount_fund",
    "event": "event__slug",
    "counterparty": "counterparty",
    "fund": "fund__slug",
}


def _rows(entries):
    """Each entry as {column: value}, read in chunks from a server-side cursor."""
    fields = [SOURCES[name] for name in COLUMNS]
    for row in entries.values_list(*fields).iterator(chunk_size=2000):
        values = dict(zip(COLUMNS, row, strict=True))
        values["event"] = values["event"] or ""
        yield values


def _defused(name, value):
    if name in TEXT_COLUMNS and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _filename(filterset, extension):
    fund = filterset.form.cleaned_data.get("fund") if filterset.is_bound else None
    scope = fund.slug if fund else "all-funds"
    return f"ledger-{scope}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Line:
    """What csv.writer writes to: it hands each line back instead of keeping it."""

    def write(self, line):
        return line


def _csv_lines(entries):
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMNS)
    for values in _rows(entries):
        # Decimals print exactly as stored ("-3200.00"); dates as YYYY-MM-DD.
        yield writer.writerow([_defused(name, str(values[name])) for name in COLUMNS])


@permission_required("budget.view_ledger", raise_exception=True)
def export_csv(request):
    """Streamed as it is read, so the first line leaves at once and memory stays
    flat however long the ledger is."""
    filterset, entries = filtered_entries(request)
    response = StreamingHttpResponse(_csv_lines(entries), content_type="text/csv; charset=utf-8")
    return _attachment(response, _filename(filterset, "csv"))


def _workbook(entries):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ledger"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row, values in enumerate(entries, start=2):
        for column, name in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=row, column=column, value=values[name])
            if name in AMOUNT_COLUMNS:
                cell.number_format = "#,##0.00"
            elif name == "date":
                cell.number_format = "yyyy-mm-dd"
            else:
                # Text stays text, even when it starts with "=".
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    return workbook


@permission_required("budget.view_ledger", raise_exception=True)
def export_xlsx(request):
    filterset, entries = filtered_entries(request)
    workbook = _workbook(_rows(entries))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    return _attachment(response, _filename(filterset, "xlsx"))

"""Import of the fiscal sponsor's ledger export (CSV).

The whole file is one transaction: one invalid row and nothing is written. Rows
whose reference the fund already has are skipped, so importing the same file
again adds nothing. The format is documented in budget/IMPORT.md.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from budget.enums import GIVEN_REFERENCE_SOURCES, EntrySource
from budget.models import Category, LedgerEntry, LedgerImport
from budget.services.ledger import entry_post, fund_lock
from budget.validators import CURRENCIES, ledger_file_text
from events.selectors import events

REQUIRED_COLUMNS = ("date", "reference", "category", "amount")
OPTIONAL_COLUMNS = ("description", "currency", "amount_fund", "event", "counterparty")
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
AMOUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$")


class ImportOutcome:
    IMPORT = "import"
    SKIP = "skip"
    ERROR = "error"


@dataclass
class ImportRow:
    line: int
    reference: str = ""
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    skip_reason: str = ""

    @property
    def outcome(self):
        if self.errors:
            return ImportOutcome.ERROR
        return ImportOutcome.SKIP if self.skip_reason else ImportOutcome.IMPORT


@dataclass
class ImportResult:
    rows: list
    file_errors: list = field(default_factory=list)
    imported: int = 0
    written: bool = False

    @property
    def errors(self):
        """Every problem as "line N: reason", file-wide ones first."""
        return [*self.file_errors] + [
            f"line {row.line}: {error}" for row in self.rows for error in row.errors
        ]

    @property
    def to_import(self):
        return sum(row.outcome == ImportOutcome.IMPORT for row in self.rows)

    @property
    def skipped(self):
        return sum(row.outcome == ImportOutcome.SKIP for row in self.rows)


def parse_amount(text):
    """'1,234.56', '-1234.56', '(1,234.56)', '$1,234.56', '-$5' → Decimal; else ValueError."""
    value = text.strip()
    negative = False
    if value.startswith("(") and value.endswith(")"):
        negative, value = True, value[1:-1].strip()
    if value.startswith("-"):
        negative, value = not negative, value[1:].strip()
    if value.startswith("$"):
        value = value[1:].strip()
    if value.startswith("-"):
        negative, value = not negative, value[1:].strip()
    if not AMOUNT.fullmatch(value):
        raise ValueError(f"“{text}” is not an amount (write 1,234.56, -1234.56 or (1,234.56))")
    try:
        amount = Decimal(value.replace(",", ""))
    except InvalidOperation as error:
        raise ValueError(f"“{text}” is not an amount") from error
    return -amount if negative else amount


def parse_date(text):
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), date_format).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date (write YYYY-MM-DD or MM/DD/YYYY)")


class _Lookups:
    """Categories and events by the names a file may use, fetched once per file."""

    def __init__(self):
        self.categories = {}
        for category in Category.objects.all():
            self.categories[category.slug.lower()] = category
            self.categories[category.name.lower()] = category
        self.events = {event.slug: event for event in events().only("pk", "slug")}


def _parse_row(row, raw, *, fund, lookups):
    def value(name):
        return (raw.get(name) or "").strip()

    row.reference = value("reference")
    if not row.reference:
        row.errors.append("the reference is missing")
    for name, parse in (("date", parse_date), ("amount", parse_amount)):
        try:
            row.values[name] = parse(value(name))
        except ValueError as error:
            row.errors.append(str(error))
    if row.values.get("amount") == 0:
        row.errors.append("the amount is zero")
    category = lookups.categories.get(value("category").lower())
    if category is None:
        row.errors.append(f"unknown category “{value('category')}”")
    elif category.is_system:
        # An export of the portal's own ledger carries these; the fund that
        # imports it posts its own fees on the income rows.
        row.skip_reason = f"the portal posts “{category}” itself"
    row.values["category"] = category
    currency = value("currency").upper() or fund.currency
    if currency not in CURRENCIES:
        row.errors.append(f"unknown currency “{currency}”")
    row.values["currency"] = currency
    row.values["amount_fund"] = None
    if currency != fund.currency:
        if not value("amount_fund"):
            row.errors.append(
                f"amount_fund is required: the row is in {currency}, the fund in {fund.currency}"
            )
        else:
            try:
                row.values["amount_fund"] = parse_amount(value("amount_fund"))
            except ValueError as error:
                row.errors.append(f"amount_fund: {error}")
    row.values["event"] = None
    if value("event"):
        row.values["event"] = lookups.events.get(value("event"))
        if row.values["event"] is None:
            row.errors.append(f"unknown event “{value('event')}”")
    row.values["description"] = value("description")
    row.values["counterparty"] = value("counterparty")


def ledger_file_parse(*, fund, content):
    """Read a sponsor export into rows with their outcome; writes nothing."""
    try:
        text = ledger_file_text(content)
    except ValidationError as error:
        return ImportResult(rows=[], file_errors=error.messages)
    # csv.reader rather than DictReader: DictReader skips blank lines unseen, and
    # every row after one would be reported a line too early.
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return ImportResult(rows=[], file_errors=["The file is empty."])
    fieldnames = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in fieldnames]
    if missing:
        return ImportResult(rows=[], file_errors=[f"Missing column(s): {', '.join(missing)}."])
    lookups, rows, first_line = _Lookups(), [], {}
    line = reader.line_num + 1
    for values in reader:
        row = ImportRow(line=line)
        line = reader.line_num + 1
        if not any(value.strip() for value in values):
            continue
        raw = dict(zip(fieldnames, values, strict=False))
        _parse_row(row, raw, fund=fund, lookups=lookups)
        if row.reference in first_line:
            row.errors.append(f"reference {row.reference} repeats line {first_line[row.reference]}")
        first_line.setdefault(row.reference, row.line)
        rows.append(row)
    _mark_already_posted(rows, fund=fund)
    return ImportResult(rows=rows)


def _mark_already_posted(rows, *, fund):
    existing = set(
        LedgerEntry.objects.filter(
            fund=fund,
            source__in=GIVEN_REFERENCE_SOURCES,
            reference__in=[row.reference for row in rows],
        ).values_list("reference", flat=True)
    )
    for row in rows:
        if row.reference in existing:
            row.skip_reason = "already in the fund"


@transaction.atomic
def ledger_import(*, fund, content, entered_by, dry_run=False):
    """Import a sponsor export into a fund: every valid new row, or nothing at all.

    Side effects: posts the entries (and the sponsor's fee on income rows).
    """
    fund = fund_lock(fund)
    result = ledger_file_parse(fund=fund, content=content)
    if result.errors or dry_run:
        return result
    for row in result.rows:
        if row.outcome != ImportOutcome.IMPORT:
            continue
        try:
            entry_post(
                fund=fund,
                reference=row.reference,
                entered_by=entered_by,
                source=EntrySource.IMPORT,
                **row.values,
            )
        except ValidationError as error:
            # A rule only posting checks (a field's length, a reference a fee entry
            # took): reported on its line like the others, and nothing is kept.
            row.errors.extend(_posting_errors(error))
            continue
        result.imported += 1
    if result.errors:
        transaction.set_rollback(True)
        result.imported = 0
        return result
    result.written = True
    return result


def _posting_errors(error):
    if not hasattr(error, "error_dict"):
        return error.messages
    return [
        message if name == NON_FIELD_ERRORS else f"{name}: {message}"
        for name, messages in error.message_dict.items()
        for message in messages
    ]


@transaction.atomic
def ledger_upload_create(*, fund, filename, content, uploaded_by):
    """Keep an uploaded export for its preview; nothing is posted yet."""
    ledger_upload = LedgerImport(
        fund=fund, filename=filename[:200], content=content, uploaded_by=uploaded_by
    )
    ledger_upload.full_clean()
    ledger_upload.save()
    return ledger_upload


@transaction.atomic
def ledger_upload_confirm(*, ledger_upload, entered_by):
    """Import a previewed upload once: the row is locked and its status checked,
    and the import service itself skips references the fund already has.

    Returns (upload, result); result is None when the upload was already imported.
    """
    ledger_upload = (
        LedgerImport.objects.select_for_update().select_related("fund").get(pk=ledger_upload.pk)
    )
    if ledger_upload.status != LedgerImport.Status.PREVIEWED:
        return ledger_upload, None
    result = ledger_import(
        fund=ledger_upload.fund, content=ledger_upload.content, entered_by=entered_by
    )
    if result.written:
        ledger_upload.status = LedgerImport.Status.IMPORTED
        ledger_upload.imported_count = result.imported
        ledger_upload.skipped_count = result.skipped
        ledger_upload.imported_at = timezone.now()
        ledger_upload.save(
            update_fields=["status", "imported_count", "skipped_count", "imported_at"]
        )
    return ledger_upload, result

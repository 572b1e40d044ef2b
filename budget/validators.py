from decimal import Decimal

from django.core.exceptions import ValidationError

from cwg_portal.uploads import JPEG, PDF, PNG, upload_kind

# ISO 4217 codes the group meets; extend when a new currency appears in the books.
CURRENCIES = (
    "USD",
    "EUR",
    "GBP",
    "CAD",
    "AUD",
    "NZD",
    "CHF",
    "JPY",
    "INR",
    "BRL",
    "MXN",
    "ZAR",
    "NGN",
    "KES",
    "GHS",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "SGD",
    "HKD",
    "CNY",
    "KRW",
    "ARS",
    "CLP",
    "COP",
    "PEN",
    "TRY",
    "ILS",
    "EGP",
    "MAD",
    "PHP",
    "IDR",
    "MYR",
    "THB",
    "VND",
    "PKR",
    "BDT",
    "LKR",
    "NPR",
    "UGX",
    "TZS",
    "RWF",
    "ETB",
    "XOF",
    "XAF",
)
CURRENCY_CHOICES = [(code, code) for code in CURRENCIES]
CENT = Decimal("0.01")


def validate_currency(value):
    if value not in CURRENCIES:
        raise ValidationError(
            "%(value)s is not an ISO 4217 currency code the portal knows.",
            code="unknown_currency",
            params={"value": value},
        )


def validate_cents(value):
    if value is not None and value != value.quantize(CENT):
        raise ValidationError("Amounts have at most two decimal places.", code="sub_cent")


RECEIPT_KINDS = (PDF, PNG, JPEG)


def receipt_content_type(upload, *, max_bytes):
    """The content type of an uploaded receipt, or a ValidationError saying why not."""
    return upload_kind(
        upload, kinds=RECEIPT_KINDS, max_bytes=max_bytes, what="a receipt"
    ).content_type


def ledger_file_text(content):
    """The text of an uploaded ledger export, or a ValidationError saying why it
    is not one: not UTF-8, or holding a NUL byte (which no text column can
    store, and which a spreadsheet's export never has)."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError("The file is not UTF-8 text.") from error
    text = content.removeprefix("\ufeff")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ValidationError(
            "Line %(line)s holds a NUL byte: the file is not a text export.",
            code="nul_byte",
            params={"line": line},
        )
    return text

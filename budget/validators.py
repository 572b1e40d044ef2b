from decimal import Decimal

from django.core.exceptions import ValidationError

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


# Receipts are checked by their first bytes, not by the name a browser sends.
FILE_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def receipt_content_type(upload, *, max_bytes):
    """The content type of an uploaded receipt, or a ValidationError saying why not."""
    if upload.size > max_bytes:
        raise ValidationError(
            "%(name)s is %(size)s MB; a receipt may be at most %(limit)s MB.",
            code="receipt_too_large",
            params={
                "name": upload.name,
                "size": str(round(Decimal(upload.size) / 1_048_576, 1)),
                "limit": max_bytes // 1_048_576,
            },
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, content_type in FILE_SIGNATURES:
        if head.startswith(signature):
            return content_type
    raise ValidationError(
        "%(name)s is not a PDF, PNG or JPEG file.",
        code="receipt_wrong_type",
        params={"name": upload.name},
    )

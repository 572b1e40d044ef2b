"""What the portal accepts as an uploaded file: its kind is read from its first
bytes, never from the name or the content type a browser sends."""

from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError


class FileKind(NamedTuple):
    signature: bytes
    content_type: str
    label: str
    extension: str


PDF = FileKind(b"%PDF-", "application/pdf", "PDF", "pdf")
PNG = FileKind(b"\x89PNG\r\n\x1a\n", "image/png", "PNG", "png")
JPEG = FileKind(b"\xff\xd8\xff", "image/jpeg", "JPEG", "jpg")
KINDS = (PDF, PNG, JPEG)


def download_name(name, content_type):
    """The name a stored upload is downloaded under: the uploader's name with the
    extension of the kind its bytes were found to be, so that a browser never
    opens a PDF named `evil.html` as a page."""
    kind = next(kind for kind in KINDS if kind.content_type == content_type)
    stem = name.rsplit(".", 1)[0].strip() if "." in name else name.strip()
    return f"{stem or 'document'}.{kind.extension}"


def megabytes(size):
    """A size in MB as people write it: 10, 1.5, 0.2 (never 0 for a small limit)."""
    return f"{Decimal(size) / 1_048_576:.1f}".removesuffix(".0")


def upload_kind(upload, *, kinds, max_bytes, what):
    """The kind of an upload among `kinds`, or a ValidationError saying why not.
    `what` names the upload in the messages ("a receipt")."""
    if upload.size > max_bytes:
        raise ValidationError(
            "%(name)s is %(size)s MB; %(what)s may be at most %(limit)s MB.",
            code="upload_too_large",
            params={
                "name": upload.name,
                "size": megabytes(upload.size),
                "what": what,
                "limit": megabytes(max_bytes),
            },
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for kind in kinds:
        if head.startswith(kind.signature):
            return kind
    *others, last = [kind.label for kind in kinds]
    raise ValidationError(
        "%(name)s is not a %(labels)s file.",
        code="upload_wrong_kind",
        params={
            "name": upload.name,
            "labels": f"{', '.join(others)} or {last}" if others else last,
        },
    )

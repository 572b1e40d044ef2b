"""What the portal accepts as an uploaded file: its kind is read from its first
bytes, never from the name or the content type a browser sends."""

from decimal import ROUND_HALF_EVEN, ROUND_UP, Decimal
from io import BytesIO
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError


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


# A photo this many pixels wide times high is refused before it is decoded: a
# small file can unpack to gigabytes of pixels.
MAX_IMAGE_PIXELS = 40_000_000


def megabytes(size, *, places=1, rounding=ROUND_HALF_EVEN):
    """A size in MB as people write it: 10, 1.5, 0.2 (never 0 for a small limit)."""
    exponent = Decimal(1).scaleb(-places)
    shown = (Decimal(size) / 1_048_576).quantize(exponent, rounding=rounding)
    return str(shown).rstrip("0").rstrip(".")


def _too_large(size, limit):
    """The size (rounded up) and the limit, with as many decimals as it takes for
    them to differ: a file just over 2 MB is "2.1 MB", never "2 MB" beside its limit."""
    for places in (1, 2, 3):
        shown = megabytes(size, places=places, rounding=ROUND_UP), megabytes(limit, places=places)
        if shown[0] != shown[1]:
            break
    return shown


def upload_kind(upload, *, kinds, max_bytes, what):
    """The kind of an upload among `kinds`, or a ValidationError saying why not.
    `what` names the upload in the messages ("a receipt")."""
    if upload.size > max_bytes:
        size, limit = _too_large(upload.size, max_bytes)
        raise ValidationError(
            "%(name)s is %(size)s MB; %(what)s may be at most %(limit)s MB.",
            code="upload_too_large",
            params={"name": upload.name, "size": size, "what": what, "limit": limit},
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


def image_without_metadata(upload, kind):
    """The uploaded PNG or JPEG decoded and encoded again, keeping only its pixels:
    EXIF (with a phone's GPS position), comments and profiles are dropped. An EXIF
    orientation is applied first, so that the photo stays upright without it."""
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    "%(name)s has too many pixels; a photo may have at most %(pixels)s million.",
                    code="image_too_large",
                    params={"name": upload.name, "pixels": MAX_IMAGE_PIXELS // 1_000_000},
                )
            pixels = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            "%(name)s could not be read as a %(label)s image.",
            code="image_unreadable",
            params={"name": upload.name, "label": kind.label},
        ) from error
    pixels.info = {}
    encoded = BytesIO()
    pixels.save(encoded, format="PNG" if kind == PNG else "JPEG", quality=90)
    upload.seek(0)
    return ContentFile(encoded.getvalue())

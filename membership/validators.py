import re

from django.conf import settings
from django.core.exceptions import ValidationError

from cwg_portal.uploads import JPEG, PNG, upload_kind

# GitHub's own rule: alphanumerics and single hyphens, not at either end, 39 at most.
_GITHUB_HANDLE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


def validate_github_handle(value):
    if value and not _GITHUB_HANDLE.fullmatch(value):
        raise ValidationError(
            "A GitHub handle has letters, digits and single hyphens, without a leading "
            "@ or a hyphen at either end.",
            code="invalid_github_handle",
        )


def photo_kind(upload):
    """The kind of an uploaded profile photo (PNG or JPEG), or a ValidationError."""
    return upload_kind(
        upload, kinds=(PNG, JPEG), max_bytes=settings.PROFILE_PHOTO_MAX_BYTES, what="a photo"
    )

import re

from django.core.exceptions import ValidationError

# GitHub's own rule: alphanumerics and single hyphens, not at either end, 39 at most.
_GITHUB_HANDLE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


def validate_github_handle(value):
    if value and not _GITHUB_HANDLE.fullmatch(value):
        raise ValidationError(
            "A GitHub handle has letters, digits and single hyphens, without a leading "
            "@ or a hyphen at either end.",
            code="invalid_github_handle",
        )

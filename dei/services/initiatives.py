"""DEI initiatives, kept by the DEI committee."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from dei.models import Initiative

FIELDS = (
    "title",
    "goal",
    "owner",
    "partners",
    "starts_on",
    "ends_on",
    "status",
    "outcomes",
    "evidence",
)


def _save(initiative, by, fields):
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"Not initiative fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(initiative, name, value.strip() if isinstance(value, str) else value)
    initiative.full_clean()
    initiative._history_user = by
    initiative.save()
    return initiative


@transaction.atomic
def initiative_create(*, by, **fields):
    """Record a new initiative. Side effects: its first version in the history."""
    if not by.has_perm("dei.edit_initiatives"):
        raise PermissionDenied
    return _save(Initiative(created_by=by), by, fields)


@transaction.atomic
def initiative_update(*, initiative, by, **fields):
    """Change an initiative (its status, outcomes, evidence…). Side effects: a new
    version in the history."""
    if not by.has_perm("dei.edit_initiatives"):
        raise PermissionDenied
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    return _save(initiative, by, fields)

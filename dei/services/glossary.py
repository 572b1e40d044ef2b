"""The public glossary, edited by the DEI committee."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from dei.models import GlossaryEntry


@transaction.atomic
def glossary_entry_update(*, entry, by, definition, source, source_url=""):
    """Change a working definition or its source. Side effects: a new version in
    the entry's history (the first edit also keeps the version it replaces)."""
    if not by.has_perm("dei.edit_glossary"):
        raise PermissionDenied
    entry = GlossaryEntry.objects.select_for_update().get(pk=entry.pk)
    if not entry.history.exists():
        # The definitions a migration created have no version yet: keep it first.
        entry.save()
    entry.definition = definition.strip()
    entry.source = source.strip()
    entry.source_url = source_url.strip()
    entry.full_clean()
    entry._history_user = by
    entry.save()
    return entry

"""The chair's words on each section, beside figures that stay as built."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cwg_portal import registry
from reporting.models import Report, SectionNarrative


def narrative_write(*, report, section, public_text, council_text, by):
    """Set the chair's public text and council note on one section of a report
    still in the making. Side effect: replaces what was written before."""
    if section not in {each.key for each in registry.report_sections()}:
        raise ValidationError(f"The report has no section “{section}”.")
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if not by.has_perm("reporting.write_narrative", locked):
            raise PermissionDenied("Only the chair writes a report's narrative, until it is sent.")
        narrative, _ = SectionNarrative.objects.update_or_create(
            report=locked,
            section=section,
            defaults={
                "public_text": public_text.strip(),
                "council_text": council_text.strip(),
                "updated_by": by,
            },
        )
    return narrative

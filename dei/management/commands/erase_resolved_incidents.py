from django.conf import settings
from django.core.management.base import BaseCommand

from dei.services.incidents import incidents_erase_expired


class Command(BaseCommand):
    help = (
        "Erase the details of code-of-conduct reports resolved more than "
        "DEI_INCIDENT_RETENTION_YEARS ago; their status and dates stay for the counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years", type=int, default=None, help="instead of DEI_INCIDENT_RETENTION_YEARS"
        )

    def handle(self, *args, years, **options):
        years = settings.DEI_INCIDENT_RETENTION_YEARS if years is None else years
        erased = incidents_erase_expired(years=years)
        self.stdout.write(
            f"Erased the details of {erased} report(s) resolved over {years} years ago."
        )

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from reporting.services import builds


class Command(BaseCommand):
    help = (
        "Build the report of a period (2026Q3 or 2026H2): queued for a worker, or "
        "at once with --sync. A rebuild makes a new version only when figures changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("period", help="The period, as 2026Q3 or 2026H2.")
        parser.add_argument("--sync", action="store_true", help="Build now, in this process.")

    def handle(self, *args, period, sync, **options):
        try:
            named = builds.period_named(period)
            if sync:
                version = builds.report_build(period=named, by=None)
                self.stdout.write(f"{named.identifier}: version {version.number}.")
            else:
                queued = builds.build_request(period=named, by=None)
                self.stdout.write(f"{named.identifier}: build queued as task {queued.pk}.")
        except (ValidationError, PermissionDenied) as refused:
            raise CommandError(" ".join(getattr(refused, "messages", [str(refused)]))) from refused

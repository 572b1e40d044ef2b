from django.core.management.base import BaseCommand, CommandError

from membership.governance_format import GovernanceDataError
from membership.services.governance import governance_import


class Command(BaseCommand):
    help = (
        "Bring bodies, organisations, people and seats in line with the governance "
        "repository's jupyter-teams.yml, organizations.yml and contributors.yml in DIR. "
        "Reports what would change; writes only with --apply, and nothing when any "
        "entry is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument("--apply", action="store_true", help="write the changes")

    def handle(self, *args, directory, apply, **options):
        try:
            report = governance_import(directory=directory, apply=apply)
        except GovernanceDataError as error:
            raise CommandError(f"Nothing was imported.\n{error}") from error
        for change in report.changes:
            self.stdout.write(change)
        for person in report.people_not_in_files:
            self.stdout.write(f"left alone, not in the files: {person.display_name}")
        if not report.changes:
            self.stdout.write("No changes: the portal already matches the files.")
        elif apply:
            self.stdout.write(self.style.SUCCESS(f"Applied {len(report.changes)} changes."))
        else:
            self.stdout.write(f"{len(report.changes)} changes; run again with --apply to write.")

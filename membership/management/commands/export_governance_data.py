from pathlib import Path

from django.core.management.base import BaseCommand

from membership.governance_format import FILES, dump_governance_file
from membership.selectors import governance_export


class Command(BaseCommand):
    help = (
        "Write the leadership directory into DIR as the governance repository's "
        "jupyter-teams.yml, organizations.yml and contributors.yml."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, directory, **options):
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        export = governance_export()
        for name in FILES:
            (target / name).write_text(dump_governance_file(name, export[name]), encoding="utf-8")
            self.stdout.write(str(target / name))

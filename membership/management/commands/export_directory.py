import yaml
from django.core.management.base import BaseCommand

from membership.selectors import directory_export


class Command(BaseCommand):
    help = (
        "Print the leadership directory as YAML shaped like the project's governance "
        "people data (id, name, github, affiliations, teams with their terms)."
    )

    def handle(self, *args, **options):
        self.stdout.write(yaml.safe_dump(directory_export(), sort_keys=False, allow_unicode=True))

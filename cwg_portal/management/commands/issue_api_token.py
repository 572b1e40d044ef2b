from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken


class Command(BaseCommand):
    help = "Issue a new API token for a user and print it alone on the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist as missing:
            raise CommandError(f"No active user named {username!r}.") from missing
        instance, token = AuthToken.objects.create(user=user)
        self.stdout.write(
            f"Token for {username}, valid until {instance.expiry:%Y-%m-%d %H:%M %Z}. "
            "It is shown once; store it now."
        )
        self.stdout.write(token)

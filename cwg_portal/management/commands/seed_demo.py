import os

from django.core.management.base import BaseCommand
from django.db import transaction

from cwg_portal import registry

DEFAULT_DEMO_PASSWORD = "jupyter-community-demo"  # noqa: S105 - demo data, printed to the user


class Command(BaseCommand):
    help = (
        "Create demo data, one user per role named after the role (cwg-member, …) with the "
        "e-mail <username>@example.org and the password from DEMO_PASSWORD. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["small", "large"], default="small")

    @transaction.atomic
    def handle(self, *args, size, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        demo = registry.DemoContext(password=password, size=size)
        for _app, builder in registry.demo_builders():
            builder.seed(demo)
        self.stdout.write(f"Demo users: {', '.join(user.username for user in demo.users.values())}")
        self.stdout.write("Log in with <username>@example.org and the demo password.")
        if "DEMO_PASSWORD" not in os.environ:
            self.stdout.write(f"Demo password (set DEMO_PASSWORD to change it): {password}")

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from budget.models import Fund
from budget.selectors import fund_balance
from budget.services.imports import ledger_import


class Command(BaseCommand):
    help = (
        "Import the fiscal sponsor's ledger export (CSV) into a fund. Any invalid row "
        "means nothing is written; rows already in the fund are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--fund", required=True, help="the fund's slug")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
        parser.add_argument(
            "--as-user",
            default=None,
            help="who is recorded as having entered the rows (default: the first finance staff)",
        )

    def handle(self, *args, file, fund, dry_run, as_user, **options):
        try:
            fund = Fund.objects.get(slug=fund)
        except Fund.DoesNotExist as missing:
            raise CommandError(f"No fund with the slug {fund!r}.") from missing
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        result = ledger_import(
            fund=fund, content=content, entered_by=self._operator(as_user), dry_run=dry_run
        )
        for error in result.errors:
            self.stderr.write(error)
        if result.errors:
            raise CommandError(f"{len(result.errors)} problem(s) in {file}; nothing was written.")
        if dry_run:
            self.stdout.write(
                f"dry run: {result.to_import} row(s) would be imported, nothing written"
            )
        self.stdout.write(f"imported {result.imported}, skipped {result.skipped}")
        self.stdout.write(f"balance of {fund.slug}: {fund_balance(fund)} {fund.currency}")

    def _operator(self, username):
        users = get_user_model().objects.filter(is_active=True)
        user = (
            users.filter(username=username).first()
            if username
            else users.filter(groups__name="finance-staff").order_by("pk").first()
            or users.filter(groups__name="admin").order_by("pk").first()
        )
        if user is None:
            raise CommandError("No account to record as the importer: pass --as-user USERNAME.")
        return user

"""Time the portal's heaviest reads on the ten-year data set (`seed_demo --size large`).

Run with `make bench`: it migrates and seeds a throw-away database (DATABASE_URL,
PostgreSQL by default) and prints the median of several runs of each page and
of a 1,000-row ledger import. Speed goals live here, not in the tests.
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwg_portal.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from budget.models import Fund  # noqa: E402
from budget.services.imports import ledger_import  # noqa: E402

RUNS = 7
PAGES = {
    "budget dashboard": ("finance-staff", "/budget/"),
    "ledger, first page": ("finance-staff", "/budget/ledger/"),
    "ledger CSV export": ("finance-staff", "/budget/ledger/export.csv"),
    "transparency (public)": (None, "/budget/transparency/"),
    "member dashboard": ("cwg-member", "/dashboard/"),
    "events list": ("events-staff", "/events/"),
}


def median_ms(action):
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def page_timer(username, path):
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))

    def get():
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")

    return get


def import_file(rows):
    lines = ["date,reference,category,amount"]
    lines += [f"2020-01-{1 + n % 28:02d},BENCH-{n},donation,{10 + n % 90}.00" for n in range(rows)]
    return "\n".join(lines).encode()


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--size", "large", verbosity=0, stdout=io.StringIO())
    print(f"{'what':<28}{'median ms':>12}")
    for name, (username, path) in PAGES.items():
        print(f"{name:<28}{median_ms(page_timer(username, path)):>12.1f}")
    fund = Fund.objects.get(slug="jupyter-community")
    finance = get_user_model().objects.get(username="finance-staff")
    content = import_file(1000)
    start = time.perf_counter()
    result = ledger_import(fund=fund, content=content, entered_by=finance, dry_run=True)
    print(f"{'import 1,000 rows (check)':<28}{(time.perf_counter() - start) * 1000:>12.1f}")
    if result.errors:
        raise SystemExit(f"the benchmark file did not import: {result.errors[:3]}")


if __name__ == "__main__":
    main()

"""`build_quarterly_report PERIOD [--sync]`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reporting.models import ReportBuild, ReportVersion

pytestmark = pytest.mark.django_db


def test_the_command_builds_at_once_with_sync_and_says_which_version(fund):
    out = StringIO()

    call_command("build_quarterly_report", "2026Q2", "--sync", stdout=out)
    call_command("build_quarterly_report", "2026q2", "--sync", stdout=out)

    assert out.getvalue().splitlines() == ["2026Q2: version 1.", "2026Q2: version 1."]
    assert ReportVersion.objects.get().built_by is None


def test_the_command_queues_a_build_without_sync(django_capture_on_commit_callbacks):
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=False):
        call_command("build_quarterly_report", "2026H2", stdout=out)

    build = ReportBuild.objects.get()
    assert out.getvalue() == f"2026H2: build queued as task {build.pk}.\n"


def test_the_command_refuses_a_malformed_period():
    with pytest.raises(CommandError, match="write it as 2026Q3 or 2026H2"):
        call_command("build_quarterly_report", "third quarter", "--sync")

    assert ReportVersion.objects.count() == 0

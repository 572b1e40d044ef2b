"""A worker killed in the middle of a build: the job comes back and the report
ends with exactly one complete version. A real worker runs in a subprocess."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from reporting.enums import BuildState
from reporting.models import Report, ReportBuild, ReportVersion
from reporting.services.builds import build_request, report_for
from tests.conftest import CACHE_PREFIX
from tests.reporting.conftest import PERIOD


def wait_for(condition, seconds=90):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not get there in time"
        time.sleep(0.2)


def pool_children(pid):
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


@pytest.fixture
def worker(transactional_db, tmp_path):
    """`celery worker` with one prefork child, on this test's database and queue."""
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments.
        [sys.executable, "-m", "celery", "-A", "cwg_portal", "worker", "--pool", "prefork",
         "--concurrency", "1", "--queues", CACHE_PREFIX, "--without-gossip", "--without-mingle",
         "--loglevel", "INFO"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(lambda: pool_children(process.pid), seconds=60)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def hold_row_of(report):
    """Lock the report's row from another connection until the returned event is
    set: a build then gathers every figure and waits just before storing them."""
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                # As a build storing its version does: requests for builds go on.
                Report.objects.select_for_update(no_key=True).get(pk=report.pk)
                locked.set()
                release.wait(timeout=120)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(timeout=10)
    return release, thread


def test_a_build_whose_worker_is_killed_runs_again_and_makes_one_version(worker, chair, fund):
    from cwg_portal.celery import app

    release, holder = hold_row_of(report_for(PERIOD))
    app.conf.task_always_eager = False
    try:
        build = build_request(period=PERIOD, by=chair)
        wait_for(lambda: ReportBuild.objects.get(pk=build.pk).percent >= 80)
        # Every figure is gathered and nothing is stored: the worker dies now.
        assert ReportVersion.objects.count() == 0
        (child,) = pool_children(worker.pid)
        os.kill(child, signal.SIGKILL)
        wait_for(lambda: pool_children(worker.pid) not in ([], [child]))
        release.set()
        holder.join(timeout=30)

        wait_for(lambda: ReportBuild.objects.get(pk=build.pk).state == BuildState.DONE)
    finally:
        release.set()
        app.conf.task_always_eager = True

    build.refresh_from_db()
    assert list(ReportVersion.objects.values_list("number", flat=True)) == [1]
    assert (build.version.number, build.percent) == (1, 100)
    assert len(build.version.rendered) == len(build.version.figures["sections"])

"""Shared fixtures: real PostgreSQL (pytest-django), a real Redis broker with a
real Celery worker, and headless Debian Chromium through Playwright."""

import os
from importlib import import_module

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from cwg_portal.roles import Role
from tests.factories.membership import PASSWORD, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make beside it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """One test database per pytest process, so that runs side by side never meet."""
    from django.conf import settings

    test = settings.DATABASES["default"].setdefault("TEST", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        test["NAME"] = f"test_{settings.DATABASES['default']['NAME']}_{os.getpid()}"


def restore_reference_data():
    """Put back the rows that data migrations create (role groups, schedules,
    standard categories): a transactional test's flush deletes them."""
    from django.apps import apps

    for module, function in REFERENCE_DATA:
        getattr(import_module(module), function)(apps, None)


REFERENCE_DATA = [
    ("membership.migrations.0002_roles", "create_roles"),
    ("cwg_portal.migrations.0001_periodic_tasks", "create_schedules"),
    ("cwg_portal.migrations.0003_notification_digest_schedule", "create"),
    ("cwg_portal.migrations.0005_outbox_relay_schedule", "create_schedules"),
    ("budget.migrations.0003_standard_categories", "create"),
    ("membership.migrations.0004_bodies_and_schedules", "create"),
    ("membership.migrations.0006_motion_schedule", "create"),
    ("membership.migrations.0008_motion_lapse_schedule", "create"),
    ("membership.migrations.0011_portal_bodies_take_governance_ids", "take_ids"),
    ("dei.migrations.0002_seed_disc_items", "create"),
    ("dei.migrations.0004_disc_item_themes", "assign"),
    ("dei.migrations.0008_glossary_definitions", "create"),
    ("dei.migrations.0011_checklists_open_schedule", "create"),
    ("workshops.migrations.0002_summary_reminder_schedule", "create"),
    ("workshops.migrations.0004_allocation_settle_schedule", "create"),
    ("reporting.migrations.0002_build_schedule", "create"),
    ("reporting.migrations.0004_reminder_schedule", "create"),
    ("events.migrations.0003_engagements_sync_schedule", "create"),
    ("conferences.migrations.0002_milestones_overdue_schedule", "create"),
]


@pytest.fixture
def transactional_db(transactional_db):
    restore_reference_data()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, the reference data
    included; the next test on this process (under xdist, maybe another file's,
    run in a transaction) expects that data, so it is put back at once."""
    yield
    marker = item.get_closest_marker("django_db")
    transactional = "transactional_db" in item.fixturenames or bool(
        marker and marker.kwargs.get("transaction")
    )
    # After the last test the test database itself is gone.
    if nextitem is not None and transactional:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore_reference_data()


CACHE_PREFIX = f"test-{os.getpid()}"


def pytest_configure(config):
    """Each pytest process (an xdist worker, or a run beside another) keeps its
    cache keys apart, so that none sees another's rate limits or used codes."""
    from django.conf import settings

    from cwg_portal.celery import app

    settings.CACHES["default"]["KEY_PREFIX"] = CACHE_PREFIX
    # Likewise the broker: each process's worker consumes only its own queue.
    app.conf.task_default_queue = CACHE_PREFIX


def _clear_own_cache():
    if not hasattr(cache, "_cache"):
        cache.clear()
        return
    # On Redis, clear() would empty the database other processes share.
    client = cache._cache.get_client(None, write=True)
    for key in client.scan_iter(match=f"{CACHE_PREFIX}:*"):
        client.delete(key)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and used TOTP codes live in the shared cache; each test starts clean."""
    _clear_own_cache()
    yield
    _clear_own_cache()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user_with_role(db):
    def make(role, **kwargs):
        return UserFactory(username=f"{Role(role).value}-user", roles=[role], **kwargs)

    return make


@pytest.fixture
def celery_worker(transactional_db):
    """A Celery worker thread consuming the real Redis broker for the test's duration."""
    from celery.contrib.testing.worker import start_worker

    from cwg_portal.celery import app

    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10
        ) as worker:
            yield worker
    finally:
        app.conf.task_always_eager = eager


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is Django's concern; the suite needs many accounts quickly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def connection_kept_open_between_requests():
    """Served straight through WSGI (as the API fuzz tests serve it), each request
    would close the test's database connection at its end; Django's own test client
    avoids that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)

"""Production settings: they refuse to start without secrets and pass Django's
deployment checklist with zero findings."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

PROJECT = Path(__file__).resolve().parents[2]


def run_manage(*args, env):
    # The test run's own switches (REQUIRE_MFA=0, eager tasks) must not leak in.
    inherited = set(PRODUCTION_ENV) | {
        "REQUIRE_MFA",
        "CELERY_TASK_ALWAYS_EAGER",
        "DEBUG",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    clean = {key: value for key, value in os.environ.items() if key not in inherited}
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-of-sixty-chars",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "CACHE_URL": "rediscache://127.0.0.1:6379/13",
    "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
}


def test_production_settings_pass_the_deployment_checklist_with_no_findings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_refuse_to_start_without_each_secret():
    for name in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "CACHE_URL",
        "FIELD_ENCRYPTION_KEYS",
    ):
        env = {key: value for key, value in PRODUCTION_ENV.items() if key != name}

        result = run_manage("check", env=env)

        assert result.returncode != 0
        assert f"{name} must be set when DJANGO_ENV=production." in result.stderr


def test_production_settings_turn_debug_off_and_secure_the_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.REQUIRE_MFA)"
    )

    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)

    assert result.stdout.strip().splitlines()[-1] == (
        "False __Host-sessionid __Host-csrftoken True 31536000 True True"
    )

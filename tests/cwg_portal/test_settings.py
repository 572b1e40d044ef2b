"""Production settings: they refuse to start without secrets and pass Django's
deployment checklist with zero findings."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


def test_the_demo_server_shows_the_portals_own_404_and_serves_its_styles(tmp_path):
    """Run as `make run` runs it, with nothing set: a page that is not there is
    the portal's 404 page, never Django's debug page, and the styles still load."""
    port = 8700 + os.getpid() % 200
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {*PRODUCTION_ENV, "DEBUG", "CELERY_BROKER_URL", "CACHE_URL"}
    }
    server = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=PROJECT,
        env={**clean, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        missing = _get(f"http://127.0.0.1:{port}/no-such-page/")
        styles = _get(f"http://127.0.0.1:{port}/static/css/portal.css")
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert missing[0] == 404
    assert "<h1>Page not found</h1>" in missing[1]
    assert "Traceback" not in missing[1] and "URLconf" not in missing[1]
    assert styles[0] == 200


def _get(url, seconds=90):
    """(status, body) once the server answers; it may take a while to start."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local server
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            assert time.monotonic() < deadline, f"the server did not answer at {url}"
            time.sleep(0.5)

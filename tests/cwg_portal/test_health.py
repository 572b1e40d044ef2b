"""GET /healthz: the contract outside monitors rely on."""

import pytest
from django.db import connection

from cwg_portal.celery import app as celery_app


@pytest.fixture
def real_broker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False


def test_healthz_reports_database_and_broker_ok(client, db, real_broker):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "cache": "ok",
    }


def test_healthz_reports_eager_tasks_without_a_broker(client, db):
    response = client.get("/healthz")

    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "eager",
        "cache": "ok",
    }


def test_healthz_stays_up_but_says_degraded_when_the_broker_is_unreachable(client, db, real_broker):
    broker_url = celery_app.conf.broker_write_url
    celery_app.conf.broker_write_url = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        response = client.get("/healthz")
    finally:
        celery_app.conf.broker_write_url = broker_url

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "broker": "unreachable",
        "cache": "ok",
    }


def test_healthz_answers_503_when_the_database_is_unreachable(client, transactional_db):
    settings_dict = connection.settings_dict
    port = settings_dict["PORT"]
    connection.close()
    settings_dict["PORT"] = "1"
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        settings_dict["PORT"] = port

    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "unreachable"

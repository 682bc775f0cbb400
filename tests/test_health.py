"""Health checks: /healthz (liveness, what a load balancer asks) and /healthz/ready (every check, for
the operator), in each state: all well, broker down, database down, daily job and digests
late or failing."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from notifications.models import DailyRun, DeliveryStatus, Digest
from notifications.services import reminders_run
from tests.factories import DailyRunFactory, UserFactory

CLOSED_PORT = "redis://127.0.0.1:6390/0"  # nothing listens there
pytestmark = pytest.mark.django_db


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def database_down():
    return mock.patch("thiduaportal.health.connection.cursor", side_effect=Exception("down"))


def ready(client) -> tuple[int, dict]:
    response = client.get("/healthz/ready")
    assert "max-age=0" in response["Cache-Control"]
    return response.status_code, response.json()


@pytest.fixture
def no_broker(settings):
    settings.REDIS_URL = ""


@pytest.fixture
def recent_run():
    return DailyRunFactory(finished_at=ago(hours=2))


# Liveness ----------------------------------------------------------------------------------------


def test_liveness_is_the_process_and_the_database(client, no_broker):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "max-age=0" in response["Cache-Control"]


def test_liveness_is_503_without_the_database(client, no_broker):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "database": "error"}


def test_liveness_stays_200_when_only_the_broker_is_down(client, settings):
    settings.REDIS_URL = CLOSED_PORT
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_liveness_accepts_only_get(client, no_broker):
    assert client.post("/healthz").status_code == 405


# Readiness ---------------------------------------------------------------------------------------


def test_ready_is_ok_with_the_broker_up_and_nothing_late(client, settings, redis_url, recent_run):
    settings.REDIS_URL = redis_url
    status, body = ready(client)
    assert status == 200
    assert body["status"] == "ok"
    assert {key: body[key] for key in ("database", "broker", "daily_run", "digests")} == {
        "database": "ok",
        "broker": "ok",
        "daily_run": "ok",
        "digests": "ok",
    }
    assert "outbox" not in body  # notifications touch no broker: nothing waits to be handed over
    assert body["details"]["digests"] == {"unsent": 0, "failed": 0, "oldest_age_seconds": None}
    run = body["details"]["daily_run"]
    assert run["last_day"] == recent_run.day.isoformat()
    assert 2 * 3600 - 60 <= run["age_seconds"] <= 2 * 3600 + 60


def test_ready_without_a_broker_configured_is_ok(client, no_broker, recent_run):
    status, body = ready(client)
    assert (status, body["status"], body["broker"]) == (200, "ok", "not configured")


def test_broker_down_is_degraded_not_failed(client, settings, recent_run):
    settings.REDIS_URL = CLOSED_PORT
    status, body = ready(client)
    assert status == 200
    assert (body["status"], body["broker"], body["database"]) == ("degraded", "error", "ok")


def test_database_down_is_fail_and_503(client, settings):
    settings.REDIS_URL = CLOSED_PORT
    with database_down():
        status, body = ready(client)
    assert status == 503
    assert body == {"status": "fail", "database": "error"}


@pytest.mark.parametrize(
    ("finished_hours_ago", "expected"),
    [(None, "never"), (27, "late"), (25, "ok")],
)
def test_age_of_the_last_daily_run(client, no_broker, finished_hours_ago, expected):
    if finished_hours_ago is not None:
        DailyRunFactory(finished_at=ago(hours=finished_hours_ago + 24))  # an older day too
        DailyRunFactory(finished_at=ago(hours=finished_hours_ago))
    status, body = ready(client)
    assert status == 200
    assert body["daily_run"] == expected
    assert body["status"] == ("ok" if expected == "ok" else "degraded")
    if finished_hours_ago is None:
        assert body["details"]["daily_run"] == {"last_day": None, "finished_at": None, "age_seconds": None}


def test_the_daily_job_records_its_run_and_a_dry_run_does_not(client, no_broker):
    today = timezone.localdate()
    reminders_run(today=today, dry_run=True)
    assert not DailyRun.objects.exists()
    reminders_run(today=today, send="none")
    reminders_run(today=today, send="none")  # a second run the same day updates the same row
    run = DailyRun.objects.get()
    assert run.day == today and run.started_at <= run.finished_at
    status, body = ready(client)
    assert body["daily_run"] == "ok"
    assert body["details"]["daily_run"]["last_day"] == today.isoformat()


def test_digests_failing_or_late_are_degraded_and_old_ones_forgotten(client, no_broker, recent_run):
    person, other = UserFactory(), UserFactory()
    old = Digest.objects.create(person=person, day=timezone.localdate() - datetime.timedelta(days=5))
    Digest.objects.filter(pk=old.pk).update(status=DeliveryStatus.FAILED, created_at=ago(days=5))
    status, body = ready(client)
    assert (body["digests"], body["details"]["digests"]["unsent"]) == ("ok", 0)

    pending = Digest.objects.create(person=other, day=timezone.localdate())
    status, body = ready(client)
    assert body["digests"] == "ok" and body["details"]["digests"]["unsent"] == 1

    Digest.objects.filter(pk=pending.pk).update(created_at=ago(hours=2))
    status, body = ready(client)
    assert (status, body["status"], body["digests"]) == (200, "degraded", "late")

    Digest.objects.filter(pk=pending.pk).update(status=DeliveryStatus.FAILED, created_at=ago(minutes=5))
    status, body = ready(client)
    assert (body["status"], body["digests"]) == ("degraded", "failing")
    assert body["details"]["digests"] == {"unsent": 1, "failed": 1, "oldest_age_seconds": mock.ANY}

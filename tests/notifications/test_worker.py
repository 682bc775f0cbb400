"""A REAL Celery worker (a subprocess) against the real Redis and the test database: the daily
reminder task is consumed, the digest is written by the file mail backend, the log says "sent"."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from notifications.models import DeliveryStatus, Digest, ReminderLog
from tests.factories import DeadlineFactory, IdeaFactory

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(s["USER"] or "")
        if s.get("PASSWORD"):
            auth += ":" + quote(s["PASSWORD"])
        host = s.get("HOST") or "127.0.0.1"
        port = s.get("PORT") or 5432
        return f"postgres://{auth}@{host}:{port}/{s['NAME']}"
    name = str(s["NAME"])
    if connection.vendor == "sqlite" and "memory" not in name and name != ":memory:":
        return f"sqlite:///{name}"
    pytest.skip("the worker needs a database another process can open: run with DATABASE_URL (PostgreSQL)")


@pytest.fixture
def worker(redis_url, tmp_path, broker_at):
    """Starts `celery -A thiduaportal worker --pool=solo` on the test database; stops it afterwards."""
    import redis

    database_url = _database_url()
    redis.Redis.from_url(redis_url).delete("celery")  # no stale messages from an earlier run
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TEST_EMAIL_FILE_PATH": str(mail_dir),
        "CONN_MAX_AGE": "0",
        "LOG_LEVEL": "INFO",
    }
    log = open(tmp_path / "worker.log", "w+")  # noqa: SIM115 (closed in the teardown)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "thiduaportal",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    broker_at(redis_url)
    try:
        yield {"mail_dir": mail_dir, "process": process, "log": log}
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


def _wait_for(predicate, *, timeout: float, worker) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if worker["process"].poll() is not None:
            break
        time.sleep(0.2)
    worker["log"].seek(0)
    pytest.fail(f"the worker did not finish in {timeout}s; its log:\n{worker['log'].read()[-4000:]}")


@pytest.mark.django_db(transaction=True)
def test_real_worker_sends_the_daily_digest_once(org, worker):
    from notifications.tasks import send_daily_reminders

    today = datetime.date(2026, 11, 18)
    idea = IdeaFactory(author=org.author, status="draft", title="Số hoá hồ sơ đất đai")
    DeadlineFactory(kind="idea_submission", due_date=today + datetime.timedelta(days=3), unit=None)

    send_daily_reminders.delay(today.isoformat())
    _wait_for(
        lambda: ReminderLog.objects.filter(person=org.author, status=DeliveryStatus.SENT).exists(),
        timeout=60,
        worker=worker,
    )
    log = ReminderLog.objects.get(person=org.author)
    assert log.object_key.endswith(f":idea:{idea.pk}") and log.sent_at is not None
    assert Digest.objects.get(person=org.author, day=today).status == DeliveryStatus.SENT
    files = list(worker["mail_dir"].iterdir())
    messages = "".join(f.read_text() for f in files)
    assert messages.count(f"To: {org.author.email}") == 1
    assert "Số hoá hồ sơ đất đai" in messages or "=?utf-8?" in messages

    # The same task again (a second beat, a redelivery): nothing more is sent.
    send_daily_reminders.delay(today.isoformat())
    time.sleep(0.5)
    _wait_for(lambda: worker_idle(), timeout=30, worker=worker)
    messages = "".join(f.read_text() for f in worker["mail_dir"].iterdir())
    assert messages.count(f"To: {org.author.email}") == 1


def worker_idle() -> bool:
    from thiduaportal.celery import app

    with app.connection_for_read() as conn:
        return conn.default_channel.client.llen("celery") == 0

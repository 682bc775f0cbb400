"""Health checks for the load balancer and for the operator.

- Liveness (`/healthz`): this process answers and its database answers. A load balancer takes a web
  node out only when this fails: with Redis down the pages and the submits still work (what is to be
  e-mailed waits in the database for the digest), so the broker is not part of it.
- Readiness (`/healthz/ready`): everything the portal needs to do all of its work, each check with
  its own verdict, and the overall one: "ok"; "degraded" (the pages work, but delivery is held up:
  broker unreachable, digests late or failing, the daily job has not run); "fail" (no database).
"""

import datetime
import logging

from django.conf import settings
from django.db import connection

from notifications.selectors import delivery_backlog

logger = logging.getLogger(__name__)

OK, DEGRADED, FAIL = "ok", "degraded", "fail"
NOT_CONFIGURED = "not configured"  # no REDIS_URL: tasks run in-process, there is no broker to reach
# The daily job runs at 07:30 every day; two hours' grace before its last run counts as late.
DAILY_RUN_LATE = datetime.timedelta(hours=26)
# A digest is normally sent minutes after the daily job opens it.
DIGEST_LATE = datetime.timedelta(hours=1)
# The retry job retries a failed digest for two days; older ones are no longer the portal's to deliver.
DIGEST_WINDOW = datetime.timedelta(days=2)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any driver error means the same thing here: no database
        logger.exception("healthz: database check failed")
        return False


def broker_state() -> str:
    if not settings.REDIS_URL:
        return NOT_CONFIGURED
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        return OK if client.ping() else "error"
    except redis.RedisError as exc:
        logger.warning("healthz: broker check failed: %s", exc)
        return "error"


def liveness() -> tuple[dict, int]:
    if database_ok():
        return {"status": OK, "database": OK}, 200
    return {"status": FAIL, "database": "error"}, 503


def _age(now: datetime.datetime, then: datetime.datetime | None) -> int | None:
    return None if then is None else max(0, int((now - then).total_seconds()))


def readiness(*, now: datetime.datetime) -> tuple[dict, int]:
    if not database_ok():
        return {"status": FAIL, "database": "error"}, 503
    backlog = delivery_backlog(digests_since=now - DIGEST_WINDOW)
    run_age = _age(now, backlog.last_run_finished)
    digest_age = _age(now, backlog.oldest_unsent_digest)
    checks = {
        "database": OK,
        "broker": broker_state(),
        "daily_run": (
            "never" if run_age is None else "late" if run_age > DAILY_RUN_LATE.total_seconds() else OK
        ),
        "digests": (
            "failing"
            if backlog.digests_failed
            else "late"
            if digest_age is not None and digest_age > DIGEST_LATE.total_seconds()
            else OK
        ),
    }
    healthy = all(value in (OK, NOT_CONFIGURED) for value in checks.values())
    details = {
        "daily_run": {
            "last_day": backlog.last_run_day.isoformat() if backlog.last_run_day else None,
            "finished_at": backlog.last_run_finished.isoformat() if backlog.last_run_finished else None,
            "age_seconds": run_age,
        },
        "digests": {
            "unsent": backlog.digests_unsent,
            "failed": backlog.digests_failed,
            "oldest_age_seconds": digest_age,
        },
    }
    return {"status": OK if healthy else DEGRADED, **checks, "details": details}, 200

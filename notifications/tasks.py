"""Celery tasks: thin, they take ids and dates and call services; each is safe to run twice."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from . import services

logger = logging.getLogger(__name__)

MAX_RETRIES = 8


@shared_task(ignore_result=True)
def retry_digests() -> int:
    """Every 10 minutes (beat): the digests a mail server failed, with backoff."""
    return services.digests_retry()


@shared_task(ignore_result=True)
def send_daily_reminders(day: str | None = None) -> dict:
    """Every day at 07:30 Asia/Ho_Chi_Minh (beat): the reminders and the digests of the day."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    result = services.reminders_run(today=today, send="async")
    return {"day": str(today), "reminders": result.reminders, "people": result.people}


@shared_task(bind=True, ignore_result=True, max_retries=MAX_RETRIES, acks_late=True)
def send_digests(self, digest_ids: list[int]) -> int:
    """Sends a batch of digests; a failing mail server is retried with exponential backoff
    (1, 2, 4 ... minutes); the digests stay "failed" with the reason meanwhile, and the sweep
    takes over after the last retry."""
    result = services.digests_send(digest_ids=digest_ids)
    if result.retry_ids and not self.request.is_eager:
        countdown = min(60 * 2**self.request.retries, 3600)
        raise self.retry(args=[result.retry_ids], countdown=countdown)
    return result.sent

"""Reads of a person's notifications (always their own), and the delivery figures of the health check."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Q, QuerySet

from accounts.models import User

from .models import DailyRun, DeliveryStatus, Digest, Notification


def unread_count(user: User) -> int:
    """Counted once per user object (a request's): the page frame and the dashboard both show it."""
    cached: int | None = getattr(user, "_portal_unread", None)
    if cached is None:
        cached = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        user._portal_unread = cached  # type: ignore[attr-defined]
    return cached


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def latest_unread(user: User, *, limit: int = 5) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .order_by("-created_at", "-pk")
        .only("pk", "kind", "params", "title", "body", "created_at")[:limit]
    )


@dataclass(frozen=True)
class DeliveryBacklog:
    digests_unsent: int  # digests pending, being sent or failed (to be retried)
    digests_failed: int
    oldest_unsent_digest: datetime.datetime | None
    last_run_day: datetime.date | None
    last_run_finished: datetime.datetime | None


def delivery_backlog(*, digests_since: datetime.datetime) -> DeliveryBacklog:
    """Counts and ages only, nobody's content: what the readiness check reports (two queries).

    Digests older than ``digests_since`` are left out: the retry job has stopped retrying them.
    """
    digests = Digest.objects.filter(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.FAILED],
        created_at__gte=digests_since,
    ).aggregate(
        count=Count("pk"),
        failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        oldest=Min("created_at"),
    )
    last_run: dict[str, Any] = dict(
        DailyRun.objects.order_by("-finished_at").values("day", "finished_at").first() or {}
    )
    return DeliveryBacklog(
        digests_unsent=digests["count"],
        digests_failed=digests["failed"],
        oldest_unsent_digest=digests["oldest"],
        last_run_day=last_run.get("day"),
        last_run_finished=last_run.get("finished_at"),
    )

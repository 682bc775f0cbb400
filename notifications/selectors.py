"""Reads of a person's notifications (always their own)."""

from .models import Notification


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user):
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def latest_unread(user, *, limit: int = 5) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .order_by("-created_at", "-pk")
        .only("pk", "kind", "params", "title", "body", "created_at")[:limit]
    )

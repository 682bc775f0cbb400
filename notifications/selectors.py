"""Reads of a person's notifications (always their own)."""

from django.db.models import QuerySet

from accounts.models import User

from .models import Notification


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def latest_unread(user: User, *, limit: int = 5) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .order_by("-created_at", "-pk")
        .only("pk", "kind", "params", "title", "body", "created_at")[:limit]
    )

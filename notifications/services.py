"""Writes of notifications. Call notify() inside the transaction of the change it reports."""

from collections.abc import Iterable

from .models import Notification


def notify(
    *, recipients: Iterable, kind: str, title: str, url: str = "", body: str = ""
) -> list[Notification]:
    """Records one in-app notification per distinct active recipient, in the caller's transaction.

    The rows double as the outbox of the daily e-mail digest, so a rolled-back change leaves none.
    """
    seen, rows = set(), []
    for person in recipients:
        if person is None or person.pk in seen or not person.is_active:
            continue
        seen.add(person.pk)
        rows.append(Notification(recipient=person, kind=kind, title=title[:300], url=url, body=body))
    return Notification.objects.bulk_create(rows)


def notifications_mark_all_read(*, user) -> int:
    """Marks every unread notification of the person as read; returns how many."""
    from django.utils import timezone

    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())

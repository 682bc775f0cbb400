"""The outbox: in-app notifications recorded in the caller's transaction, and their reading marks.

A notification is visible in the portal (the bell) as soon as the change that made it commits; a
rolled-back change leaves none. The daily digest (digests.py) e-mails it the next morning; nothing
is queued on the broker here, so a broker that is down costs the change nothing.
"""

import datetime
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User

from ..kinds import Kind, render_stored
from ..models import EmailState, Notification

logger = logging.getLogger("notifications")


def notify(
    *, recipients: Iterable[User | None], kind: Kind, params: Mapping[str, Any], url: str = ""
) -> list[Notification]:
    """Records one notification of `kind` per distinct active recipient, in the caller's transaction.
    It is stored as its kind and parameters (rendered in each reader's language when read), with its
    text in the portal's language kept beside them. A recipient without an e-mail address gets it in
    the portal only."""
    title, body = render_stored(kind, params)
    seen: set[int] = set()
    rows = []
    for person in recipients:
        if person is None or person.pk in seen or not person.is_active:
            continue
        seen.add(person.pk)
        if not person.email:
            logger.info(
                "notifications: %s has no e-mail address; %s is in-app only", person.username, kind.code
            )
        rows.append(
            Notification(
                recipient=person,
                kind=kind.code,
                params=dict(params),
                title=title[:300],
                body=body,
                url=url[:300],
                email_state=EmailState.PENDING if person.email else EmailState.IN_APP_ONLY,
            )
        )
    return Notification.objects.bulk_create(rows)


def notification_open(*, user: User, pk: int, now: datetime.datetime | None = None) -> Notification:
    """Marks the person's own notification read and returns it (404 for anyone else's)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=user)
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Marks every unread notification of the person as read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())

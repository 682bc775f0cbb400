"""The daily run (07:30 Asia/Ho_Chi_Minh, Celery beat; `manage.py send_reminders` by hand): every
rule's reminders of the day are claimed, recorded in the portal, and the day's digests sent.

Reminders are claimed in ReminderLog under a unique (person, rule, object, day) before anything is
sent, so a second run, a retry or a second beat never sends the same reminder twice.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.responsibility import unit_tree_scope

from .. import reminders as registry
from ..kinds import render_stored
from ..models import DailyRun, DeliveryStatus, Digest, EmailState, Notification, ReminderLog
from ..reminders import Reminder
from .digests import BATCH, chunks, digests_send

logger = logging.getLogger("notifications")


@dataclass
class RunResult:
    day: datetime.date
    reminders: int = 0  # reminders due (dry run) or newly claimed (real run)
    people: int = 0
    already_sent: int = 0  # due, but claimed by an earlier run today
    digests: list[int] = field(default_factory=list)
    sent: int = 0
    failed: int = 0
    refused: int = 0
    in_app_only: int = 0


def reminders_run(*, today: datetime.date, dry_run: bool = False, send: str = "sync") -> RunResult:
    """The daily job: collects every rule's reminders, claims them, records them in the portal,
    then sends each person's digest (``send="sync"`` here, ``"async"`` as Celery tasks, ``"none"``).

    Dry run: counts what would be sent and writes nothing. A real run is recorded in DailyRun.
    """
    started_at = timezone.now()
    with unit_tree_scope():
        due = registry.collect(today=today)
        result = RunResult(day=today)
        if dry_run:
            claimed_keys = set(
                ReminderLog.objects.filter(day=today).values_list("person_id", "rule", "object_key")
            )
            fresh = [r for r in due if r.key not in claimed_keys]
            result.reminders = len(fresh)
            result.people = len({r.person_id for r in fresh})
            result.already_sent = len(due) - len(fresh)
            return result
        # Claims and their in-app rows commit together: a concurrent run sees all of them or none.
        with transaction.atomic():
            claimed = _claim(due, today=today)
            if claimed:
                _record_in_app(claimed, today=today)
        result.reminders = len(claimed)
        result.people = len({r.person_id for _, r in claimed})
        result.already_sent = len(due) - len(claimed)
        result.digests = _open_digests(today=today)
        _record_run(result, started_at=started_at)
    if send == "sync":
        for chunk in chunks(result.digests, BATCH):
            outcome = digests_send(digest_ids=chunk)
            result.sent += outcome.sent
            result.failed += len(outcome.retry_ids)
            result.refused += outcome.refused
            result.in_app_only += outcome.in_app_only
    elif send == "async":
        from ..tasks import send_digests

        for chunk in chunks(result.digests, BATCH):
            send_digests.delay(chunk)
    logger.info(
        "reminders: %s: %d new reminder(s) to %d people, %d already sent, %d digest(s)",
        today,
        result.reminders,
        result.people,
        result.already_sent,
        len(result.digests),
    )
    return result


def _record_run(result: RunResult, *, started_at: datetime.datetime) -> None:
    """The readiness check reads the age of the last run from here; a second run the same day
    overwrites the row."""
    DailyRun.objects.update_or_create(
        day=result.day,
        defaults={
            "started_at": started_at,
            "finished_at": timezone.now(),
            "reminders": result.reminders,
            "digests": len(result.digests),
        },
    )


def _claim(due: list[Reminder], *, today: datetime.date) -> list[tuple[int, Reminder]]:
    """Inserts one ReminderLog per reminder; the unique constraint drops those claimed before.

    Returns the reminders this run owns (identified by its claim token), whatever ran concurrently.
    """
    token = uuid.uuid4().hex
    ReminderLog.objects.bulk_create(
        [
            ReminderLog(
                person_id=r.person_id,
                rule=r.rule,
                object_key=r.object_key,
                day=today,
                due_date=r.due_date,
                claim=token,
            )
            for r in due
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    ours = {
        (person_id, rule, key): pk
        for pk, person_id, rule, key in ReminderLog.objects.filter(claim=token).values_list(
            "pk", "person_id", "rule", "object_key"
        )
    }
    claimed: list[tuple[int, Reminder]] = []
    for reminder in due:
        pk = ours.get(reminder.key)
        if pk is not None:
            claimed.append((pk, reminder))
    return claimed


def _record_in_app(claimed: list[tuple[int, Reminder]], *, today: datetime.date) -> None:
    """One in-app notification per claimed reminder (its rule's kind and the reminder's parameters),
    pointing to its log; a constant number of queries per batch."""
    kinds = {rule.code: rule.kind for rule in registry.rules()}
    for chunk in chunks(claimed, 2000):
        person_ids = {r.person_id for _, r in chunk}
        emails = dict(User.objects.filter(pk__in=person_ids).values_list("pk", "email"))
        no_email = [r for _, r in chunk if not emails.get(r.person_id)]
        rows = []
        for log_pk, r in chunk:
            title, body = render_stored(kinds[r.rule], r.params)
            rows.append(
                Notification(
                    recipient_id=r.person_id,
                    kind=kinds[r.rule].code,
                    params=r.params,
                    title=title[:300],
                    body=body,
                    url=r.url[:300],
                    reminder_id=log_pk,
                    email_state=EmailState.PENDING if emails.get(r.person_id) else EmailState.IN_APP_ONLY,
                )
            )
        Notification.objects.bulk_create(rows, batch_size=1000)
        if no_email:
            ReminderLog.objects.filter(
                pk__in=[log_pk for log_pk, r in chunk if not emails.get(r.person_id)]
            ).update(status=DeliveryStatus.IN_APP_ONLY, reason="no e-mail address")
            for r in no_email:
                logger.info("reminders: person %s has no e-mail address: %s in-app only", r.person_id, r.rule)


def _open_digests(*, today: datetime.date) -> list[int]:
    """Today's digest row for everyone with something to e-mail; returns those still to send."""
    people = (
        Notification.objects.filter(email_state=EmailState.PENDING, recipient__is_active=True)
        .exclude(Q(recipient__email="") | Q(recipient__email__isnull=True))
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    Digest.objects.bulk_create(
        [Digest(person_id=pk, day=today) for pk in people], batch_size=1000, ignore_conflicts=True
    )
    return list(
        Digest.objects.filter(day=today, status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED])
        .order_by("pk")
        .values_list("pk", flat=True)
    )

"""Writes of notifications, reminders and digests.

- notify() records in-app notifications in the caller's transaction (the outbox) and, once that
  transaction commits, queues their delivery; a broker that is down costs the caller nothing: the
  rows stay undispatched and the sweep (every 10 minutes) picks them up.
- E-mail: ONE digest per person per day, sent by the daily job at 07:30 (Asia/Ho_Chi_Minh). It
  gathers the day's reminders and every notification not e-mailed yet. Notifications after 07:30
  appear in the portal at once and go out in the next morning's digest.
- Reminders are claimed in ReminderLog under a unique (person, rule, object, day) before anything
  is sent, so a second run, a retry or a second beat never sends the same reminder twice.
"""

import datetime
import logging
import smtplib
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from . import reminders as registry
from .models import DailyRun, DeliveryStatus, Digest, EmailState, Notification, ReminderLog

logger = logging.getLogger(__name__)

BATCH = 500  # digests per task / per query batch
FLUSH = 100  # digests marked sent after this many mails, to keep a crash's resend window small
LEASE = datetime.timedelta(minutes=15)  # a sender that holds a digest longer is presumed dead
REMINDER_KIND_PREFIX = "reminder."


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# In-app notifications and their outbox --------------------------------------------------------


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    url: str = "",
    body: str = "",
    dispatch: bool = True,
) -> list[Notification]:
    """Records one in-app notification per distinct active recipient, in the caller's transaction.

    The rows are the outbox: after commit a task dispatches them (a rolled-back change leaves no row
    and queues nothing); the next daily digest e-mails them.
    """
    seen, rows = set(), []
    for person in recipients:
        if person is None or person.pk in seen or not person.is_active:
            continue
        seen.add(person.pk)
        rows.append(
            Notification(
                recipient=person, kind=kind, title=str(title)[:300], url=str(url)[:300], body=str(body)
            )
        )
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created if n.pk is not None]
    if dispatch and ids:
        transaction.on_commit(partial(_enqueue_dispatch, ids))
    return created


def _enqueue_dispatch(notification_ids: list[int]) -> None:
    """Queues the delivery task; a broker that is down is logged, never raised (the sweep retries)."""
    from .tasks import deliver_notifications

    try:
        deliver_notifications.apply_async(args=[notification_ids], retry=False)
    except Exception as exc:  # the broker's errors vary by transport; none may reach the user
        logger.warning(
            "notifications: could not queue delivery of %d notification(s) (%s: %s); left for the sweep",
            len(notification_ids),
            type(exc).__name__,
            exc,
        )


def notifications_dispatch(*, notification_ids: Iterable[int], now: datetime.datetime | None = None) -> int:
    """Hands undispatched notifications to delivery: recipients without an e-mail address keep them in
    the portal only (logged); the others wait for their next digest. Safe to run twice."""
    now = now or timezone.now()
    ids = list(notification_ids)
    done = 0
    for chunk in _chunks(ids, 2000):
        pending = Notification.objects.filter(pk__in=chunk, dispatched_at__isnull=True)
        no_email = list(
            pending.filter(Q(recipient__email="") | Q(recipient__email__isnull=True)).values_list(
                "pk", "recipient__username"
            )
        )
        if no_email:
            Notification.objects.filter(pk__in=[pk for pk, _ in no_email]).update(
                email_state=EmailState.IN_APP_ONLY
            )
            for pk, username in no_email:
                logger.info(
                    "notifications: %s has no e-mail address; notification %s is in-app only", username, pk
                )
        done += pending.update(dispatched_at=now)
    return done


def notifications_sweep(*, now: datetime.datetime | None = None, grace=datetime.timedelta(minutes=1)) -> dict:
    """The periodic safety net: dispatches what the broker never got, and resends failed digests."""
    now = now or timezone.now()
    stale = list(
        Notification.objects.filter(dispatched_at__isnull=True, created_at__lte=now - grace)
        .order_by("pk")
        .values_list("pk", flat=True)[:10000]
    )
    dispatched = notifications_dispatch(notification_ids=stale, now=now) if stale else 0
    # Failed digests are retried for two days, backing off (2, 4, 8 ... 60 minutes after the last
    # attempt) like the send_digests task's own retries; after that the reminders are stale.
    candidates = Digest.objects.filter(created_at__gte=now - datetime.timedelta(days=2)).filter(
        Q(status=DeliveryStatus.FAILED, attempts__lt=getattr(settings, "DIGEST_MAX_ATTEMPTS", 10))
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - LEASE)
    )
    retry = [
        pk
        for pk, status, attempts, claimed_at in candidates.values_list(
            "pk", "status", "attempts", "claimed_at"
        )
        if status == DeliveryStatus.SENDING
        or claimed_at is None
        or claimed_at <= now - retry_backoff(attempts)
    ]
    result = {"dispatched": dispatched, "digests_retried": 0}
    for chunk in _chunks(retry, BATCH):
        result["digests_retried"] += digests_send(digest_ids=chunk, now=now).sent
    return result


def retry_backoff(attempts: int) -> datetime.timedelta:
    """How long to wait after the n-th failed attempt before the next one."""
    return datetime.timedelta(minutes=min(2**attempts, 60))


def notification_open(*, user, pk: int, now: datetime.datetime | None = None) -> Notification:
    """Marks the person's own notification read and returns it (404 for anyone else's)."""
    from django.shortcuts import get_object_or_404

    notification = get_object_or_404(Notification, pk=pk, recipient=user)
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Marks every unread notification of the person as read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# The daily reminder job --------------------------------------------------------------------------


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
    with translation.override(settings.LANGUAGE_CODE):
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
        for chunk in _chunks(result.digests, BATCH):
            outcome = digests_send(digest_ids=chunk)
            result.sent += outcome.sent
            result.failed += len(outcome.retry_ids)
            result.refused += outcome.refused
            result.in_app_only += outcome.in_app_only
    elif send == "async":
        from .tasks import send_digests

        for chunk in _chunks(result.digests, BATCH):
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


def _claim(due: list, *, today: datetime.date) -> list:
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
    claimed = []
    for reminder in due:
        pk = ours.get(reminder.key)
        if pk is not None:
            claimed.append((pk, reminder))
    return claimed


def _record_in_app(claimed: list, *, today: datetime.date) -> None:
    """One in-app notification per claimed reminder, pointing to its log (constant queries per batch)."""
    from accounts.models import User

    now = timezone.now()
    for chunk in _chunks(claimed, 2000):
        person_ids = {r.person_id for _, r in chunk}
        emails = dict(User.objects.filter(pk__in=person_ids).values_list("pk", "email"))
        no_email = [r for _, r in chunk if not emails.get(r.person_id)]
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=r.person_id,
                    kind=REMINDER_KIND_PREFIX + r.rule,
                    title=str(r.title)[:300],
                    url=r.url[:300],
                    body=str(r.body),
                    dispatched_at=now,
                    reminder_id=log_pk,
                    email_state=EmailState.PENDING if emails.get(r.person_id) else EmailState.IN_APP_ONLY,
                )
                for log_pk, r in chunk
            ],
            batch_size=1000,
        )
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


# Digests ---------------------------------------------------------------------------------------


@dataclass
class SendResult:
    sent: int = 0
    refused: int = 0
    in_app_only: int = 0
    retry_ids: list[int] = field(default_factory=list)
    error: str = ""


def clean_subject(text: str) -> str:
    """A header never carries CR/LF (header injection) and stays short."""
    return " ".join(str(text).split())[:200]


def absolute_url(path: str) -> str:
    """A portal path made absolute with PORTAL_BASE_URL; anything else falls back to the list page."""
    from django.urls import reverse

    base = settings.PORTAL_BASE_URL.rstrip("/")
    if not path or not path.startswith("/") or path.startswith("//"):
        path = reverse("notifications:list")
    return base + path


def build_digest_message(*, person, day: datetime.date, items: list[Notification], connection=None):
    """The digest e-mail (plain text + HTML, in Vietnamese); every link goes through the portal."""
    from django.urls import reverse

    with translation.override(settings.LANGUAGE_CODE):
        entries = [
            {
                "title": n.title,
                "body": n.body,
                "is_reminder": n.kind.startswith(REMINDER_KIND_PREFIX),
                "link": absolute_url(reverse("notifications:open", args=[n.pk])),
                "created_at": n.created_at,
            }
            for n in items
        ]
        context = {
            "person": person,
            "day": day,
            "reminders": [e for e in entries if e["is_reminder"]],
            "events": [e for e in entries if not e["is_reminder"]],
            "count": len(entries),
            "portal_url": absolute_url("/"),
            "list_url": absolute_url(reverse("notifications:list")),
        }
        subject = clean_subject(
            ngettext(
                "[Thi đua Portal] %(count)d notification for %(date)s",
                "[Thi đua Portal] %(count)d notifications for %(date)s",
                len(entries),
            )
            % {"count": len(entries), "date": f"{day:%d/%m/%Y}"}
        )
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[person.email], connection=connection, from_email=None
    )
    message.attach_alternative(html, "text/html")
    return message


def digests_send(*, digest_ids: Iterable[int], now: datetime.datetime | None = None) -> SendResult:
    """Sends the given digests that are still to send, each at most once.

    Each digest is leased first (status "sending" with this call's token), so two workers never send
    the same one. A refused recipient is recorded and not retried; any other mail error stops the
    batch and leaves the rest "failed" with the reason: the caller retries them later.
    """
    now = now or timezone.now()
    token = uuid.uuid4().hex
    ids = list(digest_ids)
    result = SendResult()
    if not ids:
        return result
    Digest.objects.filter(pk__in=ids).filter(
        Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED])
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - LEASE)
    ).update(status=DeliveryStatus.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1)
    digests = list(Digest.objects.filter(claim=token, status=DeliveryStatus.SENDING).select_related("person"))
    if not digests:
        return result
    by_person = {d.person_id: d for d in digests}
    items: dict[int, list[Notification]] = defaultdict(list)
    for n in Notification.objects.filter(
        recipient_id__in=list(by_person), email_state=EmailState.PENDING, created_at__lte=now
    ).order_by("recipient_id", "created_at", "pk"):
        items[n.recipient_id].append(n)

    connection = get_connection()
    outcome: dict[str, list] = {"sent": [], "refused": [], "in_app_only": [], "empty": []}
    reasons: dict[int, str] = {}
    stopped_at = None
    try:
        for chunk_start in range(0, len(digests), FLUSH):
            chunk = digests[chunk_start : chunk_start + FLUSH]
            for index, digest in enumerate(chunk):
                person = digest.person
                if not items.get(person.pk):
                    outcome["empty"].append(digest)
                    continue
                if not person.email:
                    logger.info("digest: %s has no e-mail address; in-app only", person.username)
                    outcome["in_app_only"].append(digest)
                    continue
                message = build_digest_message(
                    person=person, day=digest.day, items=items[person.pk], connection=connection
                )
                try:
                    message.send()
                except smtplib.SMTPRecipientsRefused as exc:
                    reasons[digest.pk] = f"refused: {exc.recipients}"[:1000]
                    logger.warning("digest %s to %s refused: %s", digest.pk, person.username, exc.recipients)
                    outcome["refused"].append(digest)
                    continue
                except ValueError as exc:  # BadHeaderError and the like: an address no server will take
                    reasons[digest.pk] = f"invalid address: {exc}"[:1000]
                    logger.warning("digest %s to %s not sendable: %s", digest.pk, person.username, exc)
                    outcome["refused"].append(digest)
                    continue
                except (smtplib.SMTPException, OSError) as exc:
                    result.error = f"{type(exc).__name__}: {exc}"[:1000]
                    logger.warning(
                        "digest: mail server failed (%s); %s left to retry", result.error, digest.pk
                    )
                    stopped_at = chunk_start + index
                    break
                outcome["sent"].append(digest)
            _flush(outcome, items, reasons, now=now)
            if stopped_at is not None:
                break
    finally:
        try:
            connection.close()
        except Exception:  # closing a broken connection must not hide the real outcome
            logger.debug("digest: closing the mail connection failed", exc_info=True)
        _flush(outcome, items, reasons, now=now)
    if stopped_at is not None:
        left = [d.pk for d in digests[stopped_at:]]
        _mark_failed(left, by_person={d.pk: d.person_id for d in digests[stopped_at:]}, reason=result.error)
        result.retry_ids = left
    result.sent = outcome.get("sent_total", 0)
    result.refused = outcome.get("refused_total", 0)
    result.in_app_only = outcome.get("in_app_only_total", 0)
    return result


def _digest_of_recipient(digests: list[Digest], field: str):
    """For each digest day in the batch: (day, the digest of that person that day) as a subquery, so
    that linking rows to their digest is one UPDATE per day instead of one per person."""
    for day in sorted({d.day for d in digests}):
        yield day, Subquery(Digest.objects.filter(person_id=OuterRef(field), day=day).values("pk")[:1])


def _flush(outcome: dict, items: dict, reasons: dict, *, now) -> None:
    """Records what was sent so far (a handful of queries, whatever the number of digests)."""
    for state in ("sent", "refused", "in_app_only", "empty"):
        digests = outcome.get(state) or []
        if not digests:
            continue
        outcome[state] = []
        outcome[f"{state}_total"] = outcome.get(f"{state}_total", 0) + len(digests)
        digest_ids = [d.pk for d in digests]
        by_day = defaultdict(list)
        for d in digests:
            by_day[d.day].extend(n.pk for n in items.get(d.person_id, ()))
        if state in ("sent", "empty"):
            Digest.objects.filter(pk__in=digest_ids).update(
                status=DeliveryStatus.SENT,
                sent_at=now,
                claim="",
                reason="" if state == "sent" else "nothing to send",
            )
        elif state == "refused":
            for digest in digests:
                Digest.objects.filter(pk=digest.pk).update(
                    status=DeliveryStatus.REFUSED, claim="", reason=reasons.get(digest.pk, "refused")
                )
        else:
            Digest.objects.filter(pk__in=digest_ids).update(
                status=DeliveryStatus.IN_APP_ONLY, claim="", reason="no e-mail address"
            )
        if state == "empty":
            continue
        for day, digest_of_recipient in _digest_of_recipient(digests, "recipient_id"):
            notification_ids = by_day.get(day, [])
            if not notification_ids:
                continue
            notifications = Notification.objects.filter(pk__in=notification_ids)
            logs = ReminderLog.objects.filter(notification__in=notification_ids)
            if state == "sent":
                logs.update(status=DeliveryStatus.SENT, sent_at=now, reason="", digest_id=_log_digest(day))
                notifications.update(
                    email_state=EmailState.SENT, emailed_at=now, digest_id=digest_of_recipient
                )
            elif state == "refused":
                logs.update(
                    status=DeliveryStatus.REFUSED,
                    reason="the mail server refused the recipient",
                    digest_id=_log_digest(day),
                )
                notifications.update(email_state=EmailState.IN_APP_ONLY, digest_id=digest_of_recipient)
            else:
                logs.update(status=DeliveryStatus.IN_APP_ONLY, reason="no e-mail address")
                notifications.update(email_state=EmailState.IN_APP_ONLY)


def _log_digest(day):
    return Subquery(Digest.objects.filter(person_id=OuterRef("person_id"), day=day).values("pk")[:1])


def _mark_failed(digest_ids: list[int], *, by_person: dict[int, int], reason: str) -> None:
    Digest.objects.filter(pk__in=digest_ids).update(status=DeliveryStatus.FAILED, claim="", reason=reason)
    ReminderLog.objects.filter(
        person_id__in=list(by_person.values()),
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED],
    ).update(status=DeliveryStatus.FAILED, reason=reason)

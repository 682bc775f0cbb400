"""The e-mail digests: ONE mail per person per day, sent by the daily run (daily.py) at 07:30
(Asia/Ho_Chi_Minh), holding that day's reminders and every notification not e-mailed yet.

Each digest is leased before it is sent, so two workers never send it both; a failing mail server
is retried with backoff (the send_digests task, then digests_retry every 10 minutes for two days);
a refused recipient is recorded with the reason and not retried.
"""

import datetime
import logging
import smtplib
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from accounts.models import User

from ..models import DeliveryStatus, Digest, EmailState, Notification, ReminderLog
from ..reminders import REMINDER_KIND_PREFIX

logger = logging.getLogger("notifications")

BATCH = 500  # digests per task / per query batch
FLUSH = 100  # digests marked sent after this many mails, to keep a crash's resend window small
LEASE = datetime.timedelta(minutes=15)  # a sender that holds a digest longer is presumed dead


T = TypeVar("T")


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def retry_backoff(attempts: int) -> datetime.timedelta:
    """How long to wait after the n-th failed attempt before the next one."""
    return datetime.timedelta(minutes=min(2**attempts, 60))


def digests_retry(*, now: datetime.datetime | None = None) -> int:
    """Every 10 minutes (beat): resends the digests a mail server failed, backing off (2, 4, 8 ...
    60 minutes after the last attempt) like the send_digests task's own retries, for two days (the
    reminders are stale after that), and those whose sender died holding them. Returns how many."""
    now = now or timezone.now()
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
    return sum(digests_send(digest_ids=chunk, now=now).sent for chunk in chunks(retry, BATCH))


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
    base = str(settings.PORTAL_BASE_URL).rstrip("/")
    if not path or not path.startswith("/") or path.startswith("//"):
        path = reverse("notifications:list")
    return base + path


def build_digest_message(
    *, person: User, day: datetime.date, items: list[Notification], connection: BaseEmailBackend | None = None
) -> EmailMultiAlternatives:
    """The digest e-mail (plain text + HTML, in the portal's language); every link goes through the
    portal."""
    with translation.override(settings.LANGUAGE_CODE):
        entries = [
            {
                "title": n.shown_title,
                "body": n.shown_body,
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
    outcome: dict[str, list[Digest]] = {"sent": [], "refused": [], "in_app_only": [], "empty": []}
    totals: Counter[str] = Counter()
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
            _flush(outcome, totals, items, reasons, now=now)
            if stopped_at is not None:
                break
    finally:
        try:
            connection.close()
        except Exception:  # closing a broken connection must not hide the real outcome
            logger.debug("digest: closing the mail connection failed", exc_info=True)
        _flush(outcome, totals, items, reasons, now=now)
    if stopped_at is not None:
        left = [d.pk for d in digests[stopped_at:]]
        _mark_failed(left, by_person={d.pk: d.person_id for d in digests[stopped_at:]}, reason=result.error)
        result.retry_ids = left
    result.sent, result.refused, result.in_app_only = totals["sent"], totals["refused"], totals["in_app_only"]
    return result


def _digest_of_recipient(digests: list[Digest], field: str) -> Iterator[tuple[datetime.date, Subquery]]:
    """For each digest day in the batch: (day, the digest of that person that day) as a subquery, so
    that linking rows to their digest is one UPDATE per day instead of one per person."""
    for day in sorted({d.day for d in digests}):
        yield day, Subquery(Digest.objects.filter(person_id=OuterRef(field), day=day).values("pk")[:1])


def _flush(
    outcome: dict[str, list[Digest]],
    totals: Counter[str],
    items: dict[int, list[Notification]],
    reasons: dict[int, str],
    *,
    now: datetime.datetime,
) -> None:
    """Records what was sent so far (a handful of queries, whatever the number of digests)."""
    for state in ("sent", "refused", "in_app_only", "empty"):
        digests = outcome[state]
        if not digests:
            continue
        outcome[state] = []
        totals[state] += len(digests)
        digest_ids = [d.pk for d in digests]
        by_day: defaultdict[datetime.date, list[int]] = defaultdict(list)
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


def _log_digest(day: datetime.date) -> Subquery:
    return Subquery(Digest.objects.filter(person_id=OuterRef("person_id"), day=day).values("pk")[:1])


def _mark_failed(digest_ids: list[int], *, by_person: dict[int, int], reason: str) -> None:
    Digest.objects.filter(pk__in=digest_ids).update(status=DeliveryStatus.FAILED, claim="", reason=reason)
    ReminderLog.objects.filter(
        person_id__in=list(by_person.values()),
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED],
    ).update(status=DeliveryStatus.FAILED, reason=reason)

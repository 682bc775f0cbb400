"""Every write of the notifications app, by concern:

- outbox.py: notify() records a notification (kind + parameters) in the caller's transaction;
  reading marks.
- daily.py: the daily run (reminders claimed exactly once, recorded in the portal, digests sent).
- digests.py: one e-mail per person per day, leased, retried with backoff, refusals recorded.
"""

from .daily import RunResult, reminders_run
from .digests import (
    SendResult,
    absolute_url,
    build_digest_message,
    clean_subject,
    digests_retry,
    digests_send,
)
from .outbox import notification_open, notifications_mark_all_read, notify

__all__ = [
    "RunResult",
    "SendResult",
    "absolute_url",
    "build_digest_message",
    "clean_subject",
    "digests_retry",
    "digests_send",
    "notification_open",
    "notifications_mark_all_read",
    "notify",
    "reminders_run",
]

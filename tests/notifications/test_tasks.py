"""The tasks are thin: ids and dates in, services called (eager here; the real worker in test_worker)."""

import datetime

import pytest
import time_machine
from django.core import mail

from notifications import tasks
from notifications.models import DeliveryStatus, ReminderLog
from tests.factories import DeadlineFactory

pytestmark = pytest.mark.django_db


def test_daily_task_counts_days_in_ho_chi_minh(org, draft):
    # 17:30 UTC on 17/11 is already 00:30 on 18/11 in Ho Chi Minh City: the job is the 18th's.
    DeadlineFactory(kind="idea_submission", due_date=datetime.date(2026, 11, 19), unit=None)
    with time_machine.travel(datetime.datetime(2026, 11, 17, 17, 30, tzinfo=datetime.UTC), tick=False):
        result = tasks.send_daily_reminders.delay().get()
    assert result == {"day": "2026-11-18", "reminders": 2, "people": 2}
    assert set(ReminderLog.objects.values_list("day", flat=True)) == {datetime.date(2026, 11, 18)}
    # Eager here: the digests went out through the send_digests task.
    assert len(mail.outbox) == 2
    assert set(ReminderLog.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_daily_task_twice_same_day_sends_once(org, draft, today):
    DeadlineFactory(kind="idea_submission", due_date=today + datetime.timedelta(days=3), unit=None)
    tasks.send_daily_reminders.delay(today.isoformat())
    tasks.send_daily_reminders.delay(today.isoformat())
    assert len(mail.outbox) == 2


def test_retry_task_runs(org):
    assert tasks.retry_digests.delay().get() == 0

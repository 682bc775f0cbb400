"""Two beat processes (or a retry racing the first run) on the same day: each reminder once."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from notifications import services
from notifications.models import DeliveryStatus, ReminderLog
from notifications.services import daily
from tests.factories import DeadlineFactory, IdeaFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(org, postgres):
    today = datetime.date(2026, 11, 18)
    authors = [UserFactory(unit=org.sub) for _ in range(40)]
    for author in authors:
        IdeaFactory(author=author, status="draft")
    DeadlineFactory(kind="idea_submission", due_date=today + datetime.timedelta(days=7), unit=None)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(services.reminders_run(today=today))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sum(r.reminders for r in results) == 40
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.email for a in authors)
    assert ReminderLog.objects.filter(status=DeliveryStatus.SENT).count() == 40


@pytest.mark.django_db
def test_claiming_twice_gives_the_second_claim_nothing(org, today, draft):
    DeadlineFactory(kind="idea_submission", due_date=today + datetime.timedelta(days=3), unit=None)
    from notifications.reminders import collect

    due = collect(today=today)
    assert len(daily._claim(due, today=today)) == 2
    assert daily._claim(due, today=today) == []
    assert ReminderLog.objects.count() == 2

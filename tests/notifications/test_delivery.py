"""The outbox, the daily digest and exactly-once delivery."""

import datetime
import smtplib
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from notifications import services
from notifications.models import DeliveryStatus, Digest, EmailState, Notification, ReminderLog
from tests.factories import DeadlineFactory, UserFactory

D = datetime.timedelta


@pytest.fixture
def due_tomorrow(org, today, draft):
    return DeadlineFactory(kind="idea_submission", due_date=today + D(days=1), unit=None)


@pytest.mark.django_db
def test_run_twice_sends_one_digest_per_person(org, today, due_tomorrow):
    first = services.reminders_run(today=today)
    assert (first.reminders, first.people, first.sent) == (2, 2, 2)
    second = services.reminders_run(today=today)
    assert (second.reminders, second.already_sent, second.sent) == (0, 2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([org.author.email, org.co_author.email])
    assert ReminderLog.objects.filter(status=DeliveryStatus.SENT).count() == 2
    assert Notification.objects.filter(kind="reminder.idea_submission").count() == 2


@pytest.mark.django_db
def test_reminders_and_events_go_in_one_digest(org, today, due_tomorrow):
    services.notify(
        recipients=[org.author], kind="idea.returned", title="Ý tưởng bị trả lại", url="/ideas/1/"
    )
    services.reminders_run(today=today)
    to_author = [m for m in mail.outbox if m.to == [org.author.email]]
    assert len(to_author) == 1
    assert "Ý tưởng bị trả lại" in to_author[0].body
    assert Notification.objects.filter(recipient=org.author, email_state=EmailState.SENT).count() == 2
    # Next day: nothing new, no mail.
    services.reminders_run(today=today + D(days=1))
    assert len([m for m in mail.outbox if m.to == [org.author.email]]) == 1


@pytest.mark.django_db
def test_digest_is_vietnamese_escaped_with_absolute_links(org, today, settings):
    settings.PORTAL_BASE_URL = "https://thidua.example.vn"
    [n] = services.notify(
        recipients=[org.author],
        kind="idea.returned",
        title='<script>alert(1)</script> "Đất đai"',
        url="/ideas/9/",
    )
    services.reminders_run(today=today)
    [message] = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Thông báo" in message.subject or "thông báo" in message.subject
    assert f"https://thidua.example.vn/notifications/{n.pk}/open/" in message.body
    html = message.alternatives[0][0]
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert f'href="https://thidua.example.vn/notifications/{n.pk}/open/"' in html
    assert "Kính gửi" in message.body


@pytest.mark.django_db
def test_subject_has_no_line_breaks():
    assert services.clean_subject("a\r\nBcc: x@y\n b") == "a Bcc: x@y b"


@pytest.mark.django_db
def test_person_without_email_gets_in_app_only_and_is_logged(org, today, due_tomorrow, caplog):
    org.co_author.email = ""
    org.co_author.save()
    caplog.set_level("INFO")
    result = services.reminders_run(today=today)
    assert [m.to for m in mail.outbox] == [[org.author.email]]
    log = ReminderLog.objects.get(person=org.co_author)
    assert log.status == DeliveryStatus.IN_APP_ONLY and log.reason == "no e-mail address"
    assert Notification.objects.get(recipient=org.co_author).email_state == EmailState.IN_APP_ONLY
    assert "no e-mail address" in caplog.text
    assert result.reminders == 2


class FailingBackend:
    """A mail server that is down: every send raises."""

    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        type(self).calls += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingBackend(FailingBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"No such user")})


@pytest.mark.django_db
def test_failing_mail_server_keeps_reminders_failed_then_sends_once(org, today, due_tomorrow, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.FailingBackend"
    result = services.reminders_run(today=today)
    assert result.sent == 0 and result.failed == 2
    assert set(ReminderLog.objects.values_list("status", flat=True)) == {DeliveryStatus.FAILED}
    assert "SMTPServerDisconnected" in ReminderLog.objects.first().reason
    assert set(Digest.objects.values_list("status", flat=True)) == {DeliveryStatus.FAILED}
    # The server is back: the sweep (or the task's retry) sends each digest once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    now = timezone.now()
    assert services.notifications_sweep(now=now)["digests_retried"] == 0  # backing off: too soon
    assert mail.outbox == []
    later = now + datetime.timedelta(minutes=3)
    assert services.notifications_sweep(now=later)["digests_retried"] == 2
    assert len(mail.outbox) == 2
    assert set(ReminderLog.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    services.notifications_sweep(now=later + datetime.timedelta(hours=1))
    services.reminders_run(today=today)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_send_digests_task_retries_with_backoff(org, today, due_tomorrow, settings, monkeypatch):
    from notifications import tasks

    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.FailingBackend"
    result = services.reminders_run(today=today, send="none")
    retried = {}

    def fake_retry(*, args, countdown):
        retried.update(args=args, countdown=countdown)
        return RuntimeError("retry")

    monkeypatch.setattr(tasks.send_digests, "retry", fake_retry)
    monkeypatch.setattr(tasks.send_digests.request, "is_eager", False, raising=False)
    monkeypatch.setattr(tasks.send_digests.request, "retries", 2, raising=False)
    with pytest.raises(RuntimeError):
        tasks.send_digests.run(result.digests)
    assert sorted(retried["args"][0]) == sorted(result.digests)
    assert retried["countdown"] == 240


@pytest.mark.django_db
def test_refused_recipient_is_recorded_and_not_retried(org, today, due_tomorrow, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.RefusingBackend"
    result = services.reminders_run(today=today)
    assert result.refused == 2 and result.failed == 0
    log = ReminderLog.objects.get(person=org.author)
    assert log.status == DeliveryStatus.REFUSED
    digest = Digest.objects.get(person=org.author)
    assert digest.status == DeliveryStatus.REFUSED and "No such user" in digest.reason
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.notifications_sweep(now=timezone.now() + datetime.timedelta(hours=1))
    services.reminders_run(today=today)
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_digest_leased_by_another_sender_is_not_sent_again(org, today, due_tomorrow):
    result = services.reminders_run(today=today, send="none")
    services.digests_send(digest_ids=result.digests)
    services.digests_send(digest_ids=result.digests)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_dry_run_sends_and_records_nothing(org, today, due_tomorrow):
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--date", today.isoformat(), stdout=out)
    assert "2 reminder(s) to 2 people" in out.getvalue()
    assert mail.outbox == []
    assert (
        not ReminderLog.objects.exists() and not Digest.objects.exists() and not Notification.objects.exists()
    )


@pytest.mark.django_db
def test_command_runs_the_job_synchronously(org, today, due_tomorrow):
    out = StringIO()
    call_command("send_reminders", "--date", today.isoformat(), stdout=out)
    assert "2 reminder(s) to 2 people" in out.getvalue()
    assert len(mail.outbox) == 2
    out = StringIO()
    call_command("send_reminders", "--date", today.isoformat(), stdout=out)
    assert "0 reminder(s) to 0 people (2 already sent" in out.getvalue()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_command_rejects_a_bad_date():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "27/11/2026")


@pytest.mark.django_db
def test_notify_queues_delivery_only_after_commit(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        [n] = services.notify(recipients=[org.head], kind="idea.submitted", title="Có ý tưởng mới")
        n.refresh_from_db()
        assert n.dispatched_at is None
    assert len(callbacks) == 1
    n.refresh_from_db()
    assert n.dispatched_at is not None


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_leaves_no_notification_and_no_task(monkeypatch):
    from notifications import tasks

    queued = []
    monkeypatch.setattr(tasks.deliver_notifications, "apply_async", lambda *a, **k: queued.append(a))
    person = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify(recipients=[person], kind="idea.submitted", title="x")
        raise RuntimeError("the change fails")
    assert not Notification.objects.exists()
    assert queued == []
    services.notify(recipients=[person], kind="idea.submitted", title="x")  # autocommit: queued at once
    assert len(queued) == 1


@pytest.mark.django_db
def test_notify_skips_inactive_and_duplicate_recipients(org):
    org.outsider.is_active = False
    rows = services.notify(recipients=[org.author, org.author, None, org.outsider], kind="k", title="t")
    assert [n.recipient for n in rows] == [org.author]


@pytest.mark.django_db(transaction=True)
def test_broker_down_the_change_succeeds_fast_and_the_sweep_delivers(org, broker_at, caplog, monkeypatch):
    from notifications import tasks

    caplog.set_level("WARNING")
    errors = []
    real_apply_async = tasks.deliver_notifications.apply_async

    def spy(*args, **kwargs):
        try:
            return real_apply_async(*args, **kwargs)
        except Exception as exc:
            errors.append(exc)
            raise

    monkeypatch.setattr(tasks.deliver_notifications, "apply_async", spy)
    broker_at("redis://127.0.0.1:6390/0")  # nothing listens there
    started = time.monotonic()
    with transaction.atomic():
        [n] = services.notify(recipients=[org.head], kind="idea.submitted", title="Có ý tưởng mới")
    elapsed = time.monotonic() - started
    assert elapsed < 2
    # The broker really was tried, and failed as a connection error (not a test artefact).
    assert len(errors) == 1, errors
    assert "6390" in str(errors[0])
    assert "could not queue delivery" in caplog.text and "left for the sweep" in caplog.text
    n.refresh_from_db()
    assert n.dispatched_at is None and n.email_state == EmailState.PENDING
    later = n.created_at + datetime.timedelta(minutes=5)
    assert services.notifications_sweep(now=later)["dispatched"] == 1
    n.refresh_from_db()
    assert n.dispatched_at is not None


@pytest.mark.django_db
def test_an_address_with_a_line_break_is_refused_not_injected(org, today, due_tomorrow):
    org.author.email = "author@example.vn\nBcc: victim@example.vn"
    org.author.save()
    result = services.reminders_run(today=today)
    assert [m.to for m in mail.outbox] == [[org.co_author.email]]
    assert result.refused == 1
    digest = Digest.objects.get(person=org.author)
    assert digest.status == DeliveryStatus.REFUSED and "invalid address" in digest.reason


@pytest.mark.django_db
def test_a_deactivated_person_gets_no_digest(org, today):
    services.notify(recipients=[org.author], kind="idea.returned", title="Trả lại")
    org.author.is_active = False
    org.author.save()
    services.reminders_run(today=today)
    assert mail.outbox == []

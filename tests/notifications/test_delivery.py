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
from tests.factories import MESSAGE, DeadlineFactory, UserFactory

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
        recipients=[org.author], kind=MESSAGE, params={"text": "Ý tưởng bị trả lại"}, url="/ideas/1/"
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
        kind=MESSAGE,
        params={"text": '<script>alert(1)</script> "Đất đai"'},
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
    # The server is back: the retry job (or the task's own retry) sends each digest once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    now = timezone.now()
    assert services.digests_retry(now=now) == 0  # backing off: too soon
    assert mail.outbox == []
    later = now + datetime.timedelta(minutes=3)
    assert services.digests_retry(now=later) == 2
    assert len(mail.outbox) == 2
    assert set(ReminderLog.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    services.digests_retry(now=later + datetime.timedelta(hours=1))
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
    services.digests_retry(now=timezone.now() + datetime.timedelta(hours=1))
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


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_leaves_no_notification():
    person = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify(recipients=[person], kind=MESSAGE, params={"text": "x"})
        raise RuntimeError("the change fails")
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_person_without_e_mail_gets_it_in_the_portal_only(org):
    org.co_author.email = ""
    org.co_author.save()
    rows = services.notify(recipients=[org.author, org.co_author], kind=MESSAGE, params={"text": "x"})
    assert {n.recipient_id: n.email_state for n in rows} == {
        org.author.pk: EmailState.PENDING,
        org.co_author.pk: EmailState.IN_APP_ONLY,
    }


@pytest.mark.django_db
def test_notify_skips_inactive_and_duplicate_recipients(org):
    org.outsider.is_active = False
    rows = services.notify(
        recipients=[org.author, org.author, None, org.outsider], kind=MESSAGE, params={"text": "t"}
    )
    assert [n.recipient for n in rows] == [org.author]


@pytest.mark.django_db(transaction=True)
def test_broker_down_a_submission_succeeds_fast_and_the_digest_delivers(org, broker_at, today):
    """Notifications touch no broker: with Redis down the change commits at once, the bell shows it,
    and the next morning's digest (run by hand here) e-mails it."""
    from ideas import services as ideas

    broker_at("redis://127.0.0.1:6390/0")  # nothing listens there
    idea, _ = ideas.idea_create(
        by=org.author, title="Đất đai", summary="S", problem="P", solution="G", expected_benefit="B",
        topic="digital", scope="unit",
    )  # fmt: skip
    started = time.monotonic()
    ideas.idea_transition(idea=idea, by=org.author, action="submit")
    assert time.monotonic() - started < 2
    [n] = Notification.objects.filter(recipient=org.sub_head)
    assert n.email_state == EmailState.PENDING
    services.reminders_run(today=today)
    assert [m.to for m in mail.outbox] == [[org.sub_head.email]]


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
    services.notify(recipients=[org.author], kind=MESSAGE, params={"text": "Trả lại"})
    org.author.is_active = False
    org.author.save()
    services.reminders_run(today=today)
    assert mail.outbox == []

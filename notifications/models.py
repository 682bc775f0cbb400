"""In-app notifications (each row is also the outbox entry of the e-mail digest), the daily
digest of each person, and the log that makes every reminder go out exactly once."""

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .kinds import render


class EmailState(models.TextChoices):
    PENDING = "pending", _("Waiting for the digest")
    SENT = "sent", _("E-mailed")
    IN_APP_ONLY = "in_app_only", _("In the portal only (no e-mail address)")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=50)
    # What the kind's wording is filled with; rendered in the reader's language when read.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The text in the portal's language when written: shown for a kind that no longer exists.
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_state = models.CharField(
        _("e-mail"), max_length=20, choices=EmailState.choices, default=EmailState.PENDING
    )
    digest = models.ForeignKey(
        "notifications.Digest",
        verbose_name=_("digest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    # The claimed reminder this notification delivers (none for event notifications).
    reminder = models.OneToOneField(
        "notifications.ReminderLog",
        verbose_name=_("reminder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notification",
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email_state", "recipient"], name="notification_email_pending"),
        ]

    def __str__(self):
        return self.title

    @cached_property
    def _shown(self) -> tuple[str, str]:
        return render(self.kind, self.params, stored=(self.title, self.body))

    @property
    def shown_title(self) -> str:
        """The title in the active language (the reader's)."""
        return self._shown[0]

    @property
    def shown_body(self) -> str:
        return self._shown[1]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will be retried")
    REFUSED = "refused", _("Refused by the mail server")
    IN_APP_ONLY = "in_app_only", _("In the portal only (no e-mail address)")


class Digest(models.Model):
    """The one e-mail a person gets on a day: that day's reminders and the pending notifications."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="digests"
    )
    day = models.DateField(_("day"))
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    reason = models.TextField(_("reason"), blank=True)
    # A sender leases the row (claim token + time) so that two workers never send it both.
    claim = models.CharField(max_length=40, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail digest")
        verbose_name_plural = _("e-mail digests")
        ordering = ["-day", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="digest_once_per_person_day"),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values), name="digest_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "day"], name="digest_status_day")]

    def __str__(self):
        return f"{self.person} {self.day:%d/%m/%Y}"


class ReminderLog(models.Model):
    """One reminder of one rule to one person about one object on one day; claimed before sending."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="reminder_logs",
    )
    rule = models.CharField(_("rule"), max_length=60)
    object_key = models.CharField(_("object"), max_length=100)
    day = models.DateField(_("day"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    claim = models.CharField(max_length=40, blank=True, editable=False)
    digest = models.ForeignKey(
        Digest,
        verbose_name=_("digest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminders",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder log")
        verbose_name_plural = _("reminder logs")
        ordering = ["-day", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "rule", "object_key", "day"], name="reminder_once_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values), name="reminder_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["claim"], name="reminder_claim")]

    def __str__(self):
        return f"{self.rule} {self.object_key} → {self.person} ({self.day:%d/%m/%Y})"


class DailyRun(models.Model):
    """The daily reminder job's record of each day it ran: the readiness check reads how long ago the
    last run finished (a beat or worker that stopped shows as an old run)."""

    day = models.DateField(_("day"), unique=True)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), db_index=True)
    reminders = models.PositiveIntegerField(_("new reminders"), default=0)
    digests = models.PositiveIntegerField(_("digests to send"), default=0)

    class Meta:
        verbose_name = _("daily run")
        verbose_name_plural = _("daily runs")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}"

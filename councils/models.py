"""Councils (Hội đồng sáng kiến, Hội đồng Thi đua – Khen thưởng) that score and vote in meetings.

A meeting item points to any object another app registers (its `council.py`): an idea, a
nomination. The results are computed and frozen when the meeting closes (services.meeting_transition)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit

from .workflow import Status


class CouncilKind(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative council")
    EMULATION = "emulation", _("Emulation and awards council")


class Council(models.Model):
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=CouncilKind.choices)
    # Empty: the city's council, which the committee runs.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Left empty for the city's council."),
    )
    default_threshold = models.PositiveSmallIntegerField(
        _("vote threshold (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of the members who must agree, for items whose kind sets no threshold."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Average weighted score, as a share of the highest possible, that a scored item needs."),
    )
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        null=True,
        blank=True,
        help_text=_("Members who must attend; left empty: more than half of the members."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CouncilKind.values), name="council_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(default_threshold__gte=1, default_threshold__lte=100),
                name="council_threshold_range",
            ),
            models.CheckConstraint(condition=models.Q(pass_mark__lte=100), name="council_pass_mark_range"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("councils:council-detail", args=[self.pk])


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair of the council")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "person"], name="council_member_once"),
            models.UniqueConstraint(
                fields=["council"], condition=models.Q(role="chair"), name="council_one_chair"
            ),
            models.UniqueConstraint(
                fields=["council"], condition=models.Q(role="secretary"), name="council_one_secretary"
            ),
            models.CheckConstraint(condition=models.Q(role__in=MemberRole.values), name="council_role_valid"),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()}"


class Criterion(models.Model):
    """A scoring criterion of a council (novelty, applicability, effect): data, edited in the admin."""

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=255)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=[MinValueValidator(1)])
    max_score = models.PositiveSmallIntegerField(_("highest score"), validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["council", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="criterion_weight_positive"),
            models.CheckConstraint(condition=models.Q(max_score__gte=1), name="criterion_max_positive"),
        ]

    def __str__(self):
        return self.name


class Meeting(models.Model):
    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    # Frozen when the meeting closes.
    members_count = models.PositiveSmallIntegerField(_("members"), null=True, blank=True)
    attended_count = models.PositiveSmallIntegerField(_("attended"), null=True, blank=True)
    quorum_met = models.BooleanField(_("quorum met"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="meeting_status_valid"),
        ]
        indexes = [models.Index(fields=["status", "council"])]

    def __str__(self):
        return f"{self.council} · {self.date:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("councils:meeting-detail", args=[self.pk])

    @property
    def badge(self) -> str:
        """The shared status badge's colour: in preparation grey, in session blue, closed green."""
        return {Status.DRAFT: "draft", Status.OPEN: "submitted", Status.CLOSED: "completed"}[
            Status(self.status)
        ]


class MeetingItem(models.Model):
    """An object put before the meeting, as its app described it when it was added."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("item"), max_length=500)
    scored = models.BooleanField(_("scored"), default=False)
    voted = models.BooleanField(_("voted"), default=False)
    threshold = models.PositiveSmallIntegerField(_("vote threshold (%)"))
    # Frozen when the meeting closes.
    scorers = models.PositiveSmallIntegerField(_("members who scored"), null=True, blank=True)
    score_total = models.DecimalField(_("score total"), max_digits=9, decimal_places=2, null=True, blank=True)
    score_average = models.DecimalField(
        _("average score"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    score_max = models.PositiveIntegerField(_("highest possible score"), null=True, blank=True)
    agree = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    disagree = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    vote_percent = models.DecimalField(
        _("agreement (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting item")
        verbose_name_plural = _("meeting items")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "content_type", "object_id"], name="meeting_item_once"
            ),
            models.CheckConstraint(
                condition=models.Q(threshold__gte=1, threshold__lte=100), name="meeting_item_threshold_range"
            ),
            models.CheckConstraint(
                condition=models.Q(scored=True) | models.Q(voted=True), name="meeting_item_decided"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.label


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")]

    def __str__(self):
        return str(self.person)


class Score(models.Model):
    item = models.ForeignKey(
        MeetingItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["item", "member", "criterion"], name="score_once"),
        ]

    def __str__(self):
        return f"{self.member} · {self.criterion}: {self.value}"


class Vote(models.Model):
    item = models.ForeignKey(
        MeetingItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="votes"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    agree = models.BooleanField(_("agrees"))

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="vote_once")]

    def __str__(self):
        return f"{self.member}: {self.agree}"

"""Award types, rounds (đợt khen thưởng) and nominations (đề nghị khen thưởng), with their
immutable event timeline."""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from records.models import AWARD_LEVEL, AwardCategory, AwardLevel

from .workflow import DECIDED_STATUSES, OPEN_STATUSES, Status

ACHIEVEMENTS_MAX_LENGTH = 20000


class Eligibility(models.TextChoices):
    INDIVIDUAL = "individual", _("Individuals")
    COLLECTIVE = "collective", _("Collectives")
    BOTH = "both", _("Individuals and collectives")


class AwardType(models.Model):
    """A form of award; seeded by a migration, editable by the committee in the admin."""

    UNIT_CERTIFICATE = "unit_certificate"

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    authority = models.CharField(_("conferring authority"), max_length=255)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 is the highest award."))
    eligibility = models.CharField(
        _("for"), max_length=20, choices=Eligibility.choices, default=Eligibility.BOTH
    )
    criteria = models.TextField(_("criteria"), blank=True)
    vote_threshold = models.PositiveSmallIntegerField(
        _("council vote threshold (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Share of the council's members who must agree (e.g. 80 for CSTĐCS, 90 for CSTĐ cấp tỉnh); "
            "left empty: the council's own threshold."
        ),
    )

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["rank", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(eligibility__in=Eligibility.values), name="awardtype_eligibility_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def decided_by_unit_head(self) -> bool:
        """The unit-level certificate is conferred by the unit head alone, without the committee."""
        return self.code == self.UNIT_CERTIFICATE

    def accepts_individuals(self) -> bool:
        return self.eligibility in (Eligibility.INDIVIDUAL, Eligibility.BOTH)

    def accepts_collectives(self) -> bool:
        return self.eligibility in (Eligibility.COLLECTIVE, Eligibility.BOTH)

    @property
    def needs_public_posting(self) -> bool:
        """Orders and State titles (State level) are posted publicly before they are forwarded."""
        return AWARD_LEVEL.get(self.code) == AwardLevel.STATE


class Round(models.Model):
    """An award round (đợt khen thưởng): the awards of a phase decided together, with its own dates,
    which may fall after the phase ("Sơ kết giai đoạn 2023-2025" is decided in 2026).

    Nominations are created while the round is open (`opens_on` … `submission_due`); its deadlines
    give the reminders. The committee manages rounds in the admin (services.round_save)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    phase = models.ForeignKey(
        "movement.Phase", verbose_name=_("phase"), on_delete=models.PROTECT, related_name="rounds"
    )
    opens_on = models.DateField(_("nominations accepted from"))
    submission_due = models.DateField(_("nominations accepted until"))
    review_due = models.DateField(
        _("committee's review due"),
        null=True,
        blank=True,
        help_text=_("The committee is reminded before this date."),
    )
    award_types = models.ManyToManyField(
        AwardType, verbose_name=_("award forms of the round"), related_name="rounds"
    )

    class Meta:
        verbose_name = _("award round")
        verbose_name_plural = _("award rounds")
        ordering = ["-submission_due", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(submission_due__gte=models.F("opens_on")),
                name="round_dates_ordered",
                violation_error_message=_("The round cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=models.Q(review_due__isnull=True)
                | models.Q(review_due__gte=models.F("submission_due")),
                name="round_review_after_submission",
                violation_error_message=_("The review cannot be due before the nominations are."),
            ),
        ]

    def __str__(self):
        return self.name

    def is_open(self, day: datetime.date) -> bool:
        return self.opens_on <= day <= self.submission_due

    @classmethod
    def open_on(cls, day: datetime.date) -> "models.QuerySet[Round]":
        """The rounds accepting nominations on that day, the one closing first first."""
        return cls.objects.filter(opens_on__lte=day, submission_due__gte=day).order_by("submission_due", "pk")


class Nomination(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("award round"), on_delete=models.PROTECT, related_name="nominations"
    )
    # The round's phase, kept on the row for the lists, the statistics and the one-open constraint.
    phase = models.ForeignKey(
        "movement.Phase", verbose_name=_("phase"), on_delete=models.PROTECT, related_name="nominations"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award type"), on_delete=models.PROTECT, related_name="nominations"
    )
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominee (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    nominee_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("nominee (collective)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    proposing_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("proposing unit"),
        on_delete=models.PROTECT,
        related_name="proposed_nominations",
    )
    category = models.CharField(
        _("award category"),
        max_length=20,
        choices=AwardCategory.choices,
        default=AwardCategory.THEMATIC,
        help_text=_(
            "This movement's awards are thematic; a merit award is checked against the law's criteria."
        ),
    )
    achievements = models.TextField(_("achievements"), max_length=ACHIEVEMENTS_MAX_LENGTH)
    basis = models.ManyToManyField(
        "records.ExternalAward",
        verbose_name=_("earlier awards cited as its basis"),
        blank=True,
        related_name="cited_by_nominations",
    )
    ideas = models.ManyToManyField(
        "ideas.Idea", verbose_name=_("related ideas"), blank=True, related_name="nominations"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_authority = models.CharField(_("signer's title"), max_length=255, blank=True)
    decision_signer = models.CharField(_("signed by"), max_length=150, blank=True)
    # The council meeting whose minutes the decision cites (one that passed the nomination).
    council_meeting = models.ForeignKey(
        "councils.Meeting",
        verbose_name=_("council meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The outcome at the higher level, once forwarded: the reason it was not conferred, or the lower
    # form it was conferred at (the decision fields then hold the higher level's document).
    outcome_reason = models.TextField(_("reason given by the higher level"), blank=True)
    conferred_award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("form conferred"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lower_conferrals",
    )
    # The nominee as they were when the nomination was submitted: the export prints these.
    nominee_position_at_submission = models.CharField(_("position at submission"), max_length=255, blank=True)
    nominee_unit_name_at_submission = models.CharField(_("unit at submission"), max_length=255, blank=True)
    # The nominee's and the units' names folded to lower-case ASCII ("dang ngoc lan" finds "Đặng Ngọc Lan").
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="created_nominations",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="nomination_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=AwardCategory.values), name="nomination_category_valid"
            ),
            models.CheckConstraint(
                condition=(models.Q(nominee__isnull=False) & models.Q(nominee_unit__isnull=True))
                | (models.Q(nominee__isnull=True) & models.Q(nominee_unit__isnull=False)),
                name="nomination_one_nominee",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=list(DECIDED_STATUSES))
                | (models.Q(decision_date__isnull=False) & ~models.Q(decision_number="")),
                name="nomination_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=models.Q(conferred_award_type__isnull=True)
                | models.Q(status=Status.CONFERRED_LOWER),
                name="nomination_lower_form_only_when_lower",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.CONFERRED_LOWER)
                | models.Q(conferred_award_type__isnull=False),
                name="nomination_lower_names_its_form",
            ),
            models.UniqueConstraint(
                fields=["nominee", "award_type", "phase"],
                condition=models.Q(status__in=list(OPEN_STATUSES)),
                name="nomination_one_open_per_person",
            ),
            models.UniqueConstraint(
                fields=["nominee_unit", "award_type", "phase"],
                condition=models.Q(status__in=list(OPEN_STATUSES)),
                name="nomination_one_open_per_collective",
            ),
        ]
        indexes = [
            models.Index(fields=["phase", "status"], name="nomination_phase_status"),
            models.Index(fields=["proposing_unit", "status"], name="nomination_unit_status"),
        ]

    def __str__(self):
        return f"{self.award_type} – {self.nominee_name}"

    def get_absolute_url(self) -> str:
        return reverse("awards:nomination-detail", args=[self.pk])

    @property
    def is_collective(self) -> bool:
        return self.nominee_unit_id is not None

    @property
    def nominee_name(self) -> str:
        if self.nominee_unit is not None:
            return self.nominee_unit.name
        return self.nominee.display_name if self.nominee is not None else ""

    @property
    def position_shown(self) -> str:
        """The position at submission, or today's while it was never submitted."""
        if self.submitted_at or self.nominee is None:
            return self.nominee_position_at_submission
        return self.nominee.position

    @property
    def unit_shown(self) -> str:
        """The nominee's unit at submission, or today's while it was never submitted."""
        if self.submitted_at:
            return self.nominee_unit_name_at_submission
        home = self.nominee_home_unit
        return home.name if home is not None else ""

    @property
    def nominee_home_unit(self):
        """The unit the nominee belongs to: the collective itself, or the person's unit."""
        if self.nominee_unit_id:
            return self.nominee_unit
        return self.nominee.unit if self.nominee_id else None


class NominationEvent(models.Model):
    """One action on a nomination; rows are only ever added (the audit trail)."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    comment = models.TextField(_("comment"), blank=True)
    # Set by the service (its `now`), so that a replayed history keeps its dates.
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("nomination event")
        verbose_name_plural = _("nomination events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.action}: {self.from_status} → {self.to_status}"


class AttachmentKind(models.TextChoices):
    """The documents of a nomination's dossier (Luật 06/2022 Art 84) that people attach."""

    ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report")
    COUNCIL_MINUTES = "council_minutes", _("Council minutes with the vote")
    INITIATIVE_CERTIFICATE = "initiative_certificate", _("Initiative certificate")
    OTHER = "other", _("Other document")


def nomination_attachment_path(instance, filename):
    """A random name: the original name is kept in the row, never used on disk."""
    return f"nominations/{uuid.uuid4().hex}"


class NominationAttachment(models.Model):
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField(_("kind of document"), max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=nomination_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # Removed attachments are hidden, never deleted (the dossier's history stays).
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination attachment")
        verbose_name_plural = _("nomination attachments")
        ordering = ["kind", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AttachmentKind.values), name="nominationattachment_kind_valid"
            ),
        ]

    def __str__(self):
        return self.original_name


class PublicPosting(models.Model):
    """The public posting (niêm yết công khai) of a proposal for an order or a State title, which
    lasts a number of working days before the proposal may be forwarded (docs/domain.md)."""

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="posting"
    )
    start = models.DateField(_("posted on"))
    end = models.DateField(_("posting window ends"))
    place = models.CharField(_("where it is posted"), max_length=255)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("public posting")
        verbose_name_plural = _("public postings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="posting_dates_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.nomination_id}: {self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

"""The city-wide library of good practices (thư viện sáng kiến, cách làm hay): a recognised idea or an
effective pilot with a short public summary its author and its unit's head approved, and the other
units that adopted it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideas.models import Topic

SUMMARY_MAX_LENGTH = 1500  # a short public summary: a few paragraphs, not the idea again
RESULTS_MAX_LENGTH = 5000


class Level(models.TextChoices):
    """How far the practice was recognised: an idea's highest act of recognition; a pilot that
    proved effective counts at its unit's level."""

    INITIATIVE = "initiative", _("Recognised initiative")
    UNIT = "unit", _("Unit level")
    CITY = "city", _("City level")


class Practice(models.Model):
    idea = models.OneToOneField(
        "ideas.Idea",
        verbose_name=_("recognised idea"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practice",
    )
    pilot = models.OneToOneField(
        "pilots.Pilot",
        verbose_name=_("effective pilot"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practice",
    )
    title = models.CharField(_("name of the practice"), max_length=300)
    summary = models.TextField(_("public summary"), max_length=SUMMARY_MAX_LENGTH)
    # Copied from the source whenever the summary is written, so that the library filters without joins.
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="practices"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    phase = models.ForeignKey(
        "movement.Phase",
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practices",
    )
    # Title, summary and unit folded like the ideas' ("dat dai" finds "đất đai").
    search_text = models.TextField(editable=False, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)
    author_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved for the authors by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_approved_at = models.DateTimeField(_("approved by the author at"), null=True, blank=True)
    head_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by the head"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    head_approved_at = models.DateTimeField(_("approved by the head at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(idea__isnull=False, pilot__isnull=True)
                | models.Q(idea__isnull=True, pilot__isnull=False),
                name="practice_one_source",
            ),
            models.CheckConstraint(condition=models.Q(level__in=Level.values), name="practice_level_valid"),
            models.CheckConstraint(condition=models.Q(topic__in=Topic.values), name="practice_topic_valid"),
            # Published only with both approvals.
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True)
                | models.Q(author_approved_at__isnull=False, head_approved_at__isnull=False),
                name="practice_published_when_approved",
            ),
        ]
        indexes = [models.Index(fields=["-published_at", "-id"], name="practice_published")]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:practice-detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def source(self):
        return self.idea if self.idea_id else self.pilot


class Adoption(models.Model):
    """Another unit applied the practice (nhân rộng), with its own results."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.PROTECT, related_name="adoptions"
    )
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("adopting unit"), on_delete=models.PROTECT, related_name="adoptions"
    )
    adopted_on = models.DateField(_("adopted on"))
    results = models.TextField(_("results of the adoption"), max_length=RESULTS_MAX_LENGTH)
    measured_value = models.DecimalField(
        _("measured value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    measure_unit = models.CharField(_("unit of measure"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["adopted_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "unit"], name="adoption_once_per_unit"),
        ]
        indexes = [models.Index(fields=["adopted_on"], name="adoption_day")]

    def __str__(self):
        return f"{self.practice_id} → {self.unit_id}"

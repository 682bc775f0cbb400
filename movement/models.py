"""The movement's calendar: phases, deadlines and public holidays."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255)
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="phase_dates_ordered"
            ),
        ]

    def __str__(self):
        return self.code

    @classmethod
    def for_date(cls, day: datetime.date) -> "Phase | None":
        """The phase whose dates contain the day, or None outside both phases."""
        return cls.objects.filter(start__lte=day, end__gte=day).order_by("start").first()


class Deadline(models.Model):
    """A deadline of the ideas' calendar. Nominations follow their award round's dates instead
    (awards.Round), which may fall after the phase."""

    class Kind(models.TextChoices):
        IDEA_SUBMISSION = "idea_submission", _("Idea submission")
        IDEA_REVIEW = "idea_review", _("Idea review")

    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.PROTECT, related_name="deadlines"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    due_date = models.DateField(_("due date"))
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deadlines",
        help_text=_("Leave empty for a deadline that applies to all units."),
    )
    title = models.CharField(_("title"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["idea_submission", "idea_review"]),
                name="deadline_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_date:%d/%m/%Y}"


class PublicHoliday(models.Model):
    """Days that do not count as working days (Tết, 30/4, 1/5, 2/9 ...), kept as data."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self):
        return f"{self.name} ({self.date:%d/%m/%Y})"

"""A unit's chosen pilot (thí điểm) per phase: its goals, milestones, indicators, the supervisors'
check-ins and correction requests, and its timeline."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import Outcome, Status


class Pilot(models.Model):
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="pilots"
    )
    phase = models.ForeignKey(
        "movement.Phase", verbose_name=_("phase"), on_delete=models.PROTECT, related_name="pilots"
    )
    title = models.CharField(_("the difficulty piloted"), max_length=300)
    idea = models.ForeignKey(
        "ideas.Idea",
        verbose_name=_("from the idea"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_pilots",
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("from the proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pilots",
    )
    goals = models.TextField(_("goals"), max_length=10000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person in charge"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), blank=True, related_name="pilot_teams"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    # Whether the people acted within the approved plan: the fact Decree 73/2023 protection rests on.
    within_plan = models.BooleanField(_("acted within the approved plan"), null=True, blank=True)
    within_plan_note = models.TextField(_("about the plan"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("unit pilot")
        verbose_name_plural = _("unit pilots")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="pilot_status_valid"),
            models.CheckConstraint(
                condition=models.Q(outcome__in=["", *Outcome.values]), name="pilot_outcome_valid"
            ),
            # A closed pilot has an outcome, an open one none.
            models.CheckConstraint(
                condition=models.Q(status=Status.CLOSED, outcome__gt="")
                | (~models.Q(status=Status.CLOSED) & models.Q(outcome="")),
                name="pilot_outcome_when_closed",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pilots:pilot-detail", args=[self.pk])


class Milestone(models.Model):
    pilot = models.ForeignKey(
        Pilot, verbose_name=_("pilot"), on_delete=models.PROTECT, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=300)
    due_date = models.DateField(_("due date"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    pilot = models.ForeignKey(
        Pilot, verbose_name=_("pilot"), on_delete=models.PROTECT, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=300)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    measure_unit = models.CharField(_("unit of measure"), max_length=50)
    due_date = models.DateField(_("due date"))
    measured_value = models.DecimalField(
        _("measured value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    measured_on = models.DateField(_("measured on"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.name


class CheckIn(models.Model):
    """A supervisor's check against the plan (append-only)."""

    pilot = models.ForeignKey(
        Pilot, verbose_name=_("pilot"), on_delete=models.PROTECT, related_name="check_ins"
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    on_track = models.BooleanField(_("on track"))
    note = models.TextField(_("what was checked"), max_length=10000)
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.pilot_id} {self.created_at:%d/%m/%Y}"


class Correction(models.Model):
    """A correction request: what is wrong, what must change, by when; the team answers it."""

    pilot = models.ForeignKey(
        Pilot, verbose_name=_("pilot"), on_delete=models.PROTECT, related_name="corrections"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    problem = models.TextField(_("what is wrong"), max_length=10000)
    change = models.TextField(_("what must change"), max_length=10000)
    due_date = models.DateField(_("answer by"))
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    answer = models.TextField(_("the team's answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.pilot_id} {self.due_date:%d/%m/%Y}"


class PilotEvent(models.Model):
    """One thing that happened to a pilot; append-only (its timeline)."""

    pilot = models.ForeignKey(Pilot, verbose_name=_("pilot"), on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("pilot event")
        verbose_name_plural = _("pilot events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.pilot_id} {self.action}"

    def save(self, *args, **kwargs):
        # Integrity, not domain logic: an event row is written once and never changed.
        if self.pk is not None:
            raise ValueError("Pilot events are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Pilot events are immutable.")

"""A unit's proposal to the city (đề xuất của cơ quan, đơn vị gửi Thành phố) and its timeline."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import InnovationAction, InnovationStep, Status


class Blocker(models.TextChoices):
    NO_REGULATION = "no_regulation", _("Not yet regulated")
    UNFIT_REGULATION = "unfit_regulation", _("Regulated, but unsuited to practice")


class Conclusion(models.TextChoices):
    CITY_PILOT = "city_pilot", _("Accepted for a city pilot")
    REGULATION = "regulation", _("Accepted for a change of regulation")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class Proposal(models.Model):
    title = models.CharField(_("title"), max_length=300)
    blocker_kind = models.CharField(_("what blocks"), max_length=30, choices=Blocker.choices)
    legal_reference = models.CharField(_("legal reference"), max_length=500, blank=True)
    blocker = models.TextField(_("the mechanism or regulation that blocks"), max_length=20000)
    solution = models.TextField(_("proposed solution"), max_length=20000)
    scope = models.TextField(_("scope"), max_length=5000)
    resources = models.TextField(_("resources"), max_length=5000)
    risks = models.TextField(_("risks"), max_length=5000)
    expected_effect = models.TextField(_("expected effect"), max_length=20000)

    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="proposals"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    idea = models.ForeignKey(
        "ideas.Idea",
        verbose_name=_("raised from the idea"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    department = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("competent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals_to_answer",
    )
    opinion_days = models.PositiveSmallIntegerField(_("time limit (working days)"), null=True, blank=True)
    opinion_due = models.DateField(_("opinion due"), null=True, blank=True)
    opinion = models.TextField(_("the department's opinion"), blank=True)
    opinion_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opinion by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opinion_at = models.DateTimeField(_("opinion given at"), null=True, blank=True)

    conclusion = models.CharField(
        _("the city's conclusion"), max_length=20, choices=Conclusion.choices, blank=True
    )
    conclusion_number = models.CharField(_("document number"), max_length=100, blank=True)
    conclusion_date = models.DateField(_("document date"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="proposal_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(blocker_kind__in=Blocker.values), name="proposal_blocker_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(conclusion__in=["", *Conclusion.values]), name="proposal_conclusion_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "department"], name="proposal_status_department")]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:proposal-detail", args=[self.pk])


class ProposalEvent(models.Model):
    """One thing that happened to a proposal; append-only (its timeline)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.proposal_id} {self.action}"

    def save(self, *args, **kwargs):
        # Integrity, not domain logic: an event row is written once and never changed.
        if self.pk is not None:
            raise ValueError("Proposal events are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Proposal events are immutable.")


class EvaluationResult(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved its aims")
    PARTLY = "partly", _("Partly achieved its aims")
    NOT_ACHIEVED = "not_achieved", _("Did not achieve its aims")


# The plan's contents Decree 73/2023/NĐ-CP, Article 7 asks for, in its order.
PLAN_FIELDS = (
    "necessity",
    "content",
    "scope",
    "implementer",
    "duration",
    "resources",
    "feasibility",
    "impacts",
    "expected_effect",
)


class InnovationCase(models.Model):
    """A proposal registered as an innovation proposal under Decree 73/2023/NĐ-CP (its author is a
    leader or manager): the plan of Article 7 and where its own track stands."""

    proposal = models.OneToOneField(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="innovation"
    )
    necessity = models.TextField(_("necessity"), max_length=20000)
    content = models.TextField(_("content of the innovation"), max_length=20000)
    scope = models.TextField(_("scope"), max_length=5000)
    implementer = models.CharField(_("implementer"), max_length=500)
    duration = models.CharField(_("duration"), max_length=300)
    resources = models.TextField(_("resources"), max_length=5000)
    feasibility = models.TextField(_("feasibility"), max_length=20000)
    impacts = models.TextField(_("impacts"), max_length=20000)
    expected_effect = models.TextField(_("expected effect"), max_length=20000)

    step = models.CharField(
        _("step"), max_length=20, choices=InnovationStep.choices, default=InnovationStep.REGISTERED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("innovation proposal under Decree 73/2023")
        verbose_name_plural = _("innovation proposals under Decree 73/2023")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(step__in=InnovationStep.values), name="innovation_step_valid"
            ),
        ]

    def __str__(self):
        return str(self.proposal)


class InnovationRecord(models.Model):
    """One step of a case's track, recorded once, with its document (append-only)."""

    case = models.ForeignKey(
        InnovationCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="records"
    )
    action = models.CharField(_("step"), max_length=20, choices=InnovationAction.choices)
    document_number = models.CharField(_("document number"), max_length=100)
    document_date = models.DateField(_("document date"))
    authority = models.CharField(_("issuing authority"), max_length=300)
    result = models.CharField(_("result"), max_length=20, choices=EvaluationResult.choices, blank=True)
    note = models.TextField(_("summary"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("step under Decree 73/2023")
        verbose_name_plural = _("steps under Decree 73/2023")
        ordering = ["document_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "action"], name="innovation_record_once"),
            models.CheckConstraint(
                condition=models.Q(action__in=InnovationAction.values), name="innovation_record_action_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(result__in=["", *EvaluationResult.values]),
                name="innovation_record_result_valid",
            ),
        ]

    def __str__(self):
        return f"{self.case_id} {self.action}"

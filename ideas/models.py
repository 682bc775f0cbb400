"""Ideas (sáng kiến, ý tưởng, giải pháp đột phá), their events, attachments and progress reports."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import Status


class Topic(models.TextChoices):
    ADMIN_REFORM = "admin_reform", _("Administrative reform")
    INVESTMENT = "investment", _("Improving the investment environment")
    BUSINESS_SUPPORT = "business_support", _("Supporting businesses")
    DECENTRALISATION = "decentralisation", _("Decentralisation and delegation")
    THU_DUC = "thu_duc", _("Thu Duc City institutions")
    LAND_PROJECTS = "land_projects", _("Unblocking projects and land")
    DIGITAL = "digital", _("Digital transformation")
    OTHER = "other", _("Other")


class Scope(models.TextChoices):
    UNIT = "unit", _("Within the unit")
    CITY = "city", _("City-wide")
    POLICY = "policy", _("Needs a policy change")


class ProblemSource(models.TextChoices):
    NO_REGULATION = "no_regulation", _("Not yet regulated")
    UNFIT_REGULATION = "unfit_regulation", _("Regulated, but the rule does not fit reality")
    OVERLAP = "overlap", _("Overlapping or conflicting rules")
    PROCEDURE = "procedure", _("Procedures and ways of working")
    OTHER = "other", _("Other")


class RecognitionLevel(models.TextChoices):
    UNIT = "unit", _("Unit level")
    CITY = "city", _("City level")


class RecognitionAct(models.TextChoices):
    """The successive acts of recognition (Luật Thi đua, khen thưởng 2022, Art 3.4, 21.2, 22.2):
    recognised as an initiative by the unit's council, then its effect recognised at unit level, then
    at city level by the Chairman of the City People's Committee (recorded by the committee)."""

    INITIATIVE = "initiative", _("Recognised as an initiative")
    UNIT = "unit", _("Effect recognised at unit level")
    CITY = "city", _("Effect recognised at city level")


# Higher acts come later; the idea shows the highest (its recognition level is the highest effect).
ACT_RANK = {RecognitionAct.INITIATIVE: 0, RecognitionAct.UNIT: 1, RecognitionAct.CITY: 2}


class Idea(models.Model):
    title = models.CharField(_("title"), max_length=300)
    # A draft needs only its title; the rest is required when it is submitted (services.missing_fields).
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    problem = models.TextField(_("problem"), max_length=20000, blank=True)
    problem_source = models.CharField(
        _("where the problem comes from"), max_length=30, choices=ProblemSource.choices, blank=True
    )
    solution = models.TextField(_("proposed solution"), max_length=20000, blank=True)
    expected_benefit = models.TextField(_("expected benefit"), max_length=20000, blank=True)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices, blank=True)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, blank=True)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="ideas"
    )
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("co-authors"), blank=True, related_name="co_authored_ideas"
    )
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="ideas"
    )
    phase = models.ForeignKey(
        "movement.Phase",
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    result_assessment = models.TextField(_("result assessment"), blank=True)
    recognition_level = models.CharField(
        _("recognition level"), max_length=10, choices=RecognitionLevel.choices, blank=True
    )
    recognition_decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    recognition_decision_date = models.DateField(_("decision date"), null=True, blank=True)

    # Set by a reviewer from the similar ideas: a duplicate is returned with a link to the other.
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    builds_on = models.ForeignKey(
        "self",
        verbose_name=_("builds on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="built_upon_by",
    )
    # Title, summary and problem folded to lower-case ASCII ("dat dai" finds "đất đai").
    search_text = models.TextField(editable=False, blank=True)
    # The first words of the title and problem folded: what similar ideas are compared by
    # (search.similar_text_for; a trigram index on PostgreSQL, migration 0010).
    similar_text = models.TextField(editable=False, blank=True)
    # A per-form token: a double-clicked "create" posts the same token twice and gets one idea.
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="idea_status_valid"),
            models.CheckConstraint(
                condition=models.Q(topic__in=["", *Topic.values]), name="idea_topic_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(scope__in=["", *Scope.values]), name="idea_scope_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "unit"], name="idea_status_unit"),
            models.Index(fields=["-created_at"], name="idea_created"),
            # Sorting 100,000 ideas by title must not sort them all for every page.
            models.Index(fields=["title", "id"], name="idea_title"),
            # The committee's dashboard and /stats/ count a phase's ideas by status, topic and unit:
            # read from this index alone (an index-only scan), never the whole table.
            models.Index(fields=["phase", "status", "topic", "unit"], name="idea_phase_figures"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:idea-detail", args=[self.pk])


class Invitation(models.Model):
    """An author's invitation to a colleague to co-author an idea: the colleague becomes a
    co-author only by accepting it (services.invitation_answer)."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.PROTECT, related_name="invitations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited colleague"),
        on_delete=models.PROTECT,
        related_name="idea_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    created_at = models.DateTimeField(_("invited at"), default=timezone.now, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("co-author invitation")
        verbose_name_plural = _("co-author invitations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "person"], name="invitation_once_per_person"),
            models.CheckConstraint(
                condition=models.Q(answer__in=["pending", "accepted", "declined", "withdrawn"]),
                name="invitation_answer_valid",
            ),
        ]

    def __str__(self):
        return f"{self.idea_id} → {self.person_id} ({self.answer})"


class IdeaRecognition(models.Model):
    """One act of recognition of an idea, with the authority that decided it and its decision."""

    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.PROTECT, related_name="recognitions"
    )
    act = models.CharField(_("act"), max_length=20, choices=RecognitionAct.choices)
    authority = models.CharField(_("decided by"), max_length=255)
    decision_number = models.CharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    # The council meeting whose minutes the act cites (one that passed the idea).
    meeting = models.ForeignKey(
        "councils.Meeting",
        verbose_name=_("council meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["decision_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "act"], name="idea_recognition_once"),
            models.CheckConstraint(
                condition=models.Q(act__in=RecognitionAct.values), name="idea_recognition_act_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_act_display()} – {self.decision_number}"

    @property
    def rank(self) -> int:
        return ACT_RANK[RecognitionAct(self.act)]


class IdeaEvent(models.Model):
    """One thing that happened to an idea; append-only (the timeline and the audit trail)."""

    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    # Set by the service (which takes `now`), so that imported or demo history keeps its dates.
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("idea event")
        verbose_name_plural = _("idea events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.idea_id} {self.action}"

    def save(self, *args, **kwargs):
        # Integrity, not domain logic: an event row is written once and never changed.
        if self.pk is not None:
            raise ValueError("Idea events are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Idea events are immutable.")


def attachment_path(instance, filename):
    """A random name: the original name is kept in the row, never used on disk."""
    return f"ideas/{uuid.uuid4().hex}"


class IdeaAttachment(models.Model):
    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # Removed attachments are hidden, never deleted (nothing submitted is hard-deleted).
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class ProgressReport(models.Model):
    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("progress"), max_length=10000)
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.idea_id} {timezone.localtime(self.created_at):%d/%m/%Y}"

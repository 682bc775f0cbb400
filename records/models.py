"""The emulation and award record of people and collectives (hồ sơ thi đua, khen thưởng), and the
eligibility rules that read it.

Every entry belongs to one person or one unit, carries its source document and who entered it, and
is never deleted: a removal is a mark with its reason, and every change is a `RecordChange` row.
"""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

FIRST_YEAR, LAST_YEAR = 1975, 2100


class Subject(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")


class Rating(models.TextChoices):
    """The annual assessment of a person or a collective; the same four levels apply to both."""

    HTXSNV = "htxsnv", _("Excellently completed duties")
    HTTNV = "httnv", _("Well completed duties")
    HTNV = "htnv", _("Completed duties")
    KHTNV = "khtnv", _("Did not complete duties")


RATING_RANK = {Rating.HTXSNV: 4, Rating.HTTNV: 3, Rating.HTNV: 2, Rating.KHTNV: 1}
RATING_ABBREVIATION: dict[str, str] = {
    Rating.HTXSNV: "HTXSNV",
    Rating.HTTNV: "HTTNV",
    Rating.HTNV: "HTNV",
    Rating.KHTNV: "KHTNV",
}


class Title(models.TextChoices):
    """Emulation titles (danh hiệu thi đua)."""

    LDTT = "ldtt", _("Advanced Worker")
    CSTDCS = "cstdcs", _("Grassroots Emulation Fighter")
    CSTD_CITY = "cstdtp", _("City Emulation Fighter")
    COLLECTIVE_ADVANCED = "ttldtt", _("Advanced Labour Collective")
    COLLECTIVE_EXCELLENT = "ttldxs", _("Excellent Labour Collective")


INDIVIDUAL_TITLES = (Title.LDTT, Title.CSTDCS, Title.CSTD_CITY)
COLLECTIVE_TITLES = (Title.COLLECTIVE_ADVANCED, Title.COLLECTIVE_EXCELLENT)
TITLE_ABBREVIATION = {
    Title.LDTT: "LĐTT",
    Title.CSTDCS: "CSTĐCS",
    Title.CSTD_CITY: "CSTĐ TP",
    Title.COLLECTIVE_ADVANCED: "TTLĐTT",
    Title.COLLECTIVE_EXCELLENT: "TTLĐXS",
}


class AwardForm(models.TextChoices):
    """Forms of award. The first four codes are the award-type codes of the portal's own awards."""

    LABOR_ORDER_3 = "labor_order_3", _("Labour Order, third class")
    PM_CERTIFICATE = "pm_certificate", _("Certificate of merit of the Prime Minister")
    CITY_CERTIFICATE = (
        "city_certificate",
        _("Certificate of merit of the Chairman of the City People's Committee"),
    )
    UNIT_CERTIFICATE = "unit_certificate", _("Certificate of merit of a head of agency or unit (Giấy khen)")
    MINISTRY_CERTIFICATE = (
        "ministry_certificate",
        _("Certificate of merit of a ministry, sector, province or central organisation"),
    )
    LABOR_ORDER_2 = "labor_order_2", _("Labour Order, second class")
    LABOR_ORDER_1 = "labor_order_1", _("Labour Order, first class")
    OTHER_ORDER = "other_order", _("Another order (Huân chương)")


class AwardLevel(models.IntegerChoices):
    UNIT = 1, _("unit level")
    PROVINCE = 2, _("ministry, sector or province level")
    GOVERNMENT = 3, _("Prime Minister level")
    STATE = 4, _("State level (orders)")


AWARD_LEVEL: dict[str, int] = {
    AwardForm.UNIT_CERTIFICATE: AwardLevel.UNIT,
    AwardForm.CITY_CERTIFICATE: AwardLevel.PROVINCE,
    AwardForm.MINISTRY_CERTIFICATE: AwardLevel.PROVINCE,
    AwardForm.PM_CERTIFICATE: AwardLevel.GOVERNMENT,
    AwardForm.LABOR_ORDER_3: AwardLevel.STATE,
    AwardForm.LABOR_ORDER_2: AwardLevel.STATE,
    AwardForm.LABOR_ORDER_1: AwardLevel.STATE,
    AwardForm.OTHER_ORDER: AwardLevel.STATE,
}
# The award-type codes of the portal's own awards, which eligibility rules are written for.
PORTAL_AWARD_CODES = (
    AwardForm.LABOR_ORDER_3,
    AwardForm.PM_CERTIFICATE,
    AwardForm.CITY_CERTIFICATE,
    AwardForm.UNIT_CERTIFICATE,
)


class AwardCategory(models.TextChoices):
    """The kinds of award of the Law on Emulation and Commendation (Luật 06/2022, Art 8).

    Awards of this movement's rounds are thematic (`THEMATIC`): under Decree 152/2025 Art 4.3 a
    thematic or sudden award is never the basis for a higher award by merit.
    """

    MERIT = "merit", _("Merit and achievements")
    THEMATIC = "thematic", _("Thematic emulation movement")
    SUDDEN = "sudden", _("Sudden achievement")
    CONTRIBUTION = "contribution", _("Long contribution")
    SENIORITY = "seniority", _("Years of service")
    FOREIGN = "foreign", _("Foreign relations")


NOT_A_MERIT_BASIS = (AwardCategory.THEMATIC, AwardCategory.SUDDEN)


class InitiativeLevel(models.TextChoices):
    """How far an initiative's effect was recognised (a separate act from recognising the initiative)."""

    GRASSROOTS = "grassroots", _("Grassroots level")
    CITY = "city", _("City level")
    NATIONAL = "national", _("Nationwide")


INITIATIVE_RANK: dict[str, int] = {
    InitiativeLevel.GRASSROOTS: 1,
    InitiativeLevel.CITY: 2,
    InitiativeLevel.NATIONAL: 3,
}


class RestrictionKind(models.TextChoices):
    DISCIPLINE = "discipline", _("Disciplinary measure")
    INVESTIGATION = "investigation", _("Under investigation or disciplinary review")
    COMPLAINT = "complaint", _("Unresolved complaint or denunciation")


HOLD_KINDS = (RestrictionKind.INVESTIGATION, RestrictionKind.COMPLAINT)


def _year_field(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )


def _one_active(fields, name, message):
    """Unique among the entries not removed, separately for people and for units."""
    return [
        models.UniqueConstraint(
            fields=["person", *fields],
            condition=Q(removed_at__isnull=True, person__isnull=False),
            name=f"{name}_person",
            violation_error_message=message,
        ),
        models.UniqueConstraint(
            fields=["unit", *fields],
            condition=Q(removed_at__isnull=True, unit__isnull=False),
            name=f"{name}_unit",
            violation_error_message=message,
        ),
    ]


class Entry(models.Model):
    """What every record entry has: its subject (a person or a unit), source, author and removal mark."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("record subject", "person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(
        _("source document"),
        max_length=255,
        help_text=_("The number of the document this comes from, or where it was found."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    removed_at = models.DateTimeField(pgettext_lazy("record entry", "removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    removal_reason = models.CharField(_("reason for removal"), max_length=500, blank=True)

    # The fields a person enters (forms, import, change log); set by each model.
    FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="%(class)s_one_subject",
            ),
        ]

    @property
    def subject(self):
        return self.person if self.person_id else self.unit

    @property
    def is_collective(self) -> bool:
        return self.unit_id is not None


class AnnualRating(Entry):
    year = _year_field(_("year"))
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)

    FIELDS = ("year", "rating", "source")

    class Meta:
        verbose_name = _("annual rating")
        verbose_name_plural = _("annual ratings")
        ordering = ["-year"]
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(condition=Q(rating__in=Rating.values), name="annualrating_rating_valid"),
            *_one_active(
                ["year"], "annualrating_one_per_year", _("A rating for this year is already recorded.")
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.get_rating_display()}"


class EmulationTitle(Entry):
    year = _year_field(_("year"))
    title = models.CharField(_("emulation title"), max_length=10, choices=Title.choices)
    decision_number = models.CharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)

    FIELDS = ("year", "title", "decision_number", "decision_date", "issuer", "source")

    class Meta:
        verbose_name = _("emulation title")
        verbose_name_plural = _("emulation titles")
        ordering = ["-year", "title"]
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(
                condition=Q(person__isnull=False, title__in=[t.value for t in INDIVIDUAL_TITLES])
                | Q(unit__isnull=False, title__in=[t.value for t in COLLECTIVE_TITLES]),
                name="emulationtitle_title_fits_subject",
                violation_error_message=_("This title is not given to this kind of subject."),
            ),
            *_one_active(
                ["year", "title"],
                "emulationtitle_one_per_year",
                _("This title is already recorded for this year."),
            ),
        ]

    def __str__(self):
        return f"{self.get_title_display()} {self.year}"


class ExternalAward(Entry):
    """An award received outside the portal (the portal's own awards live in the awards app)."""

    form = models.CharField(_("form of award"), max_length=30, choices=AwardForm.choices)
    category = models.CharField(_("award category"), max_length=20, choices=AwardCategory.choices)
    issuer = models.CharField(_("issued by"), max_length=255)
    decision_number = models.CharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    period_from = models.PositiveSmallIntegerField(
        _("achievements from (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    period_to = models.PositiveSmallIntegerField(
        _("achievements until (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    summary = models.CharField(_("for what"), max_length=500, blank=True)

    FIELDS = (
        "form",
        "category",
        "issuer",
        "decision_number",
        "decision_date",
        "period_from",
        "period_to",
        "summary",
        "source",
    )

    class Meta:
        verbose_name = _("award received outside the portal")
        verbose_name_plural = _("awards received outside the portal")
        ordering = ["-decision_date"]
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(condition=Q(form__in=AwardForm.values), name="externalaward_form_valid"),
            models.CheckConstraint(
                condition=Q(category__in=AwardCategory.values), name="externalaward_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_from__isnull=True)
                | Q(period_to__isnull=True)
                | Q(period_to__gte=F("period_from")),
                name="externalaward_period_ordered",
                violation_error_message=_("The achievement period ends before it starts."),
            ),
            *_one_active(
                ["form", "decision_number"],
                "externalaward_one_per_decision",
                _("This award with this decision number is already recorded."),
            ),
        ]

    def __str__(self):
        return f"{self.get_form_display()} ({self.decision_number})"

    @property
    def level(self) -> int:
        return AWARD_LEVEL[self.form]


class ExternalInitiative(Entry):
    """An initiative whose effect was recognised outside the portal."""

    title = models.CharField(_("initiative"), max_length=500)
    level = models.CharField(_("level of recognition"), max_length=20, choices=InitiativeLevel.choices)
    authority = models.CharField(_("recognised by"), max_length=255)
    decision_number = models.CharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    used_for = models.CharField(
        _("already used as the basis for"),
        max_length=255,
        blank=True,
        help_text=_("The title or award this initiative already supported, if any: it is used only once."),
    )

    FIELDS = ("title", "level", "authority", "decision_number", "decision_date", "used_for", "source")

    class Meta:
        verbose_name = _("initiative recognised outside the portal")
        verbose_name_plural = _("initiatives recognised outside the portal")
        ordering = ["-decision_date"]
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(
                condition=Q(level__in=InitiativeLevel.values), name="externalinitiative_level_valid"
            ),
            *_one_active(
                ["title", "level"],
                "externalinitiative_one_per_level",
                _("This initiative is already recorded at this level."),
            ),
        ]

    def __str__(self):
        return self.title


class Restriction(Entry):
    """A disciplinary measure, or a hold while an investigation or complaint is pending."""

    kind = models.CharField(_("kind"), max_length=20, choices=RestrictionKind.choices)
    detail = models.CharField(_("details"), max_length=500, blank=True)
    start = models.DateField(pgettext_lazy("period", "from"))
    end = models.DateField(
        pgettext_lazy("period", "until"),
        null=True,
        blank=True,
        help_text=_("Leave empty while it is still open."),
    )

    FIELDS = ("kind", "detail", "start", "end", "source")

    class Meta:
        verbose_name = _("discipline or hold")
        verbose_name_plural = _("disciplines and holds")
        ordering = ["-start"]
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=RestrictionKind.values), name="restriction_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="restriction_dates_ordered",
                violation_error_message=_("The end date is before the start date."),
            ),
            *_one_active(
                ["kind", "start"],
                "restriction_one_per_start",
                _("A restriction of this kind starting on this date is already recorded."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start:%d/%m/%Y}"


# The URL and import names of the entry kinds.
# Any: the concrete entry models (Entry is abstract, its managers are on them).
ENTRY_MODELS: dict[str, Any] = {
    "rating": AnnualRating,
    "title": EmulationTitle,
    "award": ExternalAward,
    "initiative": ExternalInitiative,
    "restriction": Restriction,
}


class RecordChange(models.Model):
    """One change to a record entry (created, updated, removed); rows are only ever added."""

    class Action(models.TextChoices):
        CREATED = "created", _("entered")
        UPDATED = "updated", _("changed")
        REMOVED = "removed", _("removed")

    kind = models.CharField(_("kind of entry"), max_length=20)
    entry_id = models.PositiveBigIntegerField(_("entry"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("record subject", "person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("changes"), default=dict, help_text=_("Field name: [before, after]."))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("record change")
        verbose_name_plural = _("record changes")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["person", "at"], name="recordchange_person_at"),
            models.Index(fields=["unit", "at"], name="recordchange_unit_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["created", "updated", "removed"]), name="recordchange_action_valid"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.entry_id} {self.action}"


# Eligibility rules ---------------------------------------------------------------------------------


class Jurisdiction(models.TextChoices):
    NATIONAL = "national", _("Nationwide")
    CITY = "city", _("Ho Chi Minh City")


class Severity(models.TextChoices):
    BLOCK = "block", _("Blocks the proposal")
    WARNING = "warning", _("Warning")


class RuleSet(models.Model):
    """The criteria of one legal regime (or of the movement itself) for a span of proposal dates.

    The set in force for a proposal is chosen by the date of the proposal (the cover request),
    one per jurisdiction and kind (the law's sets, the movement's own set).
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    legal_basis = models.TextField(_("legal basis"))
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=20, choices=Jurisdiction.choices, default=Jurisdiction.NATIONAL
    )
    effective_from = models.DateField(_("applies to proposals from"))
    effective_to = models.DateField(_("applies to proposals until"), null=True, blank=True)
    is_movement = models.BooleanField(
        _("the movement's own criteria"),
        default=False,
        help_text=_(
            "The committee edits the movement's own criteria; the law's sets change only with the law."
        ),
    )
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("A legal officer checked the set against the official text."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["is_movement", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="ruleset_dates_ordered",
                violation_error_message=_("The set cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def applies_on(self, day) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class Rule(models.Model):
    """One criterion: a named predicate with parameters, for an award form, category and subject.

    Rules with the same `route` are one alternative way to qualify (all must be met); rules with an
    empty route apply whatever the route.
    """

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE, related_name="rules"
    )
    code = models.SlugField(_("code"), max_length=100)
    award_code = models.CharField(_("award form"), max_length=30, choices=AwardForm.choices)
    category = models.CharField(_("award category"), max_length=20, choices=AwardCategory.choices)
    subject = models.CharField(_("for"), max_length=20, choices=Subject.choices)
    route = models.CharField(
        _("route"),
        max_length=60,
        blank=True,
        help_text=_("Rules sharing a route are one way to qualify; leave empty for rules that always apply."),
    )
    predicate = models.CharField(_("check"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    article = models.CharField(_("article"), max_length=255)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.BLOCK
    )
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("Unconfirmed rules are shown as “to be confirmed” and never block."),
    )
    note = models.TextField(_("what the text says"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["award_code", "category", "subject", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code"], name="rule_code_unique_in_set"),
            models.CheckConstraint(condition=Q(severity__in=Severity.values), name="rule_severity_valid"),
            models.CheckConstraint(condition=Q(subject__in=Subject.values), name="rule_subject_valid"),
            models.CheckConstraint(
                condition=Q(category__in=AwardCategory.values), name="rule_category_valid"
            ),
        ]
        indexes = [models.Index(fields=["award_code", "category", "subject"], name="rule_lookup")]

    def __str__(self):
        return self.code

    def clean(self):
        from django.core.exceptions import ValidationError

        from .predicates import REGISTRY, check_params

        if self.predicate not in REGISTRY:
            raise ValidationError({"predicate": _("Unknown check.")})
        problems = check_params(self.predicate, self.params)
        if problems:
            raise ValidationError({"params": problems})

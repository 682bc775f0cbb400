"""People and the unit tree. Roles are data: the committee group and the unit's head/deputy links."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

COMMITTEE_GROUP = "committee"


class UnitKind(models.TextChoices):
    """What kind of body a unit is; with the legal-personality flag it says who may confer a Giấy khen."""

    CITY = "city", _("City People's Committee")
    DEPARTMENT = "department", _("Department, board or agency")
    DISTRICT = "district", _("District People's Committee (before 1 July 2025)")
    COMMUNE = "commune", _("Ward or commune People's Committee")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    DIVISION = "division", _("Office or division")
    OTHER = "other", _("Other")


class Unit(models.Model):
    """A body of the city administration; a tree rooted at TP.HCM.

    Units are never deleted while anything points to them (PROTECT everywhere); a unit dissolved
    in a reorganisation keeps its items and names its successors (the lineage): `successor` is the
    main one, `UnitLineage` rows name every unit that received part of its territory and staff.
    """

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head = models.ForeignKey(
        "accounts.User",
        verbose_name=_("unit head"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="headed_units",
    )
    deputies = models.ManyToManyField(
        "accounts.User", verbose_name=_("deputies"), blank=True, related_name="deputy_units"
    )
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("main successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_(
            "The unit that took over this unit's items. Every unit that received part of its "
            "territory or staff is listed in the lineage below (the main successor included)."
        ),
    )
    kind = models.CharField(
        _("kind of unit"), max_length=20, choices=UnitKind.choices, default=UnitKind.OTHER
    )
    legal_personality = models.BooleanField(
        _("has legal personality"),
        default=False,
        help_text=_(
            "It has its own seal and account: its head may confer a Giấy khen "
            "(Luật Thi đua, khen thưởng, Art 75, 80)."
        ),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
            models.CheckConstraint(condition=models.Q(kind__in=UnitKind.values), name="unit_kind_valid"),
        ]

    def __str__(self):
        return self.name

    def is_active_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def is_dissolved_on(self, day) -> bool:
        """Ended before `day`, or replaced by a successor in a reorganisation."""
        return self.successor_id is not None or (self.valid_until is not None and self.valid_until < day)

    @property
    def confers_unit_certificate(self) -> bool:
        """Luật Art 75.1, 80.1: heads of units with legal personality; since 1 July 2025 also the
        chairmen of ward and commune People's Committees."""
        return self.legal_personality or self.kind == UnitKind.COMMUNE


class UnitLineage(models.Model):
    """One edge of a reorganisation: part of `predecessor`'s territory and staff went to `successor`."""

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("former unit"), on_delete=models.PROTECT, related_name="lineage_out"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="lineage_in"
    )
    share = models.PositiveSmallIntegerField(
        _("share (%)"), null=True, blank=True, help_text=_("Share of territory or staff received, if known.")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("reorganisation lineage")
        verbose_name_plural = _("reorganisation lineage")
        ordering = ["predecessor", "-share", "successor"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_lineage_unique"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="unit_lineage_not_self"
            ),
            models.CheckConstraint(
                condition=models.Q(share__isnull=True) | models.Q(share__gte=1, share__lte=100),
                name="unit_lineage_share_range",
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class User(AbstractUser):
    """A person; every account carries its profile (unit, position, gender, birth year, category)."""

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Category(models.TextChoices):
        CADRE = "cadre", _("Cadre")
        CIVIL_SERVANT = "civil_servant", _("Civil servant")
        PUBLIC_EMPLOYEE = "public_employee", _("Public employee")
        ARMED_FORCES = "armed_forces", _("Armed forces member")
        WORKER = "worker", _("Worker")

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.CIVIL_SERVANT
    )
    # Decree 73/2023 protects leaders and managers who propose innovations; heads and deputies of
    # units count without the flag (accounts.selectors.is_leader_or_manager).
    leader_or_manager = models.BooleanField(
        _("leader or manager"),
        default=False,
        help_text=_(
            "A leader or manager (cán bộ lãnh đạo, quản lý) who is not a unit's head or deputy in the "
            "portal; heads and deputies count without this flag."
        ),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True)
                | models.Q(birth_year__gte=1900, birth_year__lte=2100),
                name="user_birth_year_range",
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self):
        return self.full_name or self.get_full_name() or self.username

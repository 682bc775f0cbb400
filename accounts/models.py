"""People and the unit tree. Roles are data: the committee group and the unit's head/deputy links."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

COMMITTEE_GROUP = "committee"


class Unit(models.Model):
    """A body of the city administration; a tree rooted at TP.HCM.

    Units are never deleted while anything points to them (PROTECT everywhere); a unit dissolved
    in a reorganisation keeps its items and names its successor.
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
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
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
        ]

    def __str__(self):
        return self.name

    def is_active_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


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

"""Role predicates every app composes: pure functions of the person (and a unit)."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from .models import Unit, User
from .selectors import roles_of


def is_committee(user: User | AnonymousUser) -> bool:
    return roles_of(user).is_committee


def is_head_or_deputy(user: User | AnonymousUser) -> bool:
    """Heads or deputises some unit (any)."""
    return roles_of(user).is_head_or_deputy


def supervises(user: User | AnonymousUser, unit: Unit | None) -> bool:
    """Head or deputy of a unit along this unit's chain (responsibility.UnitTree.chain)."""
    return unit is not None and unit.pk in roles_of(user).supervised


def role_labels(user: User | AnonymousUser) -> list[str]:
    """The names of the person's roles, for the header."""
    roles = roles_of(user)
    labels = []
    if user.is_superuser:
        labels.append(_("Administrator"))
    elif roles.is_committee:
        labels.append(_("Emulation and Awards Committee"))
    if roles.heads:
        labels.append(_("Unit head"))
    elif roles.deputises:
        labels.append(_("Deputy"))
    if not labels:
        labels.append(_("Staff"))
    return labels


def may_use_two_step(user: User) -> bool:
    """Two-step verification is offered to the committee and to everyone who may use the admin
    (which requires it)."""
    return user.is_authenticated and user.is_active and (user.is_staff or is_committee(user))

"""Role predicates every app composes. Pure functions of the person and the unit."""

import rules

from .models import Unit, User
from .selectors import roles_of


@rules.predicate
def is_committee(user: User) -> bool:
    return roles_of(user).is_committee


@rules.predicate
def is_unit_head_or_deputy(user: User) -> bool:
    """Heads or deputies some unit (any)."""
    return roles_of(user).is_unit_head


@rules.predicate
def supervises_unit(user: User, unit: Unit | None) -> bool:
    """Head or deputy of this unit, of a unit above it, or of the unit that replaced it."""
    return unit is not None and unit.pk in roles_of(user).supervised


@rules.predicate
def heads_unit(user: User, unit: Unit | None) -> bool:
    """Head (not deputy) of this very unit, or of the unit that replaced it."""
    return unit is not None and unit.pk in roles_of(user).headed


def role_labels(user: User) -> list[str]:
    """The names of the person's roles, for the header."""
    from django.utils.translation import gettext as _

    roles = roles_of(user)
    labels = []
    if user.is_superuser:
        labels.append(_("Administrator"))
    elif roles.is_committee:
        labels.append(_("Emulation and Awards Committee"))
    if roles.headed:
        labels.append(_("Unit head"))
    elif roles.supervised:
        labels.append(_("Deputy"))
    if not labels:
        labels.append(_("Staff"))
    return labels


def may_use_two_step(user: User) -> bool:
    """Two-step verification is offered to the committee and to everyone who may use the admin
    (which requires it)."""
    return user.is_authenticated and user.is_active and (user.is_staff or is_committee(user))

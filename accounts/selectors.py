"""Reads of a person's roles and of the unit tree.

Roles are data: the committee group, and the head and deputy links of the units, read through the
one resolver in responsibility.py. They are computed once per user object (a request's user).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from .models import COMMITTEE_GROUP, Unit, User
from .responsibility import unit_tree


@dataclass(frozen=True)
class Roles:
    is_committee: bool
    heads: frozenset[int]  # units the person heads
    deputises: frozenset[int]  # units the person deputises
    supervised: frozenset[int]  # units whose chain holds the person as head or deputy
    leads: frozenset[int]  # units whose leader (the nearest head along the chain) is the person

    @property
    def is_head(self) -> bool:
        return bool(self.heads)

    @property
    def is_head_or_deputy(self) -> bool:
        return bool(self.heads or self.deputises)


NO_ROLES = Roles(
    is_committee=False, heads=frozenset(), deputises=frozenset(), supervised=frozenset(), leads=frozenset()
)


def roles_of(user: User | AnonymousUser) -> Roles:
    """The person's roles, computed once per user object."""
    if not isinstance(user, User) or not user.is_authenticated:
        return NO_ROLES
    cached: Roles | None = getattr(user, "_portal_roles", None)
    if cached is not None:
        return cached
    tree = unit_tree()
    roles = Roles(
        is_committee=user.is_superuser or user.groups.filter(name=COMMITTEE_GROUP).exists(),
        heads=tree.headed_by(user.pk),
        deputises=tree.deputised_by(user.pk),
        supervised=tree.supervised_by(user.pk),
        leads=tree.led_by(user.pk),
    )
    user._portal_roles = roles  # type: ignore[attr-defined]
    return roles


def unit_subtree_ids(unit: Unit | int) -> set[int]:
    """A unit, its sub-units and the units it replaced: what a filter "with sub-units" means."""
    pk = unit.pk if isinstance(unit, Unit) else unit
    return unit_tree().subtree([pk])

"""Reads of the unit tree and of a person's roles.

The tree is small (hundreds of units), so it is loaded in one query and walked in Python;
the result is kept on the user object for the rest of the request.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from .models import COMMITTEE_GROUP, Unit, User


@dataclass(frozen=True)
class UnitGraph:
    parent: dict[int, int | None]
    children: dict[int, list[int]] = field(default_factory=dict)
    predecessors: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "UnitGraph":
        parent, children, predecessors = {}, defaultdict(list), defaultdict(list)
        for pk, parent_id, successor_id in Unit.objects.values_list("pk", "parent_id", "successor_id"):
            parent[pk] = parent_id
            if parent_id:
                children[parent_id].append(pk)
            if successor_id:
                predecessors[successor_id].append(pk)
        return cls(parent=parent, children=dict(children), predecessors=dict(predecessors))

    def governed(self, unit_ids) -> set[int]:
        """The units themselves plus every unit they replaced, however many reorganisations ago."""
        seen, stack = set(), list(unit_ids)
        while stack:
            pk = stack.pop()
            if pk in seen:
                continue
            seen.add(pk)
            stack.extend(self.predecessors.get(pk, ()))
        return seen

    def subtree(self, unit_ids) -> set[int]:
        """The units, the units they replaced, and all their sub-units (and theirs)."""
        seen, stack = set(), list(self.governed(unit_ids))
        while stack:
            pk = stack.pop()
            if pk in seen:
                continue
            seen.add(pk)
            stack.extend(self.children.get(pk, ()))
            stack.extend(self.predecessors.get(pk, ()))
        return seen

    def ancestors(self, unit_id) -> list[int]:
        """The chain of parents above a unit, nearest first."""
        chain, pk = [], self.parent.get(unit_id)
        while pk and pk not in chain:
            chain.append(pk)
            pk = self.parent.get(pk)
        return chain


@dataclass(frozen=True)
class Roles:
    is_committee: bool
    headed: frozenset[int]  # units the person heads, with the units they replaced
    supervised: frozenset[int]  # units under the person as head or deputy, sub-units included

    @property
    def is_unit_head(self) -> bool:
        return bool(self.supervised)


NO_ROLES = Roles(is_committee=False, headed=frozenset(), supervised=frozenset())


def roles_of(user: User | AnonymousUser) -> Roles:
    """The person's roles, computed once per user object (3 small queries)."""
    if not user.is_authenticated:
        return NO_ROLES
    cached = getattr(user, "_portal_roles", None)
    if cached is not None:
        return cached
    is_committee = user.is_superuser or user.groups.filter(name=COMMITTEE_GROUP).exists()
    head_of = list(Unit.objects.filter(head=user).values_list("pk", flat=True))
    deputy_of = list(user.deputy_units.values_list("pk", flat=True))
    if head_of or deputy_of:
        graph = UnitGraph.load()
        roles = Roles(
            is_committee=is_committee,
            headed=frozenset(graph.governed(head_of)),
            supervised=frozenset(graph.subtree(head_of + deputy_of)),
        )
    else:
        roles = Roles(is_committee=is_committee, headed=frozenset(), supervised=frozenset())
    user._portal_roles = roles
    return roles


def unit_subtree_ids(unit: Unit | int) -> set[int]:
    """A unit, its sub-units and the units it replaced: what a filter "with sub-units" means."""
    pk = unit.pk if isinstance(unit, Unit) else unit
    return UnitGraph.load().subtree([pk])


def unit_heads_and_deputies(unit: Unit) -> list[User]:
    """Who answers for a unit: the head and deputies of the unit itself or of the unit that replaced
    it; for a unit without any (a "văn phòng"), those of the nearest unit above that has some."""
    from django.db.models import Q

    node, seen = unit, set()
    while node is not None and node.pk not in seen:
        chain, successor = [], node
        while successor is not None and successor.pk not in seen:
            seen.add(successor.pk)
            chain.append(successor.pk)
            successor = successor.successor
        people = list(
            User.objects.filter(
                Q(headed_units__in=chain) | Q(deputy_units__in=chain), is_active=True
            ).distinct()
        )
        if people:
            return people
        node = node.parent
    return []


def unit_heads(unit: Unit) -> list[User]:
    """The head of the unit itself, or of the unit that replaced it."""
    heads = [unit.head] if unit.head_id else []
    successor = unit.successor
    seen = {unit.pk}
    while successor and successor.pk not in seen:
        seen.add(successor.pk)
        if successor.head_id:
            heads.append(successor.head)
        successor = successor.successor
    return [u for u in heads if u.is_active]


def two_step_device(user: User):
    """The person's confirmed authenticator app (TOTP device), if they enrolled one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def two_step_setup_device(user: User):
    """The authenticator app being set up (shown as a QR code until a code confirms it)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()


def two_step_enrolled(user: User) -> bool:
    """Whether signing in asks this person for a code."""
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def recovery_codes_left(user: User) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()

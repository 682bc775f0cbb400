"""Reads of a person's roles and of the unit tree.

Roles are data: the committee group, and the head and deputy links of the units, read through the
one resolver in responsibility.py. They are computed once per user object (a request's user).
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser

from .models import Unit, User
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
        is_committee=user.is_superuser or (user.is_active and user.pk in tree.committee()),
        heads=tree.headed_by(user.pk),
        deputises=tree.deputised_by(user.pk),
        supervised=tree.supervised_by(user.pk),
        leads=tree.led_by(user.pk),
    )
    user._portal_roles = roles  # type: ignore[attr-defined]
    return roles


def is_leader_or_manager(user: User | AnonymousUser) -> bool:
    """A leader or manager (cán bộ lãnh đạo, quản lý, Decree 73/2023): flagged on the account, or
    the head or a deputy of a unit."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return user.leader_or_manager or roles_of(user).is_head_or_deputy


def unit_choices() -> list[tuple[int, str]]:
    """Every unit as (pk, name), by name: a filter's choices, without building a model per unit."""
    return list(Unit.objects.order_by("name", "pk").values_list("pk", "name"))


def unit_subtree_ids(unit: Unit | int) -> set[int]:
    """A unit, its sub-units and the units it replaced: what a filter "with sub-units" means."""
    pk = unit.pk if isinstance(unit, Unit) else unit
    return unit_tree().subtree([pk])


def signer_title(position: str, unit_name: str) -> str:
    """The signer's title as a decision prints it: "Chủ tịch UBND phường" at "UBND phường Bình
    Tân" signs as "Chủ tịch UBND phường Bình Tân"; "Giám đốc Sở Nội vụ" at "Sở Nội vụ" as is."""
    position, unit_name = position.strip(), unit_name.strip()
    if not position:
        return ""
    words, unit_words = position.split(), unit_name.split()
    for size in range(min(len(words), len(unit_words)), 0, -1):
        if [w.lower() for w in words[-size:]] == [w.lower() for w in unit_words[:size]]:
            return " ".join(words + unit_words[size:])
    return f"{position} {unit_name}".strip()


def two_step_device(user: User) -> Any:
    """The person's confirmed authenticator app (TOTP device), if they enrolled one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def two_step_setup_device(user: User) -> Any:
    """The authenticator app being set up (shown as a QR code until a code confirms it)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()


def two_step_enrolled(user: User) -> bool:
    """Whether signing in asks this person for a code."""
    from django_otp import user_has_device

    return bool(user_has_device(user, confirmed=True))


def recovery_codes_left(user: User) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())

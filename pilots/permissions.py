"""Who may do what with a unit's pilot (docs/domain.md): pure predicates, each beside its query.

- Its *supervisors* are the nearest head along its unit's chain and the next head above (the head
  and the head of the unit above): they check in, request corrections, pause, resume, stop and
  close it. Heads and deputies further up, and the committee, may read it.
- Its *team* is the person in charge and the members: they answer correction requests, mark
  milestones reached and record the measured values.
"""

from collections.abc import Callable

from django.db.models import Q

from accounts.responsibility import unit_tree
from accounts.selectors import roles_of
from ideas.permissions import Person

from .models import Pilot
from .workflow import ALL_ACTIONS, state_allows

SUPERVISING_LEVELS = 2


def supervisors_of_unit(unit_id: int) -> tuple[int, ...]:
    """The nearest heads along the unit's chain: its head, then the head above."""
    tree = unit_tree()
    heads: list[int] = []
    for node in tree.chain(unit_id):
        head = tree.head.get(node)
        if head is not None and head not in heads:
            heads.append(head)
        if len(heads) == SUPERVISING_LEVELS:
            break
    return tuple(heads)


def supervised_units(user: Person) -> frozenset[int]:
    """The units whose pilots the person supervises (the query side of may_supervise)."""
    if not roles_of(user).heads:
        return frozenset()
    return frozenset(unit for unit in unit_tree().parent if user.pk in supervisors_of_unit(unit))


def may_supervise(user: Person, pilot: Pilot) -> bool:
    return user.is_authenticated and user.pk in supervisors_of_unit(pilot.unit_id)


def team_ids(pilot: Pilot) -> frozenset[int]:
    if pilot.pk is None:
        return frozenset({pilot.owner_id})
    return frozenset({pilot.owner_id, *(person.pk for person in pilot.members.all())})


def in_team(user: Person, pilot: Pilot) -> bool:
    return user.is_authenticated and user.pk in team_ids(pilot)


def team_q(user: Person) -> Q:
    pk = user.pk or 0
    return Q(owner_id=pk) | Q(pk__in=Pilot.members.through.objects.filter(user_id=pk).values("pilot_id"))


def may_plan(user: Person, pilot: Pilot) -> bool:
    return may_supervise(user, pilot) or (user.is_authenticated and user.pk == pilot.owner_id)


def may_register(user: Person) -> bool:
    """A unit's head or deputy registers the pilot it chose."""
    roles = roles_of(user)
    return user.is_authenticated and bool(roles.heads | roles.deputises)


def register_units(user: Person) -> frozenset[int]:
    roles = roles_of(user)
    return roles.heads | roles.deputises


# Visibility ------------------------------------------------------------------------------------


def may_view(user: Person, pilot: Pilot) -> bool:
    if not user.is_authenticated:
        return False
    roles = roles_of(user)
    return (
        roles.is_committee
        or pilot.unit_id in roles.supervised
        or in_team(user, pilot)
        or pilot.registered_by_id == user.pk
    )


def viewable_q(user: Person) -> Q | None:
    """The query of may_view; None means every pilot (the committee)."""
    roles = roles_of(user)
    if roles.is_committee:
        return None
    return Q(unit_id__in=roles.supervised) | team_q(user) | Q(registered_by_id=user.pk or 0)


ROLE_RULES: dict[str, Callable[[Person, Pilot], bool]] = {
    "pause": may_supervise,
    "resume": may_supervise,
    "stop": may_supervise,
    "finish": may_supervise,
    "check_in": may_supervise,
    "correct": may_supervise,
    "plan": may_plan,
    "answer": in_team,
    "report": in_team,
}


def role_allows(user: Person, pilot: Pilot, action: str) -> bool:
    if not user.is_authenticated or action not in ROLE_RULES:
        return False
    return ROLE_RULES[action](user, pilot)


def allowed_actions(user: Person, pilot: Pilot) -> set[str]:
    return {a for a in ALL_ACTIONS if state_allows(a, pilot.status) and role_allows(user, pilot, a)}

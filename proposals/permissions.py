"""Who may do what to a proposal to the city (docs/domain.md): pure predicates, each beside the
query that selects the same proposals.

- Its *writers* are the heads and deputies (the head's delegates) of the proposing unit; the person
  who wrote it stays one of them.
- The committee routes it to a competent department and records the city's conclusion.
- The department's *leader* (the nearest head along its chain, from the one resolver; the committee
  when there is none) gives the written opinion.
- Its writers register it under Decree 73/2023 when its author is a leader or manager; the
  committee records the decree's steps.
"""

from collections.abc import Callable

from django.db.models import Q

from accounts.responsibility import Answer, unit_tree
from accounts.selectors import is_leader_or_manager, roles_of
from ideas.models import Idea
from ideas.permissions import Person
from ideas.workflow import PUBLIC_STATUSES

from .models import InnovationCase, Proposal
from .workflow import (
    ALL_ACTIONS,
    INNOVATION_RECORDABLE,
    INNOVATION_REGISTRABLE,
    INNOVATION_STEPS,
    Status,
    innovation_step_allows,
    state_allows,
)


def writer_units(user: Person) -> frozenset[int]:
    """The units a person may write proposals for: those they head or deputise."""
    roles = roles_of(user)
    return roles.heads | roles.deputises


def may_propose(user: Person) -> bool:
    return user.is_authenticated and bool(writer_units(user))


def is_writer(user: Person, proposal: Proposal) -> bool:
    if not user.is_authenticated:
        return False
    return proposal.author_id == user.pk or proposal.unit_id in writer_units(user)


def writers_q(user: Person) -> Q:
    return Q(author_id=user.pk or 0) | Q(unit_id__in=writer_units(user))


def opinion_leader(proposal: Proposal) -> Answer:
    """Who gives the department's opinion: its leader (the committee when it has none)."""
    if proposal.department_id is None:
        return Answer(frozenset())
    return unit_tree().leader(proposal.department_id)


def may_opine(user: Person, proposal: Proposal) -> bool:
    answer = opinion_leader(proposal)
    if answer.by_committee:
        return roles_of(user).is_committee
    return user.pk in answer.people


def opinion_q(user: Person) -> Q:
    """The query of may_opine (the state left aside)."""
    roles = roles_of(user)
    q = Q(department_id__in=roles.leads)
    if roles.is_committee:
        q |= Q(department_id__in=unit_tree().leaderless())
    return q


def is_committee(user: Person, proposal: Proposal) -> bool:
    return roles_of(user).is_committee


# Visibility ------------------------------------------------------------------------------------


def may_view(user: Person, proposal: Proposal) -> bool:
    """Its writers, the supervisors of its unit and the committee always; the department's people
    once it has been routed to them."""
    if not user.is_authenticated:
        return False
    roles = roles_of(user)
    return (
        roles.is_committee
        or is_writer(user, proposal)
        or proposal.unit_id in roles.supervised
        or (proposal.status != Status.DRAFT and proposal.department_id in roles.supervised)
        or (proposal.status != Status.DRAFT and may_opine(user, proposal))
    )


def viewable_q(user: Person) -> Q | None:
    """The query of may_view; None means every proposal (the committee)."""
    roles = roles_of(user)
    if roles.is_committee:
        return None
    routed = Q(department_id__in=roles.supervised) | opinion_q(user)
    return writers_q(user) | Q(unit_id__in=roles.supervised) | (~Q(status=Status.DRAFT) & routed)


# Raising an idea into a proposal ---------------------------------------------------------------


def may_raise(user: Person, idea: Idea) -> bool:
    """A head or deputy answering for the idea's unit raises an approved idea into a proposal."""
    if not user.is_authenticated or idea.status not in PUBLIC_STATUSES:
        return False
    return unit_tree().acting_unit(idea.unit_id, user.pk) is not None


def raising_unit(user: Person, idea: Idea) -> int | None:
    """The unit a raised idea is proposed in: the nearest one of its chain the person acts for."""
    return unit_tree().acting_unit(idea.unit_id, user.pk or 0)


ROLE_RULES: dict[str, Callable[[Person, Proposal], bool]] = {
    "submit": is_writer,
    "withdraw": is_writer,
    "edit": is_writer,
    "route": is_committee,
    "conclude": is_committee,
    "opine": may_opine,
}


def role_allows(user: Person, proposal: Proposal, action: str) -> bool:
    if not user.is_authenticated or action not in ROLE_RULES:
        return False
    return ROLE_RULES[action](user, proposal)


def allowed_actions(user: Person, proposal: Proposal) -> set[str]:
    return {a for a in ALL_ACTIONS if state_allows(a, proposal.status) and role_allows(user, proposal, a)}


# Decree 73/2023 ---------------------------------------------------------------------------------

REGISTER = "register"
INNOVATION_ROLE_RULES: dict[str, Callable[[Person, Proposal], bool]] = {
    REGISTER: is_writer,
    **{action: is_committee for action in INNOVATION_STEPS},
}


def author_is_leader(proposal: Proposal) -> bool:
    """The decree protects leaders and managers: only their proposals are registered under it."""
    return is_leader_or_manager(proposal.author)


def innovation_role_allows(user: Person, proposal: Proposal, action: str) -> bool:
    if not user.is_authenticated or action not in INNOVATION_ROLE_RULES:
        return False
    return INNOVATION_ROLE_RULES[action](user, proposal)


def innovation_state_allows(proposal: Proposal, case: InnovationCase | None, action: str) -> bool:
    if action == REGISTER:
        return case is None and proposal.status in INNOVATION_REGISTRABLE and author_is_leader(proposal)
    return (
        case is not None
        and proposal.status in INNOVATION_RECORDABLE
        and innovation_step_allows(action, case.step)
    )


def innovation_actions(user: Person, proposal: Proposal, case: InnovationCase | None) -> set[str]:
    return {
        action
        for action in INNOVATION_ROLE_RULES
        if innovation_role_allows(user, proposal, action) and innovation_state_allows(proposal, case, action)
    }

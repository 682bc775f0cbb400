"""Who may do what with nominations: pure predicates over the person, the nomination and its units.

States are the workflow's business (workflow.py); these predicates answer only "may this person,
given their roles, take this action on this nomination".
"""

from accounts.permissions import heads_unit, is_committee, supervises_unit
from accounts.selectors import roles_of

from . import workflow
from .models import Status


def may_nominate(user) -> bool:
    """Heads and deputies draft nominations (for people and collectives under them)."""
    return user.is_authenticated and roles_of(user).is_unit_head


def may_see_queue(user) -> bool:
    """The committee and unit heads have nominations waiting for their decision or submission."""
    roles = roles_of(user)
    return roles.is_committee or bool(roles.headed)


def may_nominate_in(user, unit) -> bool:
    """The person or collective of `unit` is within the reach of this head or deputy."""
    return unit is not None and supervises_unit(user, unit)


def is_nominee(user, nomination) -> bool:
    return nomination.nominee_id is not None and nomination.nominee_id == user.pk


def may_view(user, nomination) -> bool:
    if not user.is_authenticated:
        return False
    if is_committee(user) or supervises_unit(user, nomination.proposing_unit):
        return True
    # Staff see their own nominations once they left the unit's drafts.
    return is_nominee(user, nomination) and nomination.status != Status.DRAFT


def may_edit_any_state(user, nomination) -> bool:
    """Role check only: the heads and deputies above the proposing unit prepare its nominations."""
    return supervises_unit(user, nomination.proposing_unit)


def may_edit(user, nomination) -> bool:
    return nomination.status in (Status.DRAFT, Status.RETURNED) and may_edit_any_state(user, nomination)


def may_act(user, nomination, action: str) -> bool:
    """Role check only (the state is checked by the workflow)."""
    if not user.is_authenticated or workflow.move_for(nomination, action) is None:
        return False
    if action == "submit":
        return heads_unit(user, nomination.proposing_unit)
    # Nobody decides on their own award.
    if is_nominee(user, nomination):
        return False
    if nomination.award_type.decided_by_unit_head:
        return heads_unit(user, nomination.proposing_unit)
    return is_committee(user)


def allowed_actions(user, nomination) -> list[str]:
    """The actions this person may take now, for the template's buttons."""
    return [
        action
        for action in workflow.ACTIONS
        if workflow.state_allows(nomination, action) and may_act(user, nomination, action)
    ]

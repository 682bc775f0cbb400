"""The idea workflow (docs/domain.md): states and the one transition table. Pure Python.

Nothing else may change an idea's status: services.idea_transition performs these moves.
"""

from dataclasses import dataclass

from .models import Status


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    needs_comment: bool = False


TRANSITIONS: dict[str, Move] = {
    "submit": Move(frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED),
    "withdraw": Move(frozenset({Status.DRAFT, Status.SUBMITTED, Status.RETURNED}), Status.WITHDRAWN),
    "approve": Move(frozenset({Status.SUBMITTED}), Status.APPROVED),
    "return": Move(frozenset({Status.SUBMITTED}), Status.RETURNED, needs_comment=True),
    "reject": Move(frozenset({Status.SUBMITTED}), Status.REJECTED, needs_comment=True),
    "start": Move(frozenset({Status.APPROVED}), Status.IMPLEMENTING),
    # The comment of "complete" is the result assessment.
    "complete": Move(frozenset({Status.IMPLEMENTING}), Status.COMPLETED, needs_comment=True),
    "recognise": Move(frozenset({Status.COMPLETED}), Status.RECOGNISED),
}

# Actions that do not move the status, and the states they are open in.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})
PROGRESS_STATUSES = frozenset({Status.IMPLEMENTING})
OTHER_ACTIONS: dict[str, frozenset[str]] = {
    "edit": EDITABLE_STATUSES,
    "attach": EDITABLE_STATUSES,
    "progress": PROGRESS_STATUSES,
}

# Irreversible actions ask for confirmation in the interface.
IRREVERSIBLE = frozenset({"withdraw", "reject"})


def state_allows(action: str, status: str) -> bool:
    if action in TRANSITIONS:
        return status in TRANSITIONS[action].sources
    return status in OTHER_ACTIONS.get(action, ())

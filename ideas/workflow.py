"""The idea workflow (docs/domain.md): its states and the one transition table.

Nothing else may change an idea's status: services.idea_transition performs these moves. Which
states are public, which allow editing, which actions need a comment, a decision or a confirmation:
all read from here (the models, the permissions, the services, the action forms and dialogs).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    IMPLEMENTING = "implementing", _("Implementing")
    COMPLETED = "completed", _("Completed")
    RECOGNISED = "recognised", _("Recognised")


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    needs_comment: bool = False
    needs_decision: bool = False  # records a decision: number, date (and the level of recognition)
    irreversible: bool = False  # the interface asks for a confirmation that says so


TRANSITIONS: dict[str, Move] = {
    "submit": Move(frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED),
    "approve": Move(frozenset({Status.SUBMITTED}), Status.APPROVED),
    "return": Move(frozenset({Status.SUBMITTED}), Status.RETURNED, needs_comment=True),
    "reject": Move(frozenset({Status.SUBMITTED}), Status.REJECTED, needs_comment=True, irreversible=True),
    "start": Move(frozenset({Status.APPROVED}), Status.IMPLEMENTING),
    # The comment of "complete" is the result assessment.
    "complete": Move(frozenset({Status.IMPLEMENTING}), Status.COMPLETED, needs_comment=True),
    "recognise": Move(frozenset({Status.COMPLETED}), Status.RECOGNISED, needs_decision=True),
    "withdraw": Move(
        frozenset({Status.DRAFT, Status.SUBMITTED, Status.RETURNED}), Status.WITHDRAWN, irreversible=True
    ),
}

# Everyone signed in may read ideas in these states, so units learn from each other.
PUBLIC_STATUSES = frozenset({Status.APPROVED, Status.IMPLEMENTING, Status.COMPLETED, Status.RECOGNISED})

# Actions that do not move the status, and the states they are open in.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})
PROGRESS_STATUSES = frozenset({Status.IMPLEMENTING})
OTHER_ACTIONS: dict[str, frozenset[str]] = {
    "edit": EDITABLE_STATUSES,
    "attach": EDITABLE_STATUSES,
    "progress": PROGRESS_STATUSES,
    # A reviewer marks a submitted idea as a duplicate of another or as building on another.
    "relate": frozenset({Status.SUBMITTED}),
}
ALL_ACTIONS: tuple[str, ...] = (*TRANSITIONS, *OTHER_ACTIONS)


def state_allows(action: str, status: str) -> bool:
    if action in TRANSITIONS:
        return status in TRANSITIONS[action].sources
    return status in OTHER_ACTIONS.get(action, frozenset())


def target_label(action: str) -> str:
    """The name of the state an action leads to ("Approved")."""
    return str(Status(TRANSITIONS[action].target).label)

"""The workflow of a unit's proposal to the city (docs/domain.md): its states and the one transition
table. Nothing else changes a proposal's status: services.proposal_transition performs these moves."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ideas.workflow import Move


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for routing")
    ROUTED = "routed", _("Waiting for the department's opinion")
    ANSWERED = "answered", _("Opinion given")
    CONCLUDED = "concluded", _("Concluded by the city")
    WITHDRAWN = "withdrawn", _("Withdrawn")


TRANSITIONS: dict[str, Move] = {
    "submit": Move(frozenset({Status.DRAFT}), Status.SUBMITTED),
    # Routing records the competent department and the opinion's time limit (the "decision").
    "route": Move(frozenset({Status.SUBMITTED}), Status.ROUTED, needs_decision=True),
    # The comment of "opine" is the department's written opinion.
    "opine": Move(frozenset({Status.ROUTED}), Status.ANSWERED, needs_comment=True),
    "conclude": Move(frozenset({Status.ANSWERED}), Status.CONCLUDED, needs_decision=True, irreversible=True),
    "withdraw": Move(frozenset({Status.DRAFT, Status.SUBMITTED}), Status.WITHDRAWN, irreversible=True),
}
# The decision fields each deciding move asks for.
DECISION_FIELDS: dict[str, tuple[str, ...]] = {
    "route": ("department", "days"),
    "conclude": ("conclusion", "decision_number", "decision_date"),
}

EDITABLE_STATUSES = frozenset({Status.DRAFT})
OTHER_ACTIONS: dict[str, frozenset[str]] = {"edit": EDITABLE_STATUSES}
ALL_ACTIONS: tuple[str, ...] = (*TRANSITIONS, *OTHER_ACTIONS)


def state_allows(action: str, status: str) -> bool:
    if action in TRANSITIONS:
        return status in TRANSITIONS[action].sources
    return status in OTHER_ACTIONS.get(action, frozenset())


def target_label(action: str) -> str:
    return str(Status(TRANSITIONS[action].target).label)

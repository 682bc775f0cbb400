"""The workflow of a unit's chosen pilot (docs/domain.md): its states and the one transition table.
Nothing else changes a pilot's status: services.pilot_transition performs these moves."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ideas.workflow import Move


class Status(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    EFFECTIVE = "effective", _("Effective")
    PARTLY = "partly", _("Partly effective")
    NOT_EFFECTIVE = "not_effective", _("Not effective")
    STOPPED = "stopped", _("Stopped")


# The comment of every move is the supervisor's assessment.
TRANSITIONS: dict[str, Move] = {
    "pause": Move(frozenset({Status.RUNNING}), Status.PAUSED, needs_comment=True),
    "resume": Move(frozenset({Status.PAUSED}), Status.RUNNING, needs_comment=True),
    "stop": Move(
        frozenset({Status.RUNNING, Status.PAUSED}),
        Status.CLOSED,
        needs_comment=True,
        needs_decision=True,
        irreversible=True,
    ),  # fmt: skip
    "finish": Move(
        frozenset({Status.RUNNING}), Status.CLOSED, needs_comment=True, needs_decision=True, irreversible=True
    ),
}
DECISION_FIELDS: dict[str, tuple[str, ...]] = {
    "stop": ("within_plan", "within_plan_note"),
    "finish": ("outcome", "within_plan", "within_plan_note"),
}

OPEN_STATUSES = frozenset({Status.RUNNING, Status.PAUSED})
# Actions that do not move the status, and the states they are open in.
OTHER_ACTIONS: dict[str, frozenset[str]] = {
    "plan": OPEN_STATUSES,  # add a milestone or an indicator
    "check_in": OPEN_STATUSES,
    "correct": OPEN_STATUSES,  # issue a correction request
    "answer": OPEN_STATUSES,  # the team answers a correction request
    "report": OPEN_STATUSES,  # the team marks a milestone reached or measures an indicator
}
ALL_ACTIONS: tuple[str, ...] = (*TRANSITIONS, *OTHER_ACTIONS)


def state_allows(action: str, status: str) -> bool:
    if action in TRANSITIONS:
        return status in TRANSITIONS[action].sources
    return status in OTHER_ACTIONS.get(action, frozenset())


def target_label(action: str) -> str:
    return str(Status(TRANSITIONS[action].target).label)

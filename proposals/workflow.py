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


# Decree 73/2023/NĐ-CP -----------------------------------------------------------------------------
# A proposal whose author is a leader or manager may be registered as an innovation proposal under
# the decree. Its own track runs beside the proposal's status: each step is recorded once, in this
# order, with its document. Nothing else changes a case's step: services.innovation_step performs
# these moves.


class InnovationStep(models.TextChoices):
    """Where a case stands: each label says what was done last and what comes next."""

    REGISTERED = "registered", _("Registered; waiting for the Party committee's opinion before approval")
    PARTY_APPROVAL = "party_approval", _("Waiting for the written approval")
    APPROVED = "approved", _("Approved; waiting for the Party committee's opinion before evaluation")
    PARTY_EVALUATION = "party_evaluation", _("Waiting for the evaluation")
    EVALUATED = "evaluated", _("Evaluated; waiting for the protection decision")
    PROTECTED = "protected", _("Protection decided")


class InnovationAction(models.TextChoices):
    """What the committee records, one document each."""

    PARTY_APPROVAL = "party_approval", _("Party committee's opinion before approval")
    APPROVAL = "approval", _("Written approval")
    PARTY_EVALUATION = "party_evaluation", _("Party committee's opinion before evaluation")
    EVALUATION = "evaluation", _("Evaluation")
    PROTECTION = "protection", _("Protection decision")


INNOVATION_STEPS: dict[str, Move] = {
    "party_approval": Move(frozenset({InnovationStep.REGISTERED}), InnovationStep.PARTY_APPROVAL),
    "approval": Move(frozenset({InnovationStep.PARTY_APPROVAL}), InnovationStep.APPROVED),
    "party_evaluation": Move(frozenset({InnovationStep.APPROVED}), InnovationStep.PARTY_EVALUATION),
    "evaluation": Move(frozenset({InnovationStep.PARTY_EVALUATION}), InnovationStep.EVALUATED),
    "protection": Move(frozenset({InnovationStep.EVALUATED}), InnovationStep.PROTECTED, irreversible=True),
}
# The proposal statuses in which its writers may register it, and in which the committee records
# the decree's steps (once the city has it, until it is withdrawn).
INNOVATION_REGISTRABLE = frozenset({Status.DRAFT, Status.SUBMITTED, Status.ROUTED, Status.ANSWERED})
INNOVATION_RECORDABLE = frozenset({Status.SUBMITTED, Status.ROUTED, Status.ANSWERED, Status.CONCLUDED})


# The steps at which the written approval under the decree has been recorded: only these show the
# decree's approval label (an ordinary conclusion of the city never does).
APPROVED_STEPS = frozenset(
    {
        InnovationStep.APPROVED,
        InnovationStep.PARTY_EVALUATION,
        InnovationStep.EVALUATED,
        InnovationStep.PROTECTED,
    }
)
DECREE_APPROVAL_LABEL = _("Approved in writing under Decree 73/2023/NĐ-CP")


def innovation_step_allows(action: str, step: str) -> bool:
    return action in INNOVATION_STEPS and step in INNOVATION_STEPS[action].sources

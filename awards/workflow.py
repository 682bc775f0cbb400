"""The nomination workflow (docs/domain.md) as data: nothing else may change a status.

draft ──submit (head)──▶ submitted ──approve (committee)──▶ approved ──confer (committee)──▶ conferred
  ▲                         │  └──reject──▶ rejected
  └──────── returned ◀──────┘
The unit-level certificate is decided by the unit head alone: submitted ──confer──▶ conferred.
"""

from dataclasses import dataclass

from .models import Status


@dataclass(frozen=True)
class Move:
    sources: frozenset
    target: str
    decision: bool = False  # a decision notifies the proposing unit's head
    needs_comment: bool = False


def _move(sources, target, **kwargs) -> Move:
    return Move(frozenset(sources), target, **kwargs)


# Awards that go through the committee.
TRANSITIONS = {
    "submit": _move({Status.DRAFT, Status.RETURNED}, Status.SUBMITTED),
    "approve": _move({Status.SUBMITTED}, Status.APPROVED, decision=True),
    "return": _move({Status.SUBMITTED}, Status.RETURNED, decision=True, needs_comment=True),
    "reject": _move({Status.SUBMITTED}, Status.REJECTED, decision=True, needs_comment=True),
    "confer": _move({Status.APPROVED}, Status.CONFERRED, decision=True),
}

# The unit-level certificate: no committee, the head confers straight from "submitted".
UNIT_LEVEL_TRANSITIONS = {
    "submit": TRANSITIONS["submit"],
    "return": TRANSITIONS["return"],
    "reject": TRANSITIONS["reject"],
    "confer": _move({Status.SUBMITTED}, Status.CONFERRED, decision=True),
}

ACTIONS = ("submit", "approve", "return", "reject", "confer")


def transitions_for(award_type) -> dict[str, Move]:
    return UNIT_LEVEL_TRANSITIONS if award_type.decided_by_unit_head else TRANSITIONS


def move_for(nomination, action: str) -> Move | None:
    return transitions_for(nomination.award_type).get(action)


def state_allows(nomination, action: str) -> bool:
    move = move_for(nomination, action)
    return move is not None and nomination.status in move.sources

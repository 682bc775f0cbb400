"""The nomination workflow (docs/domain.md) as data: its states and transition tables.

draft ──submit (head)──▶ submitted ──approve (committee)──▶ approved ──confer (committee)──▶ conferred
  ▲                         │  └──reject──▶ rejected
  └──────── returned ◀──────┘
The unit-level certificate is decided by the unit head alone: submitted ──confer──▶ conferred.

Nothing else may change a status: services.nomination_transition performs these moves. The
editable and open states, the models' constraints, the services and the action forms read here.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import AwardType


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CONFERRED = "conferred", _("Conferred")


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    decision: bool = False  # a decision is told to the proposing unit's head
    needs_comment: bool = False
    needs_decision: bool = False  # records the award decision: number, date, authority
    irreversible: bool = False  # the interface asks for a confirmation that says so


def _move(sources: set[str], target: str, **kwargs: bool) -> Move:
    return Move(frozenset(sources), target, **kwargs)


# Awards that go through the committee.
TRANSITIONS: dict[str, Move] = {
    "submit": _move({Status.DRAFT, Status.RETURNED}, Status.SUBMITTED),
    "approve": _move({Status.SUBMITTED}, Status.APPROVED, decision=True),
    "return": _move({Status.SUBMITTED}, Status.RETURNED, decision=True, needs_comment=True),
    "reject": _move(
        {Status.SUBMITTED}, Status.REJECTED, decision=True, needs_comment=True, irreversible=True
    ),
    "confer": _move(
        {Status.APPROVED}, Status.CONFERRED, decision=True, needs_decision=True, irreversible=True
    ),
}

# The unit-level certificate: no committee, the head confers straight from "submitted".
UNIT_LEVEL_TRANSITIONS: dict[str, Move] = {
    "submit": TRANSITIONS["submit"],
    "return": TRANSITIONS["return"],
    "reject": TRANSITIONS["reject"],
    "confer": _move(
        {Status.SUBMITTED}, Status.CONFERRED, decision=True, needs_decision=True, irreversible=True
    ),
}

# Keyed by "decided by the unit head alone" (AwardType.decided_by_unit_head).
TABLES: dict[bool, dict[str, Move]] = {False: TRANSITIONS, True: UNIT_LEVEL_TRANSITIONS}
ACTIONS: tuple[str, ...] = ("submit", "approve", "return", "reject", "confer")

# The content can be changed in these states.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})
# A nominee has at most one nomination in these states per award type and phase (a constraint).
OPEN_STATUSES: tuple[str, ...] = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED)


def transitions_for(award_type: "AwardType") -> dict[str, Move]:
    return TABLES[award_type.decided_by_unit_head]


def move_for(unit_level: bool, action: str) -> Move | None:
    return TABLES[unit_level].get(action)


def state_allows(unit_level: bool, action: str, status: str) -> bool:
    move = move_for(unit_level, action)
    return move is not None and status in move.sources


# The dossier: files can be attached or removed while the nomination is open; the public posting of
# an order or State title is recorded while it waits for the committee, and lasts this many working
# days before the committee may approve (forward) it.
ATTACHABLE_STATUSES = frozenset(OPEN_STATUSES)
POSTING_STATUSES = frozenset({Status.SUBMITTED})
POSTING_WORKING_DAYS = 10

"""A council meeting's states and the one transition table (docs/domain.md).

draft ──open──▶ open ──close──▶ closed. Items and attendance are settled while the meeting is a
draft or open; members score and vote only while it is open; closing freezes the results.
Nothing else may change a meeting's status: services.meeting_transition performs these moves.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    OPEN = "open", _("In session")
    CLOSED = "closed", _("Closed")


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    irreversible: bool = False  # the interface asks for a confirmation that says so


TRANSITIONS: dict[str, Move] = {
    "open": Move(frozenset({Status.DRAFT}), Status.OPEN),
    "close": Move(frozenset({Status.OPEN}), Status.CLOSED, irreversible=True),
}

# Items are added and attendance recorded while the meeting has not closed.
PREPARING_STATUSES = frozenset({Status.DRAFT, Status.OPEN})
# Members score and vote only while the meeting is in session.
BALLOT_STATUSES = frozenset({Status.OPEN})


def state_allows(action: str, status: str) -> bool:
    move = TRANSITIONS.get(action)
    return move is not None and status in move.sources


def target_label(action: str) -> str:
    return str(Status(TRANSITIONS[action].target).label)

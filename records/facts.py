"""A record as plain values: what the eligibility predicates read. No database access here.

The awards app adds its own conferred awards and recognised ideas to a snapshot with
`Snapshot.with_extra()`, so the predicates see the whole history without this app importing it.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .models import AWARD_LEVEL, HOLD_KINDS, INITIATIVE_RANK, RestrictionKind


@dataclass(frozen=True)
class TitleFact:
    year: int
    title: str
    decision_number: str = ""
    decision_date: datetime.date | None = None


@dataclass(frozen=True)
class AwardFact:
    form: str  # an AwardForm code
    category: str  # an AwardCategory code
    decision_date: datetime.date
    decision_number: str = ""
    issuer: str = ""
    origin: str = "record"  # "record" (entered here) or "portal" (conferred through the portal)

    @property
    def level(self) -> int:
        return AWARD_LEVEL[self.form]


@dataclass(frozen=True)
class InitiativeFact:
    title: str
    level: str  # an InitiativeLevel code
    decision_date: datetime.date
    decision_number: str = ""
    used_for: str = ""  # the title or award it already supported; empty if unused
    origin: str = "record"

    @property
    def rank(self) -> int:
        return INITIATIVE_RANK[self.level]


@dataclass(frozen=True)
class RestrictionFact:
    kind: str
    start: datetime.date
    end: datetime.date | None = None
    detail: str = ""

    @property
    def is_hold(self) -> bool:
        return self.kind in HOLD_KINDS

    @property
    def is_discipline(self) -> bool:
        return self.kind == RestrictionKind.DISCIPLINE

    def overlaps(self, first: datetime.date, last: datetime.date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)


@dataclass(frozen=True)
class Snapshot:
    """Everything recorded about one person or collective, as it stands now."""

    subject: str  # Subject.INDIVIDUAL or Subject.COLLECTIVE
    ratings: Mapping[int, str] = field(default_factory=dict)  # year -> Rating code
    titles: tuple[TitleFact, ...] = ()
    awards: tuple[AwardFact, ...] = ()
    initiatives: tuple[InitiativeFact, ...] = ()
    restrictions: tuple[RestrictionFact, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.ratings or self.titles or self.awards or self.initiatives or self.restrictions)

    def with_extra(self, *, awards=(), initiatives=()) -> "Snapshot":
        """The same record plus facts kept elsewhere (the portal's own awards and recognised ideas)."""
        return replace(
            self, awards=self.awards + tuple(awards), initiatives=self.initiatives + tuple(initiatives)
        )


@dataclass(frozen=True)
class Context:
    """What the proposal itself says: its date and, if it names them, the awards it rests on."""

    proposal_date: datetime.date
    basis: tuple[AwardFact, ...] | None = None

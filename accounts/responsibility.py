"""Who answers for a unit: the one resolver every app asks (reviews, pilots, reminders, nominations).

The rules, in the words of the movement:

- A unit in force is headed by its own head and deputised by its own deputies (active accounts
  only). A unit that was replaced in a reorganisation (it names a successor) has nobody of its
  own any more: the people of the units that replaced it act for it. Its *main* successor (the
  `successor` link) answers for it and leads it; every unit of its lineage (`UnitLineage`: each unit
  that received part of its territory or staff) supervises it too. A successor never acts for the
  other successors of its predecessors: the lineage is walked from the former unit only.
- The *chain* of a unit is the unit, then the unit that replaced it (for a replaced one) or its
  parent (for one in force), and so on up to the city. A unit moved under another parent answers
  to its new parent; a replaced unit answers to its successor's parents, never to its old ones.
- The *supervisors* of a unit are the heads and deputies of every unit of its chain, and of the
  chains of the other successors of every replaced unit in it.
- Those who *answer for* something of a unit (review an idea, are told and reminded of it) are
  the nearest heads and deputies along the chain once the excluded people (its authors) are
  left out; the *leader* (who runs a pilot, submits a nomination) is the nearest head along the
  chain, likewise. When nobody in the chain is eligible, the committee answers instead.

The tree is small (hundreds of units): it is read in two queries and walked in Python, once per
request (``UnitTreeMiddleware``) or job (``unit_tree_scope()``). With ``UNIT_TREE_CACHE`` on, a
process keeps the tree it read (and what it worked out from it) for its next requests while the
tree's version in the shared cache is unchanged; every committed change to units, their heads and
deputies, lineage, people or the committee gives the tree a new version (``tree_changed``).
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .models import COMMITTEE_GROUP, Unit, User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    """The people who answer for something, and whether they are the committee standing in."""

    people: frozenset[int]
    by_committee: bool = False


@dataclass
class UnitTree:
    parent: dict[int, int | None]
    successor: dict[int, int | None]
    head: dict[int, int]  # unit → its active head, for units in force
    deputies: dict[int, frozenset[int]]  # unit → its active deputies, for units in force
    children: dict[int, list[int]] = field(default_factory=dict)
    predecessors: dict[int, list[int]] = field(default_factory=dict)
    lineage: dict[int, tuple[int, ...]] = field(default_factory=dict)  # former unit → every successor
    _chains: dict[int, tuple[int, ...]] = field(default_factory=dict, repr=False)
    _reach: dict[int, tuple[int, ...]] = field(default_factory=dict, repr=False)
    _committee: frozenset[int] | None = field(default=None, repr=False)
    _below: dict[int, list[int]] | None = field(default=None, repr=False)
    _own: dict[int, frozenset[int]] = field(default_factory=dict, repr=False)
    _supervisors: dict[int, frozenset[int]] = field(default_factory=dict, repr=False)
    _leaderless: frozenset[int] | None = field(default=None, repr=False)

    @classmethod
    def load(cls) -> UnitTree:
        """Two queries: the units with their heads and lineage, and the deputies."""
        parent: dict[int, int | None] = {}
        successor: dict[int, int | None] = {}
        head: dict[int, int] = {}
        children: defaultdict[int, list[int]] = defaultdict(list)
        predecessors: defaultdict[int, list[int]] = defaultdict(list)
        lineage: defaultdict[int, list[int]] = defaultdict(list)
        # One row per unit and lineage edge (a unit with no lineage gives one row with None).
        rows = Unit.objects.values_list(
            "pk", "parent_id", "successor_id", "head_id", "head__is_active", "lineage_out__successor_id"
        ).order_by("pk", "-lineage_out__share", "lineage_out__successor_id")
        for pk, parent_id, successor_id, head_id, head_active, received_by in rows:
            if pk not in parent:
                parent[pk] = parent_id
                successor[pk] = successor_id
                if parent_id:
                    children[parent_id].append(pk)
                if successor_id:
                    predecessors[successor_id].append(pk)
                    lineage[pk].append(successor_id)
                elif head_id and head_active:
                    head[pk] = head_id
            if received_by and received_by not in lineage[pk]:
                lineage[pk].append(received_by)
                predecessors[received_by].append(pk)
        deputies: defaultdict[int, set[int]] = defaultdict(set)
        through = Unit.deputies.through.objects.filter(user__is_active=True, unit__successor__isnull=True)
        for unit_id, user_id in through.values_list("unit_id", "user_id"):
            deputies[unit_id].add(user_id)
        return cls(
            parent=parent,
            successor=successor,
            head=head,
            deputies={pk: frozenset(people) for pk, people in deputies.items()},
            children=dict(children),
            predecessors=dict(predecessors),
            lineage={pk: tuple(units) for pk, units in lineage.items()},
        )

    # The shape of the tree -------------------------------------------------------------------

    def chain(self, unit_id: int) -> tuple[int, ...]:
        """The unit, then whoever stands above it: its successor if replaced, else its parent."""
        cached = self._chains.get(unit_id)
        if cached is not None:
            return cached
        chain: list[int] = []
        node: int | None = unit_id
        while node is not None and node in self.parent and node not in chain:
            chain.append(node)
            node = self.successor[node] or self.parent[node]
        self._chains[unit_id] = tuple(chain)
        return self._chains[unit_id]

    def reach(self, unit_id: int) -> tuple[int, ...]:
        """The chain, then the chains of the other successors of each replaced unit met on it: the
        units whose heads and deputies supervise this one."""
        cached = self._reach.get(unit_id)
        if cached is not None:
            return cached
        units = list(self.chain(unit_id))
        for node in list(units):
            for other in self.lineage.get(node, ())[1:]:
                units.extend(pk for pk in self.chain(other) if pk not in units)
        self._reach[unit_id] = tuple(units)
        return self._reach[unit_id]

    def ancestors(self, unit_id: int) -> list[int]:
        """The parents above a unit, nearest first (the tree as drawn, without successors)."""
        chain: list[int] = []
        pk = self.parent.get(unit_id)
        while pk and pk not in chain:
            chain.append(pk)
            pk = self.parent.get(pk)
        return chain

    def governed(self, unit_ids: Iterable[int]) -> set[int]:
        """The units themselves plus every unit they replaced, however many reorganisations ago."""
        return self._walk(unit_ids, self.predecessors)

    def subtree(self, unit_ids: Iterable[int]) -> set[int]:
        """The units, the units they replaced, and all their sub-units: what "with sub-units" means."""
        return self._walk(unit_ids, self.predecessors, self.children)

    @staticmethod
    def _walk(start: Iterable[int], *edges: dict[int, list[int]]) -> set[int]:
        seen: set[int] = set()
        stack = list(start)
        while stack:
            pk = stack.pop()
            if pk in seen:
                continue
            seen.add(pk)
            for edge in edges:
                stack.extend(edge.get(pk, ()))
        return seen

    def top_level(self, unit_id: int) -> int:
        """The unit right under the root (a sở, a phường ...) that a unit belongs to."""
        chain = [unit_id, *self.ancestors(unit_id)]
        return chain[-2] if len(chain) > 1 else chain[-1]

    # Who answers for a unit -----------------------------------------------------------------

    def own_people(self, unit_id: int) -> frozenset[int]:
        """The unit's own head and deputies (nobody for a unit that was replaced)."""
        cached = self._own.get(unit_id)
        if cached is None:
            people = set(self.deputies.get(unit_id, ()))
            if unit_id in self.head:
                people.add(self.head[unit_id])
            cached = self._own[unit_id] = frozenset(people)
        return cached

    def supervisors(self, unit_id: int) -> frozenset[int]:
        """Every head and deputy along the unit's chain and its lineage (`reach`)."""
        cached = self._supervisors.get(unit_id)
        if cached is None:
            cached = frozenset(person for node in self.reach(unit_id) for person in self.own_people(node))
            self._supervisors[unit_id] = cached
        return cached

    def answerers(self, unit_id: int, *, exclude: Iterable[int] = ()) -> Answer:
        """The nearest heads and deputies along the chain who are not excluded; else the committee."""
        excluded = frozenset(exclude)
        for node in self.chain(unit_id):
            people = self.own_people(node) - excluded
            if people:
                return Answer(people)
        return Answer(self.committee() - excluded, by_committee=True)

    def leader(self, unit_id: int, *, exclude: Iterable[int] = ()) -> Answer:
        """The nearest head along the chain who is not excluded; else the committee."""
        excluded = frozenset(exclude)
        for node in self.chain(unit_id):
            head = self.head.get(node)
            if head is not None and head not in excluded:
                return Answer(frozenset({head}))
        return Answer(self.committee() - excluded, by_committee=True)

    def acting_unit(self, unit_id: int, person_id: int) -> int | None:
        """The nearest unit along the chain (and lineage) where this person is head or deputy (None:
        nowhere)."""
        for node in self.reach(unit_id):
            if person_id in self.own_people(node):
                return node
        return None

    def leaderless(self) -> frozenset[int]:
        """The units with no head anywhere along their chain (the committee leads for them)."""
        if self._leaderless is None:
            led: set[int] = set()
            for unit in self.head:
                led |= self._under(unit, stop=self.head.keys() - {unit})
            self._leaderless = frozenset(self.parent.keys() - led)
        return self._leaderless

    def committee(self) -> frozenset[int]:
        """The active members of the committee (read once, when first needed)."""
        if self._committee is None:
            self._committee = frozenset(
                User.objects.filter(is_active=True, groups__name=COMMITTEE_GROUP)
                .order_by()
                .values_list("pk", flat=True)
            )
        return self._committee

    # The same, seen from one person ---------------------------------------------------------

    def headed_by(self, person_id: int) -> frozenset[int]:
        return frozenset(unit for unit, head in self.head.items() if head == person_id)

    def deputised_by(self, person_id: int) -> frozenset[int]:
        return frozenset(unit for unit, people in self.deputies.items() if person_id in people)

    def supervised_by(self, person_id: int) -> frozenset[int]:
        """The units whose chain holds this person as head or deputy (their `reach`, read from
        above: the units under each of theirs, and everything under a replaced unit that one of
        those units received a part of)."""
        own = self.headed_by(person_id) | self.deputised_by(person_id)
        if not own:
            return frozenset()
        under: set[int] = set()
        for unit in own:
            under |= self._under(unit)
        found = set(under)
        for former, successors in self.lineage.items():
            if any(other in under for other in successors[1:]):
                found |= self._under(former)
        return frozenset(found)

    def led_by(self, person_id: int) -> frozenset[int]:
        """The units whose leader (nobody excluded) is this person: under each unit they head, down
        to the units with a head of their own."""
        headed = self.headed_by(person_id)
        if not headed:
            return frozenset()
        found: set[int] = set()
        for unit in headed:
            found |= self._under(unit, stop=self.head.keys() - {unit})
        leaderless = self.leaderless()
        if leaderless and self.committee() == {person_id}:
            found |= leaderless  # the committee of one leads the units nobody heads
        return frozenset(found)

    def _under(self, unit_id: int, *, stop: Iterable[int] = ()) -> set[int]:
        """The units whose chain passes through this one (itself included), without entering the
        `stop` units."""
        if self._below is None:
            below: defaultdict[int, list[int]] = defaultdict(list)
            for unit, parent in self.parent.items():
                above = self.successor[unit] or parent
                if above is not None:
                    below[above].append(unit)
            self._below = dict(below)
        stopped = set(stop)
        seen: set[int] = set()
        stack = [unit_id]
        while stack:
            pk = stack.pop()
            if pk in seen or pk not in self.parent:
                continue
            seen.add(pk)
            stack.extend(unit for unit in self._below.get(pk, ()) if unit not in stopped)
        return seen


_current: ContextVar[UnitTree | None] = ContextVar("unit_tree", default=None)
_scoped: ContextVar[bool] = ContextVar("unit_tree_scoped", default=False)


def unit_tree() -> UnitTree:
    """The tree of the current request or job (read once there); outside one, read afresh."""
    if not _scoped.get():
        return UnitTree.load()
    tree = _current.get()
    if tree is None:
        tree = _kept_tree()
        _current.set(tree)
    return tree


TREE_VERSION_KEY = "accounts:unit-tree-version"
_kept: tuple[str, UnitTree] | None = None  # this process's last tree, with its version


def _kept_tree() -> UnitTree:
    """This process's last tree while its version is the shared cache's; else read afresh (and
    always when UNIT_TREE_CACHE is off or the cache does not answer)."""
    global _kept
    if not settings.UNIT_TREE_CACHE:
        return UnitTree.load()
    try:
        version = cache.get(TREE_VERSION_KEY)
        if version is None:
            cache.add(TREE_VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(TREE_VERSION_KEY)
    except Exception:  # a cache never breaks a page: read the tree as without one
        logger.warning("unit tree: the cache did not answer; reading the tree", exc_info=True)
        return UnitTree.load()
    if _kept is not None and _kept[0] == version:
        return _kept[1]
    tree = UnitTree.load()
    if version is not None:
        _kept = (version, tree)
    return tree


def tree_changed(**kwargs: Any) -> None:
    """A unit, a head or deputy, a lineage edge, a person or the committee changed: once the change
    is committed, every process reads the tree afresh at its next request or job. (A signal
    receiver, see apps.py; a new version rather than a deletion, so that no process can keep a tree
    read before the commit under the new version.)"""
    if kwargs.get("update_fields") is not None and set(kwargs["update_fields"]) <= {"last_login"}:
        return  # signing in changes nothing of the tree

    def new_version() -> None:
        try:
            cache.set(TREE_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        except Exception:
            logger.warning("unit tree: the cache did not answer; a new version was not set", exc_info=True)

    transaction.on_commit(new_version)


@contextmanager
def unit_tree_scope() -> Iterator[None]:
    """Everything inside reads the unit tree at most once (a request, a daily job)."""
    scoped, current = _scoped.set(True), _current.set(None)
    try:
        yield
    finally:
        _current.reset(current)
        _scoped.reset(scoped)


class UnitTreeMiddleware:
    """One unit tree per request, however many permissions the page checks."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        with unit_tree_scope():
            return self.get_response(request)

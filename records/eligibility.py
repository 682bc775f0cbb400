"""Eligibility: which rule sets apply on a proposal date, and what the record says for each rule.

    evaluate(person_or_unit, "pm_certificate", AwardCategory.MERIT, proposal_date) -> Evaluation

costs a constant number of queries (rule sets, rules, five record tables); `evaluate_many` does the
same for a whole list. The reads here are not scoped to a viewer: callers pass subjects they have
already obtained through their own scoped selectors.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q

from accounts.models import Unit

from . import predicates
from .facts import AwardFact, Context, InitiativeFact, RestrictionFact, Snapshot, TitleFact
from .models import (
    AnnualRating,
    EmulationTitle,
    ExternalAward,
    ExternalInitiative,
    Restriction,
    Rule,
    RuleSet,
    Severity,
    Subject,
)
from .predicates import Result

BLOCK, WARNING = "block", "warning"


def subject_key(subject) -> tuple[str, int]:
    """("unit", pk) for a collective, ("person", pk) for a person."""
    return ("unit", subject.pk) if isinstance(subject, Unit) else ("person", subject.pk)


def subject_kind(subject) -> str:
    return Subject.COLLECTIVE if isinstance(subject, Unit) else Subject.INDIVIDUAL


@dataclass(frozen=True)
class Extra:
    """Facts kept outside this app for one subject (the portal's own awards and recognised ideas)."""

    awards: tuple[AwardFact, ...] = ()
    initiatives: tuple[InitiativeFact, ...] = ()


@dataclass(frozen=True)
class RuleResult:
    rule_set: str  # the rule set's code
    rule_set_name: str
    code: str
    predicate: str
    params: dict
    description: str  # what the rule asks
    article: str
    severity: str  # Severity: what a "Not met" does when the rule is confirmed
    confirmed: bool
    route: str
    route_number: int  # 1, 2 … for the alternative routes of the rule set, in rule order; 0 for none
    note: str
    status: str  # Result
    explanation: str  # what was found and what is missing
    effect: str = ""  # "block", "warning" or "" (met, or an alternative that another route satisfies)

    @property
    def status_label(self) -> str:
        return str(Result(self.status).label)

    @property
    def severity_label(self) -> str:
        return str(Severity(self.severity).label)


@dataclass
class Evaluation:
    """The results of every rule in force for one subject, award form, category and date.

    Iterating gives the results; `blocks` are the failures that refuse the proposal, `warnings`
    the ones to show beside it.
    """

    subject: str
    award_code: str
    category: str
    proposal_date: datetime.date
    rule_sets: list[RuleSet]
    results: list[RuleResult] = field(default_factory=list)

    def __iter__(self):
        return iter(self.results)

    def __len__(self):
        return len(self.results)

    @property
    def blocks(self) -> list[RuleResult]:
        return [r for r in self.results if r.effect == BLOCK]

    @property
    def warnings(self) -> list[RuleResult]:
        return [r for r in self.results if r.effect == WARNING]

    @property
    def outcome(self) -> str:
        """Not met when something blocks; Not enough data when data is missing; else Met. An empty
        string when no rule applies to this award form, category and subject."""
        if not self.results:
            return ""
        if self.blocks:
            return Result.NOT_MET
        if any(r.status == Result.NOT_ENOUGH_DATA for r in self.warnings):
            return Result.NOT_ENOUGH_DATA
        return Result.MET

    @property
    def outcome_label(self) -> str:
        return str(Result(self.outcome).label) if self.outcome else ""


# Rule sets ------------------------------------------------------------------------------------------


def rule_sets_in_force(day: datetime.date) -> list[RuleSet]:
    """The sets that apply to a proposal dated `day`: per jurisdiction, one of the law's and one of the
    movement's own, the latest that started on or before the day and has not ended."""
    chosen: dict = {}
    applicable = RuleSet.objects.filter(effective_from__lte=day).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=day)
    )
    for rule_set in applicable.order_by("-effective_from", "pk"):
        chosen.setdefault((rule_set.jurisdiction, rule_set.is_movement), rule_set)
    return sorted(chosen.values(), key=lambda s: (s.is_movement, s.jurisdiction, s.code))


def rules_for(rule_sets: list[RuleSet], award_code: str, category: str, subject: str) -> list[Rule]:
    return list(
        Rule.objects.filter(rule_set__in=rule_sets, award_code=award_code, category=category, subject=subject)
        .select_related("rule_set")
        .order_by("rule_set__is_movement", "order", "pk")
    )


# Snapshots ------------------------------------------------------------------------------------------


def load_snapshots(subjects: Iterable) -> dict[tuple[str, int], Snapshot]:
    """The records of many people and units in five queries, keyed by `subject_key`."""
    subjects = list(subjects)
    if not subjects:
        return {}
    people = [s.pk for s in subjects if not isinstance(s, Unit)]
    units = [s.pk for s in subjects if isinstance(s, Unit)]
    parts: dict = defaultdict(lambda: defaultdict(list))
    condition = Q(person_id__in=people) | Q(unit_id__in=units)

    def rows(model, *fields):
        return model.objects.filter(condition, removed_at__isnull=True).values_list(
            "person_id", "unit_id", *fields
        )

    def key(person_id, unit_id):
        return ("person", person_id) if person_id else ("unit", unit_id)

    for person_id, unit_id, year, rating in rows(AnnualRating, "year", "rating"):
        parts[key(person_id, unit_id)]["ratings"].append((year, rating))
    for person_id, unit_id, *values in rows(
        EmulationTitle, "year", "title", "decision_number", "decision_date"
    ).order_by("year"):
        parts[key(person_id, unit_id)]["titles"].append(TitleFact(*values))
    for person_id, unit_id, *values in rows(
        ExternalAward, "form", "category", "decision_date", "decision_number", "issuer"
    ).order_by("decision_date"):
        parts[key(person_id, unit_id)]["awards"].append(AwardFact(*values))
    for person_id, unit_id, *values in rows(
        ExternalInitiative, "title", "level", "decision_date", "decision_number", "used_for"
    ).order_by("decision_date"):
        parts[key(person_id, unit_id)]["initiatives"].append(InitiativeFact(*values))
    for person_id, unit_id, *values in rows(Restriction, "kind", "start", "end", "detail").order_by("start"):
        parts[key(person_id, unit_id)]["restrictions"].append(RestrictionFact(*values))

    snapshots = {}
    for subject in subjects:
        k = subject_key(subject)
        found = parts.get(k, {})
        snapshots[k] = Snapshot(
            subject=subject_kind(subject),
            ratings=dict(found.get("ratings", ())),
            titles=tuple(found.get("titles", ())),
            awards=tuple(found.get("awards", ())),
            initiatives=tuple(found.get("initiatives", ())),
            restrictions=tuple(found.get("restrictions", ())),
        )
    return snapshots


def load_snapshot(subject) -> Snapshot:
    return load_snapshots([subject])[subject_key(subject)]


# Evaluation -----------------------------------------------------------------------------------------


def _raw_effect(rule: Rule, status: str) -> str:
    if status == Result.NOT_MET:
        # A rule whose legal text is not confirmed warns; it never refuses a proposal on its own.
        return BLOCK if rule.severity == Severity.BLOCK and rule.confirmed else WARNING
    if status == Result.NOT_ENOUGH_DATA:
        return WARNING
    return ""


_BADNESS = {"": 0, WARNING: 1, BLOCK: 2}


def _settle_routes(pairs: list[tuple[Rule, str, str]]) -> list[str]:
    """Effects after weighing the alternative routes of each rule set: the best route counts (all of
    them when every route is blocked, so that every reason shows); the others are informational."""
    effects = [_raw_effect(rule, status) for rule, status, _ in pairs]
    routes: dict = defaultdict(list)
    for index, (rule, _status, _text) in enumerate(pairs):
        if rule.route:
            routes[(rule.rule_set_id, rule.route)].append(index)
    by_set: dict = defaultdict(dict)
    for (set_id, route), indexes in routes.items():
        by_set[set_id][route] = max((_BADNESS[effects[i]] for i in indexes), default=0)
    for set_id, badness in by_set.items():
        best = min(badness.values())
        if best == _BADNESS[BLOCK]:
            continue
        for route, value in badness.items():
            if value != best:
                for index in routes[(set_id, route)]:
                    effects[index] = ""
    return effects


def evaluate_rules(rules: list[Rule], snapshot: Snapshot, context: Context) -> list[RuleResult]:
    """The results of these rules for this snapshot; pure (the rules carry their rule set)."""
    pairs = []
    for rule in rules:
        outcome = predicates.run(rule.predicate, snapshot, context, rule.params)
        pairs.append((rule, outcome.status, outcome.explanation))
    effects = _settle_routes(pairs)
    numbers: dict = {}
    for rule in rules:
        if rule.route:
            numbers.setdefault(
                (rule.rule_set_id, rule.route), len([k for k in numbers if k[0] == rule.rule_set_id]) + 1
            )
    return [
        RuleResult(
            rule_set=rule.rule_set.code,
            rule_set_name=rule.rule_set.name,
            code=rule.code,
            predicate=rule.predicate,
            params=rule.params,
            description=predicates.describe(rule.predicate, rule.params),
            article=rule.article,
            severity=rule.severity,
            confirmed=rule.confirmed,
            route=rule.route,
            route_number=numbers.get((rule.rule_set_id, rule.route), 0),
            note=rule.note,
            status=status,
            explanation=explanation,
            effect=effect,
        )
        for (rule, status, explanation), effect in zip(pairs, effects, strict=True)
    ]


def evaluate(
    subject,
    award_code: str,
    category: str,
    proposal_date: datetime.date,
    *,
    extra: Extra | None = None,
    basis: Iterable[AwardFact] | None = None,
) -> Evaluation:
    """Every rule in force on `proposal_date` for this award form, category and kind of subject,
    evaluated against the subject's record (plus `extra` facts kept elsewhere). `basis`: the awards
    the proposal cites as its basis, when it cites any."""
    return evaluate_many(
        [subject],
        award_code,
        category,
        proposal_date,
        extras={subject_key(subject): extra} if extra else None,
        basis={subject_key(subject): tuple(basis)} if basis is not None else None,
    )[subject_key(subject)]


def evaluate_many(
    subjects: Iterable,
    award_code: str,
    category: str,
    proposal_date: datetime.date,
    *,
    extras: Mapping[tuple[str, int], Extra] | None = None,
    basis: Mapping[tuple[str, int], tuple[AwardFact, ...]] | None = None,
) -> dict[tuple[str, int], Evaluation]:
    """`evaluate` for a list of subjects (people and units mixed), keyed by `subject_key`; the number
    of queries does not grow with the list."""
    subjects = list(subjects)
    rule_sets = rule_sets_in_force(proposal_date)
    kinds = {subject_kind(s) for s in subjects}
    rules = {kind: rules_for(rule_sets, award_code, category, kind) if rule_sets else [] for kind in kinds}
    snapshots = load_snapshots(subjects)
    evaluations = {}
    for subject in subjects:
        key, kind = subject_key(subject), subject_kind(subject)
        snapshot = snapshots[key]
        more = (extras or {}).get(key)
        if more:
            snapshot = snapshot.with_extra(awards=more.awards, initiatives=more.initiatives)
        cited = (basis or {}).get(key)
        context = Context(proposal_date=proposal_date, basis=tuple(cited) if cited is not None else None)
        evaluations[key] = Evaluation(
            subject=kind,
            award_code=award_code,
            category=category,
            proposal_date=proposal_date,
            rule_sets=rule_sets,
            results=evaluate_rules(rules[kind], snapshot, context),
        )
    return evaluations

"""Reads of records, scoped to the viewer: 404 for missing and not-yours alike."""

import datetime
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404

from accounts.models import Unit, User

from . import permissions
from .eligibility import rule_sets_in_force
from .facts import RestrictionFact, Snapshot
from .models import (
    ENTRY_MODELS,
    PORTAL_AWARD_CODES,
    RATING_ABBREVIATION,
    AnnualRating,
    AwardCategory,
    AwardForm,
    RecordChange,
    Restriction,
    RuleSet,
    Subject,
)
from .permissions import Person
from .predicates import describe

STATUS_YEARS = 5  # the list shows whether the last five completed years are rated

M = TypeVar("M", bound=Model)


def people_for(user: Person) -> QuerySet[User]:
    """The people whose record this person may see: everyone (committee), the people of their units
    (heads and deputies), and themselves."""
    if not user.is_authenticated:
        return User.objects.none()
    reach = permissions.reach_of(user)
    qs = (
        User.objects.all()
        if reach.everyone
        else User.objects.filter(Q(pk=user.pk) | Q(unit_id__in=reach.unit_ids))
    )
    return qs.filter(is_active=True).select_related("unit")


def units_for(user: Person) -> QuerySet[Unit]:
    """The collectives whose record this person may see."""
    if not user.is_authenticated:
        return Unit.objects.none()
    reach = permissions.reach_of(user)
    return Unit.objects.all() if reach.everyone else Unit.objects.filter(pk__in=reach.unit_ids)


def _get(qs: QuerySet[M], pk: int | str) -> M:
    try:
        return qs.get(pk=int(pk))
    except (TypeError, ValueError, ObjectDoesNotExist):
        raise Http404 from None


def person_get_for(user: Person, pk: int | str) -> User:
    return _get(people_for(user), pk)


def unit_get_for(user: Person, pk: int | str) -> Unit:
    return _get(units_for(user).select_related("parent"), pk)


def entry_get_for(user: Person, kind: str, pk: int | str) -> Any:
    """One entry (not removed) of a record the person may see."""
    model = ENTRY_MODELS.get(kind)
    if model is None:
        raise Http404
    entry = _get(
        model.objects.filter(removed_at__isnull=True).select_related("person__unit", "unit__parent"), pk
    )
    if not permissions.may_view(user, entry.subject):
        raise Http404
    return entry


def _subject_filter(subject: User | Unit) -> Q:
    return Q(unit=subject) if isinstance(subject, Unit) else Q(person=subject)


def record_of(subject: User | Unit) -> dict[str, list[Any]]:
    """Every entry of the record that is not removed, by kind, with who entered it (five queries)."""
    return {
        kind: list(
            model.objects.filter(_subject_filter(subject), removed_at__isnull=True).select_related(
                "entered_by"
            )
        )
        for kind, model in ENTRY_MODELS.items()
    }


def changes_of(subject: User | Unit, *, limit: int = 200) -> list[RecordChange]:
    """The change history of a record, newest first."""
    return list(RecordChange.objects.filter(_subject_filter(subject)).select_related("by")[:limit])


def status_years(today: datetime.date) -> list[int]:
    return list(range(today.year - STATUS_YEARS, today.year))


@dataclass(frozen=True)
class RecordStatus:
    ratings: list[tuple[int, str, str]]  # (year, rating code, abbreviation), "" when not rated
    missing: list[int]
    titles: int
    awards: int
    open_restrictions: list[RestrictionFact]  # in force today

    @property
    def complete(self) -> bool:
        return not self.missing


def status_of(snapshot: Snapshot, today: datetime.date) -> RecordStatus:
    years = status_years(today)
    return RecordStatus(
        ratings=[
            (
                year,
                snapshot.ratings.get(year, ""),
                RATING_ABBREVIATION.get(snapshot.ratings.get(year) or "", ""),
            )
            for year in years
        ],
        missing=[year for year in years if year not in snapshot.ratings],
        titles=len(snapshot.titles),
        awards=len(snapshot.awards),
        open_restrictions=[r for r in snapshot.restrictions if r.overlaps(today, today)],
    )


def with_status(qs: QuerySet[M], status: str, today: datetime.date, *, field: str = "person") -> QuerySet[M]:
    """Narrows people (or units, with field="unit") to a record status: `complete` (the last five
    years rated), `missing` (some not rated) or `restricted` (a discipline or hold in force today)."""
    if status in ("complete", "missing"):
        rated = (
            AnnualRating.objects.filter(
                removed_at__isnull=True, year__in=status_years(today), **{f"{field}__isnull": False}
            )
            .values(field)
            .annotate(n=Count("pk"))
            .filter(n=STATUS_YEARS)
            .values(field)
        )
        return qs.filter(pk__in=rated) if status == "complete" else qs.exclude(pk__in=rated)
    if status == "restricted":
        in_force = Restriction.objects.filter(
            Q(end__isnull=True) | Q(end__gte=today),
            removed_at__isnull=True,
            start__lte=today,
            **{f"{field}__isnull": False},
        ).values(field)
        return qs.filter(pk__in=in_force)
    return qs


def _display(field: Any, value: object) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:]}/{value[5:7]}/{value[:4]}"
    return str(value)


def change_rows(changes: list[RecordChange]) -> list[dict[str, Any]]:
    """The history as the page shows it: the kind of entry and its fields (before and after a change;
    the values entered, or the values removed)."""
    rows = []
    for change in changes:
        model = ENTRY_MODELS.get(change.kind)
        fields: list[dict[str, Any]] = []
        for name, (before, after) in change.changes.items() if model is not None else ():
            assert model is not None  # for the type checker: the loop runs only with a model
            shown = before if change.action == RecordChange.Action.REMOVED else after
            if change.action != RecordChange.Action.UPDATED and shown in (None, ""):
                continue
            field = model._meta.get_field(name)
            fields.append(
                {
                    "label": getattr(field, "verbose_name", name),
                    "before": _display(field, before),
                    "after": _display(field, after),
                    "value": _display(field, shown),
                }
            )
        rows.append(
            {
                "change": change,
                "kind": model._meta.verbose_name if model else change.kind,
                "fields": fields,
                "summary": " · ".join(str(f["value"]) for f in fields[:2]),
            }
        )
    return rows


def rule_sets_overview(today: datetime.date) -> list[tuple[RuleSet, bool, list[dict[str, Any]]]]:
    """Every rule set (in force today or not) with its rules grouped by award form, category and subject."""
    in_force = {s.pk for s in rule_sets_in_force(today)}
    awards = [code.value for code in PORTAL_AWARD_CODES]
    categories = AwardCategory.values
    overview = []
    for rule_set in RuleSet.objects.prefetch_related("rules"):
        groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        for rule in rule_set.rules.all():
            key = (rule.award_code, rule.category, rule.subject)
            groups.setdefault(key, []).append(
                {"rule": rule, "description": describe(rule.predicate, rule.params)}
            )
        ordered = sorted(
            groups.items(),
            key=lambda item: (
                awards.index(item[0][0]) if item[0][0] in awards else len(awards),
                categories.index(item[0][1]),
                item[0][2],
            ),
        )
        overview.append(
            (
                rule_set,
                rule_set.pk in in_force,
                [
                    {
                        "award": AwardForm(award).label,
                        "category": AwardCategory(category).label,
                        "subject": Subject(subject).label,
                        "rules": rules,
                    }
                    for (award, category, subject), rules in ordered
                ],
            )
        )
    return overview

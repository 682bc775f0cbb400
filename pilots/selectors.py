"""Reads of unit pilots, scoped to the viewer (the queries of permissions.py's predicates)."""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ideas.permissions import Person

from .models import Pilot
from .permissions import may_view, supervised_units, team_q, viewable_q
from .workflow import OPEN_STATUSES, Outcome


def pilot_list_for(user: Person) -> QuerySet[Pilot]:
    if not user.is_authenticated:
        return Pilot.objects.none()
    q = viewable_q(user)
    qs = Pilot.objects.all() if q is None else Pilot.objects.filter(q)
    return qs.select_related("unit", "phase", "owner")


def pilot_get_for(user: Person, pk: int | str) -> Pilot:
    """One pilot the person may see, or 404 for missing and not-yours alike."""
    try:
        number = int(str(pk))
    except ValueError:
        raise Http404 from None
    pilot = (
        Pilot.objects.select_related(
            "unit", "phase", "owner", "idea", "proposal", "registered_by", "closed_by"
        )
        .prefetch_related("members")
        .filter(pk=number)
        .first()
    )
    if pilot is None or not may_view(user, pilot):
        raise Http404
    return pilot


def with_lateness(qs: QuerySet[Pilot], today: datetime.date) -> QuerySet[Pilot]:
    """Each pilot with its overdue milestones and unanswered corrections past their limit."""
    return qs.annotate(
        late_milestones=Count(
            "milestones",
            filter=Q(milestones__reached_on__isnull=True, milestones__due_date__lt=today),
            distinct=True,
        ),
        late_corrections=Count(
            "corrections",
            filter=Q(corrections__answered_at__isnull=True, corrections__due_date__lt=today),
            distinct=True,
        ),
        open_corrections=Count("corrections", filter=Q(corrections__answered_at__isnull=True), distinct=True),
    )


def supervised_pilots_for(user: Person, today: datetime.date) -> list[Pilot]:
    """The open pilots the person supervises, those in trouble first."""
    units = supervised_units(user)
    if not units:
        return []
    qs = with_lateness(Pilot.objects.filter(unit_id__in=units, status__in=OPEN_STATUSES), today)
    pilots = list(qs.select_related("unit").order_by("pk"))
    pilots.sort(key=lambda p: (-(getattr(p, "late_milestones", 0) + getattr(p, "late_corrections", 0)), p.pk))
    return pilots


def team_pilots_for(user: Person, today: datetime.date) -> list[Pilot]:
    """The open pilots the person works in, with the corrections they must answer."""
    if not user.is_authenticated:
        return []
    qs = with_lateness(Pilot.objects.filter(team_q(user), status__in=OPEN_STATUSES), today)
    return list(qs.select_related("unit").order_by("pk"))


def pilot_detail_context(pilot: Pilot, today: datetime.date) -> dict[str, Any]:
    milestones = list(pilot.milestones.all())
    corrections = list(pilot.corrections.select_related("by", "answered_by"))
    for milestone in milestones:
        milestone.late = milestone.reached_on is None and milestone.due_date < today  # type: ignore[attr-defined]
    for correction in corrections:
        correction.late = correction.answered_at is None and correction.due_date < today  # type: ignore[attr-defined]
    return {
        "milestones": milestones,
        "indicators": list(pilot.indicators.all()),
        "corrections": corrections,
        "check_ins": list(pilot.check_ins.select_related("by", "milestone")),
        "events": list(pilot.events.select_related("actor")),
        "open_milestones": [m for m in milestones if m.reached_on is None],
    }


def phase_figures(phase_id: int) -> dict[str, int]:
    """The statistics' figures of a phase: its unit pilots running or paused, and the closed ones by
    outcome. One grouped count."""
    rows = Pilot.objects.filter(phase_id=phase_id).order_by().values_list("status", "outcome")
    figures = {"registered": 0, "open": 0, **{outcome: 0 for outcome in Outcome.values}}
    for status, outcome, n in rows.annotate(n=Count("*")):
        figures["registered"] += n
        if status in OPEN_STATUSES:
            figures["open"] += n
        elif outcome:
            figures[outcome] += n
    return figures

"""Reads of proposals, scoped to the viewer (the queries of permissions.py's predicates)."""

import datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from ideas.permissions import Person

from .models import Conclusion, InnovationCase, Proposal
from .permissions import may_view, opinion_q, viewable_q
from .workflow import INNOVATION_RECORDABLE, InnovationStep, Status


def proposal_list_for(user: Person) -> QuerySet[Proposal]:
    if not user.is_authenticated:
        return Proposal.objects.none()
    q = viewable_q(user)
    qs = Proposal.objects.all() if q is None else Proposal.objects.filter(q)
    return qs.select_related("unit", "department", "author")


def proposal_get_for(user: Person, pk: int | str) -> Proposal:
    """One proposal the person may see, or 404 for missing and not-yours alike."""
    try:
        number = int(str(pk))
    except ValueError:
        raise Http404 from None
    proposal = (
        Proposal.objects.select_related("unit", "department", "author", "idea", "opinion_by")
        .filter(pk=number)
        .first()
    )
    if proposal is None or not may_view(user, proposal):
        raise Http404
    return proposal


def opinion_queue_for(user: Person) -> QuerySet[Proposal]:
    """What waits for the person's department's opinion, the nearest time limit first."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(opinion_q(user), status=Status.ROUTED)
        .select_related("unit", "department")
        .order_by("opinion_due", "pk")
    )


def committee_figures() -> dict[str, Any]:
    """The proposals waiting for the committee: to route, to conclude, and the innovation proposals
    under Decree 73/2023 whose next step the committee records (the longest waiting first)."""
    counts = {Status.SUBMITTED: 0, Status.ANSWERED: 0}
    for status in counts:
        counts[status] = Proposal.objects.filter(status=status).count()
    cases = (
        InnovationCase.objects.filter(proposal__status__in=INNOVATION_RECORDABLE)
        .exclude(step=InnovationStep.PROTECTED)
        .select_related("proposal")
        .order_by("registered_at", "pk")
    )
    return {
        "to_route": counts[Status.SUBMITTED],
        "to_conclude": counts[Status.ANSWERED],
        "innovation_count": cases.count(),
        "innovation": list(cases[:5]),
    }


def overdue(proposal: Proposal, today: datetime.date) -> bool:
    return bool(proposal.status == Status.ROUTED and proposal.opinion_due and proposal.opinion_due < today)


def innovation_case(proposal: Proposal) -> InnovationCase | None:
    """The proposal's registration under Decree 73/2023, if any (the proposal is already the
    viewer's: read it through proposal_get_for first)."""
    return InnovationCase.objects.filter(proposal=proposal).select_related("registered_by").first()


def phase_figures(start: datetime.date, end: datetime.date) -> dict[str, int]:
    """The statistics' figures of a phase (its first and last day): proposals sent to the city in it
    and what the city concluded on them, and innovation proposals under Decree 73/2023 registered in
    it, with those whose protection was decided. Three grouped counts."""
    sent = Proposal.objects.filter(submitted_at__date__range=(start, end)).order_by()
    conclusions = dict(sent.values_list("conclusion").annotate(n=Count("*")))
    cases = InnovationCase.objects.filter(registered_at__date__range=(start, end)).order_by()
    steps = dict(cases.values_list("step").annotate(n=Count("*")))
    return {
        "sent": sum(conclusions.values()),
        "city_pilot": conclusions.get(Conclusion.CITY_PILOT, 0),
        "regulation": conclusions.get(Conclusion.REGULATION, 0),
        "not_accepted": conclusions.get(Conclusion.NOT_ACCEPTED, 0),
        "innovation": sum(steps.values()),
        "protected": steps.get(InnovationStep.PROTECTED, 0),
    }

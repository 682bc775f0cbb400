"""Reads of ideas, always scoped to the viewer (docs/domain.md, "Who sees an idea").

Each list here is the query of a predicate in permissions.py (viewable_q of may_view, reviewable_q
of may_review): one object is checked with the predicate, a list is selected with the query, and
tests/test_rules_agree.py checks over the demo data that both name the same ideas.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, Min, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from accounts.responsibility import unit_tree
from accounts.selectors import roles_of
from movement.models import Phase
from movement.selectors import public_holidays, working_days_between

from .models import Idea, IdeaAttachment, Invitation, Status
from .permissions import (
    REVIEW_STATUSES,
    CoAuthorship,
    Person,
    authored_q,
    may_view,
    reviewable_q,
    reviewers,
    viewable_q,
)
from .search import search_q, similar, similar_query


def idea_list_for(user: Person) -> QuerySet[Idea]:
    """Every idea the person may see (not yet ordered or paged)."""
    if not user.is_authenticated:
        return Idea.objects.none()
    q = viewable_q(user)
    qs = Idea.objects.all() if q is None else Idea.objects.filter(q)
    return qs.select_related("unit", "author", "phase")


def idea_get_for(user: Person, pk: int | str) -> Idea:
    """One idea the person may see, or 404 for missing and not-yours alike."""
    try:
        number = int(str(pk))
    except ValueError:
        raise Http404 from None
    qs = Idea.objects.select_related("unit", "author", "phase").prefetch_related("co_authors")
    idea = qs.filter(pk=number).first()
    if idea is None or not may_view(user, idea):
        raise Http404
    return idea


def idea_search(qs: QuerySet[Idea], q: str) -> QuerySet[Idea]:
    """Every folded word of the query must occur in the folded text ("dat dai" finds "đất đai")."""
    return qs.filter(search_q(q))


def awaiting_committee(statuses: frozenset[str] = REVIEW_STATUSES) -> list[int]:
    """The ideas in these states that nobody along their unit's chain may review (every head and
    deputy there is an author, or there is none): the committee answers for them. Two queries."""
    tree = unit_tree()
    supervisors = {unit: tree.supervisors(unit) for unit in tree.parent}
    nobody = [unit for unit, people in supervisors.items() if not people]
    # An author alone covers a unit only as its one supervisor; several need co-authors as well.
    alone = {unit: next(iter(people)) for unit, people in supervisors.items() if len(people) == 1}
    people = {person for unit in tree.parent for person in tree.own_people(unit)}
    # Only co-authors who supervise can leave a unit without a reviewer. Read as a list, so that each
    # arm of the OR below has an index (a subquery arm made PostgreSQL read every idea in review).
    co_authors: defaultdict[int, set[int]] = defaultdict(set)
    for idea_id, user_id in CoAuthorship.objects.filter(user_id__in=people).values_list("idea_id", "user_id"):
        co_authors[idea_id].add(user_id)
    candidates = Idea.objects.filter(status__in=statuses).filter(
        Q(unit_id__in=nobody)
        | Q(unit_id__in=alone.keys(), author_id__in=set(alone.values()))
        | Q(pk__in=co_authors.keys())
    )
    return [
        pk
        for pk, unit, author in candidates.values_list("pk", "unit_id", "author_id")
        if supervisors[unit] <= {author, *co_authors[pk]}
    ]


def review_queue_for(user: Person) -> QuerySet[Idea]:
    """The ideas the person may review now, oldest first (never their own); each marked
    `for_committee` when nobody in its units may review it."""
    roles = roles_of(user)
    if not (roles.supervised or roles.is_committee):
        return Idea.objects.none()
    waiting = awaiting_committee() if roles.is_committee else []
    return (
        Idea.objects.filter(status__in=REVIEW_STATUSES)
        .filter(reviewable_q(user, awaiting_committee=waiting))
        .annotate(for_committee=Case(When(pk__in=waiting, then=Value(True)), default=Value(False)))
        .select_related("unit", "author")
        .order_by("submitted_at", "pk")
    )


def review_limit() -> int:
    """Working days a submitted idea may wait for its review (the reminders and the queue agree)."""
    return int(getattr(settings, "IDEA_REVIEW_LIMIT_WORKING_DAYS", 5))


def with_waiting(ideas: Iterable[Idea], *, today: datetime.date) -> list[Idea]:
    """The ideas, each with `waiting_days` (working days since its submission, on the calendar the
    reminders count with) and `overdue_days` (working days beyond the review limit, 0 within it).
    One query for the public holidays, whatever the number of ideas."""
    ideas = list(ideas)
    moments = [idea.submitted_at for idea in ideas if idea.submitted_at]
    holidays = public_holidays(timezone.localdate(min(moments)), today) if moments else frozenset()
    limit = review_limit()
    for idea in ideas:
        waited = working_days_between(idea.submitted_at, today, holidays=holidays) if idea.submitted_at else 0
        idea.waiting_days = waited  # type: ignore[attr-defined]
        idea.overdue_days = max(0, waited - limit)  # type: ignore[attr-defined]
    return ideas


def similar_for(user: Person, text: str, *, exclude: int | None = None) -> list[Idea]:
    """Ideas the person may see that are most like `text`, across all units and phases (while an
    idea is written, and for its reviewers), never the idea itself."""
    qs = idea_list_for(user).select_related("unit", "phase")
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return similar(qs, text)


def related_for(user: Person, idea: Idea) -> list[tuple[str, Idea]]:
    """The ideas a reviewer linked this one to ("duplicate", "builds_on"), those the person may see."""
    pairs = [("duplicate", idea.duplicate_of), ("builds_on", idea.builds_on)]
    return [(relation, other) for relation, other in pairs if other is not None and may_view(user, other)]


def similar_for_review(user: Person, idea: Idea) -> list[Idea]:
    """The ideas like this one that both its reviewer and its author may open (a duplicate goes
    back to the authors with a link to the other idea)."""
    found = similar_for(idea.author, similar_query(idea.title, idea.problem), exclude=idea.pk)
    return [other for other in found if may_view(user, other)]


def may_use_review_queue(user: Person) -> bool:
    """Heads and deputies review their units' ideas; the committee those nobody else may."""
    roles = roles_of(user)
    return bool(roles.supervised) or roles.is_committee


def idea_detail_context(idea: Idea, user: Person) -> dict[str, Any]:
    """Timeline, attachments, progress and invitations of an idea already checked with
    idea_get_for; whether the committee decides it because nobody in its units may."""
    invitations = list(
        idea.invitations.filter(answer=Invitation.Answer.PENDING).select_related("person").order_by("pk")
    )
    return {
        "events": list(idea.events.select_related("actor")),
        "attachments": list(idea.attachments.filter(removed_at__isnull=True)),
        "progress_reports": list(idea.progress_reports.select_related("author")),
        "recognitions": list(idea.recognitions.select_related("meeting__council")),
        "invitations": invitations,
        "my_invitation": next((inv for inv in invitations if inv.person_id == user.pk), None),
        "for_committee": idea.status in REVIEW_STATUSES and reviewers(idea).by_committee,
    }


def invitation_get_for(user: Person, idea_pk: int | str) -> Invitation:
    """The person's own invitation to co-author an idea, or 404."""
    idea = idea_get_for(user, idea_pk)
    invitation = Invitation.objects.filter(idea=idea, person_id=user.pk or 0).first()
    if invitation is None:
        raise Http404
    invitation.idea = idea
    return invitation


def attachment_get_for(user: Person, idea_pk: int | str, pk: int | str) -> IdeaAttachment:
    idea = idea_get_for(user, idea_pk)
    attachment = IdeaAttachment.objects.filter(idea=idea, pk=pk, removed_at__isnull=True).first()
    if attachment is None:
        raise Http404
    attachment.idea = idea
    return attachment


def my_ideas_by_status(user: Person) -> dict[str, int]:
    """The person's ideas (written or co-written) by status, through the author's index and the
    primary key (authored_q lists the co-written ideas first)."""
    rows = Idea.objects.filter(authored_q(user)).order_by().values_list("status").annotate(n=Count("pk"))
    return dict(rows)


def returned_to(user: Person, limit: int = 5) -> list[Idea]:
    return list(
        Idea.objects.filter(status=Status.RETURNED).filter(authored_q(user)).order_by("-updated_at")[:limit]
    )


def head_figures(user: Person) -> dict[str, Any]:
    roles = roles_of(user)
    waiting = review_queue_for(user).aggregate(n=Count("pk"), oldest=Min("submitted_at"))
    pilots = Idea.objects.filter(status=Status.IMPLEMENTING, unit_id__in=roles.supervised).count()
    return {"waiting": waiting["n"], "oldest": waiting["oldest"], "pilots": pilots, "limit": review_limit()}


def phase_figures(phase: Phase | None) -> dict[str, int]:
    if phase is None:
        return {}
    # COUNT(*), not COUNT(id): answered from the idea_phase_figures index alone (an index-only
    # scan), where counting the id reads every row of the phase from the table.
    rows = Idea.objects.filter(phase=phase).order_by().values("status").annotate(n=Count("*"))
    return {row["status"]: row["n"] for row in rows}

"""Reads of ideas, always scoped to the viewer (docs/domain.md, "Who sees an idea")."""

from django.db.models import Count, Min, Q
from django.http import Http404

from accounts.selectors import roles_of

from .models import PUBLIC_STATUSES, Idea, IdeaAttachment, Status
from .search import query_terms

CoAuthorship = Idea.co_authors.through


def visible_q(user) -> Q | None:
    """The filter for what the person may see; None means everything (the committee)."""
    roles = roles_of(user)
    if roles.is_committee:
        return None
    q = (
        Q(status__in=PUBLIC_STATUSES)
        | Q(author_id=user.pk)
        | Q(pk__in=CoAuthorship.objects.filter(user_id=user.pk).values("idea_id"))
    )
    if roles.supervised:
        q |= Q(unit_id__in=roles.supervised)
    return q


def idea_list_for(user):
    """Every idea the person may see (not yet ordered or paged)."""
    if not user.is_authenticated:
        return Idea.objects.none()
    q = visible_q(user)
    qs = Idea.objects.all() if q is None else Idea.objects.filter(q)
    return qs.select_related("unit", "author", "phase")


def idea_get_for(user, pk) -> Idea:
    """One idea the person may see, or 404 for missing and not-yours alike."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    idea = idea_list_for(user).filter(pk=pk).prefetch_related("co_authors").first()
    if idea is None:
        raise Http404
    return idea


def idea_search(qs, q: str):
    """Every folded word of the query must occur in the folded text ("dat dai" finds "đất đai")."""
    for term in query_terms(q or ""):
        qs = qs.filter(search_text__contains=term)
    return qs


def review_queue_for(user):
    """Submitted ideas the person may review, oldest first (never their own)."""
    roles = roles_of(user)
    if not roles.supervised:
        return Idea.objects.none()
    return (
        Idea.objects.filter(status=Status.SUBMITTED, unit_id__in=roles.supervised)
        .exclude(author_id=user.pk)
        .exclude(pk__in=CoAuthorship.objects.filter(user_id=user.pk).values("idea_id"))
        .select_related("unit", "author")
        .order_by("submitted_at", "pk")
    )


def idea_detail_context(idea):
    """Timeline, attachments and progress of an idea already checked with idea_get_for."""
    return {
        "events": list(idea.events.select_related("actor")),
        "attachments": list(idea.attachments.filter(removed_at__isnull=True)),
        "progress_reports": list(idea.progress_reports.select_related("author")),
    }


def attachment_get_for(user, idea_pk, pk) -> IdeaAttachment:
    idea = idea_get_for(user, idea_pk)
    attachment = IdeaAttachment.objects.filter(idea=idea, pk=pk, removed_at__isnull=True).first()
    if attachment is None:
        raise Http404
    attachment.idea = idea
    return attachment


def my_ideas_by_status(user) -> dict[str, int]:
    rows = (
        Idea.objects.filter(
            Q(author_id=user.pk) | Q(pk__in=CoAuthorship.objects.filter(user_id=user.pk).values("idea_id"))
        )
        .values("status")
        .annotate(n=Count("pk"))
    )
    return {row["status"]: row["n"] for row in rows}


def returned_to(user, limit=5):
    return list(
        Idea.objects.filter(status=Status.RETURNED)
        .filter(
            Q(author_id=user.pk) | Q(pk__in=CoAuthorship.objects.filter(user_id=user.pk).values("idea_id"))
        )
        .order_by("-updated_at")[:limit]
    )


def head_figures(user):
    roles = roles_of(user)
    waiting = review_queue_for(user).aggregate(n=Count("pk"), oldest=Min("submitted_at"))
    pilots = Idea.objects.filter(status=Status.IMPLEMENTING, unit_id__in=roles.supervised).count()
    return {"waiting": waiting["n"], "oldest": waiting["oldest"], "pilots": pilots}


def phase_figures(phase):
    if phase is None:
        return {}
    rows = Idea.objects.filter(phase=phase).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}

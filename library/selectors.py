"""Reads of the library, scoped to the viewer (the queries of permissions.py's predicates)."""

from django.db.models import Count, QuerySet
from django.http import Http404

from accounts.selectors import roles_of
from ideas.models import Idea
from ideas.permissions import Person
from movement.models import Phase
from pilots.models import Pilot

from .models import Adoption, Practice
from .permissions import is_eligible, is_head, may_view, may_write_for, published_q


def practice_list_for(user: Person) -> QuerySet[Practice]:
    """The library: the published practices, each with how many units adopted it."""
    if not user.is_authenticated:
        return Practice.objects.none()
    return (
        Practice.objects.filter(published_q())
        .select_related("unit", "phase")
        .annotate(adoption_count=Count("adoptions"))
    )


def published_years() -> list[int]:
    """The years the library holds (the year filter's choices), newest first."""
    years = Practice.objects.filter(published_q()).order_by("-year").values_list("year", flat=True)
    return list(dict.fromkeys(years))


def _with_source(qs: QuerySet[Practice]) -> QuerySet[Practice]:
    return qs.select_related("unit", "phase", "idea", "pilot", "written_by").prefetch_related(
        "idea__co_authors"
    )


def practice_get_for(user: Person, pk: int | str) -> Practice:
    """One practice the person may read, or 404 for missing and not-yours alike."""
    try:
        number = int(str(pk))
    except ValueError:
        raise Http404 from None
    practice = _with_source(Practice.objects.filter(pk=number)).first()
    if practice is None or not may_view(user, practice):
        raise Http404
    return practice


def adoptions_of(practice: Practice) -> list[Adoption]:
    """Where the practice spread: the adopting units, oldest adoption first."""
    return list(practice.adoptions.select_related("unit", "recorded_by"))


def practice_of(source: Idea | Pilot) -> Practice | None:
    field = "idea" if isinstance(source, Idea) else "pilot"
    return Practice.objects.filter(**{field: source}).first()


def may_start_summary(user: Person, source: Idea | Pilot) -> bool:
    """Whether the source's page offers its authors to write the library's summary."""
    return may_write_for(user, source) and is_eligible(source)


def waiting_for_head(user: Person) -> list[Practice]:
    """The summaries the person approves as head that wait for that approval, oldest first. The
    candidates are the unpublished practices of the units they supervise (of every unit for the
    committee), narrowed by the predicate: there are few unpublished practices at any time."""
    roles = roles_of(user)
    if not (roles.is_committee or roles.supervised):
        return []
    qs = Practice.objects.filter(published_at__isnull=True, head_approved_at__isnull=True)
    if not roles.is_committee:
        qs = qs.filter(unit_id__in=roles.supervised)
    candidates = _with_source(qs.order_by("written_at", "pk"))
    return [practice for practice in candidates if is_head(user, practice)]


def adoption_figures(phase: Phase) -> dict[str, int]:
    """Adoptions by other units dated within the phase, and how many practices they adopted."""
    figures = (
        Adoption.objects.filter(adopted_on__gte=phase.start, adopted_on__lte=phase.end)
        .order_by()
        .aggregate(adoptions=Count("pk"), practices=Count("practice", distinct=True))
    )
    return {"adoptions": figures["adoptions"] or 0, "practices": figures["practices"] or 0}

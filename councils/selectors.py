"""Every read of councils and meetings, scoped to the viewer ("missing" and "not yours" are the same
404), and the closed meetings that passed an object (what a recognition or a decision may cite)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import User

from .models import Attendance, Council, Meeting, MeetingItem, Membership, Score, Vote
from .permissions import Person, council_viewable_q, may_view_council
from .workflow import Status


def council_list_for(user: Person) -> QuerySet[Council]:
    qs = Council.objects.select_related("unit").annotate(member_count=Count("memberships", distinct=True))
    where = council_viewable_q(user)
    return qs if where is None else qs.filter(where)


def council_get_for(user: Person, pk: int | str) -> Council:
    council = Council.objects.select_related("unit").filter(pk=pk).first()
    if council is None or not may_view_council(user, council):
        raise Http404
    return council


def meeting_get_for(user: Person, pk: int | str) -> Meeting:
    meeting = Meeting.objects.select_related("council", "council__unit").filter(pk=pk).first()
    if meeting is None or not may_view_council(user, meeting.council):
        raise Http404
    return meeting


def members_of(council: Council) -> QuerySet[Membership]:
    return council.memberships.select_related("person", "person__unit").order_by(
        "role", "person__full_name", "pk"
    )


def ballots_of(meeting: Meeting, user: Person) -> tuple[dict[int, dict[int, int]], dict[int, bool]]:
    """The person's own scores (item → criterion → score) and votes (item → agrees) in a meeting."""
    scores: dict[int, dict[int, int]] = {}
    for item_id, criterion_id, value in Score.objects.filter(
        item__meeting=meeting, member_id=user.pk
    ).values_list("item_id", "criterion_id", "value"):
        scores.setdefault(item_id, {})[criterion_id] = value
    votes = dict(
        Vote.objects.filter(item__meeting=meeting, member_id=user.pk).values_list("item_id", "agree")
    )
    return scores, votes


def waiting_for(user: User) -> list[tuple[Meeting, int]]:
    """Open meetings of the person's councils, each with its items still without their ballot."""
    if not user.is_authenticated:
        return []
    meetings = list(
        Meeting.objects.filter(
            status=Status.OPEN,
            council_id__in=Membership.objects.filter(person_id=user.pk).values("council_id"),
        )
        .select_related("council")
        .annotate(attends=Exists(Attendance.objects.filter(meeting=OuterRef("pk"), person_id=user.pk)))
        .order_by("date", "pk")
    )
    if not meetings:
        return []
    waiting = dict(
        MeetingItem.objects.filter(meeting__in=meetings)
        .exclude(scores__member_id=user.pk)
        .exclude(votes__member_id=user.pk)
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values_list("meeting_id", "n")
    )
    return [(meeting, waiting.get(meeting.pk, 0)) for meeting in meetings]


def citable_meetings(obj: Model) -> QuerySet[Meeting]:
    """The closed meetings that passed the object."""
    passed = MeetingItem.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, passed=True
    )
    return (
        Meeting.objects.filter(status=Status.CLOSED, pk__in=passed.values("meeting_id"))
        .select_related("council")
        .order_by("-date", "-pk")
    )


def item_passed(meeting: Meeting | None, obj: Model) -> bool:
    return meeting is not None and citable_meetings(obj).filter(pk=meeting.pk).exists()


def phase_figures(start: datetime.date, end: datetime.date) -> dict[str, int]:
    """The statistics' figures of a phase (its first and last day): council meetings closed in it,
    the items they decided and those that passed. One count."""
    items = MeetingItem.objects.filter(
        meeting__status=Status.CLOSED, meeting__date__range=(start, end)
    ).aggregate(
        meetings=Count("meeting", distinct=True), items=Count("pk"), passed=Count("pk", filter=Q(passed=True))
    )
    return {name: value or 0 for name, value in items.items()}

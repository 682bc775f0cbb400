"""Reminder rules about ideas (docs/domain.md), registered with notifications' registry.

They read only the stable parts of the idea model (status codes, unit, author, co-authors,
submitted_at, title, pk) and a constant number of queries whatever the number of people.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone

from accounts.models import Unit, User
from accounts.selectors import UnitGraph
from movement.models import Deadline
from movement.selectors import public_holidays, working_days_between
from notifications import texts
from notifications.reminders import Reminder, Rule, deadline_skip_reason, deadlines_due, register

from .models import Idea

logger = logging.getLogger(__name__)

DRAFT, SUBMITTED, RETURNED = "draft", "submitted", "returned"


def _date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _scope(deadline, graph: UnitGraph) -> set[int] | None:
    """The deadline's unit with its sub-units (and the units they replaced); None means all units."""
    return graph.subtree([deadline.unit_id]) if deadline.unit_id else None


class Reviewers:
    """Who reviews a unit's ideas: its head and deputies, else those of the nearest unit above;
    a dissolved unit's ideas go to its successor's reviewers. Loaded in three queries."""

    def __init__(self):
        self.units = {
            pk: (parent_id, successor_id, head_id)
            for pk, parent_id, successor_id, head_id in Unit.objects.values_list(
                "pk", "parent_id", "successor_id", "head_id"
            )
        }
        self.deputies: dict[int, set[int]] = {}
        for unit_id, user_id in Unit.deputies.through.objects.values_list("unit_id", "user_id"):
            self.deputies.setdefault(unit_id, set()).add(user_id)
        self.active = set(User.objects.filter(is_active=True).values_list("pk", flat=True))
        self._cache: dict[int, frozenset[int]] = {}

    def _own(self, unit_id: int) -> set[int]:
        head_id = self.units.get(unit_id, (None, None, None))[2]
        people = set(self.deputies.get(unit_id, ()))
        if head_id:
            people.add(head_id)
        return people & self.active

    def of(self, unit_id: int) -> frozenset[int]:
        if unit_id in self._cache:
            return self._cache[unit_id]
        seen, pk, people = set(), unit_id, set()
        while pk and pk not in seen:
            seen.add(pk)
            parent_id, successor_id, _ = self.units.get(pk, (None, None, None))
            if successor_id and successor_id not in seen:
                # The unit was replaced: its successor's reviewers take over.
                people = set(self.of(successor_id))
                break
            people = self._own(pk)
            if people:
                break
            pk = parent_id
        self._cache[unit_id] = frozenset(people)
        return self._cache[unit_id]


@register
class IdeaSubmissionRule(Rule):
    code = "idea_submission"
    description = "Authors and co-authors of draft or returned ideas, 7, 3 and 1 days before the deadline."

    def skip_reason(self, obj, *, today):
        if isinstance(obj, Deadline):
            if obj.kind != Deadline.Kind.IDEA_SUBMISSION:
                return "not an idea submission deadline"
            return deadline_skip_reason(obj, today=today)
        if obj.status not in (DRAFT, RETURNED):
            return f"the idea is {obj.status}, not draft or returned"
        for deadline in deadlines_due(Deadline.Kind.IDEA_SUBMISSION, today=today):
            scope = _scope(deadline, UnitGraph.load())
            if scope is None or obj.unit_id in scope:
                return None
        return "no idea submission deadline of its unit is due on a reminder day"

    def due(self, *, today):
        graph = None
        for deadline in deadlines_due(Deadline.Kind.IDEA_SUBMISSION, today=today):
            graph = graph or UnitGraph.load()
            scope = _scope(deadline, graph)
            ideas = Idea.objects.filter(status__in=(DRAFT, RETURNED))
            if scope is not None:
                ideas = ideas.filter(unit_id__in=scope)
            days = (deadline.due_date - today).days
            body = texts.IDEA_SUBMISSION_BODY % {"date": _date(deadline.due_date), "days": days}
            titles = {}
            people: dict[int, set[int]] = {}
            for pk, title, author_id in ideas.filter(author__is_active=True).values_list(
                "pk", "title", "author_id"
            ):
                titles[pk] = title
                people.setdefault(pk, set()).add(author_id)
            co_authors = Idea.co_authors.through.objects.filter(
                idea__in=ideas.values("pk"), user__is_active=True
            ).values_list("idea_id", "user_id")
            for idea_id, user_id in co_authors:
                if idea_id in titles:
                    people[idea_id].add(user_id)
            for idea_id, persons in people.items():
                title = texts.IDEA_SUBMISSION_TITLE % {"title": titles[idea_id]}
                for person_id in sorted(persons):
                    yield Reminder(
                        person_id=person_id,
                        rule=self.code,
                        object_key=f"deadline:{deadline.pk}:idea:{idea_id}",
                        title=title,
                        url=f"/ideas/{idea_id}/",
                        body=body,
                        due_date=deadline.due_date,
                    )


def review_limit() -> int:
    return int(getattr(settings, "IDEA_REVIEW_LIMIT_WORKING_DAYS", 5))


@register
class ReviewOverdueRule(Rule):
    code = "idea_review_overdue"
    description = "Heads and deputies with ideas submitted longer ago than the review limit (working days)."

    def skip_reason(self, obj, *, today):
        if obj.status != SUBMITTED:
            return f"the idea is {obj.status}, not submitted"
        if obj.submitted_at is None:
            return "the idea has no submission date"
        waited = working_days_between(obj.submitted_at, today)
        if waited <= review_limit():
            return f"waiting {waited} working day(s), within the limit of {review_limit()}"
        if not Reviewers().of(obj.unit_id):
            return "nobody heads the idea's unit or a unit above it"
        return None

    def due(self, *, today):
        limit = review_limit()
        # Fewer calendar days than the limit can never hold more working days: prune in SQL.
        end_of_latest_day = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=limit), datetime.time.max)
        )
        rows = list(
            Idea.objects.filter(status=SUBMITTED, submitted_at__lte=end_of_latest_day)
            .order_by("submitted_at", "pk")
            .values_list("pk", "title", "unit_id", "submitted_at")
        )
        if not rows:
            return
        holidays = public_holidays(timezone.localdate(rows[0][3]), today)
        reviewers = Reviewers()
        for pk, title, unit_id, submitted_at in rows:
            waited = working_days_between(submitted_at, today, holidays=holidays)
            if waited <= limit:
                continue
            people = reviewers.of(unit_id)
            if not people:
                logger.info("reminders: idea %s waits for review but its unit has no head or deputy", pk)
                continue
            body = texts.REVIEW_OVERDUE_BODY % {
                "date": _date(timezone.localdate(submitted_at)),
                "days": waited,
                "limit": limit,
            }
            for person_id in sorted(people):
                yield Reminder(
                    person_id=person_id,
                    rule=self.code,
                    object_key=f"idea:{pk}",
                    title=texts.REVIEW_OVERDUE_TITLE % {"title": title},
                    url=f"/ideas/{pk}/",
                    body=body,
                )


@register
class ReviewDeadlineRule(Rule):
    code = "idea_review_deadline"
    description = "Heads and deputies with submitted ideas, 7, 3 and 1 days before an idea review deadline."

    def skip_reason(self, obj, *, today):
        if isinstance(obj, Deadline):
            if obj.kind != Deadline.Kind.IDEA_REVIEW:
                return "not an idea review deadline"
            return deadline_skip_reason(obj, today=today)
        if obj.status != SUBMITTED:
            return f"the idea is {obj.status}, not submitted"
        return None

    def due(self, *, today):
        graph = reviewers = None
        for deadline in deadlines_due(Deadline.Kind.IDEA_REVIEW, today=today):
            graph = graph or UnitGraph.load()
            reviewers = reviewers or Reviewers()
            scope = _scope(deadline, graph)
            ideas = Idea.objects.filter(status=SUBMITTED)
            if scope is not None:
                ideas = ideas.filter(unit_id__in=scope)
            days = (deadline.due_date - today).days
            body = texts.REVIEW_DEADLINE_BODY % {"date": _date(deadline.due_date), "days": days}
            for pk, title, unit_id in ideas.order_by("pk").values_list("pk", "title", "unit_id"):
                for person_id in sorted(reviewers.of(unit_id)):
                    yield Reminder(
                        person_id=person_id,
                        rule=self.code,
                        object_key=f"deadline:{deadline.pk}:idea:{pk}",
                        title=texts.REVIEW_DEADLINE_TITLE % {"title": title},
                        url=f"/ideas/{pk}/",
                        body=body,
                        due_date=deadline.due_date,
                    )

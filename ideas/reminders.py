"""Reminder rules about ideas (docs/domain.md), registered with notifications' registry, with their
wording (rendered in the reader's language when read).

They read only the stable parts of the idea model (status codes, unit, author, co-authors,
submitted_at, title, pk) and a constant number of queries whatever the number of people. Who is
reminded to review an idea is who answers for it: the one resolver (accounts.responsibility).
"""

import datetime
import logging
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.responsibility import UnitTree, unit_tree
from movement.models import Deadline
from movement.selectors import public_holidays, working_days_between
from notifications.reminders import Reminder, Rule, deadline_skip_reason, deadlines_due, register

from .models import Idea
from .selectors import review_limit
from .workflow import EDITABLE_STATUSES, Status

logger = logging.getLogger(__name__)
CoAuthorship = Idea.co_authors.through


def _date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _url(idea_id: int) -> str:
    return reverse("ideas:idea-detail", args=[idea_id])


def _scope(deadline: Deadline, tree: UnitTree) -> set[int] | None:
    """The deadline's unit with its sub-units (and the units they replaced); None means all units."""
    return tree.subtree([deadline.unit_id]) if deadline.unit_id else None


def _authors(idea_ids: list[int]) -> dict[int, set[int]]:
    """The author and co-authors of each idea (one query per kind of link)."""
    authors: dict[int, set[int]] = {}
    for pk, author_id in Idea.objects.filter(pk__in=idea_ids).values_list("pk", "author_id"):
        authors.setdefault(pk, set()).add(author_id)
    for idea_id, user_id in CoAuthorship.objects.filter(idea_id__in=idea_ids).values_list(
        "idea_id", "user_id"
    ):
        authors.setdefault(idea_id, set()).add(user_id)
    return authors


def _reviewers(tree: UnitTree, rows: list[tuple[int, int]]) -> dict[int, frozenset[int]]:
    """Who answers for each (idea, unit): the resolver's reviewers, the committee standing in."""
    authors = _authors([pk for pk, _unit in rows])
    return {pk: tree.answerers(unit_id, exclude=authors.get(pk, ())).people for pk, unit_id in rows}


def _ideas_of_deadline(deadline: Deadline, statuses: frozenset[str]):
    scope = _scope(deadline, unit_tree())
    ideas = Idea.objects.filter(status__in=statuses)
    return ideas if scope is None else ideas.filter(unit_id__in=scope)


@register
class IdeaSubmissionRule(Rule):
    code = "idea_submission"
    description = "Authors and co-authors of draft or returned ideas, 7, 3 and 1 days before the deadline."
    title = _('Your idea "%(title)s" has not been submitted yet')
    body = ngettext_lazy(
        "The idea submission deadline is %(date)s, in %(days)d day.",
        "The idea submission deadline is %(date)s, in %(days)d days.",
        "days",
    )

    def skip_reason(self, obj, *, today):
        if isinstance(obj, Deadline):
            if obj.kind != Deadline.Kind.IDEA_SUBMISSION:
                return "not an idea submission deadline"
            return deadline_skip_reason(obj, today=today)
        if obj.status not in EDITABLE_STATUSES:
            return f"the idea is {obj.status}, not draft or returned"
        for deadline in deadlines_due(Deadline.Kind.IDEA_SUBMISSION, today=today):
            scope = _scope(deadline, unit_tree())
            if scope is None or obj.unit_id in scope:
                return None
        return "no idea submission deadline of its unit is due on a reminder day"

    def due(self, *, today) -> Iterator[Reminder]:
        for deadline in deadlines_due(Deadline.Kind.IDEA_SUBMISSION, today=today):
            ideas = _ideas_of_deadline(deadline, EDITABLE_STATUSES)
            when = {"date": _date(deadline.due_date), "days": (deadline.due_date - today).days}
            titles, people = {}, {}
            rows = ideas.filter(author__is_active=True).values_list("pk", "title", "author_id")
            for pk, title, author_id in rows:
                titles[pk] = title
                people[pk] = {author_id}
            co_authors = CoAuthorship.objects.filter(idea__in=ideas.values("pk"), user__is_active=True)
            for idea_id, user_id in co_authors.values_list("idea_id", "user_id"):
                if idea_id in people:
                    people[idea_id].add(user_id)
            for idea_id, persons in people.items():
                for person_id in sorted(persons):
                    yield Reminder(
                        person_id=person_id,
                        rule=self.code,
                        object_key=f"deadline:{deadline.pk}:idea:{idea_id}",
                        params={"title": titles[idea_id], **when},
                        url=_url(idea_id),
                        due_date=deadline.due_date,
                    )


@register
class ReviewOverdueRule(Rule):
    code = "idea_review_overdue"
    description = "Those who answer for ideas submitted longer ago than the review limit (working days)."
    title = _('The idea "%(title)s" is waiting for your review')
    body = ngettext_lazy(
        "Submitted on %(date)s: waiting for %(days)d working day (the limit is %(limit)d).",
        "Submitted on %(date)s: waiting for %(days)d working days (the limit is %(limit)d).",
        "days",
    )

    def skip_reason(self, obj, *, today):
        if obj.status != Status.SUBMITTED:
            return f"the idea is {obj.status}, not submitted"
        if obj.submitted_at is None:
            return "the idea has no submission date"
        waited = working_days_between(obj.submitted_at, today)
        if waited <= review_limit():
            return f"waiting {waited} working day(s), within the limit of {review_limit()}"
        if not _reviewers(unit_tree(), [(obj.pk, obj.unit_id)])[obj.pk]:
            return "nobody may review it, not even the committee"
        return None

    def due(self, *, today) -> Iterator[Reminder]:
        limit = review_limit()
        # Fewer calendar days than the limit can never hold more working days: prune in SQL.
        end_of_latest_day = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=limit), datetime.time.max)
        )
        rows = list(
            Idea.objects.filter(status=Status.SUBMITTED, submitted_at__lte=end_of_latest_day)
            .order_by("submitted_at", "pk")
            .values_list("pk", "title", "unit_id", "submitted_at")
        )
        if not rows:
            return
        holidays = public_holidays(timezone.localdate(rows[0][3]), today)
        waited = {pk: working_days_between(at, today, holidays=holidays) for pk, _t, _u, at in rows if at}
        late = [row for row in rows if waited.get(row[0], 0) > limit]
        reviewers = _reviewers(unit_tree(), [(pk, unit_id) for pk, _t, unit_id, _s in late])
        for pk, title, _unit_id, submitted_at in late:
            if not reviewers[pk]:
                logger.info("reminders: idea %s waits for review but nobody may review it", pk)
            for person_id in sorted(reviewers[pk]):
                yield Reminder(
                    person_id=person_id,
                    rule=self.code,
                    object_key=f"idea:{pk}",
                    params={
                        "title": title,
                        "date": _date(timezone.localdate(submitted_at)),
                        "days": waited[pk],
                        "limit": limit,
                    },
                    url=_url(pk),
                )


@register
class ReviewDeadlineRule(Rule):
    code = "idea_review_deadline"
    description = "Those who answer for submitted ideas, 7, 3 and 1 days before an idea review deadline."
    title = _('The idea "%(title)s" is waiting for your review')
    body = ngettext_lazy(
        "The idea review deadline is %(date)s, in %(days)d day.",
        "The idea review deadline is %(date)s, in %(days)d days.",
        "days",
    )

    def skip_reason(self, obj, *, today):
        if isinstance(obj, Deadline):
            if obj.kind != Deadline.Kind.IDEA_REVIEW:
                return "not an idea review deadline"
            return deadline_skip_reason(obj, today=today)
        if obj.status != Status.SUBMITTED:
            return f"the idea is {obj.status}, not submitted"
        return None

    def due(self, *, today) -> Iterator[Reminder]:
        for deadline in deadlines_due(Deadline.Kind.IDEA_REVIEW, today=today):
            ideas = _ideas_of_deadline(deadline, frozenset({Status.SUBMITTED}))
            when = {"date": _date(deadline.due_date), "days": (deadline.due_date - today).days}
            rows = list(ideas.order_by("pk").values_list("pk", "title", "unit_id"))
            reviewers = _reviewers(unit_tree(), [(pk, unit_id) for pk, _title, unit_id in rows])
            for pk, title, _unit_id in rows:
                for person_id in sorted(reviewers[pk]):
                    yield Reminder(
                        person_id=person_id,
                        rule=self.code,
                        object_key=f"deadline:{deadline.pk}:idea:{pk}",
                        params={"title": title, **when},
                        url=_url(pk),
                        due_date=deadline.due_date,
                    )

"""Reminders about proposals: the department's opinion, like an idea's review. Its leader is
reminded on each working day from the last working day before the time limit; once the limit has
passed, the reminder is escalated to the leader of the unit above the department and to the
committee."""

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.responsibility import unit_tree
from movement.selectors import is_working_day, public_holidays, working_days_between
from notifications.reminders import Reminder, Rule, register

from .models import Proposal
from .workflow import Status


def _rows(today: datetime.date):
    soon = today + datetime.timedelta(days=7)
    return list(
        Proposal.objects.filter(status=Status.ROUTED, opinion_due__lte=soon, department__isnull=False)
        .order_by("opinion_due", "pk")
        .values_list("pk", "title", "department_id", "opinion_due")
    )


@register
class OpinionDueRule(Rule):
    code = "proposal_opinion"
    description = "The department's leader, from one working day before the opinion's time limit."
    title = _('The proposal "%(title)s" waits for your department\'s opinion')
    body = _("The opinion is due on %(date)s.")

    def skip_reason(self, obj, *, today):
        if obj.status != Status.ROUTED:
            return f"the proposal is {obj.status}, not waiting for an opinion"
        if not is_working_day(today):
            return "today is not a working day"
        if working_days_between(today, obj.opinion_due) > 1:
            return "more than one working day before the time limit"
        return None

    def due(self, *, today) -> Iterator[Reminder]:
        rows = _rows(today)
        if not rows:
            return
        holidays = public_holidays(today, max(due for *_x, due in rows))
        if not is_working_day(today, holidays=holidays):
            return
        tree = unit_tree()
        for pk, title, department_id, due in rows:
            if working_days_between(today, due, holidays=holidays) > 1:
                continue
            for person_id in sorted(tree.leader(department_id).people):
                yield Reminder(
                    person_id=person_id,
                    rule=self.code,
                    object_key=f"proposal:{pk}",
                    params={"title": title, "date": f"{due:%d/%m/%Y}"},
                    url=reverse("proposals:proposal-detail", args=[pk]),
                    due_date=due,
                )


@register
class OpinionOverdueRule(Rule):
    code = "proposal_opinion_overdue"
    description = "Escalation: the leader above the department and the committee, after the time limit."
    title = _('The opinion on the proposal "%(title)s" is overdue')
    body = _("%(department)s was to give its opinion by %(date)s.")

    def skip_reason(self, obj, *, today):
        if obj.status != Status.ROUTED:
            return f"the proposal is {obj.status}, not waiting for an opinion"
        if obj.opinion_due >= today:
            return "the time limit has not passed"
        if not is_working_day(today):
            return "today is not a working day"
        return None

    def due(self, *, today) -> Iterator[Reminder]:
        if not is_working_day(today):
            return
        rows = list(
            Proposal.objects.filter(status=Status.ROUTED, opinion_due__lt=today)
            .order_by("opinion_due", "pk")
            .values_list("pk", "title", "department_id", "department__name", "opinion_due")
        )
        tree = unit_tree()
        for pk, title, department_id, department, due in rows:
            parent = tree.parent.get(department_id)
            people = set(tree.committee())
            if parent is not None:
                people |= tree.leader(parent).people
            for person_id in sorted(people):
                yield Reminder(
                    person_id=person_id,
                    rule=self.code,
                    object_key=f"proposal:{pk}",
                    params={"title": title, "department": department, "date": f"{due:%d/%m/%Y}"},
                    url=reverse("proposals:proposal-detail", args=[pk]),
                    due_date=due,
                )

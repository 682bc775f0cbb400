"""Reminders about unit pilots, on working days only: a milestone past its due date and not reached
reminds the person in charge and the supervisors; a correction request not answered reminds the
team from one working day before its limit, and once the limit has passed, the supervisors too."""

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from movement.selectors import is_working_day, public_holidays, working_days_between
from notifications.reminders import Reminder, Rule, register

from .models import Correction, Milestone, Pilot
from .permissions import supervisors_of_unit
from .workflow import OPEN_STATUSES, Status


def _url(pk: int) -> str:
    return reverse("pilots:pilot-detail", args=[pk])


def _teams(pilot_ids: set[int]) -> dict[int, set[int]]:
    teams: dict[int, set[int]] = {}
    for pk, owner_id in Pilot.objects.filter(pk__in=pilot_ids).values_list("pk", "owner_id"):
        teams.setdefault(pk, set()).add(owner_id)
    for pilot_id, user_id in Pilot.members.through.objects.filter(pilot_id__in=pilot_ids).values_list(
        "pilot_id", "user_id"
    ):
        teams.setdefault(pilot_id, set()).add(user_id)
    return teams


@register
class MilestoneOverdueRule(Rule):
    code = "pilot_milestone_overdue"
    description = "The person in charge and the supervisors, each working day a milestone is overdue."
    title = _('A milestone of the pilot "%(title)s" is overdue')
    body = _("“%(milestone)s” was due on %(date)s and is not reached.")

    def skip_reason(self, obj, *, today):
        if obj.reached_on is not None:
            return "the milestone was reached"
        if obj.due_date >= today:
            return "the milestone is not yet due"
        if obj.pilot.status != Status.RUNNING:
            return f"the pilot is {obj.pilot.status}"
        if not is_working_day(today):
            return "today is not a working day"
        return None

    def due(self, *, today) -> Iterator[Reminder]:
        if not is_working_day(today):
            return
        rows = list(
            Milestone.objects.filter(
                reached_on__isnull=True, due_date__lt=today, pilot__status=Status.RUNNING
            )
            .order_by("due_date", "pk")
            .values_list(
                "pk", "title", "due_date", "pilot_id", "pilot__title", "pilot__owner_id", "pilot__unit_id"
            )
        )
        for pk, title, due, pilot_id, pilot_title, owner_id, unit_id in rows:
            for person_id in sorted({owner_id, *supervisors_of_unit(unit_id)}):
                yield Reminder(
                    person_id=person_id,
                    rule=self.code,
                    object_key=f"milestone:{pk}",
                    params={"title": pilot_title, "milestone": title, "date": f"{due:%d/%m/%Y}"},
                    url=_url(pilot_id),
                    due_date=due,
                )


@register
class CorrectionDueRule(Rule):
    code = "pilot_correction"
    description = "The team, from one working day before a correction's limit; the supervisors after it."
    title = _('A correction request on the pilot "%(title)s" waits for an answer')
    body = _("The answer is due on %(date)s.")

    def skip_reason(self, obj, *, today):
        if obj.answered_at is not None:
            return "the correction request was answered"
        if obj.pilot.status not in OPEN_STATUSES:
            return f"the pilot is {obj.pilot.status}"
        if not is_working_day(today):
            return "today is not a working day"
        if working_days_between(today, obj.due_date) > 1:
            return "more than one working day before the limit"
        return None

    def due(self, *, today) -> Iterator[Reminder]:
        window = today + datetime.timedelta(days=7)
        rows = list(
            Correction.objects.filter(
                answered_at__isnull=True, due_date__lte=window, pilot__status__in=OPEN_STATUSES
            )
            .order_by("due_date", "pk")
            .values_list("pk", "due_date", "pilot_id", "pilot__title", "pilot__unit_id")
        )
        if not rows:
            return
        holidays = public_holidays(today, window)
        if not is_working_day(today, holidays=holidays):
            return
        teams = _teams({row[2] for row in rows})
        for pk, due, pilot_id, pilot_title, unit_id in rows:
            if working_days_between(today, due, holidays=holidays) > 1:
                continue
            people = set(teams.get(pilot_id, ()))
            if due < today:
                people |= set(supervisors_of_unit(unit_id))
            for person_id in sorted(people):
                yield Reminder(
                    person_id=person_id,
                    rule=self.code,
                    object_key=f"correction:{pk}",
                    params={"title": pilot_title, "date": f"{due:%d/%m/%Y}"},
                    url=_url(pilot_id),
                    due_date=due,
                )

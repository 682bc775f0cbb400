"""Every write to unit pilots. Each service runs in one transaction and locks the pilot's row."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from accounts.responsibility import unit_tree
from ideas import services as idea_services
from ideas.models import Idea
from ideas.permissions import may_lead
from ideas.workflow import PUBLIC_STATUSES
from ideas.workflow import Status as IdeaStatus
from movement.models import Phase
from movement.selectors import add_working_days
from notifications.services import notify
from proposals.models import Conclusion, Proposal
from proposals.workflow import Status as ProposalStatus

from . import notices
from .models import CheckIn, Correction, Indicator, Milestone, Pilot, PilotEvent
from .permissions import may_register, register_units, role_allows, supervisors_of_unit, team_ids
from .workflow import TRANSITIONS, Outcome, Status, state_allows

MAX_CORRECTION_DAYS = 30


class WorkflowError(Exception):
    """The pilot's state does not allow the action (shown as a message)."""


def _event(
    *, pilot: Pilot, by: User, action: str, comment: str = "", to_status: str = "", from_status: str = "",
    now: datetime.datetime | None = None,
) -> PilotEvent:  # fmt: skip
    return PilotEvent.objects.create(
        pilot=pilot,
        actor=by,
        action=action,
        from_status=from_status or pilot.status,
        to_status=to_status or pilot.status,
        comment=comment,
        created_at=now or timezone.now(),
    )


def pilot_check(*, pilot: Pilot, by: User, action: str, state: bool = True) -> None:
    """The one refusal order: the role (PermissionDenied), then the state (WorkflowError)."""
    if not role_allows(by, pilot, action):
        raise PermissionDenied(_("You may not do this with this pilot."))
    if state and not state_allows(action, pilot.status):
        raise WorkflowError(
            _(
                "This action is no longer possible: the pilot is now “%(status)s”. "
                "Someone may have acted on it at the same time; the page shows its current state."
            )
            % {"status": pilot.get_status_display()}
        )


def _lock(pilot: Pilot) -> Pilot:
    return Pilot.objects.select_for_update(of=("self",)).select_related("unit").get(pk=pilot.pk)


def _text(value: Any) -> str:
    return str(value or "").strip()


def sources_for(unit_id: int) -> tuple[Any, Any]:
    """The ideas and proposals a unit may pilot: its own (and its sub-units'), approved ideas and
    proposals the city did not refuse."""
    units = unit_tree().subtree([unit_id])
    ideas = Idea.objects.filter(unit_id__in=units, status__in=PUBLIC_STATUSES).order_by("-pk")
    proposals = (
        Proposal.objects.filter(unit_id__in=units)
        .exclude(status__in=[ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN])
        .exclude(conclusion=Conclusion.NOT_ACCEPTED)
        .order_by("-pk")
    )
    return ideas, proposals


@transaction.atomic
def pilot_register(
    *,
    by: User,
    unit: Unit,
    title: str,
    goals: str,
    owner: User,
    members: Iterable[User] = (),
    idea: Idea | None = None,
    proposal: Proposal | None = None,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Pilot:
    """Registers the difficulty a unit chose to pilot in the phase of today. An approved idea chosen
    here starts its own pilot (the idea's "start") when the person may lead it."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    if not may_register(by):
        raise PermissionDenied(_("Only a unit's head or deputy registers its pilot."))
    errors: dict[str, str] = {}
    if unit.pk not in register_units(by):
        errors["unit"] = _("Choose a unit you head or deputise.")
    title, goals = _text(title), _text(goals)
    if not title:
        errors["title"] = _("Say which difficulty the unit pilots.")
    if not goals:
        errors["goals"] = _("Write the pilot's goals.")
    ideas, proposals = sources_for(unit.pk)
    if idea is not None and proposal is not None:
        errors["proposal"] = _("Choose an idea or a proposal, not both.")
    if idea is not None and not ideas.filter(pk=idea.pk).exists():
        errors["idea"] = _("Choose an approved idea of the unit.")
    if proposal is not None and not proposals.filter(pk=proposal.pk).exists():
        errors["proposal"] = _("Choose a proposal of the unit that the city did not refuse.")
    if owner.unit_id not in unit_tree().subtree([unit.pk]):
        errors["owner"] = _("The person in charge must work in the unit.")
    phase = Phase.for_date(today)
    if phase is None:
        errors["title"] = _("No phase of the movement contains today; ask the committee to add it.")
    if errors or phase is None:
        raise ValidationError(errors)
    pilot = Pilot.objects.create(
        unit=unit,
        phase=phase,
        title=title[:300],
        goals=goals,
        owner=owner,
        registered_by=by,
        idea=idea,
        proposal=proposal,
        created_at=now,
    )
    pilot.members.set([m for m in members if m.pk != owner.pk])
    _event(pilot=pilot, by=by, action="register", now=now)
    if idea is not None and idea.status == IdeaStatus.APPROVED and may_lead(by, idea):
        idea_services.idea_transition(idea=idea, by=by, action="start", now=now, today=today)
    notify(
        recipients=[p for p in User.objects.filter(pk__in=team_ids(pilot)) if p.pk != by.pk],
        kind=notices.REGISTERED,
        params={"title": pilot.title, "unit": unit.name},
        url=pilot.get_absolute_url(),
    )
    return pilot


def _future(day: Any, today: datetime.date, field: str) -> None:
    if not isinstance(day, datetime.date):
        raise ValidationError({field: _("Enter a date.")})
    if day < today:
        raise ValidationError({field: _("The date cannot be in the past.")})


@transaction.atomic
def pilot_add_milestone(
    *,
    pilot: Pilot,
    by: User,
    title: str,
    due_date: datetime.date,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Milestone:
    pilot = _lock(pilot)
    pilot_check(pilot=pilot, by=by, action="plan")
    today = today or timezone.localdate()
    if not _text(title):
        raise ValidationError({"title": _("Name the milestone.")})
    _future(due_date, today, "due_date")
    milestone = Milestone.objects.create(pilot=pilot, title=_text(title)[:300], due_date=due_date)
    _event(
        pilot=pilot, by=by, action="milestone", comment=f"{milestone.title} · {due_date:%d/%m/%Y}", now=now
    )
    return milestone


@transaction.atomic
def pilot_add_indicator(
    *,
    pilot: Pilot,
    by: User,
    name: str,
    target_value: Decimal,
    measure_unit: str,
    due_date: datetime.date,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Indicator:
    pilot = _lock(pilot)
    pilot_check(pilot=pilot, by=by, action="plan")
    today = today or timezone.localdate()
    errors = {}
    if not _text(name):
        errors["name"] = _("Name the indicator.")
    if not _text(measure_unit):
        errors["measure_unit"] = _("Give the unit of measure (days, files, %…).")
    if not isinstance(target_value, Decimal):
        errors["target_value"] = _("Enter the target value as a number.")
    if errors:
        raise ValidationError(errors)
    _future(due_date, today, "due_date")
    indicator = Indicator.objects.create(
        pilot=pilot,
        name=_text(name)[:300],
        target_value=target_value,
        measure_unit=_text(measure_unit)[:50],
        due_date=due_date,
    )
    comment = f"{indicator.name}: {target_value} {indicator.measure_unit} · {due_date:%d/%m/%Y}"
    _event(pilot=pilot, by=by, action="indicator", comment=comment, now=now)
    return indicator


@transaction.atomic
def pilot_reach_milestone(
    *,
    pilot: Pilot,
    by: User,
    milestone: Milestone,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Milestone:
    pilot = _lock(pilot)
    pilot_check(pilot=pilot, by=by, action="report")
    today = today or timezone.localdate()
    if milestone.pilot_id != pilot.pk:
        raise PermissionDenied
    if milestone.reached_on is not None:
        raise ValidationError(_("This milestone was already marked as reached."))
    Milestone.objects.filter(pk=milestone.pk).update(reached_on=today)
    milestone.reached_on = today
    _event(pilot=pilot, by=by, action="reached", comment=milestone.title, now=now)
    return milestone


@transaction.atomic
def pilot_measure(
    *,
    pilot: Pilot,
    by: User,
    indicator: Indicator,
    value: Decimal,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Indicator:
    pilot = _lock(pilot)
    pilot_check(pilot=pilot, by=by, action="report")
    today = today or timezone.localdate()
    if indicator.pilot_id != pilot.pk:
        raise PermissionDenied
    if not isinstance(value, Decimal):
        raise ValidationError({"value": _("Enter the measured value as a number.")})
    Indicator.objects.filter(pk=indicator.pk).update(measured_value=value, measured_on=today)
    indicator.measured_value, indicator.measured_on = value, today
    comment = f"{indicator.name}: {value} {indicator.measure_unit}"
    _event(pilot=pilot, by=by, action="measured", comment=comment, now=now)
    return indicator


@transaction.atomic
def pilot_check_in(
    *,
    pilot: Pilot,
    by: User,
    note: str,
    on_track: bool,
    milestone: Milestone | None = None,
    now: datetime.datetime | None = None,
) -> CheckIn:
    pilot = _lock(pilot)
    pilot_check(pilot=pilot, by=by, action="check_in")
    if not _text(note):
        raise ValidationError({"note": _("Write what you checked and what you found.")})
    if milestone is not None and milestone.pilot_id != pilot.pk:
        raise ValidationError({"milestone": _("Choose a milestone of this pilot.")})
    check_in = CheckIn.objects.create(
        pilot=pilot,
        by=by,
        note=_text(note),
        on_track=on_track,
        milestone=milestone,
        created_at=now or timezone.now(),
    )
    _event(pilot=pilot, by=by, action="check_in", comment=_text(note), now=now)
    return check_in


@transaction.atomic
def pilot_request_correction(
    *,
    pilot: Pilot,
    by: User,
    problem: str,
    change: str,
    days: int,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Correction:
    """A supervisor says what is wrong, what must change, and within how many working days the team
    answers; the team is told."""
    pilot = _lock(pilot)
    pilot_check(pilot=pilot, by=by, action="correct")
    today = today or timezone.localdate()
    errors = {}
    if not _text(problem):
        errors["problem"] = _("Say what is wrong.")
    if not _text(change):
        errors["change"] = _("Say what must change.")
    if not isinstance(days, int) or not 1 <= days <= MAX_CORRECTION_DAYS:
        errors["days"] = _("Give the time limit as a number of working days from 1 to %(n)d.") % {
            "n": MAX_CORRECTION_DAYS
        }
    if errors:
        raise ValidationError(errors)
    correction = Correction.objects.create(
        created_at=now or timezone.now(),
        pilot=pilot,
        by=by,
        problem=_text(problem),
        change=_text(change),
        due_date=add_working_days(today, days),
    )
    _event(pilot=pilot, by=by, action="correct", comment=_text(problem), now=now)
    notify(
        recipients=User.objects.filter(pk__in=team_ids(pilot)),
        kind=notices.CORRECTION,
        params={"title": pilot.title, "date": f"{correction.due_date:%d/%m/%Y}"},
        url=pilot.get_absolute_url(),
    )
    return correction


@transaction.atomic
def pilot_answer_correction(
    *, pilot: Pilot, by: User, correction: Correction, answer: str, now: datetime.datetime | None = None
) -> Correction:
    pilot = _lock(pilot)
    pilot_check(pilot=pilot, by=by, action="answer")
    if correction.pilot_id != pilot.pk:
        raise PermissionDenied
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if correction.answered_at is not None:
        raise ValidationError(_("This correction request was already answered."))
    if not _text(answer):
        raise ValidationError({"answer": _("Write what the team changed or will change.")})
    correction.answer, correction.answered_by, correction.answered_at = (
        _text(answer),
        by,
        now or timezone.now(),
    )
    correction.save(update_fields=["answer", "answered_by", "answered_at"])
    _event(pilot=pilot, by=by, action="answer", comment=correction.answer)
    notify(
        recipients=[correction.by],
        kind=notices.ANSWERED,
        params={"title": pilot.title, "comment": correction.answer},
        url=pilot.get_absolute_url(),
    )
    return correction


def _close(pilot: Pilot, action: str, extra: dict[str, Any]) -> list[str]:
    outcome = Outcome.STOPPED if action == "stop" else extra.get("outcome") or ""
    within = extra.get("within_plan")
    errors = {}
    if action == "finish":
        if outcome not in (Outcome.EFFECTIVE, Outcome.PARTLY, Outcome.NOT_EFFECTIVE):
            errors["outcome"] = _("Choose the outcome: effective, partly effective or not effective.")
        missing = [i.name for i in pilot.indicators.all() if i.measured_value is None]
        if missing:
            errors["outcome"] = _("Record the measured value of every indicator first: %(names)s.") % {
                "names": ", ".join(missing)
            }
        elif not pilot.indicators.exists():
            errors["outcome"] = _("A pilot is closed against its indicators: add and measure at least one.")
    if outcome in (Outcome.STOPPED, Outcome.NOT_EFFECTIVE) and within not in (True, False):
        errors["within_plan"] = _("Record whether the team acted within the approved plan.")
    if within is False and not _text(extra.get("within_plan_note")):
        errors["within_plan_note"] = _("Say where the team departed from the approved plan.")
    if errors:
        raise ValidationError(errors)
    pilot.outcome = outcome
    pilot.within_plan = within if within in (True, False) else None
    pilot.within_plan_note = _text(extra.get("within_plan_note"))
    return ["outcome", "within_plan", "within_plan_note"]


@transaction.atomic
def pilot_transition(
    *,
    pilot: Pilot,
    by: User,
    action: str,
    comment: str = "",
    now: datetime.datetime | None = None,
    **extra: Any,
) -> Pilot:
    """Pause, resume, stop or close a pilot: lock, role, state, input, save, event, notifications."""
    if action not in TRANSITIONS:
        raise PermissionDenied(_("Unknown action."))
    move = TRANSITIONS[action]
    pilot = _lock(pilot)
    now = now or timezone.now()
    comment = _text(comment)
    pilot_check(pilot=pilot, by=by, action=action)
    if move.needs_comment and not comment:
        raise ValidationError({"comment": _("Write your assessment.")})
    from_status = pilot.status
    fields = ["status"]
    if move.target == Status.CLOSED:
        fields += _close(pilot, action, extra)
        pilot.assessment, pilot.closed_by, pilot.closed_at = comment, by, now
        fields += ["assessment", "closed_by", "closed_at"]
    pilot.status = move.target
    pilot.save(update_fields=fields)
    _event(pilot=pilot, by=by, action=action, comment=comment, from_status=from_status, now=now)
    people = {*team_ids(pilot), *supervisors_of_unit(pilot.unit_id)} - {by.pk}
    notify(
        recipients=User.objects.filter(pk__in=people),
        kind=notices.MOVED[action],
        params={"title": pilot.title, "comment": comment},
        url=pilot.get_absolute_url(),
    )
    return pilot

"""Every write to proposals. Each service runs in one transaction; transitions lock the row."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from accounts.responsibility import unit_tree
from ideas.models import Idea
from movement.selectors import add_working_days
from notifications.services import notify

from . import notices
from .models import (
    PLAN_FIELDS,
    Conclusion,
    EvaluationResult,
    InnovationCase,
    InnovationRecord,
    Proposal,
    ProposalEvent,
)
from .permissions import (
    REGISTER,
    author_is_leader,
    innovation_role_allows,
    may_propose,
    may_raise,
    opinion_leader,
    raising_unit,
    role_allows,
    writer_units,
)
from .selectors import innovation_case
from .workflow import (
    INNOVATION_RECORDABLE,
    INNOVATION_REGISTRABLE,
    INNOVATION_STEPS,
    TRANSITIONS,
    InnovationAction,
    Status,
    innovation_step_allows,
    state_allows,
)

CONTENT_FIELDS = (
    "title",
    "blocker_kind",
    "legal_reference",
    "blocker",
    "solution",
    "scope",
    "resources",
    "risks",
    "expected_effect",
)
MAX_OPINION_DAYS = 60


class WorkflowError(Exception):
    """The proposal's state does not allow the action (shown as a message)."""


def _event(
    *,
    proposal: Proposal,
    by: User,
    action: str,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    now: datetime.datetime | None = None,
) -> ProposalEvent:
    return ProposalEvent.objects.create(
        proposal=proposal,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        created_at=now or timezone.now(),
    )


def proposal_check(*, proposal: Proposal, by: User, action: str, state: bool = True) -> None:
    """The one refusal order: the role (PermissionDenied), then the state (WorkflowError)."""
    if not role_allows(by, proposal, action):
        raise PermissionDenied(_("You may not do this with this proposal."))
    if state and not state_allows(action, proposal.status):
        raise WorkflowError(
            _(
                "This action is no longer possible: the proposal is now “%(status)s”. "
                "Someone may have acted on it at the same time; the page shows its current state."
            )
            % {"status": proposal.get_status_display()}
        )


def _lock(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update(of=("self",)).select_related("unit").get(pk=proposal.pk)


def _required_content(fields: dict[str, Any]) -> None:
    """Everything but the legal reference is required; a regulation that does not fit names it."""
    errors = {}
    for name in CONTENT_FIELDS:
        if name != "legal_reference" and not str(fields.get(name) or "").strip():
            errors[name] = _("Fill in this field.")
    if (
        fields.get("blocker_kind") == "unfit_regulation"
        and not str(fields.get("legal_reference") or "").strip()
    ):
        errors["legal_reference"] = _(
            "Name the regulation that does not fit practice (its number and article)."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def proposal_create(
    *,
    by: User,
    unit: Unit | None = None,
    idea: Idea | None = None,
    now: datetime.datetime | None = None,
    **fields: Any,
) -> Proposal:
    """A draft written on behalf of a unit the person heads or deputises, or raised from an approved
    idea of a unit they answer for (then proposed in the nearest such unit)."""
    if idea is not None:
        if not may_raise(by, idea):
            raise PermissionDenied(_("You may not raise this idea into a proposal."))
        unit_id = raising_unit(by, idea)
        if unit_id is None:
            raise PermissionDenied(_("You may not raise this idea into a proposal."))
    else:
        if not may_propose(by):
            raise PermissionDenied(_("Only a unit's head or deputy writes proposals on its behalf."))
        if unit is None and len(writer_units(by)) == 1:
            [unit_id] = writer_units(by)
        else:
            unit_id = unit.pk if unit is not None else None
        if unit_id is None or unit_id not in writer_units(by):
            raise ValidationError({"unit": _("Choose a unit you head or deputise.")})
    _required_content(fields)
    proposal = Proposal(author=by, unit_id=unit_id, idea=idea, created_at=now or timezone.now())
    for name in CONTENT_FIELDS:
        setattr(proposal, name, str(fields.get(name) or "").strip())
    proposal.full_clean(exclude=["unit", "author", "idea", "department", "opinion_by"])
    proposal.save()
    _event(proposal=proposal, by=by, action="create", to_status=Status.DRAFT, now=now)
    return proposal


@transaction.atomic
def proposal_update(*, proposal: Proposal, by: User, **fields: Any) -> Proposal:
    proposal = _lock(proposal)
    proposal_check(proposal=proposal, by=by, action="edit")
    _required_content(fields)
    for name in CONTENT_FIELDS:
        setattr(proposal, name, str(fields.get(name) or "").strip())
    proposal.full_clean(exclude=["unit", "author", "idea", "department", "opinion_by"])
    proposal.save()
    _event(proposal=proposal, by=by, action="edit", from_status=proposal.status, to_status=proposal.status)
    return proposal


def _people(ids: Iterable[int]) -> list[User]:
    return list(User.objects.filter(pk__in=ids))


def _writers(proposal: Proposal) -> list[User]:
    """The author, and the heads and deputies of the proposing unit."""
    return _people({proposal.author_id, *unit_tree().own_people(proposal.unit_id)})


def _notify(proposal: Proposal, action: str, comment: str) -> None:
    url = proposal.get_absolute_url()
    if action == "submit":
        notify(
            recipients=_people(unit_tree().committee()),
            kind=notices.SUBMITTED,
            params={"title": proposal.title, "unit": proposal.unit.name},
            url=url,
        )
    elif action == "route":
        assert proposal.department is not None and proposal.opinion_due is not None
        notify(
            recipients=_people(opinion_leader(proposal).people),
            kind=notices.ROUTED,
            params={
                "title": proposal.title,
                "department": proposal.department.name,
                "date": f"{proposal.opinion_due:%d/%m/%Y}",
            },
            url=url,
        )
    elif action == "opine":
        notify(
            recipients=[*_people(unit_tree().committee()), *_writers(proposal)],
            kind=notices.OPINION,
            params={"title": proposal.title, "comment": comment},
            url=url,
        )
    elif action == "conclude":
        assert proposal.conclusion_date is not None
        notify(
            recipients=_writers(proposal),
            kind=notices.CONCLUDED[proposal.conclusion],
            params={
                "title": proposal.title,
                "number": proposal.conclusion_number,
                "date": f"{proposal.conclusion_date:%d/%m/%Y}",
            },
            url=url,
        )


def _route(proposal: Proposal, extra: dict[str, Any], today: datetime.date) -> list[str]:
    department = extra.get("department")
    days = extra.get("days")
    errors = {}
    if not isinstance(department, Unit):
        errors["department"] = _("Choose the competent department.")
    elif department.pk == proposal.unit_id:
        errors["department"] = _("The competent department cannot be the proposing unit itself.")
    elif department.successor_id is not None:
        errors["department"] = _("This unit was replaced in a reorganisation; choose the unit in force.")
    if not isinstance(days, int) or not 1 <= days <= MAX_OPINION_DAYS:
        errors["days"] = _("Give the time limit as a number of working days from 1 to %(n)d.") % {
            "n": MAX_OPINION_DAYS
        }
    if errors:
        raise ValidationError(errors)
    assert isinstance(department, Unit) and isinstance(days, int)
    proposal.department = department
    proposal.opinion_days = days
    proposal.opinion_due = add_working_days(today, days)
    return ["department", "opinion_days", "opinion_due"]


def _conclude(proposal: Proposal, extra: dict[str, Any], today: datetime.date) -> list[str]:
    conclusion = extra.get("conclusion") or ""
    number = str(extra.get("decision_number") or "").strip()
    date = extra.get("decision_date")
    errors = {}
    if conclusion not in Conclusion.values:
        errors["conclusion"] = _("Choose the city's conclusion.")
    if not number:
        errors["decision_number"] = _("Enter the number of the city's document.")
    if not isinstance(date, datetime.date):
        errors["decision_date"] = _("Enter the date of the city's document.")
    elif date > today:
        errors["decision_date"] = _("The document date cannot be in the future.")
    elif proposal.submitted_at and date < timezone.localdate(proposal.submitted_at):
        errors["decision_date"] = _("The document date cannot be before the proposal was submitted.")
    if errors:
        raise ValidationError(errors)
    proposal.conclusion = conclusion
    proposal.conclusion_number = number[:100]
    proposal.conclusion_date = date
    return ["conclusion", "conclusion_number", "conclusion_date"]


@transaction.atomic
def proposal_transition(
    *,
    proposal: Proposal,
    by: User,
    action: str,
    comment: str = "",
    now: datetime.datetime | None = None,
    today: datetime.date | None = None,
    **extra: Any,
) -> Proposal:
    """Moves a proposal along its workflow: lock, role, state, input, save, event, notifications."""
    if action not in TRANSITIONS:
        raise PermissionDenied(_("Unknown action."))
    move = TRANSITIONS[action]
    proposal = _lock(proposal)
    comment = (comment or "").strip()
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    proposal_check(proposal=proposal, by=by, action=action)
    if move.needs_comment and not comment:
        raise ValidationError({"comment": _("Please write the department's opinion.")})
    from_status = proposal.status
    fields = ["status", "updated_at"]
    if action == "submit":
        proposal.submitted_at = now
        fields.append("submitted_at")
    elif action == "route":
        fields += _route(proposal, extra, today)
    elif action == "opine":
        proposal.opinion = comment
        proposal.opinion_by = by
        proposal.opinion_at = now
        fields += ["opinion", "opinion_by", "opinion_at"]
    elif action == "conclude":
        fields += _conclude(proposal, extra, today)
    proposal.status = move.target
    proposal.save(update_fields=fields)
    _event(
        proposal=proposal,
        by=by,
        action=action,
        from_status=from_status,
        to_status=proposal.status,
        comment=comment,
        now=now,
    )
    _notify(proposal, action, comment)
    return proposal


# Decree 73/2023/NĐ-CP ---------------------------------------------------------------------------


def innovation_check(
    *, proposal: Proposal, by: User, action: str, case: InnovationCase | None = None, state: bool = True
) -> None:
    """The refusal order of the decree's track: the role (PermissionDenied), then the state
    (WorkflowError, with the reason)."""
    if not innovation_role_allows(by, proposal, action):
        raise PermissionDenied(_("You may not do this with this proposal."))
    if not state:
        return
    if action == REGISTER:
        if case is not None:
            raise WorkflowError(_("This proposal is already registered under Decree 73/2023/NĐ-CP."))
        if proposal.status not in INNOVATION_REGISTRABLE:
            raise WorkflowError(
                _("A proposal that is “%(status)s” can no longer be registered under Decree 73/2023/NĐ-CP.")
                % {"status": proposal.get_status_display()}
            )
        if not author_is_leader(proposal):
            raise WorkflowError(
                _(
                    "Only a proposal written by a leader or manager can be registered under Decree "
                    "73/2023/NĐ-CP: %(person)s is not the head or a deputy of a unit and is not marked as "
                    "a leader or manager."
                )
                % {"person": proposal.author.display_name}
            )
        return
    if case is None:
        raise WorkflowError(_("This proposal is not registered under Decree 73/2023/NĐ-CP."))
    if proposal.status not in INNOVATION_RECORDABLE:
        raise WorkflowError(
            _("The decree's steps cannot be recorded while the proposal is “%(status)s”.")
            % {"status": proposal.get_status_display()}
        )
    if not innovation_step_allows(action, case.step):
        raise WorkflowError(
            _(
                "“%(action)s” cannot be recorded now: the decree's steps are recorded in order, and the "
                "case is at “%(step)s”."
            )
            % {"action": InnovationAction(action).label, "step": case.get_step_display()}
        )


@transaction.atomic
def innovation_register(
    *, proposal: Proposal, by: User, now: datetime.datetime | None = None, **plan: Any
) -> InnovationCase:
    """Registers a leader's or manager's proposal as an innovation proposal under the decree, with
    the plan of its Article 7 (every content required)."""
    proposal = _lock(proposal)
    now = now or timezone.now()
    innovation_check(proposal=proposal, by=by, action=REGISTER, case=innovation_case(proposal))
    errors = {
        name: _("Fill in this content of the plan (Decree 73/2023/NĐ-CP, Article 7).")
        for name in PLAN_FIELDS
        if not str(plan.get(name) or "").strip()
    }
    if errors:
        raise ValidationError(errors)
    case = InnovationCase(proposal=proposal, registered_by=by, registered_at=now)
    for name in PLAN_FIELDS:
        setattr(case, name, str(plan[name]).strip())
    case.full_clean(exclude=["proposal", "registered_by"])
    case.save()
    _event(proposal=proposal, by=by, action="nd73_register", now=now)
    notify(
        recipients=_people(unit_tree().committee()),
        kind=notices.INNOVATION_REGISTERED,
        params={"title": proposal.title, "unit": proposal.unit.name},
        url=proposal.get_absolute_url(),
    )
    return case


def _step_input(
    case: InnovationCase, action: str, extra: dict[str, Any], today: datetime.date
) -> dict[str, Any]:
    number = " ".join(str(extra.get("document_number") or "").split())
    authority = " ".join(str(extra.get("authority") or "").split())
    date = extra.get("document_date")
    result = str(extra.get("result") or "")
    errors = {}
    if not number:
        errors["document_number"] = _("Enter the document's number.")
    if not authority:
        errors["authority"] = _("Enter who issued the document.")
    previous = case.records.order_by("-document_date", "-pk").first()
    if not isinstance(date, datetime.date):
        errors["document_date"] = _("Enter the document's date.")
    elif date > today:
        errors["document_date"] = _("The document date cannot be in the future.")
    elif previous is not None and date < previous.document_date:
        errors["document_date"] = _(
            "The document date cannot be before that of the previous step (%(date)s)."
        ) % {"date": f"{previous.document_date:%d/%m/%Y}"}
    if action == InnovationAction.EVALUATION and result not in EvaluationResult.values:
        errors["result"] = _("Choose the result of the evaluation.")
    if errors:
        raise ValidationError(errors)
    return {
        "document_number": number[:100],
        "document_date": date,
        "authority": authority[:300],
        "result": result if action == InnovationAction.EVALUATION else "",
        "note": str(extra.get("note") or "").strip(),
    }


@transaction.atomic
def innovation_step(
    *,
    proposal: Proposal,
    by: User,
    action: str,
    now: datetime.datetime | None = None,
    today: datetime.date | None = None,
    **extra: Any,
) -> InnovationCase:
    """Records the next step of the decree's track (the committee), with its document: lock, role,
    state and order, input, save, event, notifications."""
    if action not in INNOVATION_STEPS:
        raise PermissionDenied(_("Unknown action."))
    proposal = _lock(proposal)
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    case = InnovationCase.objects.select_for_update().filter(proposal=proposal).first()
    innovation_check(proposal=proposal, by=by, action=action, case=case)
    assert case is not None
    fields = _step_input(case, action, extra, today)
    case.step = INNOVATION_STEPS[action].target
    case.save(update_fields=["step"])
    InnovationRecord.objects.create(case=case, action=action, recorded_by=by, recorded_at=now, **fields)
    date = f"{fields['document_date']:%d/%m/%Y}"
    summary = f"{fields['document_number']} · {date} · {fields['authority']}"
    _event(proposal=proposal, by=by, action=action, comment=summary, now=now)
    notify(
        recipients=_writers(proposal),
        kind=notices.INNOVATION_STEPS[action],
        params={
            "title": proposal.title,
            "number": fields["document_number"],
            "date": date,
            "authority": fields["authority"],
        },
        url=proposal.get_absolute_url(),
    )
    return case

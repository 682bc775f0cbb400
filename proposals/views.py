"""Thin views over the proposal services (the refusal order of docs/architecture.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.views import thread_block
from ideas.selectors import idea_get_for
from thiduaportal.actions import post_only
from thiduaportal.forms import add_errors
from thiduaportal.lists import page_context

from . import services
from .forms import ActionForm, InnovationPlanForm, InnovationStepForm, ProposalForm
from .models import PLAN_FIELDS
from .permissions import REGISTER, allowed_actions, innovation_actions, may_propose, may_raise, writer_units
from .selectors import innovation_case, opinion_queue_for, overdue, proposal_get_for, proposal_list_for
from .workflow import (
    APPROVED_STEPS,
    DECREE_APPROVAL_LABEL,
    INNOVATION_STEPS,
    TRANSITIONS,
    InnovationAction,
    target_label,
)


def _page(request, pk, **kwargs):
    """Where a GET of an action address leads: the object's page (404 for who may not see it)."""
    return proposal_get_for(request.user, pk)


@login_required
def proposal_list(request):
    qs = proposal_list_for(request.user).order_by("-created_at", "-pk")
    page = page_context(request, qs)
    context = {**page, "may_propose": may_propose(request.user), "today": timezone.localdate()}
    return render(request, "proposals/list.html", context)


@login_required
def opinion_queue(request):
    qs = opinion_queue_for(request.user)
    return render(request, "proposals/opinions.html", {"proposals": qs, "today": timezone.localdate()})


def _idea_from(request):
    number = request.GET.get("idea") or request.POST.get("idea")
    if not number:
        return None
    if not number.isdigit() or len(number) > 18:
        raise Http404
    idea = idea_get_for(request.user, number)
    if not may_raise(request.user, idea):
        raise PermissionDenied
    return idea


def _prefill(idea) -> dict:
    return {
        "title": idea.title,
        "blocker": idea.problem,
        "blocker_kind": idea.problem_source
        if idea.problem_source in ("no_regulation", "unfit_regulation")
        else "",
        "solution": idea.solution,
        "expected_effect": idea.expected_benefit,
    }


@login_required
def proposal_create(request):
    idea = _idea_from(request)
    if idea is None and not may_propose(request.user):
        raise PermissionDenied
    units = None if idea is not None else sorted(writer_units(request.user))
    form = ProposalForm(request.POST or None, units=units, initial=_prefill(idea) if idea else None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                by=request.user, idea=idea, unit=form.cleaned_data.get("unit"), **form.content()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The proposal was saved as a draft. Submit it when it is ready."))
            return redirect(proposal)
    return render(request, "proposals/form.html", {"form": form, "proposal": None, "idea": idea})


@login_required
def proposal_edit(request, pk):
    proposal = proposal_get_for(request.user, pk)
    try:
        services.proposal_check(proposal=proposal, by=request.user, action="edit")
    except services.WorkflowError as error:
        messages.warning(request, str(error))
        return redirect(proposal)
    form = ProposalForm(request.POST or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(proposal=proposal, by=request.user, **form.content())
        except ValidationError as error:
            add_errors(form, error)
        except services.WorkflowError as error:
            messages.warning(request, str(error))
            return redirect(proposal)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(proposal)
    return render(request, "proposals/form.html", {"form": form, "proposal": proposal, "idea": proposal.idea})


def _innovation(request, proposal, bound=None):
    """The decree's section: the case, its recorded steps and the next step's form (the committee)."""
    case = innovation_case(proposal)
    actions = innovation_actions(request.user, proposal, case)
    forms = [
        bound if bound is not None and bound.action == action else InnovationStepForm(action=action)
        for action in INNOVATION_STEPS
        if action in actions
    ]
    recorded = {record.action: record for record in case.records.all()} if case else {}
    return {
        "case": case,
        "innovation_track": [
            {"action": action, "label": InnovationAction(action).label, "record": recorded.get(action)}
            for action in INNOVATION_STEPS
        ],
        "may_register": REGISTER in actions,
        "innovation_forms": forms,
        "decree_approved": case is not None and case.step in APPROVED_STEPS,
        "decree_approval_label": DECREE_APPROVAL_LABEL,
    }


def _detail(request, proposal, bound=None, status=200, step_bound=None):
    actions = allowed_actions(request.user, proposal)
    forms = [
        bound
        if bound is not None and bound.action == action
        else ActionForm(action=action, move=TRANSITIONS[action])
        for action in TRANSITIONS
        if action in actions
    ]
    today = timezone.localdate()
    context = {
        "proposal": proposal,
        "actions": actions,
        "forms": forms,
        "events": proposal.events.select_related("actor"),
        "overdue": overdue(proposal, today),
        "today": today,
        **_innovation(request, proposal, step_bound),
        **thread_block(request, proposal, reverse("proposals:proposal-comment", args=[proposal.pk])),
    }
    return render(request, "proposals/detail.html", context, status=status)


@login_required
def proposal_detail(request, pk):
    return _detail(request, proposal_get_for(request.user, pk))


@login_required
@post_only(_page)
def proposal_action(request, pk, action):
    if action not in TRANSITIONS:
        raise Http404
    proposal = proposal_get_for(request.user, pk)
    services.proposal_check(proposal=proposal, by=request.user, action=action, state=False)
    form = ActionForm(request.POST, action=action, move=TRANSITIONS[action])
    if form.is_valid():
        try:
            services.proposal_transition(
                proposal=proposal, by=request.user, action=action, **form.cleaned_data
            )
        except services.WorkflowError as error:
            messages.error(request, str(error))
            return redirect(proposal)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Done: the proposal is now “%(status)s”.") % {"status": target_label(action)}
            )
            return redirect(proposal)
    return _detail(request, proposal, bound=form, status=400)


def _plan_prefill(proposal) -> dict:
    """The plan starts from what the proposal already says."""
    return {
        "necessity": proposal.blocker,
        "content": proposal.solution,
        "scope": proposal.scope,
        "resources": proposal.resources,
        "impacts": proposal.risks,
        "expected_effect": proposal.expected_effect,
    }


@login_required
def innovation_register(request, pk):
    proposal = proposal_get_for(request.user, pk)
    try:
        services.innovation_check(
            proposal=proposal, by=request.user, action=REGISTER, case=innovation_case(proposal)
        )
    except services.WorkflowError as error:
        messages.warning(request, str(error))
        return redirect(proposal)
    form = InnovationPlanForm(request.POST or None, initial=_plan_prefill(proposal))
    if request.method == "POST" and form.is_valid():
        try:
            services.innovation_register(
                proposal=proposal, by=request.user, **{name: form.cleaned_data[name] for name in PLAN_FIELDS}
            )
        except ValidationError as error:
            add_errors(form, error)
        except services.WorkflowError as error:
            messages.warning(request, str(error))
            return redirect(proposal)
        else:
            messages.success(
                request, _("The proposal is registered as an innovation proposal under Decree 73/2023/NĐ-CP.")
            )
            return redirect(f"{proposal.get_absolute_url()}#nd73")
    return render(request, "proposals/innovation_form.html", {"form": form, "proposal": proposal})


@login_required
@post_only(_page)
def innovation_step(request, pk, action):
    if action not in INNOVATION_STEPS:
        raise Http404
    proposal = proposal_get_for(request.user, pk)
    try:
        services.innovation_check(
            proposal=proposal, by=request.user, action=action, case=innovation_case(proposal)
        )
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect(proposal)
    form = InnovationStepForm(request.POST, action=action)
    if form.is_valid():
        try:
            services.innovation_step(proposal=proposal, by=request.user, action=action, **form.cleaned_data)
        except services.WorkflowError as error:
            messages.error(request, str(error))
            return redirect(proposal)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Recorded: %(step)s.") % {"step": InnovationAction(action).label})
            return redirect(f"{proposal.get_absolute_url()}#nd73")
    return _detail(request, proposal, step_bound=form, status=400)

"""Thin views over the proposal services (the refusal order of docs/architecture.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas.selectors import idea_get_for
from thiduaportal.actions import post_only
from thiduaportal.forms import add_errors
from thiduaportal.lists import page_context

from . import services
from .forms import ActionForm, ProposalForm
from .permissions import allowed_actions, may_propose, may_raise, writer_units
from .selectors import opinion_queue_for, overdue, proposal_get_for, proposal_list_for
from .workflow import TRANSITIONS, target_label


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


def _detail(request, proposal, bound=None, status=200):
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

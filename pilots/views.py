"""Thin views over the pilot services: the role first (403), then the state (a message), then the
input (a message naming what to fix); every action returns to the pilot's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas.models import Idea
from proposals.models import Proposal
from thiduaportal.actions import post_only
from thiduaportal.forms import add_errors
from thiduaportal.lists import page_context
from thiduaportal.registry import object_links

from . import services
from .forms import (
    ActionForm,
    AnswerForm,
    CheckInForm,
    CorrectionForm,
    IndicatorForm,
    MeasureForm,
    MilestoneForm,
    ReachForm,
    RegisterForm,
)
from .permissions import allowed_actions, may_register, register_units
from .selectors import pilot_detail_context, pilot_get_for, pilot_list_for, with_lateness
from .workflow import TRANSITIONS, target_label


def _page(request, pk, **kwargs):
    """Where a GET of an action address leads: the object's page (404 for who may not see it)."""
    return pilot_get_for(request.user, pk)


def _errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def _run(request, pilot, call, success: str):
    try:
        call()
    except services.WorkflowError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, success)
    return redirect(pilot)


def _pilot_for(request, pk, action):
    pilot = pilot_get_for(request.user, pk)
    services.pilot_check(pilot=pilot, by=request.user, action=action, state=False)
    return pilot


@login_required
def pilot_list(request):
    today = timezone.localdate()
    qs = with_lateness(pilot_list_for(request.user), today).order_by("-created_at", "-pk")
    context = {**page_context(request, qs), "may_register": may_register(request.user), "today": today}
    return render(request, "pilots/list.html", context)


def _source(value: str):
    kind, _sep, number = (value or "").partition(":")
    if not number.isdigit():
        return None, None
    if kind == "idea":
        return Idea.objects.filter(pk=int(number)).first(), None
    if kind == "proposal":
        return None, Proposal.objects.filter(pk=int(number)).first()
    return None, None


@login_required
def pilot_register(request):
    if not may_register(request.user):
        raise PermissionDenied
    form = RegisterForm(request.POST or None, units=sorted(register_units(request.user)))
    if request.method == "POST" and form.is_valid():
        idea, proposal = _source(form.cleaned_data["source"])
        data = {k: form.cleaned_data[k] for k in ("unit", "title", "goals", "owner", "members")}
        try:
            pilot = services.pilot_register(by=request.user, idea=idea, proposal=proposal, **data)
        except ValidationError as error:
            if hasattr(error, "error_dict") and {"idea", "proposal"} & set(error.error_dict):
                error = ValidationError({"source": error.messages})
            add_errors(form, error)
        else:
            messages.success(request, _("The pilot was registered. Add its milestones and indicators."))
            return redirect(pilot)
    return render(request, "pilots/form.html", {"form": form})


@login_required
def pilot_detail(request, pk):
    pilot = pilot_get_for(request.user, pk)
    today = timezone.localdate()
    actions = allowed_actions(request.user, pilot)
    transitions = [ActionForm(action=a, move=TRANSITIONS[a]) for a in TRANSITIONS if a in actions]
    context = {
        "pilot": pilot,
        "actions": actions,
        "transitions": transitions,
        "today": today,
        "milestone_form": MilestoneForm() if "plan" in actions else None,
        "indicator_form": IndicatorForm() if "plan" in actions else None,
        "check_in_form": CheckInForm(pilot=pilot) if "check_in" in actions else None,
        "correction_form": CorrectionForm() if "correct" in actions else None,
        "related_links": object_links(request.user, pilot),
        **pilot_detail_context(pilot, today),
    }
    return render(request, "pilots/detail.html", context)


@login_required
@post_only(_page)
def pilot_action(request, pk, action):
    if action not in TRANSITIONS:
        raise Http404
    pilot = _pilot_for(request, pk, action)
    form = ActionForm(request.POST, action=action, move=TRANSITIONS[action])
    if not form.is_valid():
        _errors(request, form)
        return redirect(pilot)
    done = _("Done: the pilot is now “%(status)s”.") % {"status": target_label(action)}
    call = lambda: services.pilot_transition(pilot=pilot, by=request.user, action=action, **form.cleaned_data)  # noqa: E731
    return _run(request, pilot, call, done)


@login_required
@post_only(_page)
def milestone_add(request, pk):
    pilot = _pilot_for(request, pk, "plan")
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect(pilot)
    call = lambda: services.pilot_add_milestone(pilot=pilot, by=request.user, **form.cleaned_data)  # noqa: E731
    return _run(request, pilot, call, _("The milestone was added."))


@login_required
@post_only(_page)
def indicator_add(request, pk):
    pilot = _pilot_for(request, pk, "plan")
    form = IndicatorForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect(pilot)
    call = lambda: services.pilot_add_indicator(pilot=pilot, by=request.user, **form.cleaned_data)  # noqa: E731
    return _run(request, pilot, call, _("The indicator was added."))


@login_required
@post_only(_page)
def milestone_reach(request, pk):
    pilot = _pilot_for(request, pk, "report")
    form = ReachForm(request.POST)
    milestone = (
        pilot.milestones.filter(pk=form.cleaned_data["milestone"]).first() if form.is_valid() else None
    )
    if milestone is None:
        messages.error(request, _("Choose a milestone of this pilot."))
        return redirect(pilot)
    call = lambda: services.pilot_reach_milestone(pilot=pilot, by=request.user, milestone=milestone)  # noqa: E731
    return _run(request, pilot, call, _("The milestone was marked as reached."))


@login_required
@post_only(_page)
def indicator_measure(request, pk):
    pilot = _pilot_for(request, pk, "report")
    form = MeasureForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect(pilot)
    indicator = pilot.indicators.filter(pk=form.cleaned_data["indicator"]).first()
    if indicator is None:
        messages.error(request, _("Choose an indicator of this pilot."))
        return redirect(pilot)
    value = form.cleaned_data["value"]
    call = lambda: services.pilot_measure(pilot=pilot, by=request.user, indicator=indicator, value=value)  # noqa: E731
    return _run(request, pilot, call, _("The measured value was recorded."))


@login_required
@post_only(_page)
def check_in(request, pk):
    pilot = _pilot_for(request, pk, "check_in")
    form = CheckInForm(request.POST, pilot=pilot)
    if not form.is_valid():
        _errors(request, form)
        return redirect(pilot)
    call = lambda: services.pilot_check_in(pilot=pilot, by=request.user, **form.cleaned_data)  # noqa: E731
    return _run(request, pilot, call, _("Your check-in was recorded."))


@login_required
@post_only(_page)
def correction_add(request, pk):
    pilot = _pilot_for(request, pk, "correct")
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect(pilot)
    call = lambda: services.pilot_request_correction(pilot=pilot, by=request.user, **form.cleaned_data)  # noqa: E731
    return _run(request, pilot, call, _("The correction request was sent to the team."))


@login_required
@post_only(_page)
def correction_answer(request, pk):
    pilot = _pilot_for(request, pk, "answer")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect(pilot)
    correction = pilot.corrections.filter(pk=form.cleaned_data["correction"]).first()
    if correction is None:
        messages.error(request, _("Choose a correction request of this pilot."))
        return redirect(pilot)
    answer = form.cleaned_data["answer"]

    def call():
        return services.pilot_answer_correction(
            pilot=pilot, by=request.user, correction=correction, answer=answer
        )  # noqa: E731

    return _run(request, pilot, call, _("Your answer was recorded."))

"""Thin views: forms check shape, services decide, selectors scope every read.

Refusals, in this order everywhere: a role that may never take the action → 403; a state that does
not allow it → back to the nomination with a message (services.TransitionNotAllowed); bad input →
the form's errors (a refused decision goes back to the nomination's page, which shows the form
again with its values and errors and its dialog open).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.permissions import is_committee
from thiduaportal.actions import keep_refused, post_only, restore, take_refused
from thiduaportal.forms import dialogs
from thiduaportal.lists import page_context

from . import exports, permissions, selectors, services, workflow
from .filters import ExportFilter, NominationFilter
from .forms import ActionForm, NominationForm

ACTION_DONE = {
    "submit": lambda: _("The nomination was submitted."),
    "approve": lambda: _("The nomination was approved."),
    "return": lambda: _("The nomination was returned to the unit for completion."),
    "reject": lambda: _("The nomination was not approved."),
    "confer": lambda: _("The award decision was recorded."),
}


@login_required
@require_safe
def nomination_list(request):
    visible = selectors.nomination_list_for(request.user)
    filterset = NominationFilter(
        request.GET or None, queryset=visible, units=selectors.filter_units_for(request.user)
    )
    page = page_context(request, selectors.with_list_relations(filterset.qs).order_by("-updated_at", "-pk"))
    context = {"filter": filterset, "nominations": page["page_obj"].object_list, **page}
    context |= selectors.counts_context(visible, phase=filterset.value("phase"), today=timezone.localdate())
    context |= {
        "may_nominate": permissions.may_nominate(request.user),
        "may_see_queue": permissions.may_see_queue(request.user),
    }
    return render(request, "awards/nomination_list.html", context)


@login_required
@require_safe
def nomination_queue(request):
    if not permissions.may_see_queue(request.user):
        raise PermissionDenied
    nominations = list(selectors.decision_queue_for(request.user)[:200])
    return render(
        request, "awards/nomination_queue.html", {"nominations": nominations, "today": timezone.localdate()}
    )


def _saved(request, nomination, text):
    """After a save: the message, and a warning (not a refusal) for reused recognised ideas."""
    messages.success(request, text)
    for title, award in selectors.reused_recognised_ideas(nomination):
        messages.warning(
            request,
            _("The recognised idea “%(idea)s” already backs a conferred award of this nominee (%(award)s).")
            % {"idea": title, "award": award},
        )
    return redirect(nomination)


@login_required
@require_http_methods(["GET", "POST"])
def nomination_create(request):
    if not permissions.may_nominate(request.user):
        raise PermissionDenied
    form = NominationForm(request.POST or None, user=request.user)
    if request.method == "POST" and (nomination := form.save_through_service(by=request.user)):
        return _saved(request, nomination, _("The nomination was saved as a draft."))
    return render(request, "awards/nomination_form.html", {"form": form, "nomination": None})


@login_required
@require_http_methods(["GET", "POST"])
def nomination_edit(request, pk):
    nomination = selectors.nomination_get_for(request.user, pk)
    try:
        services.nomination_check_editable(nomination=nomination, by=request.user)
        form = NominationForm(request.POST or None, user=request.user, nomination=nomination)
        if request.method == "POST" and form.save_through_service(by=request.user):
            return _saved(request, nomination, _("The nomination was saved."))
    except services.TransitionNotAllowed as error:
        messages.warning(request, str(error))
        return redirect(nomination)
    return render(request, "awards/nomination_form.html", {"form": form, "nomination": nomination})


def _detail(request, nomination, *, refused=None):
    actions = permissions.allowed_actions(request.user, nomination)
    moves = workflow.transitions_for(nomination.award_type)
    context = {
        "nomination": nomination,
        "actions": actions,
        "dialogs": dialogs(
            ActionForm, actions, moves, bound=refused, nomination=nomination, today=timezone.localdate()
        ),
        "approve_form": ActionForm(action="approve", move=moves["approve"]) if "approve" in actions else None,
        "failed_action": refused.action if refused else None,
        "may_edit": permissions.may_edit(request.user, nomination),
        "evidence": selectors.nomination_evidence(nomination),
        "events": nomination.events.select_related("actor").all(),
    }
    return render(request, "awards/nomination_detail.html", context)


def _refused_key(nomination) -> str:
    return f"nomination:{nomination.pk}"


@login_required
@require_safe
def nomination_detail(request, pk):
    """The nomination; after a refused decision, with that decision's form again (values and
    errors, its dialog open), at this page's own address."""
    nomination = selectors.nomination_get_for(request.user, pk)
    refused = None
    kept = take_refused(request, _refused_key(nomination))
    moves = workflow.transitions_for(nomination.award_type)
    if (
        kept
        and kept["action"] in moves
        and kept["action"] in permissions.allowed_actions(request.user, nomination)
    ):
        action = kept["action"]
        refused = restore(
            ActionForm,
            kept,
            action=action,
            move=moves[action],
            nomination=nomination,
            today=timezone.localdate(),
        )
    return _detail(request, nomination, refused=refused)


def _nomination_page(request, pk, **kwargs):
    return selectors.nomination_get_for(request.user, pk)


@login_required
@post_only(_nomination_page)
def nomination_action(request, pk, action):
    if action not in workflow.ACTIONS:
        raise Http404
    nomination = selectors.nomination_get_for(request.user, pk)
    try:
        move = services.nomination_check(nomination=nomination, by=request.user, action=action)
        form = ActionForm(request.POST, action=action, move=move)
        if form.act(by=request.user, nomination=nomination):
            messages.success(request, ACTION_DONE[action]())
            return redirect(nomination)
    except services.TransitionNotAllowed as error:
        messages.warning(request, str(error))
        return redirect(nomination)
    keep_refused(request, _refused_key(nomination), form, action=action)
    return redirect(nomination)


@login_required
@require_safe
def export(request):
    """The export page (filters, row count, buttons); with `format`, the file itself."""
    if not is_committee(request.user):
        raise PermissionDenied
    filterset = ExportFilter(request.GET or None, queryset=selectors.nomination_list_for(request.user))
    if filterset.wants_file and filterset.file_ready():
        return exports.export_response(filterset, filterset.qs, user=request.user)
    invalid = filterset.is_bound and (filterset.wants_file or not filterset.is_valid())
    phase_chosen = filterset.is_valid() and filterset.form.cleaned_data.get("phase")
    count = filterset.qs.count() if phase_chosen and not invalid else None
    context = {"filter": filterset, "count": count, "query_string": filterset.query_string()}
    response = render(request, "awards/export.html", context, status=400 if invalid else 200)
    add_never_cache_headers(response)
    return response

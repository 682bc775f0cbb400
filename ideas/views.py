"""Thin views: the form checks shape, the service decides, the view maps errors to messages.

Refusals, in this order everywhere: a role that may never take the action → 403; a state that does
not allow it → back to the idea with a message (services.WorkflowError); bad input → the form's
errors or a message.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from discussions.views import thread_block
from thiduaportal.actions import post_only
from thiduaportal.forms import dialogs
from thiduaportal.lists import page_context
from thiduaportal.registry import object_links
from thiduaportal.uploads import stored_file_response

from . import services
from .filters import IdeaFilter
from .forms import ActionForm, AttachmentForm, IdeaForm, ProgressForm, RelateForm, SimilarForm
from .permissions import allowed_actions, recognition_levels
from .selectors import (
    attachment_get_for,
    idea_detail_context,
    idea_get_for,
    idea_list_for,
    invitation_get_for,
    may_use_review_queue,
    related_for,
    review_queue_for,
    similar_for,
    similar_for_review,
    with_waiting,
)
from .workflow import TRANSITIONS, target_label

# Counting every match of a broad search over 100,000 ideas costs more than the page itself;
# beyond this many the list says "more than 2.500" and asks to narrow the search. A search's
# matches are counted by reading each candidate's text, so it stops sooner.
COUNT_CAP = 2500
SEARCH_COUNT_CAP = 500
# From this offset on, a page reads its ids before its rows (CappedPaginator.page).
DEEP_PAGE_OFFSET = 250


class CappedPaginator(Paginator):
    def __init__(self, *args, cap=COUNT_CAP, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def count(self):
        # Without the list's ORDER BY: counting up to the cap must not sort every match first.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self):
        return self.count > self.cap

    def page(self, number):
        """Beyond the first pages, the page's ids first (from the index, without joins), then those
        rows with their joins: OFFSET otherwise joins every skipped row (page 100 joined 2,500)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < DEEP_PAGE_OFFSET:
            return super().page(number)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = self.object_list.order_by().in_bulk(ids)
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def _run(request, call, success) -> None:
    """Runs a service for a detail-page button: a refusal becomes a message, never an error page."""
    try:
        call()
    except services.WorkflowError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


def _submits(request) -> bool:
    return request.POST.get("intent") == "submit"


@login_required
def idea_list(request):
    filterset = IdeaFilter(request.GET or None, queryset=idea_list_for(request.user), request=request)
    cap = SEARCH_COUNT_CAP if filterset.value("q") else COUNT_CAP
    page = page_context(request, filterset.ordered(), paginator_class=partial(CappedPaginator, cap=cap))
    return render(request, "ideas/list.html", {"filter": filterset, **page})


def _form_page(request, form, idea):
    context = {
        "form": form,
        "idea": idea,
        "conflict": form.conflict,
        "missing": services.missing_labels(idea) if idea is not None else [],
    }
    return render(request, "ideas/form.html", context)


@login_required
def idea_create(request):
    submitting = _submits(request)
    form = IdeaForm(request.POST or None, request.FILES or None, author=request.user, submitting=submitting)
    saved = request.method == "POST" and form.save_through_service(by=request.user, submit=submitting)
    if not saved:
        return _form_page(request, form, None)
    idea, created = saved
    if created:
        submitted = _("Your idea was submitted for review.")
        messages.success(request, submitted if submitting else _("Your idea was saved as a draft."))
    else:
        messages.info(
            request,
            _(
                "You already created this idea at %(time)s (the same content, a moment ago): here it is. "
                "No second idea was made."
            )
            % {"time": date_format(timezone.localtime(idea.created_at), "H:i")},
        )
    return redirect(idea)


@login_required
def idea_edit(request, pk):
    idea = idea_get_for(request.user, pk)
    try:
        services.idea_check(idea=idea, by=request.user, action="edit")
        form = IdeaForm(
            request.POST or None,
            request.FILES or None,
            instance=idea,
            author=idea.author,
            submitting=_submits(request),
        )
        if request.method == "POST" and form.save_through_service(by=request.user, submit=_submits(request)):
            messages.success(
                request,
                _("Your idea was submitted for review.")
                if _submits(request)
                else _("Your changes were saved."),
            )
            return redirect(idea)
    except services.WorkflowError as error:
        messages.warning(request, str(error))
        return redirect(idea)
    return _form_page(request, form, idea_get_for(request.user, pk))


@login_required
def idea_detail(request, pk):
    idea = idea_get_for(request.user, pk)
    # Read once: the acts shown, and the acts left that decide the recognition dialog.
    prefetch_related_objects([idea], "recognitions")
    actions = allowed_actions(request.user, idea)
    transitions = [action for action in TRANSITIONS if action in actions]
    today = timezone.localdate()
    levels = recognition_levels(request.user, idea) if "recognise" in actions else []
    context = {
        "idea": idea,
        "actions": actions,
        "transitions": transitions,
        "dialogs": dialogs(ActionForm, transitions, TRANSITIONS, levels=levels, today=today, idea=idea),
        "attachment_form": AttachmentForm(idea=idea) if "attach" in actions else None,
        "progress_form": ProgressForm() if "progress" in actions else None,
        "missing": services.missing_labels(idea) if "submit" in actions else [],
        "related_links": object_links(request.user, idea),
        **idea_detail_context(idea, request.user),
        **thread_block(request, idea, reverse("ideas:idea-comment", args=[idea.pk])),
        "similar": similar_for_review(request.user, idea) if "relate" in actions else [],
        "related": related_for(request.user, idea),
    }
    return render(request, "ideas/detail.html", context)


def _back(request, idea):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(idea)


def _idea_page(request, pk, **kwargs):
    return idea_get_for(request.user, pk)


@login_required
@post_only(_idea_page)
def idea_action(request, pk, action):
    if action not in TRANSITIONS:
        raise Http404
    idea = idea_get_for(request.user, pk)
    services.idea_check(idea=idea, by=request.user, action=action, state=False)
    form = ActionForm(request.POST, action=action, move=TRANSITIONS[action], idea=idea)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request, idea)
    done = _("Done: the idea is now “%(status)s”.") % {"status": target_label(action)}
    _run(
        request,
        lambda: services.idea_transition(idea=idea, by=request.user, action=action, **form.cleaned_data),
        done,
    )
    return _back(request, idea)


@login_required
@post_only(_idea_page)
def invitation_answer(request, pk, answer):
    """Accept or decline an invitation to co-author (POST); a GET leads back to the idea."""
    if answer not in ("accept", "decline"):
        raise Http404
    invitation = invitation_get_for(request.user, pk)
    done = (
        _("You are now a co-author of this idea.")
        if answer == "accept"
        else _("You declined the invitation; the author was told.")
    )
    _run(
        request,
        lambda: services.invitation_answer(invitation=invitation, by=request.user, accept=answer == "accept"),
        done,
    )
    return redirect(invitation.idea)


@login_required
@post_only(_idea_page)
def idea_progress(request, pk):
    idea = idea_get_for(request.user, pk)
    services.idea_check(idea=idea, by=request.user, action="progress", state=False)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please describe the progress (at most 10,000 characters)."))
        return redirect(idea)
    report = lambda: services.idea_report_progress(idea=idea, by=request.user, **form.cleaned_data)  # noqa: E731
    _run(request, report, _("Your progress report was added."))
    return redirect(idea)


@login_required
@post_only(_idea_page)
def attachment_add(request, pk):
    idea = idea_get_for(request.user, pk)
    services.idea_check(idea=idea, by=request.user, action="attach", state=False)
    form = AttachmentForm(request.POST, request.FILES, idea=idea)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(idea)
    uploads = form.cleaned_data["attachments"]
    _run(
        request,
        lambda: services.idea_add_attachments(idea=idea, by=request.user, uploads=uploads),
        _("The file was attached."),
    )
    return redirect(idea)


@login_required
@post_only(_idea_page)
def attachment_remove(request, pk, attachment_pk):
    attachment = attachment_get_for(request.user, pk, attachment_pk)
    remove = lambda: services.idea_remove_attachment(attachment=attachment, by=request.user)  # noqa: E731
    _run(request, remove, _("The file was removed."))
    return redirect(attachment.idea)


@login_required
def attachment_download(request, pk, attachment_pk):
    attachment = attachment_get_for(request.user, pk, attachment_pk)
    return stored_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
def review_queue(request):
    if not may_use_review_queue(request.user):
        raise PermissionDenied
    page = page_context(request, review_queue_for(request.user))
    page["page_obj"].object_list = with_waiting(page["page_obj"].object_list, today=timezone.localdate())
    return render(request, "ideas/review.html", page)


@login_required
def similar_ideas(request):
    """The similar ideas box of the idea form (an HTML fragment, filled while the author types)."""
    form = SimilarForm(request.GET)
    found = similar_for(request.user, form.text(), exclude=form.cleaned_data.get("exclude"))
    return render(request, "ideas/includes/similar.html", {"similar": found})


@login_required
@post_only(_idea_page)
def idea_relate(request, pk):
    idea = idea_get_for(request.user, pk)
    services.idea_check(idea=idea, by=request.user, action="relate", state=False)
    form = RelateForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(idea)
    other = idea_get_for(request.user, form.cleaned_data["other"])
    relation = form.cleaned_data["relation"]
    _run(
        request,
        lambda: services.idea_relate(idea=idea, by=request.user, other=other, relation=relation),
        _("Done: the idea was returned as a duplicate.") if relation == "duplicate" else _("Done."),
    )
    return redirect(idea)

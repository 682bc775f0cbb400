"""Thin views: the form checks shape, the service decides, the view maps errors to messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .filters import IdeaFilter
from .forms import ActionForm, AttachmentForm, IdeaForm, ProgressForm
from .permissions import allowed_actions, recognition_levels, role_allows
from .selectors import (
    attachment_get_for,
    idea_detail_context,
    idea_get_for,
    idea_list_for,
    may_use_review_queue,
    review_queue_for,
)
from .workflow import TRANSITIONS

PAGE_SIZE = 25
# Counting every match of a broad search over 100,000 ideas costs more than the page itself;
# beyond this many the list says "more than 2.500" and asks to narrow the search.
COUNT_CAP = 2500


class CappedPaginator(Paginator):
    @cached_property
    def count(self):
        return self.object_list[: COUNT_CAP + 1].count()

    @property
    def capped(self):
        return self.count > COUNT_CAP


def _page(request, qs):
    return CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _run(request, call, success) -> None:
    """Runs a service for a detail-page button: a refusal becomes a message, never an error page."""
    try:
        call()
    except services.WorkflowError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, success)


@login_required
def idea_list(request):
    filterset = IdeaFilter(request.GET or None, queryset=idea_list_for(request.user), request=request)
    page = _page(request, filterset.ordered())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "ideas/list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "ideas": page.object_list,
            "is_paginated": page.has_other_pages(),
            "query_string": query.urlencode(),
            "filtered": bool(
                request.GET.get("q")
                or any(request.GET.get(k) for k in ("status", "topic", "unit", "phase", "author"))
            ),
        },
    )


@login_required
def idea_create(request):
    form = IdeaForm(request.POST or None, request.FILES or None, author=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            idea, created = services.idea_save(
                by=request.user,
                token=form.cleaned_data.get("form_token"),
                co_authors=form.cleaned_data["co_authors"],
                uploads=form.cleaned_data["attachments"],
                submit=request.POST.get("intent") == "submit",
                **form.content(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(
                    request,
                    _("Your idea was submitted for review.")
                    if request.POST.get("intent") == "submit"
                    else _("Your idea was saved as a draft."),
                )
            return redirect("ideas:idea-detail", pk=idea.pk)
    return render(request, "ideas/form.html", {"form": form, "idea": None})


@login_required
def idea_edit(request, pk):
    idea = idea_get_for(request.user, pk)
    if not role_allows(request.user, idea, "edit"):
        raise PermissionDenied
    if "edit" not in allowed_actions(request.user, idea):
        messages.warning(request, _("This idea can be edited only as a draft or after it was returned."))
        return redirect("ideas:idea-detail", pk=idea.pk)
    existing = idea.attachments.filter(removed_at__isnull=True).count()
    form = IdeaForm(
        request.POST or None,
        request.FILES or None,
        instance=idea,
        author=idea.author,
        existing_attachments=existing,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_save(
                by=request.user,
                idea=idea,
                co_authors=form.cleaned_data["co_authors"],
                uploads=form.cleaned_data["attachments"],
                submit=request.POST.get("intent") == "submit",
                **form.content(),
            )
        except services.WorkflowError as error:
            messages.error(request, str(error))
            return redirect("ideas:idea-detail", pk=idea.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your idea was submitted for review.")
                if request.POST.get("intent") == "submit"
                else _("Your changes were saved."),
            )
            return redirect("ideas:idea-detail", pk=idea.pk)
    return render(request, "ideas/form.html", {"form": form, "idea": idea})


@login_required
def idea_detail(request, pk):
    idea = idea_get_for(request.user, pk)
    actions = allowed_actions(request.user, idea)
    context = {
        "idea": idea,
        "actions": actions,
        "levels": recognition_levels(request.user, idea) if "recognise" in actions else [],
        "today": timezone.localdate(),
        "attachment_form": AttachmentForm() if "attach" in actions else None,
        **idea_detail_context(idea),
    }
    return render(request, "ideas/detail.html", context)


def _back(request, idea):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("ideas:idea-detail", pk=idea.pk)


@require_POST
@login_required
def idea_action(request, pk, action):
    if action not in TRANSITIONS:
        raise Http404
    idea = idea_get_for(request.user, pk)
    if not role_allows(request.user, idea, action):
        raise PermissionDenied
    form = ActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return _back(request, idea)
    data = form.cleaned_data
    _run(
        request,
        lambda: services.idea_transition(
            idea=idea,
            by=request.user,
            action=action,
            comment=data["comment"],
            level=data["level"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
        ),
        _("Done: the idea is now “%(status)s”.") % {"status": _status_label(idea, action)},
    )
    return _back(request, idea)


def _status_label(idea, action):
    from .models import Status

    return Status(TRANSITIONS[action].target).label


@require_POST
@login_required
def idea_progress(request, pk):
    idea = idea_get_for(request.user, pk)
    if not role_allows(request.user, idea, "progress"):
        raise PermissionDenied
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please describe the progress (at most 10,000 characters)."))
        return redirect("ideas:idea-detail", pk=idea.pk)
    _run(
        request,
        lambda: services.idea_report_progress(
            idea=idea, by=request.user, comment=form.cleaned_data["comment"]
        ),
        _("Your progress report was added."),
    )
    return redirect("ideas:idea-detail", pk=idea.pk)


@require_POST
@login_required
def attachment_add(request, pk):
    idea = idea_get_for(request.user, pk)
    if not role_allows(request.user, idea, "attach"):
        raise PermissionDenied
    existing = idea.attachments.filter(removed_at__isnull=True).count()
    form = AttachmentForm(request.POST, request.FILES, existing=existing)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("ideas:idea-detail", pk=idea.pk)
    _run(
        request,
        lambda: services.idea_add_attachments(
            idea=idea, by=request.user, uploads=form.cleaned_data["attachments"]
        ),
        _("The file was attached."),
    )
    return redirect("ideas:idea-detail", pk=idea.pk)


@require_POST
@login_required
def attachment_remove(request, pk, attachment_pk):
    attachment = attachment_get_for(request.user, pk, attachment_pk)
    _run(
        request,
        lambda: services.idea_remove_attachment(attachment=attachment, by=request.user),
        _("The file was removed."),
    )
    return redirect("ideas:idea-detail", pk=pk)


@login_required
def attachment_download(request, pk, attachment_pk):
    attachment = attachment_get_for(request.user, pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def review_queue(request):
    if not may_use_review_queue(request.user):
        raise PermissionDenied
    page = _page(request, review_queue_for(request.user))
    today = timezone.localdate()
    for idea in page.object_list:
        idea.days_waiting = (
            (today - timezone.localtime(idea.submitted_at).date()).days if idea.submitted_at else 0
        )
    return render(
        request,
        "ideas/review.html",
        {"page_obj": page, "ideas": page.object_list, "is_paginated": page.has_other_pages()},
    )

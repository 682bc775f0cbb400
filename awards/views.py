"""Thin views: forms check shape, services decide, selectors scope every read.

Refusals, in this order everywhere: a role that may never take the action → 403; a state that does
not allow it → back to the nomination with a message (services.TransitionNotAllowed); bad input →
the form's errors (a refused decision goes back to the nomination's page, which shows the form
again with its values and errors and its dialog open).
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.permissions import is_committee
from thiduaportal import officedocs
from thiduaportal.actions import keep_refused, post_only, restore, take_refused
from thiduaportal.forms import dialogs
from thiduaportal.lists import page_context
from thiduaportal.uploads import stored_file_response

from . import dossier, exports, permissions, selectors, services, workflow
from .filters import ExportFilter, NominationFilter
from .forms import ActionForm, AttachmentForm, NominationForm, PostingForm

logger = logging.getLogger("awards")

ACTION_DONE = {
    "submit": lambda: _("The nomination was submitted."),
    "approve": lambda: _("The nomination was approved."),
    "return": lambda: _("The nomination was returned to the unit for completion."),
    "reject": lambda: _("The nomination was not approved."),
    "confer": lambda: _("The award decision was recorded."),
    "not_confer": lambda: _(
        "The refusal by the higher level was recorded; the nominee may be proposed again."
    ),
    "confer_lower": lambda: _(
        "The conferral at a lower form was recorded; the nominee may be proposed again."
    ),
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
        "may_prepare_dossier": permissions.may_prepare_any_dossier(request.user),
        "filter_award": filterset.value("award"),
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
    messages.success(request, text)
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
    context = {"form": form, "nomination": nomination, "conflict": form.conflict}
    return render(
        request, "awards/nomination_form.html", context, status=409 if form.conflict is not None else 200
    )


def _detail(request, nomination, *, refused=None):
    actions = permissions.allowed_actions(request.user, nomination)
    moves = workflow.transitions_for(nomination.award_type)
    context = {
        "nomination": nomination,
        "actions": actions,
        "dialogs": dialogs(
            ActionForm,
            actions,
            moves,
            bound=refused,
            nomination=nomination,
            today=timezone.localdate(),
            user=request.user,
        ),
        "approve_form": ActionForm(action="approve", move=moves["approve"]) if "approve" in actions else None,
        "failed_action": refused.action if refused else None,
        "may_edit": permissions.may_edit(request.user, nomination),
        "evidence": selectors.nomination_evidence(nomination, today=timezone.localdate()),
        "events": nomination.events.select_related("actor").all(),
    } | _dossier_context(request, nomination)
    return render(request, "awards/nomination_detail.html", context)


def _refused_key(nomination) -> str:
    return f"nomination:{nomination.pk}"


def _dossier_context(request, nomination):
    """The dossier panel: files, the documents this person may download, the public posting."""
    user, today = request.user, timezone.localdate()
    may_prepare = permissions.may_prepare_dossier(user, nomination)
    needs_posting = nomination.award_type.needs_public_posting
    posting = selectors.posting_of(nomination) if needs_posting else None
    may_post = (
        needs_posting
        and posting is None
        and nomination.status in workflow.POSTING_STATUSES
        and permissions.may_record_posting(user, nomination)
    )
    may_attach = may_prepare and nomination.status in workflow.ATTACHABLE_STATUSES
    return {
        "attachments": selectors.attachments_of(nomination),
        "attachment_form": AttachmentForm(nomination=nomination) if may_attach else None,
        "may_attach": may_attach,
        "may_prepare_dossier": may_prepare,
        "may_get_report": permissions.may_get_achievement_report(user, nomination),
        "needs_posting": needs_posting,
        "posting": posting,
        "posting_over": posting is not None and today > posting.end,
        "posting_days": workflow.POSTING_WORKING_DAYS,
        "posting_form": PostingForm(today=today, initial={"start": today}) if may_post else None,
    }


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
        form = ActionForm(request.POST, action=action, move=move, nomination=nomination)
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
def round_list(request):
    """The award rounds, their dates and forms: the same for everyone signed in."""
    context = {"rounds": selectors.round_list(), "today": timezone.localdate()}
    return render(request, "awards/round_list.html", context)


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


# The dossier -------------------------------------------------------------------------------------


def _refusal_as_message(request, error: Exception) -> None:
    if isinstance(error, ValidationError):
        messages.error(request, " ".join(error.messages))
    else:
        messages.warning(request, str(error))


@login_required
@post_only(_nomination_page)
def attachment_add(request, pk):
    nomination = selectors.nomination_get_for(request.user, pk)
    try:
        services.nomination_check_dossier(nomination=nomination, by=request.user)
        form = AttachmentForm(request.POST, request.FILES, nomination=nomination)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(nomination)
        services.nomination_add_attachments(
            nomination_id=nomination.pk,
            by=request.user,
            kind=form.cleaned_data["kind"],
            uploads=form.cleaned_data["attachments"],
        )
    except (services.TransitionNotAllowed, ValidationError) as error:
        _refusal_as_message(request, error)
    else:
        messages.success(request, _("The file was attached."))
    return redirect(nomination)


@login_required
@require_safe
def attachment_download(request, pk, attachment_pk):
    attachment = selectors.attachment_get_for(request.user, pk, attachment_pk)
    return stored_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
@post_only(_nomination_page)
def attachment_remove(request, pk, attachment_pk):
    attachment = selectors.attachment_get_for(request.user, pk, attachment_pk)
    try:
        services.nomination_remove_attachment(attachment=attachment, by=request.user)
    except services.TransitionNotAllowed as error:
        _refusal_as_message(request, error)
    else:
        messages.success(request, _("The file was removed."))
    return redirect(attachment.nomination)


@login_required
@post_only(_nomination_page)
def posting_record(request, pk):
    nomination = selectors.nomination_get_for(request.user, pk)
    today = timezone.localdate()
    try:
        services.nomination_check_posting(nomination=nomination, by=request.user)
        form = PostingForm(request.POST, today=today)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(nomination)
        posting = services.nomination_record_posting(
            nomination_id=nomination.pk, by=request.user, today=today, **form.cleaned_data
        )
    except (services.TransitionNotAllowed, ValidationError) as error:
        _refusal_as_message(request, error)
    else:
        messages.success(
            request,
            _("The public posting was recorded; its window ends on %(date)s.")
            % {"date": posting.end.strftime("%d/%m/%Y")},
        )
    return redirect(nomination)


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=officedocs.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


DOCUMENT_NAMES = {"cover": "to-trinh", "list": "danh-sach"}


def _documents(request, nominations, *, issuer, document: str, stem: str):
    build = dossier.cover_request if document == "cover" else dossier.nomination_list
    today = timezone.localdate()
    logger.info(
        "dossier %s of %d nominations by %s",
        document,
        len(nominations),
        request.user.username,
        extra={"document": document, "count": len(nominations), "by": request.user.pk},
    )
    return _docx(build(nominations, issuer=issuer, today=today), f"{DOCUMENT_NAMES[document]}-{stem}.docx")


@login_required
@require_safe
def nomination_document(request, pk, document):
    """The cover request or the list for one nomination (DOCX)."""
    if document not in DOCUMENT_NAMES:
        raise Http404
    nomination = selectors.nomination_get_for(request.user, pk)
    if not permissions.may_prepare_dossier(request.user, nomination):
        raise PermissionDenied
    issuer = dossier.unit_issuer(nomination.proposing_unit)
    return _documents(request, [nomination], issuer=issuer, document=document, stem=str(nomination.pk))


@login_required
@require_safe
def achievement_report(request, pk):
    nomination = selectors.nomination_get_for(request.user, pk)
    if not permissions.may_get_achievement_report(request.user, nomination):
        raise PermissionDenied
    content = dossier.achievement_report(nomination, today=timezone.localdate())
    return _docx(content, f"bao-cao-thanh-tich-{nomination.pk}.docx")


@login_required
@require_safe
def batch_document(request, document):
    """The cover request or the list for the open nominations of the list's filters that this
    person prepares; one award type at a time (a cover request proposes one form of award)."""
    if document not in DOCUMENT_NAMES:
        raise Http404
    if not permissions.may_prepare_any_dossier(request.user):
        raise PermissionDenied
    filterset = NominationFilter(
        request.GET or None,
        queryset=selectors.nomination_list_for(request.user),
        units=selectors.filter_units_for(request.user),
    )
    award = filterset.value("award")
    nominations = selectors.dossier_batch_for(request.user, filterset.qs) if award else []
    back = reverse("awards:nomination-list") + (f"?{request.GET.urlencode()}" if request.GET else "")
    if not award:
        messages.warning(
            request, _("Choose one award type in the filters: a cover request proposes one award.")
        )
        return redirect(back)
    if not nominations:
        messages.warning(request, _("No open nomination that you prepare matches these filters."))
        return redirect(back)
    units = {n.proposing_unit_id for n in nominations}
    issuer = (
        dossier.unit_issuer(nominations[0].proposing_unit) if len(units) == 1 else dossier.COMMITTEE_ISSUER
    )
    return _documents(request, nominations, issuer=issuer, document=document, stem=award.code)

"""Thin views: forms check shape, services decide, selectors scope every read."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.permissions import is_committee
from movement.models import Phase

from . import exports, permissions, selectors, services, workflow
from .forms import ActionForm, ExportForm, FilterForm, NominationForm
from .models import AwardType, Status

logger = logging.getLogger("awards.exports")
PAGE_SIZE = 25


@login_required
@require_safe
def nomination_list(request):
    form = FilterForm(request.GET or None, units=selectors.filter_units_for(request.user))
    qs = selectors.nomination_list_for(request.user)
    filters = form.filters() if form.is_valid() else {}
    page = Paginator(
        selectors.with_list_relations(selectors.nomination_search(qs, **filters)).order_by(
            "-updated_at", "-pk"
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    counts_phase = filters.get("phase") or Phase.for_date(timezone.localdate())
    counts = selectors.nomination_counts(qs.filter(phase=counts_phase)) if counts_phase else {}
    award_types = list(AwardType.objects.all())
    count_rows = [
        {"award": award, "cells": [counts.get(award.pk, {}).get(s, 0) for s in Status.values],
         "total": counts.get(award.pk, {}).get("total", 0)}
        for award in award_types
    ]  # fmt: skip
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "awards/nomination_list.html",
        {
            "form": form,
            "page_obj": page,
            "nominations": page.object_list,
            "is_paginated": page.has_other_pages(),
            "query_string": query.urlencode(),
            "counts_phase": counts_phase,
            "count_rows": count_rows,
            "statuses": Status.choices,
            "may_nominate": permissions.may_nominate(request.user),
            "may_see_queue": permissions.may_see_queue(request.user),
        },
    )


@login_required
@require_safe
def nomination_queue(request):
    if not permissions.may_see_queue(request.user):
        raise PermissionDenied
    nominations = list(selectors.decision_queue_for(request.user)[:200])
    return render(
        request, "awards/nomination_queue.html", {"nominations": nominations, "today": timezone.localdate()}
    )


def _form_error_from(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def nomination_create(request):
    if not permissions.may_nominate(request.user):
        raise PermissionDenied
    form = NominationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.nomination_create(
                by=request.user,
                phase=data["phase"],
                award_type=data["award_type"],
                nominee=data["nominee"],
                nominee_unit=data["unit"],
                achievements=data["achievements"],
                ideas=data["ideas"],
            )
        except ValidationError as error:
            _form_error_from(form, error)
        else:
            messages.success(request, _("The nomination was saved as a draft."))
            _warn_reused_ideas(request, nomination)
            return redirect("awards:nomination-detail", pk=nomination.pk)
    return render(request, "awards/nomination_form.html", {"form": form, "nomination": None})


@login_required
@require_http_methods(["GET", "POST"])
def nomination_edit(request, pk):
    nomination = selectors.nomination_get_for(request.user, pk)
    if not permissions.may_edit(request.user, nomination):
        if permissions.may_edit_any_state(request.user, nomination):
            messages.warning(request, _("This nomination can no longer be edited."))
            return redirect("awards:nomination-detail", pk=pk)
        raise PermissionDenied
    initial = {
        "phase": nomination.phase,
        "award_type": nomination.award_type,
        "nominee": nomination.nominee,
        "unit": nomination.nominee_unit,
        "achievements": nomination.achievements,
        "ideas": list(nomination.ideas.all()),
    }
    form = NominationForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.nomination_update(
                nomination_id=nomination.pk,
                by=request.user,
                phase=data["phase"],
                award_type=data["award_type"],
                nominee=data["nominee"],
                nominee_unit=data["unit"],
                achievements=data["achievements"],
                ideas=data["ideas"],
            )
        except ValidationError as error:
            _form_error_from(form, error)
        except services.TransitionNotAllowed as error:
            messages.warning(request, str(error))
            return redirect("awards:nomination-detail", pk=pk)
        else:
            messages.success(request, _("The nomination was saved."))
            _warn_reused_ideas(request, nomination)
            return redirect("awards:nomination-detail", pk=pk)
    return render(request, "awards/nomination_form.html", {"form": form, "nomination": nomination})


def _warn_reused_ideas(request, nomination):
    """Not a refusal: the committee decides, but the unit should know before it submits."""
    for title, award in selectors.reused_recognised_ideas(nomination):
        messages.warning(
            request,
            _("The recognised idea “%(idea)s” already backs a conferred award of this nominee (%(award)s).")
            % {"idea": title, "award": award},
        )


def _detail(request, nomination, *, action_form=None, failed_action=None, status=200):
    actions = permissions.allowed_actions(request.user, nomination)
    return render(
        request,
        "awards/nomination_detail.html",
        {
            "nomination": nomination,
            "actions": actions,
            "decisions": [name for name in ("return", "reject", "confer") if name in actions],
            "may_edit": permissions.may_edit(request.user, nomination),
            "evidence": selectors.nomination_evidence(nomination),
            "events": nomination.events.select_related("actor").all(),
            "action_form": action_form
            or ActionForm(initial={"decision_authority": nomination.award_type.authority}),
            "failed_action": failed_action,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_safe
def nomination_detail(request, pk):
    return _detail(request, selectors.nomination_get_for(request.user, pk))


@login_required
@require_POST
def nomination_action(request, pk, action):
    if action not in workflow.ACTIONS:
        raise Http404
    nomination = selectors.nomination_get_for(request.user, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _detail(request, nomination, action_form=form, failed_action=action, status=400)
    data = form.cleaned_data
    try:
        services.nomination_transition(
            nomination_id=nomination.pk,
            by=request.user,
            action=action,
            comment=data["comment"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            decision_authority=data["decision_authority"],
            today=timezone.localdate(),
        )
    except services.TransitionNotAllowed as error:
        messages.warning(request, str(error))
    except ValidationError as error:
        _form_error_from(form, error)
        return _detail(request, nomination, action_form=form, failed_action=action, status=400)
    else:
        messages.success(request, _ACTION_DONE[action]())
    return redirect("awards:nomination-detail", pk=pk)


_ACTION_DONE = {
    "submit": lambda: _("The nomination was submitted."),
    "approve": lambda: _("The nomination was approved."),
    "return": lambda: _("The nomination was returned to the unit for completion."),
    "reject": lambda: _("The nomination was not approved."),
    "confer": lambda: _("The award decision was recorded."),
}


@login_required
@require_safe
def export(request):
    """The export page (filters, row count, buttons); with `format`, the file itself."""
    if not is_committee(request.user):
        raise PermissionDenied
    response = _export(request)
    if "Content-Disposition" not in response:
        add_never_cache_headers(response)
    return response


def _export(request):
    form = ExportForm(request.GET or None)
    wants_file = "format" in request.GET
    if request.GET and not form.is_valid():
        return render(request, "awards/export.html", {"form": form}, status=400)
    filters = form.filters() if form.is_bound else {}
    if wants_file and (not filters.get("phase") or not form.cleaned_data.get("format")):
        if not filters.get("phase"):
            form.add_error("phase", _("Choose the phase to export."))
        if not form.cleaned_data.get("format"):
            form.add_error("format", _("Choose CSV or XLSX."))
        return render(request, "awards/export.html", {"form": form}, status=400)
    qs = selectors.nomination_search(selectors.nomination_list_for(request.user), **filters)
    if not wants_file:
        count = qs.count() if filters.get("phase") else None
        query = request.GET.copy()
        query.pop("format", None)
        return render(
            request, "awards/export.html", {"form": form, "count": count, "query_string": query.urlencode()}
        )

    fmt = form.cleaned_data["format"]
    described = {
        key: str(getattr(value, "code", value)) for key, value in filters.items() if value and key != "q"
    }
    logger.info(
        "nomination export by %s: %s %s",
        request.user.username,
        fmt,
        described,
        extra={
            "user": request.user.pk,
            "username": request.user.username,
            "format": fmt,
            "filters": described,
        },
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = f"de-nghi-khen-thuong_{filters['phase'].code}_{stamp}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_stream(qs), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        title = _export_title(filters)
        response = FileResponse(
            exports.xlsx_file(qs, title=title),
            as_attachment=True,
            filename=name,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _export_title(filters) -> str:
    parts = [_("Nomination list – phase %(phase)s") % {"phase": filters["phase"].code}]
    if filters.get("award_type"):
        parts.append(_("award: %(award)s") % {"award": filters["award_type"].name})
    if filters.get("unit"):
        parts.append(_("unit: %(unit)s") % {"unit": filters["unit"].name})
    if filters.get("status"):
        parts.append(_("status: %(status)s") % {"status": Status(filters["status"]).label})
    return "; ".join(str(p) for p in parts)

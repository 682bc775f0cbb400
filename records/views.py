"""Thin views: forms check shape, services decide, selectors scope every read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import Unit
from thiduaportal.forms import add_errors
from thiduaportal.locking import StaleEdit, posted_version, show_conflict

from . import permissions, selectors, services
from .eligibility import evaluate, load_snapshot, load_snapshots, subject_key
from .filters import PersonFilter, UnitFilter
from .forms import ENTRY_FORMS, EligibilityForm, ImportForm, RemoveForm
from .imports import COLUMNS, ImportFileError, read_table

PAGE_SIZE = 25
SECTIONS = {
    "rating": (gettext_lazy("Annual ratings"), gettext_lazy("Add a rating")),
    "title": (gettext_lazy("Emulation titles"), gettext_lazy("Add a title")),
    "award": (gettext_lazy("Awards received outside the portal"), gettext_lazy("Add an award")),
    "initiative": (
        gettext_lazy("Initiatives recognised outside the portal"),
        gettext_lazy("Add an initiative"),
    ),
    "restriction": (gettext_lazy("Discipline and holds"), gettext_lazy("Add a discipline or hold")),
}


def subject_url(subject) -> str:
    name = "records:unit-detail" if isinstance(subject, Unit) else "records:person-detail"
    return reverse(name, args=[subject.pk])


def _page(request, qs):
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@login_required
@require_safe
def person_list(request):
    if not permissions.may_list(request.user):
        return redirect("records:person-detail", pk=request.user.pk)
    today = timezone.localdate()
    people = selectors.people_for(request.user).order_by("full_name", "username")
    units = selectors.units_for(request.user).order_by("name")
    found = PersonFilter(request.GET or None, queryset=people, units=units, today=today)
    page, query = _page(request, found.qs)
    people = list(page.object_list)
    snapshots = load_snapshots(people)
    rows = [(person, selectors.status_of(snapshots[subject_key(person)], today)) for person in people]
    return render(
        request,
        "records/person_list.html",
        {
            "filter": found,
            "rows": rows,
            "page_obj": page,
            "is_paginated": page.has_other_pages(),
            "query_string": query,
            "years": selectors.status_years(today),
            "may_import": permissions.may_import(request.user),
        },
    )


@login_required
@require_safe
def unit_list(request):
    if not permissions.may_list(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    units = selectors.units_for(request.user).select_related("parent").order_by("name")
    found = UnitFilter(request.GET or None, queryset=units, today=today)
    page, query = _page(request, found.qs)
    units = list(page.object_list)
    snapshots = load_snapshots(units)
    rows = [(unit, selectors.status_of(snapshots[subject_key(unit)], today)) for unit in units]
    return render(
        request,
        "records/unit_list.html",
        {
            "filter": found,
            "rows": rows,
            "page_obj": page,
            "is_paginated": page.has_other_pages(),
            "query_string": query,
            "years": selectors.status_years(today),
            "today": today,
        },
    )


def _record_page(request, subject):
    today = timezone.localdate()
    form = EligibilityForm(request.GET or None)
    evaluation = None
    if form.is_bound and form.is_valid():
        award, category, day = form.chosen()
        evaluation = evaluate(subject, award, category, day)
    record = selectors.record_of(subject)
    sections = [
        {"kind": kind, "title": title, "add_label": add_label, "entries": record[kind]}
        for kind, (title, add_label) in SECTIONS.items()
    ]
    return render(
        request,
        "records/record_detail.html",
        {
            "subject": subject,
            "is_collective": isinstance(subject, Unit),
            "sections": sections,
            "actions": permissions.allowed_actions(request.user, subject),
            "status": selectors.status_of(load_snapshot(subject), today),
            "changes": selectors.change_rows(selectors.changes_of(subject)),
            "form": form,
            "evaluation": evaluation,
            "today": today,
        },
    )


@login_required
@require_safe
def person_detail(request, pk):
    return _record_page(request, selectors.person_get_for(request.user, pk))


@login_required
@require_safe
def unit_detail(request, pk):
    return _record_page(request, selectors.unit_get_for(request.user, pk))


def _entry_add(request, subject, kind):
    if kind not in ENTRY_FORMS:
        raise Http404
    if not permissions.may_edit(request.user, subject):
        raise PermissionDenied
    form = ENTRY_FORMS[kind](request.POST or None, subject=subject)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_create(
                kind=kind,
                subject=subject,
                by=request.user,
                data=form.cleaned_data,
                today=timezone.localdate(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The entry was recorded."))
            return redirect(f"{subject_url(subject)}#{kind}")
    return render(
        request,
        "records/entry_form.html",
        {
            "form": form,
            "subject": subject,
            "title": SECTIONS[kind][1],
            "back": f"{subject_url(subject)}#{kind}",
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_entry_add(request, pk, kind):
    return _entry_add(request, selectors.person_get_for(request.user, pk), kind)


@login_required
@require_http_methods(["GET", "POST"])
def unit_entry_add(request, pk, kind):
    return _entry_add(request, selectors.unit_get_for(request.user, pk), kind)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, kind, pk):
    entry = selectors.entry_get_for(request.user, kind, pk)
    subject = entry.subject
    if not permissions.may_edit(request.user, subject):
        raise PermissionDenied
    form = ENTRY_FORMS[kind](request.POST or None, instance=entry, subject=subject)
    back = f"{subject_url(subject)}#{kind}"
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(
                kind=kind,
                entry_id=entry.pk,
                by=request.user,
                data=form.cleaned_data,
                today=timezone.localdate(),
                version=posted_version(form),
            )
        except StaleEdit as stale:
            saved = type(entry).objects.get(pk=entry.pk)
            conflict = show_conflict(form, stale, {name: getattr(saved, name) for name in form.Meta.fields})
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The entry was saved."))
            return redirect(back)
    context = {
        "form": form,
        "subject": subject,
        "title": _("Edit the entry"),
        "back": back,
        "conflict": conflict,
    }
    return render(request, "records/entry_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def entry_remove(request, kind, pk):
    entry = selectors.entry_get_for(request.user, kind, pk)
    subject = entry.subject
    if not permissions.may_edit(request.user, subject):
        raise PermissionDenied
    form = RemoveForm(request.POST or None)
    back = f"{subject_url(subject)}#{kind}"
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_remove(
                kind=kind, entry_id=entry.pk, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The entry was removed; it stays in the history."))
            return redirect(back)
    return render(
        request,
        "records/entry_remove.html",
        {"form": form, "entry": entry, "subject": subject, "back": back},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_records(request):
    if not permissions.may_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_table(upload.file, upload.name)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            result = services.records_import(rows=rows, by=request.user, today=timezone.localdate())
            errors = result.errors
            if not errors:
                messages.success(
                    request,
                    _("Records imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                    % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
                )
                return redirect("records:import")
    return render(
        request,
        "records/import.html",
        {"form": form, "errors": errors, "columns": COLUMNS},
        status=400 if (errors or form.errors) else 200,
    )


@login_required
@require_safe
def rule_sets(request):
    today = timezone.localdate()
    return render(
        request, "records/rule_sets.html", {"sets": selectors.rule_sets_overview(today), "today": today}
    )

"""Thin views over the library's services: the role first (403), then the state (a message), then
the input (the form's errors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas.selectors import idea_get_for
from ideas.views import CappedPaginator
from pilots.selectors import pilot_get_for
from thiduaportal.actions import post_only
from thiduaportal.forms import add_errors
from thiduaportal.lists import page_context

from . import services
from .filters import PracticeFilter
from .forms import AdoptionForm, SummaryForm
from .permissions import (
    adopting_units_for,
    allowed_actions,
    is_author,
    is_eligible,
    is_head,
    may_adopt,
    may_edit,
    may_view_source,
    may_write_for,
)
from .selectors import adoptions_of, practice_get_for, practice_list_for, practice_of


def _page(request, pk, **kwargs):
    """Where a GET of an action address leads: the practice's page (404 for who may not see it)."""
    return practice_get_for(request.user, pk)


@login_required
def practice_list(request):
    filterset = PracticeFilter(request.GET or None, queryset=practice_list_for(request.user), request=request)
    page = page_context(request, filterset.ordered(), paginator_class=CappedPaginator)
    return render(request, "library/list.html", {"filter": filterset, **page})


def _approves_as(user, practice) -> str:
    if is_author(user, practice):
        return "author"
    return "head" if is_head(user, practice) else ""


@login_required
def practice_detail(request, pk):
    practice = practice_get_for(request.user, pk)
    actions = allowed_actions(request.user, practice)
    adoptions = adoptions_of(practice)
    adopted = {adoption.unit_id for adoption in adoptions}
    context = {
        "practice": practice,
        "actions": actions,
        "adoptions": adoptions,
        "source_visible": may_view_source(request.user, practice),
        "approves_as": _approves_as(request.user, practice),
        "may_record_adoption": practice.is_published
        and bool(adopting_units_for(request.user, practice) - adopted),
    }
    return render(request, "library/detail.html", context)


def _summary_page(request, form, source, practice):
    return render(
        request, "library/summary_form.html", {"form": form, "source": source, "practice": practice}
    )


def _write(request, source, practice=None):
    """The summary form of a source (its practice's, when it has one)."""
    if not may_write_for(request.user, source):
        raise PermissionDenied
    if not is_eligible(source):
        messages.error(request, services.NOT_ELIGIBLE)
        return redirect(source)
    initial = {"title": practice.title, "summary": practice.summary} if practice else {"title": source.title}
    form = SummaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.practice_write(by=request.user, source=source, **form.cleaned_data)
        except services.PracticeError as error:
            messages.error(request, str(error))
            return redirect(source)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if saved.is_published:
                messages.info(request, _("Nothing was changed: the practice stays published."))
            else:
                messages.success(
                    request,
                    _("The summary was saved. It is published once the authors and the head approve it."),
                )
            return redirect(saved)
    return _summary_page(request, form, source, practice)


@login_required
def idea_summary(request, pk):
    idea = idea_get_for(request.user, pk)
    practice = practice_of(idea)
    if practice is not None:
        return redirect("library:practice-edit", pk=practice.pk)
    return _write(request, idea)


@login_required
def pilot_summary(request, pk):
    pilot = pilot_get_for(request.user, pk)
    practice = practice_of(pilot)
    if practice is not None:
        return redirect("library:practice-edit", pk=practice.pk)
    return _write(request, pilot)


@login_required
def practice_edit(request, pk):
    practice = practice_get_for(request.user, pk)
    if not may_edit(request.user, practice):
        raise PermissionDenied
    return _write(request, practice.source, practice)


@login_required
@post_only(_page)
def practice_approve(request, pk):
    practice = practice_get_for(request.user, pk)
    try:
        approved = services.practice_approve(practice=practice, by=request.user)
    except services.PracticeError as error:
        messages.error(request, str(error))
    else:
        if approved.is_published:
            messages.success(request, _("Approved: the practice is now published in the library."))
        else:
            messages.success(
                request, _("Approved. The practice is published once the other approval is given.")
            )
    return redirect(practice)


@login_required
def practice_adopt(request, pk):
    practice = practice_get_for(request.user, pk)
    if not may_adopt(request.user, practice):
        raise PermissionDenied
    if not practice.is_published:
        messages.error(request, _("Only a published practice can be adopted."))
        return redirect(practice)
    form = AdoptionForm(request.POST or None, units=adopting_units_for(request.user, practice))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm"}
        try:
            services.adoption_record(practice=practice, by=request.user, today=timezone.localdate(), **data)
        except services.PracticeError as error:
            messages.error(request, str(error))
            return redirect(practice)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The adoption was recorded: the library shows where the practice spread.")
            )
            return redirect(practice)
    return render(request, "library/adopt_form.html", {"form": form, "practice": practice})

"""Thin views over the councils' services (the refusal order of docs/architecture.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from accounts.selectors import roles_of, unit_subtree_ids
from thiduaportal import officedocs
from thiduaportal.actions import post_only
from thiduaportal.forms import add_errors

from . import registry, services
from .forms import AttendanceForm, BallotForm, CouncilForm, ItemForm, MeetingForm, MemberForm
from .minutes import minutes
from .models import MeetingItem
from .permissions import may_create_any_council, may_manage, may_run, may_run_meeting
from .selectors import ballots_of, council_get_for, council_list_for, meeting_get_for, members_of
from .workflow import PREPARING_STATUSES, TRANSITIONS, Status, target_label


def _council_page(request, pk, **kwargs):
    return council_get_for(request.user, pk)


def _meeting_page(request, pk, **kwargs):
    return meeting_get_for(request.user, pk)


def _messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _run(request, call, done: str) -> bool:
    try:
        call()
    except services.CouncilError as error:
        messages.warning(request, str(error))
    except ValidationError as error:
        _messages(request, error)
    else:
        messages.success(request, done)
        return True
    return False


@login_required
def council_list(request):
    councils = council_list_for(request.user)
    return render(
        request,
        "councils/council_list.html",
        {"councils": councils, "may_create": may_create_any_council(request.user)},
    )


def _creatable_units(user):
    roles = roles_of(user)
    return Unit.objects.filter(pk__in=roles.heads).order_by("name")


@login_required
def council_create(request):
    if not may_create_any_council(request.user):
        raise PermissionDenied
    city = roles_of(request.user).is_committee
    form = CouncilForm(request.POST or None, units=_creatable_units(request.user), city=city)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            council = services.council_create(by=request.user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The council was created with the usual criteria; add its members."))
            return redirect(council)
    return render(request, "councils/council_form.html", {"form": form})


def _eligible_people(council):
    people = User.objects.filter(is_active=True).select_related("unit").order_by("full_name", "pk")
    if council.unit_id is not None:
        people = people.filter(unit_id__in=unit_subtree_ids(council.unit_id))
    return people.exclude(pk__in=council.memberships.values("person_id"))


@login_required
def council_detail(request, pk):
    council = council_get_for(request.user, pk)
    manage = may_manage(request.user, council)
    context = {
        "council": council,
        "members": members_of(council),
        "criteria": council.criteria.all(),
        "meetings": council.meetings.all(),
        "member_form": MemberForm(people=_eligible_people(council)) if manage else None,
        "meeting_form": MeetingForm(initial={"date": timezone.localdate()})
        if may_run(request.user, council)
        else None,
    }
    return render(request, "councils/council_detail.html", context)


@login_required
@post_only(_council_page)
def council_member_add(request, pk):
    council = council_get_for(request.user, pk)
    if not may_manage(request.user, council):
        raise PermissionDenied
    form = MemberForm(request.POST, people=_eligible_people(council))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(council)
    _run(
        request,
        lambda: services.council_add_member(by=request.user, council=council, **form.cleaned_data),
        _("The member was added."),
    )
    return redirect(council)


@login_required
@post_only(_council_page)
def meeting_create(request, pk):
    council = council_get_for(request.user, pk)
    if not may_run(request.user, council):
        raise PermissionDenied
    form = MeetingForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(council)
    try:
        meeting = services.meeting_create(
            council=council, by=request.user, today=timezone.localdate(), **form.cleaned_data
        )
    except ValidationError as error:
        _messages(request, error)
        return redirect(council)
    messages.success(request, _("The meeting was called; put the ideas and nominations on its agenda."))
    return redirect(meeting)


def _candidates(user, council, meeting):
    """The add-item form's choices: what the person may put before the council, not yet on it."""
    present = {f"{type_id}:{pk}" for type_id, pk in meeting.items.values_list("content_type_id", "object_id")}
    groups = []
    for model, kind in registry.kinds().items():
        keyed = ((registry.item_key(obj), obj) for obj in kind.candidates(user, council))
        options = [(key, kind.describe(obj).label) for key, obj in keyed if key not in present]
        if options:
            groups.append((capfirst(model._meta.verbose_name), options))
    return groups


@login_required
def meeting_detail(request, pk):
    meeting = meeting_get_for(request.user, pk)
    council = meeting.council
    user = request.user
    run = may_run_meeting(user, meeting)
    criteria = list(council.criteria.all())
    members = list(members_of(council))
    attending = set(meeting.attendances.values_list("person_id", flat=True))
    items = list(meeting.items.select_related("content_type").order_by("pk"))
    my_scores, my_votes = ballots_of(meeting, user)
    rows = []
    for item in items:
        item.meeting = meeting
        subject = services.describe(item)
        refusal = services.ballot_refusal(user, item, attended=user.pk in attending)
        form = None
        if not refusal:
            initial = {f"score_{c}": v for c, v in my_scores.get(item.pk, {}).items()}
            if item.pk in my_votes:
                initial["vote"] = "agree" if my_votes[item.pk] else "disagree"
            form = BallotForm(item=item, criteria=criteria, initial=initial)
        rows.append(
            {
                "item": item,
                "url": subject.url,
                "form": form,
                "refusal": refusal if user.pk in {m.person_id for m in members} else "",
                "given": item.pk in my_scores or item.pk in my_votes,
            }
        )
    live = services.compute_results(meeting) if run and meeting.status == Status.OPEN else None
    if live:
        for row in rows:
            row["live"] = live.items[row["item"].pk]
    preparing = run and meeting.status in PREPARING_STATUSES
    context = {
        "meeting": meeting,
        "council": council,
        "criteria": criteria,
        "members": members,
        "attending": attending,
        "rows": rows,
        "live": live,
        "run": run,
        "transitions": [
            action for action, move in TRANSITIONS.items() if run and meeting.status in move.sources
        ],
        "item_form": ItemForm(choices=_candidates(user, council, meeting)) if preparing else None,
        "attendance_form": AttendanceForm(members=members, initial={"people": [str(p) for p in attending]})
        if preparing
        else None,
    }
    return render(request, "councils/meeting_detail.html", context)


@login_required
@post_only(_meeting_page)
def meeting_item_add(request, pk):
    meeting = meeting_get_for(request.user, pk)
    if not may_run_meeting(request.user, meeting):
        raise PermissionDenied
    form = ItemForm(request.POST, choices=[(request.POST.get("item", ""), "")])
    if not form.is_valid():
        messages.error(request, _("Choose an idea or a nomination."))
        return redirect(meeting)
    _run(
        request,
        lambda: services.meeting_add_item(meeting=meeting, by=request.user, key=form.cleaned_data["item"]),
        _("The item was put on the agenda."),
    )
    return redirect(meeting)


@login_required
@post_only(_meeting_page)
def meeting_attendance(request, pk):
    meeting = meeting_get_for(request.user, pk)
    if not may_run_meeting(request.user, meeting):
        raise PermissionDenied
    form = AttendanceForm(request.POST, members=members_of(meeting.council))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(meeting)
    _run(
        request,
        lambda: services.meeting_record_attendance(
            meeting=meeting, by=request.user, people=[int(p) for p in form.cleaned_data["people"]]
        ),
        _("The attendance was recorded."),
    )
    return redirect(meeting)


@login_required
@post_only(_meeting_page)
def meeting_action(request, pk, action):
    if action not in TRANSITIONS:
        raise Http404
    meeting = meeting_get_for(request.user, pk)
    if not may_run_meeting(request.user, meeting):
        raise PermissionDenied
    _run(
        request,
        lambda: services.meeting_transition(meeting=meeting, by=request.user, action=action),
        _("Done: the meeting is now “%(status)s”.") % {"status": target_label(action)},
    )
    return redirect(meeting)


@login_required
@post_only(_meeting_page)
def meeting_ballot(request, pk):
    meeting = meeting_get_for(request.user, pk)
    item_id = request.POST.get("item", "")
    item = (
        MeetingItem.objects.select_related("content_type").filter(meeting=meeting, pk=item_id).first()
        if item_id.isdigit() and len(item_id) < 18
        else None
    )
    if item is None:
        raise Http404
    item.meeting = meeting
    try:
        services.ballot_check(item=item, by=request.user)
    except services.CouncilError as error:
        messages.warning(request, str(error))
        return redirect(meeting)
    form = BallotForm(request.POST, item=item, criteria=list(meeting.council.criteria.all()))
    if not form.is_valid():
        _form_errors(request, form)
        messages.error(request, _("Nothing was saved; correct the scores and send them again."))
        return redirect(meeting)
    _run(
        request,
        lambda: services.meeting_ballot(item=item, by=request.user, scores=form.scores(), agree=form.agree()),
        _("Your scores and vote on “%(item)s” were recorded.") % {"item": item.label},
    )
    return redirect(meeting)


@login_required
def meeting_minutes(request, pk):
    meeting = meeting_get_for(request.user, pk)
    response = HttpResponse(minutes(meeting), content_type=officedocs.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-hop-{meeting.pk}.docx"'
    return response

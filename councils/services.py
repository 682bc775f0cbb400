"""Every write to councils and their meetings, one transaction each; the one status write is
`meeting_transition`, which locks the meeting's row. Refusals: PermissionDenied (role, a 403),
CouncilError (state, a message), ValidationError (input)."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User

from . import registry
from .models import (
    Attendance,
    Council,
    CouncilKind,
    Criterion,
    Meeting,
    MeetingItem,
    MemberRole,
    Membership,
    Score,
    Vote,
)
from .permissions import is_member, may_create_council, may_manage, may_run, member_roles
from .workflow import BALLOT_STATUSES, PREPARING_STATUSES, TRANSITIONS, state_allows

# The criteria a new council starts with (data: the admin edits them): name, weight, highest score.
DEFAULT_CRITERIA = (("Tính mới", 3, 10), ("Khả năng áp dụng", 3, 10), ("Hiệu quả", 4, 10))
CENT = Decimal("0.01")


class CouncilError(Exception):
    """The meeting's state does not allow the action (shown to the person as a message)."""


def _check_state(meeting: Meeting, allowed: frozenset[str]) -> None:
    if meeting.status not in allowed:
        raise CouncilError(
            _("This is no longer possible: the meeting is now “%(status)s”.")
            % {"status": meeting.get_status_display()}
        )


@transaction.atomic
def council_create(
    *,
    by: User,
    name: str,
    kind: str,
    unit: Unit | None,
    default_threshold: int = 50,
    pass_mark: int = 50,
    quorum: int | None = None,
    now: datetime.datetime | None = None,
) -> Council:
    if not may_create_council(by, unit.pk if unit else None):
        raise PermissionDenied(_("You may not create a council for this unit."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Enter the council's name.")})
    if kind not in CouncilKind.values:
        raise ValidationError({"kind": _("Choose the kind of council.")})
    council = Council.objects.create(
        name=name,
        kind=kind,
        unit=unit,
        default_threshold=default_threshold,
        pass_mark=pass_mark,
        quorum=quorum,
        created_at=now or timezone.now(),
    )
    Criterion.objects.bulk_create(
        Criterion(council=council, name=label, weight=weight, max_score=highest, order=index)
        for index, (label, weight, highest) in enumerate(DEFAULT_CRITERIA)
    )
    return council


@transaction.atomic
def council_add_member(*, council: Council, by: User, person: User, role: str) -> Membership:
    """Adds a person (a person may sit on several councils); one chair and one secretary each."""
    if not may_manage(by, council):
        raise PermissionDenied(_("You may not change this council's members."))
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Choose the member's role.")})
    council = Council.objects.select_for_update().get(pk=council.pk)
    if Membership.objects.filter(council=council, person=person).exists():
        raise ValidationError({"person": _("This person is already a member of the council.")})
    if role != MemberRole.MEMBER and Membership.objects.filter(council=council, role=role).exists():
        raise ValidationError({"role": _("Another member already holds this role in the council.")})
    return Membership.objects.create(council=council, person=person, role=role)


@transaction.atomic
def meeting_create(
    *, council: Council, by: User, date: datetime.date, place: str, today: datetime.date
) -> Meeting:
    if not may_run(by, council):
        raise PermissionDenied(_("You may not call a meeting of this council."))
    place = " ".join((place or "").split())
    errors: dict[str, str] = {}
    if not place:
        errors["place"] = _("Enter where the council meets.")
    if date < today - datetime.timedelta(days=366):
        errors["date"] = _("The meeting date cannot be more than a year ago.")
    if errors:
        raise ValidationError(errors)
    return Meeting.objects.create(council=council, date=date, place=place, created_by=by)


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("council").get(pk=meeting.pk)


def _find_candidate(by: User, council: Council, key: str) -> Model:
    """The object behind an add-item choice, if the person may put it before this council."""
    type_id, _sep, pk = key.partition(":")
    if not (type_id.isdigit() and pk.isdigit() and len(type_id) < 10 and len(pk) < 19):
        raise ValidationError({"item": _("Choose an idea or a nomination.")})
    content_type = ContentType.objects.filter(pk=int(type_id)).first()
    model = content_type.model_class() if content_type else None
    kinds = registry.kinds()
    if model is None or model not in kinds:
        raise ValidationError({"item": _("Choose an idea or a nomination.")})
    for obj in kinds[model].candidates(by, council):
        if obj.pk == int(pk):
            return obj
    raise ValidationError({"item": _("This cannot be put before the council now.")})


@transaction.atomic
def meeting_add_item(*, meeting: Meeting, by: User, key: str) -> MeetingItem:
    """Puts an object before the meeting (an idea under review or to be recognised, a nomination
    under review), as its app describes it."""
    meeting = _lock(meeting)
    if not may_run(by, meeting.council):
        raise PermissionDenied(_("You may not change this meeting."))
    _check_state(meeting, PREPARING_STATUSES)
    obj = _find_candidate(by, meeting.council, key)
    content_type = ContentType.objects.get_for_model(obj)
    if MeetingItem.objects.filter(meeting=meeting, content_type=content_type, object_id=obj.pk).exists():
        raise ValidationError({"item": _("This is already on the meeting's agenda.")})
    subject = registry.kind_for(type(obj)).describe(obj)
    return MeetingItem.objects.create(
        meeting=meeting,
        content_type=content_type,
        object_id=obj.pk,
        label=subject.label[:500],
        scored=subject.scored,
        voted=subject.voted,
        threshold=subject.threshold or meeting.council.default_threshold,
    )


@transaction.atomic
def meeting_record_attendance(*, meeting: Meeting, by: User, people: Iterable[int]) -> int:
    """Who attends (members only). Someone marked absent loses the scores and votes they gave."""
    meeting = _lock(meeting)
    if not may_run(by, meeting.council):
        raise PermissionDenied(_("You may not change this meeting."))
    _check_state(meeting, PREPARING_STATUSES)
    members = set(member_roles(meeting.council))
    present = {int(pk) for pk in people}
    if present - members:
        raise ValidationError({"people": _("Only the council's members can attend.")})
    gone = set(meeting.attendances.values_list("person_id", flat=True)) - present
    Score.objects.filter(item__meeting=meeting, member_id__in=gone).delete()
    Vote.objects.filter(item__meeting=meeting, member_id__in=gone).delete()
    meeting.attendances.exclude(person_id__in=present).delete()
    known = set(meeting.attendances.values_list("person_id", flat=True))
    Attendance.objects.bulk_create(Attendance(meeting=meeting, person_id=pk) for pk in present - known)
    return len(present)


def describe(item: MeetingItem) -> registry.Subject:
    """The item's object as its app describes it now (its authors may have changed)."""
    obj = item.target
    assert isinstance(obj, Model)
    return registry.kind_for(type(obj)).describe(obj)


def ballot_refusal(user: User, item: MeetingItem, *, attended: bool) -> str:
    """Why the person may not score or vote on the item now ("" when they may)."""
    meeting = item.meeting
    if not is_member(user, meeting.council):
        return _("Only the council's members score and vote.")
    if user.pk in describe(item).excluded:
        return _("You are among its authors or its nominee: you may neither score nor vote on it.")
    if meeting.status not in BALLOT_STATUSES:
        return _("Scores and votes are given only while the meeting is in session.")
    if not attended:
        return _("Only the members recorded as attending score and vote.")
    return ""


def ballot_check(*, item: MeetingItem, by: User) -> None:
    """The refusal order of a ballot: not a member (403), then the meeting's state, the person's
    attendance and their own idea or nomination (a message; nothing is saved)."""
    meeting = item.meeting
    if not is_member(by, meeting.council):
        raise PermissionDenied(_("Only the council's members score and vote."))
    if meeting.status not in BALLOT_STATUSES:
        raise CouncilError(
            _("Scores and votes are given only while the meeting is in session; nothing was saved.")
        )
    refusal = ballot_refusal(by, item, attended=meeting.attendances.filter(person=by).exists())
    if refusal:
        raise CouncilError(refusal)


@transaction.atomic
def meeting_ballot(
    *, item: MeetingItem, by: User, scores: Mapping[int, int | None], agree: bool | None
) -> MeetingItem:
    """A member's scores (one per criterion, 0 to its highest) and vote on one item, for themselves;
    given again while the meeting is in session, they replace the earlier ones. All or nothing."""
    meeting = _lock(item.meeting)
    item.meeting = meeting
    ballot_check(item=item, by=by)
    errors: dict[str, str] = {}
    criteria = list(meeting.council.criteria.all())
    if item.scored:
        for criterion in criteria:
            value = scores.get(criterion.pk)
            if value is None:
                errors[f"score_{criterion.pk}"] = _("Give a score for “%(name)s”.") % {"name": criterion.name}
            elif not 0 <= value <= criterion.max_score:
                errors[f"score_{criterion.pk}"] = _("“%(name)s” is scored from 0 to %(max)s.") % {
                    "name": criterion.name,
                    "max": criterion.max_score,
                }
    if item.voted and agree is None:
        errors["vote"] = _("Choose agree or disagree.")
    if errors:
        raise ValidationError(errors)
    if item.scored:
        Score.objects.filter(item=item, member=by).delete()
        Score.objects.bulk_create(
            Score(item=item, member=by, criterion=criterion, value=scores[criterion.pk] or 0)
            for criterion in criteria
        )
    if item.voted:
        Vote.objects.update_or_create(item=item, member=by, defaults={"agree": agree})
    return item


@dataclass(frozen=True)
class ItemResult:
    scorers: int
    score_total: Decimal | None
    score_average: Decimal | None
    score_max: int | None
    agree: int | None
    disagree: int | None
    vote_percent: Decimal | None
    passed: bool


@dataclass(frozen=True)
class Results:
    members: int
    attended: int
    quorum: int  # members who must attend
    quorum_met: bool
    items: dict[int, ItemResult]  # by item id


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def compute_results(meeting: Meeting) -> Results:
    """The figures of a meeting from its ballots: what closing freezes, and the live totals.

    A member's score for an item is the sum of each criterion's score times its weight; the item's
    average is over the members who scored it, and passes at the council's pass mark (a share of
    the highest possible). The vote's percentage is of all the council's members (the law counts
    members, not voters); an item passes at its threshold, exactly, and only with a quorum."""
    council = meeting.council
    members = Membership.objects.filter(council=council).count()
    attended = meeting.attendances.count()
    quorum = council.quorum or members // 2 + 1
    quorum_met = members > 0 and attended >= quorum
    criteria = {c.pk: c for c in council.criteria.all()}
    score_max = sum(c.max_score * c.weight for c in criteria.values())
    totals: dict[tuple[int, int], int] = {}
    for item_id, member_id, criterion_id, value in Score.objects.filter(item__meeting=meeting).values_list(
        "item_id", "member_id", "criterion_id", "value"
    ):
        weight = criteria[criterion_id].weight if criterion_id in criteria else 0
        totals[(item_id, member_id)] = totals.get((item_id, member_id), 0) + value * weight
    votes: dict[int, list[bool]] = {}
    for item_id, agrees in Vote.objects.filter(item__meeting=meeting).values_list("item_id", "agree"):
        votes.setdefault(item_id, []).append(agrees)
    items = {}
    for item in meeting.items.all():
        passed = quorum_met
        scorers = 0
        total: Decimal | None = None
        average: Decimal | None = None
        if item.scored:
            per_member = [value for (item_id, _m), value in totals.items() if item_id == item.pk]
            scorers = len(per_member)
            total = Decimal(sum(per_member))
            average = _cents(total / scorers) if scorers else None
            passed = (
                passed and scorers > 0 and sum(per_member) * 100 >= council.pass_mark * score_max * scorers
            )
        agree: int | None = None
        disagree: int | None = None
        percent: Decimal | None = None
        if item.voted:
            given = votes.get(item.pk, [])
            agreeing = sum(1 for vote in given if vote)
            agree, disagree = agreeing, len(given) - agreeing
            percent = _cents(Decimal(agreeing * 100) / members) if members else Decimal(0)
            passed = passed and members > 0 and agreeing * 100 >= item.threshold * members
        items[item.pk] = ItemResult(
            scorers=scorers,
            score_total=total,
            score_average=average,
            score_max=score_max if item.scored else None,
            agree=agree,
            disagree=disagree,
            vote_percent=percent,
            passed=passed,
        )
    return Results(members=members, attended=attended, quorum=quorum, quorum_met=quorum_met, items=items)


def meeting_check(*, meeting: Meeting, by: User, action: str) -> None:
    """The refusal order: the role (403), then the state (a message)."""
    if action not in TRANSITIONS or not may_run(by, meeting.council):
        raise PermissionDenied(_("You may not do this with this meeting."))
    if not state_allows(action, meeting.status):
        raise CouncilError(
            _("This is no longer possible: the meeting is now “%(status)s”.")
            % {"status": meeting.get_status_display()}
        )


@transaction.atomic
def meeting_transition(
    *, meeting: Meeting, by: User, action: str, now: datetime.datetime | None = None
) -> Meeting:
    """Opens or closes a meeting. Closing computes and freezes the results: without a quorum the
    meeting closes all the same, and no item passes."""
    meeting = _lock(meeting)
    meeting_check(meeting=meeting, by=by, action=action)
    fields = ["status"]
    if action == "open" and not meeting.items.exists():
        raise CouncilError(_("Put at least one item on the agenda before opening the meeting."))
    if action == "close":
        results = compute_results(meeting)
        for item in meeting.items.all():
            result = results.items[item.pk]
            item.scorers = result.scorers if item.scored else None
            item.score_total = result.score_total
            item.score_average = result.score_average
            item.score_max = result.score_max
            item.agree = result.agree
            item.disagree = result.disagree
            item.vote_percent = result.vote_percent
            item.passed = result.passed
            item.save()
        meeting.members_count = results.members
        meeting.attended_count = results.attended
        meeting.quorum_met = results.quorum_met
        meeting.closed_at = now or timezone.now()
        fields += ["members_count", "attended_count", "quorum_met", "closed_at"]
    meeting.status = TRANSITIONS[action].target
    meeting.save(update_fields=fields)
    return meeting

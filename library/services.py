"""Every write to the library. Each service runs in one transaction and locks the practice's row."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Unit, User
from ideas.models import ACT_RANK, Idea, RecognitionAct, Topic
from ideas.search import search_text
from pilots.models import Pilot
from thiduaportal.fields import single_line

from .models import RESULTS_MAX_LENGTH, SUMMARY_MAX_LENGTH, Adoption, Level, Practice
from .permissions import (
    adopting_units_for,
    is_author,
    is_eligible,
    is_head,
    may_adopt,
    may_approve,
    may_edit,
    may_write_for,
)

TITLE_MAX_LENGTH = 300
LEVEL_OF_ACT = {RecognitionAct.INITIATIVE: Level.INITIATIVE, RecognitionAct.UNIT: Level.UNIT,
                RecognitionAct.CITY: Level.CITY}  # fmt: skip


NOT_ELIGIBLE = gettext_lazy(
    "Only a recognised idea or a pilot closed as effective or partly effective enters the library."
)


class PracticeError(Exception):
    """The practice's state does not allow the action (shown as a message)."""


def _lock(practice: Practice) -> Practice:
    return (
        Practice.objects.select_for_update(of=("self",))
        .select_related("idea", "pilot", "unit")
        .get(pk=practice.pk)
    )


def _from_source(practice: Practice, source: Idea | Pilot) -> None:
    """What the library files the practice under, read from its source."""
    if isinstance(source, Idea):
        acts = list(source.recognitions.all())
        highest = max(acts, key=lambda act: ACT_RANK[RecognitionAct(act.act)])
        practice.idea = source
        practice.topic = source.topic or Topic.OTHER
        practice.level = LEVEL_OF_ACT[RecognitionAct(highest.act)]
        practice.year = highest.decision_date.year
        practice.phase_id = source.phase_id
    else:
        practice.pilot = source
        practice.topic = (source.idea.topic if source.idea_id and source.idea else "") or Topic.OTHER
        practice.level = Level.UNIT
        practice.year = timezone.localdate(source.closed_at or source.created_at).year
        practice.phase_id = source.phase_id
    practice.unit_id = source.unit_id


def _clean_text(*, title: str, summary: str) -> tuple[str, str]:
    title = single_line(title or "")
    summary = (summary or "").replace("\r\n", "\n").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Give the practice a title.")
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = _("At most %(n)s characters.") % {"n": TITLE_MAX_LENGTH}
    if not summary:
        errors["summary"] = _("Write the public summary.")
    elif len(summary) > SUMMARY_MAX_LENGTH:
        errors["summary"] = _(
            "The public summary is short: at most %(n)s characters (this one has %(count)s)."
        ) % {"n": SUMMARY_MAX_LENGTH, "count": len(summary)}
    if errors:
        raise ValidationError(errors)
    return title, summary


@transaction.atomic
def practice_write(
    *,
    by: User,
    source: Idea | Pilot,
    title: str,
    summary: str,
    now: datetime.datetime | None = None,
) -> Practice:
    """Writes (or rewrites) the public summary of a recognised idea or an effective pilot. A changed
    title or summary withdraws both approvals: the authors and the head approve what is published."""
    now = now or timezone.now()
    if not may_write_for(by, source):
        raise PermissionDenied(_("Only the authors write the practice's public summary."))
    if not is_eligible(source):
        raise PracticeError(NOT_ELIGIBLE)
    title, summary = _clean_text(title=title, summary=summary)
    existing = Practice.objects.filter(**{"idea" if isinstance(source, Idea) else "pilot": source}).first()
    practice = _lock(existing) if existing is not None else Practice(written_by=by, written_at=now)
    if existing is None or (practice.title, practice.summary) != (title, summary):
        practice.author_approved_by = practice.head_approved_by = None
        practice.author_approved_at = practice.head_approved_at = practice.published_at = None
        practice.written_by, practice.written_at = by, now
    practice.title, practice.summary = title, summary
    _from_source(practice, source)
    unit_name = Unit.objects.filter(pk=practice.unit_id).values_list("name", flat=True).first() or ""
    practice.search_text = search_text(title, summary, unit_name)
    practice.save()
    return practice


@transaction.atomic
def practice_approve(*, practice: Practice, by: User, now: datetime.datetime | None = None) -> Practice:
    """The authors' or the head's approval of the summary as it stands; published with both."""
    now = now or timezone.now()
    if not may_approve(by, practice):
        raise PermissionDenied(_("Only the authors and the unit's head approve the public summary."))
    practice = _lock(practice)
    if is_author(by, practice):
        if practice.author_approved_at is not None:
            raise PracticeError(_("The authors have already approved this summary."))
        practice.author_approved_by, practice.author_approved_at = by, now
    elif is_head(by, practice):
        if practice.head_approved_at is not None:
            raise PracticeError(_("The head has already approved this summary."))
        practice.head_approved_by, practice.head_approved_at = by, now
    if practice.author_approved_at and practice.head_approved_at:
        practice.published_at = now
    practice.save(
        update_fields=[
            "author_approved_by", "author_approved_at", "head_approved_by", "head_approved_at", "published_at"
        ]
    )  # fmt: skip
    return practice


def practice_check_edit(*, practice: Practice, by: User) -> None:
    if not may_edit(by, practice):
        raise PermissionDenied(_("Only the authors edit the practice's public summary."))


@transaction.atomic
def adoption_record(
    *,
    practice: Practice,
    by: User,
    unit: Unit,
    adopted_on: datetime.date,
    results: str,
    measured_value: Decimal | None = None,
    measure_unit: str = "",
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Adoption:
    """Records that another unit adopted a published practice, with its own results (once a unit)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    if not may_adopt(by, practice):
        raise PermissionDenied(_("Only the head or a deputy of another unit records an adoption."))
    practice = _lock(practice)
    if not practice.is_published:
        raise PracticeError(_("Only a published practice can be adopted."))
    errors: dict[str, str] = {}
    if unit.pk == practice.unit_id:
        errors["unit"] = _("The practice's own unit does not adopt it: choose another unit.")
    elif unit.pk not in adopting_units_for(by, practice):
        errors["unit"] = _("Choose a unit you head or deputise.")
    else:
        earlier = Adoption.objects.filter(practice=practice, unit=unit).first()
        if earlier is not None:
            errors["unit"] = _("%(unit)s already recorded adopting this practice on %(date)s.") % {
                "unit": unit.name,
                "date": date_format(earlier.adopted_on, "d/m/Y"),
            }
    if not isinstance(adopted_on, datetime.date):
        errors["adopted_on"] = _("Enter the date the unit adopted the practice.")
    elif adopted_on > today:
        errors["adopted_on"] = _("The adoption date cannot be in the future.")
    results = (results or "").replace("\r\n", "\n").strip()
    if not results:
        errors["results"] = _("Describe the unit's own results.")
    elif len(results) > RESULTS_MAX_LENGTH:
        errors["results"] = _("At most %(n)s characters.") % {"n": RESULTS_MAX_LENGTH}
    measure_unit = single_line(measure_unit or "")[:50]
    if measured_value is None and measure_unit:
        errors["measured_value"] = _("Enter the measured value, or leave its unit of measure empty.")
    if errors:
        raise ValidationError(errors)
    return Adoption.objects.create(
        practice=practice,
        unit=unit,
        adopted_on=adopted_on,
        results=results,
        measured_value=measured_value,
        measure_unit=measure_unit,
        recorded_by=by,
        recorded_at=now,
    )

"""Reads of nominations, always scoped to the viewer, and the evidence the committee decides on."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.http import Http404

from accounts.models import Unit, User
from accounts.responsibility import unit_tree
from accounts.selectors import roles_of
from ideas.models import Idea
from ideas.models import Status as IdeaStatus
from ideas.workflow import PUBLIC_STATUSES
from movement.models import Phase

from . import permissions
from .models import AwardType, Nomination, NominationAttachment, PublicPosting, Status
from .permissions import Person
from .workflow import OPEN_STATUSES


def nomination_list_for(user: Person) -> QuerySet[Nomination]:
    """The nominations this person may see (permissions.may_view, in bulk)."""
    if not user.is_authenticated:
        return Nomination.objects.none()
    q = permissions.viewable_q(user)
    return Nomination.objects.all() if q is None else Nomination.objects.filter(q)


def nomination_get_for(user: Person, pk: int | str) -> Nomination:
    """The nomination, or 404 for missing and not-yours alike (permissions.may_view)."""
    qs = Nomination.objects.select_related(
        "phase", "award_type", "nominee__unit", "nominee_unit", "proposing_unit", "created_by"
    )
    try:
        nomination = qs.get(pk=pk)
    except (Nomination.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not permissions.may_view(user, nomination):
        raise Http404
    return nomination


def with_list_relations(qs: QuerySet[Nomination]) -> QuerySet[Nomination]:
    return qs.select_related("phase", "award_type", "nominee__unit", "nominee_unit", "proposing_unit")


def counts_context(
    visible: QuerySet[Nomination], *, phase: Phase | None, today: datetime.date
) -> dict[str, Any]:
    """The table of nominations per award type and status for a phase (the current one by default)."""
    phase = phase or Phase.for_date(today)
    counts = nomination_counts(visible.filter(phase=phase)) if phase else {}
    rows = [
        {
            "award": award,
            "cells": [counts.get(award.pk, {}).get(status, 0) for status in Status.values],
            "total": counts.get(award.pk, {}).get("total", 0),
        }
        for award in AwardType.objects.all()
    ]
    return {"counts_phase": phase, "count_rows": rows, "statuses": Status.choices}


def nomination_counts(qs: QuerySet[Nomination]) -> dict[int, dict[str, int]]:
    """Counts per award type and status: {award_type_id: {status: n, "total": n}}."""
    table: dict[int, dict[str, int]] = {}
    for row in qs.order_by().values("award_type_id", "status").annotate(n=Count("pk")):
        cell = table.setdefault(row["award_type_id"], {"total": 0})
        cell[row["status"]] = row["n"]
        cell["total"] += row["n"]
    return table


def decision_queue_for(user: Person) -> QuerySet[Nomination]:
    """What waits for this person: the nominations on which they may take an action now."""
    qs = nomination_list_for(user).filter(permissions.actionable_q(user))
    return with_list_relations(qs).order_by("submitted_at", "created_at")


def filter_units_for(user: Person) -> QuerySet[Unit]:
    """The units a person may filter nominations by: all for the committee, else those under them."""
    roles = roles_of(user)
    if roles.is_committee:
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=roles.supervised)


def nominee_people_for(user: Person) -> QuerySet[User]:
    """People a head or deputy may nominate: members of the units under them, never themselves nor
    the head who would decide their own award (theirs is proposed by the unit above)."""
    roles = roles_of(user)
    tree = unit_tree()
    leaders: dict[int, list[int]] = {}
    for unit_id in roles.supervised:
        node = tree.acting_unit(unit_id, user.pk or 0)
        answer = tree.leader(node) if node is not None else None
        if answer is not None and not answer.by_committee and user.pk not in answer.people:
            for person in answer.people:
                leaders.setdefault(person, []).append(unit_id)
    excluded = Q(pk=user.pk)
    for person, units in leaders.items():
        excluded |= Q(pk=person, unit_id__in=units)
    return (
        User.objects.filter(is_active=True, unit_id__in=roles.supervised)
        .exclude(excluded)
        .select_related("unit")
    )


def nominee_units_for(user: Person) -> QuerySet[Unit]:
    """Collectives a head or deputy may nominate: their units and the sub-units."""
    return Unit.objects.filter(pk__in=roles_of(user).supervised)


LINKABLE_IDEA_STATUSES = PUBLIC_STATUSES


def linkable_ideas_for(user: Person) -> QuerySet[Idea]:
    """Ideas a head may cite: approved or later, of a unit under them."""
    roles = roles_of(user)
    qs = Idea.objects.filter(status__in=LINKABLE_IDEA_STATUSES)
    if not roles.is_committee:
        qs = qs.filter(unit_id__in=roles.supervised)
    return qs.select_related("unit").order_by("-recognition_decision_date", "title")


def recognition_level_labels() -> dict[str, str]:
    """The awards app's own words for an idea's recognition level (used in the panel and the export)."""
    from django.utils.translation import pgettext

    return {
        "unit": pgettext("recognition level", "Unit level"),
        "city": pgettext("recognition level", "City level"),
    }


def _nominee_filter(nomination: Nomination) -> Q:
    if nomination.nominee_unit_id:
        return Q(nominee_unit_id=nomination.nominee_unit_id)
    return Q(nominee_id=nomination.nominee_id)


def earlier_awards(nomination: Nomination) -> QuerySet[Nomination]:
    """The nominee's other conferred awards (decided before this one, if this one is decided)."""
    qs = Nomination.objects.filter(_nominee_filter(nomination), status=Status.CONFERRED).exclude(
        pk=nomination.pk
    )
    if nomination.status == Status.CONFERRED and nomination.decision_date:
        qs = qs.filter(decision_date__lte=nomination.decision_date)
    return qs.select_related("award_type").order_by("-decision_date")


@dataclass
class Evidence:
    ideas: Sequence[Idea]  # each annotated with the label of its recognition level
    earlier: list[Nomination]
    warnings: list[str] = field(default_factory=list)


def nomination_evidence(nomination: Nomination) -> Evidence:
    """What the committee needs on one screen, with a warning wherever the evidence is thin."""
    from django.utils.translation import gettext as _

    labels = [
        When(recognition_level=code, then=Value(label)) for code, label in recognition_level_labels().items()
    ]
    ideas = list(
        nomination.ideas.select_related("unit")
        .annotate(level_label=Case(*labels, default=Value(""), output_field=CharField()))
        .order_by("title")
    )
    earlier = list(earlier_awards(nomination))
    warnings = []
    recognised = [idea for idea in ideas if idea.status == IdeaStatus.RECOGNISED]
    if not recognised:
        warnings.append(_("No recognised idea backs this nomination."))
    earlier_codes = {award.award_type.code for award in earlier}
    code = nomination.award_type.code
    if code == "pm_certificate" and "city_certificate" not in earlier_codes:
        warnings.append(
            _(
                "Nominated for the Prime Minister's certificate without an earlier "
                "City People's Committee certificate."
            )
        )
    if code == "labor_order_3" and "pm_certificate" not in earlier_codes:
        warnings.append(
            _("Nominated for the Labour Order, third class, without an earlier Prime Minister's certificate.")
        )
    reused = reused_recognised_ideas(nomination, recognised_ids=[idea.pk for idea in recognised])
    for title, award_name in reused:
        warnings.append(
            _("The recognised idea “%(idea)s” already backs a conferred award of this nominee (%(award)s).")
            % {"idea": title, "award": award_name}
        )
    return Evidence(ideas=ideas, earlier=earlier, warnings=warnings)


def reused_recognised_ideas(
    nomination: Nomination, *, recognised_ids: list[int] | None = None
) -> list[tuple[str, str]]:
    """(idea title, award name) for each recognised idea of this nomination that already backs
    another conferred award of the same nominee."""
    if recognised_ids is None:
        recognised_ids = list(
            nomination.ideas.filter(status=IdeaStatus.RECOGNISED).values_list("pk", flat=True)
        )
    if not recognised_ids:
        return []
    through = Nomination.ideas.through
    rows = (
        through.objects.filter(idea_id__in=recognised_ids, nomination__status=Status.CONFERRED)
        .filter(
            Q(nomination__nominee_unit_id=nomination.nominee_unit_id)
            if nomination.nominee_unit_id
            else Q(nomination__nominee_id=nomination.nominee_id)
        )
        .exclude(nomination_id=nomination.pk)
        .values_list("idea__title", "nomination__award_type__name")
        .order_by("idea__title")
    )
    return list(rows)


def nominations_of_unit(user: Person, *, limit: int = 5) -> QuerySet[Nomination]:
    roles = roles_of(user)
    qs = Nomination.objects.filter(proposing_unit_id__in=roles.supervised)
    return with_list_relations(qs).order_by("-updated_at")[:limit]


def my_awards(user: Person, *, limit: int = 5) -> QuerySet[Nomination]:
    qs = Nomination.objects.filter(nominee_id=user.pk).exclude(status=Status.DRAFT)
    return with_list_relations(qs).order_by("-updated_at")[:limit]


# The dossier -------------------------------------------------------------------------------------


def attachments_of(nomination: Nomination) -> list[NominationAttachment]:
    """The files of a nomination already checked with nomination_get_for, by kind."""
    return list(nomination.attachments.filter(removed_at__isnull=True).select_related("uploaded_by"))


def attachment_get_for(user: Person, nomination_pk: int | str, pk: int | str) -> NominationAttachment:
    """A file of a nomination this person may see, or 404 (removed files too)."""
    nomination = nomination_get_for(user, nomination_pk)
    try:
        attachment = NominationAttachment.objects.get(nomination=nomination, pk=pk, removed_at__isnull=True)
    except (NominationAttachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    attachment.nomination = nomination
    return attachment


def posting_of(nomination: Nomination) -> PublicPosting | None:
    return PublicPosting.objects.filter(nomination=nomination).select_related("recorded_by").first()


def dossier_batch_for(user: Person, qs: QuerySet[Nomination]) -> list[Nomination]:
    """The open nominations of a (filtered, visible) list whose documents this person draws up
    (permissions.may_prepare_dossier, in bulk), in the order the documents list them."""
    qs = qs.filter(permissions.prepare_dossier_q(user), status__in=OPEN_STATUSES)
    return list(
        qs.select_related("award_type", "nominee__unit", "nominee_unit__parent", "proposing_unit__parent")
        .select_related("proposing_unit__head")
        .order_by("pk")
    )

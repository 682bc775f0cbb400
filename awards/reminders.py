"""Reminder rules about award nominations (docs/domain.md), with their wording: the heads of the units
in force before a round's submission deadline, the committee before its review deadline.

They follow the award round's dates (awards.Round), not the phase's: the 2023-2025 mid-term round is
decided in 2026, after its phase, and its deadlines still remind. They read only rounds, units and
the committee (through the one resolver, accounts.responsibility).
"""

import datetime
import logging
from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.models import Unit
from accounts.responsibility import unit_tree
from notifications.reminders import Reminder, Rule, register, reminder_days

from .models import Round

logger = logging.getLogger("awards")


def round_skip_reason(due: datetime.date | None, *, today: datetime.date) -> str | None:
    """Why a round's deadline gives no reminder today, or None when today is a reminder day.
    Reasons are for logs and tests (English, untranslated)."""
    if due is None:
        return "the round has no such deadline"
    if due < today:
        return f"the deadline {due:%d/%m/%Y} is in the past"
    days = (due - today).days
    if days not in reminder_days():
        return f"{days} day(s) before the deadline is not a reminder day"
    return None


def rounds_due(field: str, *, today: datetime.date) -> Iterator[Round]:
    """The rounds whose `field` deadline gives reminders today; the others are logged with their reason."""
    window = today + datetime.timedelta(days=max(reminder_days(), default=0))
    candidates = Round.objects.filter(
        Q(**{f"{field}__lte": window, f"{field}__gte": today - datetime.timedelta(days=1)})
    ).order_by(field, "pk")
    for round_ in candidates:
        reason = round_skip_reason(getattr(round_, field), today=today)
        if reason:
            logger.info("reminders: round %s (%s) skipped: %s", round_.code, field, reason)
            continue
        yield round_


def _when(due: datetime.date, round_: Round, today: datetime.date) -> dict:
    return {"date": f"{due:%d/%m/%Y}", "days": (due - today).days, "round": round_.name}


@register
class NominationSubmissionRule(Rule):
    code = "nomination_submission"
    description = "Unit heads of the units in force, 7, 3 and 1 days before a round's submission deadline."
    title = _("Award nominations of %(unit)s are due soon")
    body = ngettext_lazy(
        "The round “%(round)s” accepts nominations until %(date)s, in %(days)d day.",
        "The round “%(round)s” accepts nominations until %(date)s, in %(days)d days.",
        "days",
    )

    def skip_reason(self, obj, *, today):
        return round_skip_reason(obj.submission_due, today=today)

    def due(self, *, today) -> Iterator[Reminder]:
        for round_ in rounds_due("submission_due", today=today):
            tree = unit_tree()
            # A unit dissolved before today proposes nothing any more; its successor does.
            units = Unit.objects.filter(pk__in=list(tree.head)).exclude(valid_until__lt=today)
            for unit_id, name in units.order_by("pk").values_list("pk", "name"):
                yield Reminder(
                    person_id=tree.head[unit_id],
                    rule=self.code,
                    object_key=f"round:{round_.pk}:unit:{unit_id}",
                    params={"unit": name, **_when(round_.submission_due, round_, today)},
                    url=reverse("awards:nomination-list"),
                    due_date=round_.submission_due,
                )


@register
class NominationReviewRule(Rule):
    code = "nomination_review"
    description = "The committee, 7, 3 and 1 days before a round's review deadline."
    title = _("Nominations must be reviewed by %(date)s")
    body = ngettext_lazy(
        "The committee's review of the round “%(round)s” is due on %(date)s, in %(days)d day.",
        "The committee's review of the round “%(round)s” is due on %(date)s, in %(days)d days.",
        "days",
    )

    def skip_reason(self, obj, *, today):
        return round_skip_reason(obj.review_due, today=today)

    def due(self, *, today) -> Iterator[Reminder]:
        for round_ in rounds_due("review_due", today=today):
            assert round_.review_due is not None  # rounds_due only yields rounds with this date
            for person_id in sorted(unit_tree().committee()):
                yield Reminder(
                    person_id=person_id,
                    rule=self.code,
                    object_key=f"round:{round_.pk}",
                    params=_when(round_.review_due, round_, today),
                    url=reverse("awards:nomination-list"),
                    due_date=round_.review_due,
                )

"""Reminder rules about award nominations (docs/domain.md), with their wording: the heads of the units
in force before a nomination submission deadline, the committee before a nomination review deadline.

They read only units, deadlines and the committee (through the one resolver, accounts.responsibility),
so they do not depend on the nomination model's internals.
"""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.models import Unit
from accounts.responsibility import unit_tree
from movement.models import Deadline
from notifications.reminders import Reminder, Rule, deadline_skip_reason, deadlines_due, register


def _when(deadline: Deadline, today) -> dict:
    return {"date": f"{deadline.due_date:%d/%m/%Y}", "days": (deadline.due_date - today).days}


@register
class NominationSubmissionRule(Rule):
    code = "nomination_submission"
    description = (
        "Unit heads in the deadline's units, 7, 3 and 1 days before a nomination submission deadline."
    )
    title = _("Award nominations of %(unit)s are due soon")
    body = ngettext_lazy(
        "The nomination submission deadline is %(date)s, in %(days)d day.",
        "The nomination submission deadline is %(date)s, in %(days)d days.",
        "days",
    )

    def skip_reason(self, obj, *, today):
        if obj.kind != Deadline.Kind.NOMINATION_SUBMISSION:
            return "not a nomination submission deadline"
        return deadline_skip_reason(obj, today=today)

    def due(self, *, today) -> Iterator[Reminder]:
        for deadline in deadlines_due(Deadline.Kind.NOMINATION_SUBMISSION, today=today):
            tree = unit_tree()
            units = Unit.objects.filter(pk__in=list(tree.head))
            if deadline.unit_id:
                units = units.filter(pk__in=tree.subtree([deadline.unit_id]))
            # A unit dissolved before today proposes nothing any more; its successor does.
            units = units.exclude(valid_until__lt=today)
            for unit_id, name in units.order_by("pk").values_list("pk", "name"):
                yield Reminder(
                    person_id=tree.head[unit_id],
                    rule=self.code,
                    object_key=f"deadline:{deadline.pk}:unit:{unit_id}",
                    params={"unit": name, **_when(deadline, today)},
                    url=reverse("awards:nomination-list"),
                    due_date=deadline.due_date,
                )


@register
class NominationReviewRule(Rule):
    code = "nomination_review"
    description = "The committee, 7, 3 and 1 days before a nomination review deadline."
    title = _("Nominations must be reviewed by %(date)s")
    body = ngettext_lazy(
        "The nomination review deadline is %(date)s, in %(days)d day.",
        "The nomination review deadline is %(date)s, in %(days)d days.",
        "days",
    )

    def skip_reason(self, obj, *, today):
        if obj.kind != Deadline.Kind.NOMINATION_REVIEW:
            return "not a nomination review deadline"
        return deadline_skip_reason(obj, today=today)

    def due(self, *, today) -> Iterator[Reminder]:
        for deadline in deadlines_due(Deadline.Kind.NOMINATION_REVIEW, today=today):
            for person_id in sorted(unit_tree().committee()):
                yield Reminder(
                    person_id=person_id,
                    rule=self.code,
                    object_key=f"deadline:{deadline.pk}",
                    params=_when(deadline, today),
                    url=reverse("awards:nomination-list"),
                    due_date=deadline.due_date,
                )

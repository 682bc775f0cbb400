"""Reminder rules about award nominations (docs/domain.md): unit heads before a nomination
submission deadline, the committee before a nomination review deadline.

They read only units, deadlines and the committee group, so they do not depend on the
nomination model's internals.
"""

from accounts.models import COMMITTEE_GROUP, Unit, User
from accounts.selectors import UnitGraph
from movement.models import Deadline
from notifications import texts
from notifications.reminders import Reminder, Rule, deadline_skip_reason, deadlines_due, register

NOMINATIONS_URL = "/awards/nominations/"


def _date(day) -> str:
    return f"{day:%d/%m/%Y}"


@register
class NominationSubmissionRule(Rule):
    code = "nomination_submission"
    description = (
        "Unit heads in the deadline's units, 7, 3 and 1 days before a nomination submission deadline."
    )

    def skip_reason(self, obj, *, today):
        if obj.kind != Deadline.Kind.NOMINATION_SUBMISSION:
            return "not a nomination submission deadline"
        return deadline_skip_reason(obj, today=today)

    def due(self, *, today):
        graph = None
        for deadline in deadlines_due(Deadline.Kind.NOMINATION_SUBMISSION, today=today):
            units = Unit.objects.filter(head__isnull=False, head__is_active=True)
            if deadline.unit_id:
                graph = graph or UnitGraph.load()
                units = units.filter(pk__in=graph.subtree([deadline.unit_id]))
            # A unit dissolved before today proposes nothing any more; its successor does.
            units = units.exclude(valid_until__lt=today)
            days = (deadline.due_date - today).days
            body = texts.NOMINATION_SUBMISSION_BODY % {"date": _date(deadline.due_date), "days": days}
            for unit_id, name, head_id in units.order_by("pk").values_list("pk", "name", "head_id"):
                yield Reminder(
                    person_id=head_id,
                    rule=self.code,
                    object_key=f"deadline:{deadline.pk}:unit:{unit_id}",
                    title=texts.NOMINATION_SUBMISSION_TITLE % {"unit": name},
                    url=NOMINATIONS_URL,
                    body=body,
                    due_date=deadline.due_date,
                )


@register
class NominationReviewRule(Rule):
    code = "nomination_review"
    description = "The committee, 7, 3 and 1 days before a nomination review deadline."

    def skip_reason(self, obj, *, today):
        if obj.kind != Deadline.Kind.NOMINATION_REVIEW:
            return "not a nomination review deadline"
        return deadline_skip_reason(obj, today=today)

    def due(self, *, today):
        committee = None
        for deadline in deadlines_due(Deadline.Kind.NOMINATION_REVIEW, today=today):
            if committee is None:
                committee = list(
                    User.objects.filter(groups__name=COMMITTEE_GROUP, is_active=True)
                    .distinct()
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
            days = (deadline.due_date - today).days
            for person_id in committee:
                yield Reminder(
                    person_id=person_id,
                    rule=self.code,
                    object_key=f"deadline:{deadline.pk}",
                    title=texts.NOMINATION_REVIEW_TITLE % {"date": _date(deadline.due_date)},
                    url=NOMINATIONS_URL,
                    body=texts.NOMINATION_REVIEW_BODY % {"date": _date(deadline.due_date), "days": days},
                    due_date=deadline.due_date,
                )

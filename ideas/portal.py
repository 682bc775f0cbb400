from django.utils.translation import gettext_lazy as _

from accounts.selectors import roles_of
from movement.models import Phase
from movement.selectors import working_days_between
from thiduaportal.registry import register_nav, register_panel

from .models import Status
from .selectors import head_figures, may_use_review_queue, my_ideas_by_status, phase_figures, returned_to

register_nav(label=_("Ideas"), url_name="ideas:idea-list", order=10)
register_nav(
    label=_("Review queue"),
    url_name="ideas:review-queue",
    order=20,
    visible=may_use_review_queue,
)


def my_ideas_panel(request, today):
    counts = my_ideas_by_status(request.user)
    if not counts and roles_of(request.user).is_committee:
        return None  # the committee oversees the movement; it is not invited to write ideas here
    rows = [(code, label, counts[code]) for code, label in Status.choices if counts.get(code)]
    return {"rows": rows, "total": sum(counts.values()), "returned": returned_to(request.user)}


def review_panel(request, today):
    if not may_use_review_queue(request.user):
        return None
    figures = head_figures(request.user)
    if not figures["waiting"] and not roles_of(request.user).supervised:
        return None  # the committee hears of ideas only when nobody else may review them
    if figures["oldest"]:
        figures["oldest_days"] = working_days_between(figures["oldest"], today)
    return figures


def committee_panel(request, today):
    if not roles_of(request.user).is_committee:
        return None
    phase = Phase.for_date(today)
    counts = phase_figures(phase)
    rows = [(code, label, counts.get(code, 0)) for code, label in Status.choices if code != Status.DRAFT]
    return {"phase": phase, "rows": rows, "total": sum(n for _c, _l, n in rows)}


register_panel(template="ideas/panels/my_ideas.html", order=10, context=my_ideas_panel)
register_panel(template="ideas/panels/review.html", order=20, context=review_panel)
register_panel(template="ideas/panels/committee.html", order=30, context=committee_panel)

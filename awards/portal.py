from django.utils.translation import gettext_lazy as _

from accounts.selectors import roles_of
from thiduaportal.registry import register_nav, register_panel

from . import permissions, selectors


def _sees_nominations(user) -> bool:
    """Those who nominate or decide, and everyone with a nomination of their own to see."""
    return (
        permissions.may_nominate(user)
        or roles_of(user).is_committee
        or selectors.nomination_list_for(user).exists()
    )


def unit_panel(request, today):
    if not permissions.may_nominate(request.user):
        return None
    return {"nominations": list(selectors.nominations_of_unit(request.user))}


def waiting_panel(request, today):
    if not roles_of(request.user).is_committee:
        return None
    waiting = selectors.decision_queue_for(request.user)
    return {"count": waiting.count(), "nominations": list(waiting[:5])}


def my_awards_panel(request, today):
    awards = list(selectors.my_awards(request.user))
    if not awards:
        return None
    return {"nominations": awards}


register_nav(label=_("Nominations"), url_name="awards:nomination-list", order=40, visible=_sees_nominations)
register_nav(
    label=_("Export list"),
    url_name="awards:export",
    order=45,
    visible=lambda user: roles_of(user).is_committee,
)
register_panel(template="awards/panels/waiting.html", order=40, context=waiting_panel)
register_panel(template="awards/panels/unit_nominations.html", order=45, context=unit_panel)
register_panel(template="awards/panels/my_awards.html", order=50, context=my_awards_panel)

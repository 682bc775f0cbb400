from django.utils.translation import gettext_lazy as _

from accounts.selectors import roles_of
from thiduaportal.registry import register_nav, register_panel

from .selectors import committee_figures, opinion_queue_for

register_nav(label=_("Proposals"), url_name="proposals:proposal-list", order=25)


def opinions_panel(request, today):
    waiting = list(opinion_queue_for(request.user))
    committee = committee_figures() if roles_of(request.user).is_committee else None
    if not waiting and not committee:
        return None
    return {"waiting": waiting, "committee": committee, "today": today}


register_panel(template="proposals/panels/opinions.html", order=25, context=opinions_panel)

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.selectors import roles_of
from thiduaportal.registry import register_nav, register_object_links, register_panel

from .permissions import may_raise
from .selectors import committee_figures, opinion_queue_for, proposal_list_for

register_nav(label=_("Proposals"), url_name="proposals:proposal-list", order=25)


def opinions_panel(request, today):
    waiting = list(opinion_queue_for(request.user))
    committee = committee_figures() if roles_of(request.user).is_committee else None
    if not waiting and not committee:
        return None
    return {"waiting": waiting, "committee": committee, "today": today}


register_panel(template="proposals/panels/opinions.html", order=25, context=opinions_panel)


def idea_links(user, idea):
    """On an idea's page: raise it into a proposal, and the proposals raised from it."""
    links = [
        (_("Proposal to the city: %(title)s") % {"title": p.title}, p.get_absolute_url())
        for p in proposal_list_for(user).filter(idea=idea).order_by("pk")
    ]
    if may_raise(user, idea):
        links.append(
            (_("Raise into a proposal to the city"), f"{reverse('proposals:proposal-new')}?idea={idea.pk}")
        )
    return links


register_object_links(model="ideas.Idea", links=idea_links)
